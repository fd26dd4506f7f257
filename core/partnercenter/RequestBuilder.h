#pragma once

#include "PartnerCenterClient.h"

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>
#include <QPair>
#include <QString>
#include <QUrl>

namespace qd {

// What one logical call sends: method, absolute URL, body and any extra headers
// (MS-ContinuationToken of a next-page link).
struct RequestSpec
{
    QByteArray method = "GET";
    QUrl url;
    QByteArray body; // sent with Content-Type: application/json when not empty
    QList<QPair<QByteArray, QByteArray>> headers;
};

// The only place that builds Partner Center requests: every header, the IDs, the timeout and
// the redirect policy. One builder per logical call: the MS-RequestId is fixed for its whole
// life (every retry and replay), each attempt gets a new MS-CorrelationId.
class RequestBuilder
{
public:
    RequestBuilder(ClientConfig config, RequestSpec spec, const QString &requestId = {});

    const RequestSpec &spec() const { return m_spec; }
    const ClientConfig &config() const { return m_config; }
    QString requestId() const { return m_requestId; }
    QString correlationId() const { return m_correlationId; } // of the newest attempt, empty before

    // Empty when the URL may be used; otherwise the translated reason (nothing may be sent).
    QString refusal() const;
    // The request of a new attempt: a new MS-CorrelationId, the same MS-RequestId.
    QNetworkRequest build(const QString &accessToken);
    // The request that follows a redirect of the current attempt to target. Authorization goes
    // along only when target has the scheme, host and port of the call's own URL.
    // withBody false: the redirect turned the request into a GET (303).
    QNetworkRequest buildRedirect(const QUrl &target, const QString &accessToken, bool withBody = true) const;
    bool sendsAuthorizationTo(const QUrl &target) const { return sameOrigin(m_spec.url, target); }

    // Empty when a redirect from `from` to `to` may be followed: never HTTPS to HTTP, and the
    // target must itself be an allowed URL.
    static QString redirectRefusal(const QUrl &from, const QUrl &to);
    static bool sameOrigin(const QUrl &a, const QUrl &b);
    // base URL + path (kept below the base URL's own path) + an already percent-encoded query.
    static QUrl resolve(const QUrl &baseUrl, const QString &path, const QString &encodedQuery = {});

private:
    QNetworkRequest make(const QUrl &url, const QString &accessToken, bool withBody) const;

    ClientConfig m_config;
    RequestSpec m_spec;
    QString m_requestId;
    QString m_correlationId;
};

} // namespace qd
