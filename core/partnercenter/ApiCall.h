#pragma once

#include "PartnerCenterClient.h"
#include "RequestBuilder.h"
#include "RetryPolicy.h"

#include <QNetworkReply>
#include <QPointer>
#include <QTimer>
#include <functional>

namespace qd {

// How a call ended: the final answer (status and body) or a typed error, with its IDs.
struct ApiResponse
{
    int httpStatus = 0;
    QByteArray body;
    ApiError error;
    QString requestId;
    QString correlationId;
};

// One logical call with all its attempts. Builds every attempt through RequestBuilder, follows
// redirects itself, asks RetryPolicy after each failure, refreshes the token once on 401 and
// replays, always with the same MS-RequestId. Deletes itself after the handler ran.
class ApiCall final : public ApiJob
{
    Q_OBJECT
public:
    using Handler = std::function<void(const ApiResponse &)>;

    ApiCall(PartnerCenterClient *client, RequestSpec spec, const QString &requestId, Handler handler);
    ~ApiCall() override;

    QString requestId() const override { return m_builder.requestId(); }
    QString correlationId() const override;
    void abort() override;

    // Starts on the next turn of the event loop, so the caller can connect to sent() first.
    void start();
    // For a caller connected already: when nothing stands in the way (a token, a request that
    // may be sent), the request leaves within this call and sent() is emitted before it returns;
    // otherwise as start(). Either way the callback never runs inside this call.
    void startNow();
    // Reports error through the handler on the next turn, without touching the network.
    void failWithoutSending(const ApiError &error);

private:
    void begin();
    void sendAttempt();
    void send(const QNetworkRequest &request, const QByteArray &method, const QByteArray &body);
    void onReplyFinished();
    void followRedirect(QNetworkReply *reply, int status);
    void handleUnauthorized(ApiError error, const QByteArray &wwwAuthenticate);
    void onRefreshFinished(bool ok, const QString &message);
    void failOrRetry(const AttemptOutcome &outcome, ApiError error);
    void finishWithError(ApiError error);
    void finish(const ApiResponse &response);
    void dropReply();
    void disconnectRefresh();
    bool isPost() const { return m_builder.spec().method == "POST"; }

    QPointer<QNetworkAccessManager> m_network;
    QPointer<TokenProvider> m_tokens;
    RequestBuilder m_builder;
    RetryPolicy m_policy;
    Handler m_handler;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    QMetaObject::Connection m_refreshConnection;
    QMetaObject::Connection m_tokensGoneConnection;
    ApiError m_pendingUnauthorized;
    QString m_usedToken;
    QString m_echoedCorrelationId;
    QUrl m_currentUrl;
    QByteArray m_currentMethod;
    QByteArray m_currentBody;
    int m_retries = 0;
    int m_attempts = 0;
    int m_redirects = 0;
    bool m_authorizationSent = false;
    bool m_refreshUsed = false;
    bool m_sent = false;
    bool m_mayHaveArrived = false;
    bool m_abortRequested = false;
    bool m_finished = false;
};

} // namespace qd
