#pragma once

#include "ApiError.h"
#include "TokenProvider.h"
#include "domain/Clock.h"
#include "domain/Models.h"
#include "domain/QualificationRequest.h"
#include "domain/TenantId.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <functional>

namespace qd {

struct ClientConfig
{
    QUrl baseUrl = QUrl(QStringLiteral("https://api.partnercenter.microsoft.com"));
    QString locale = QStringLiteral("en-US"); // X-Locale: cs-CZ or en-US, from the UI language
    int timeoutMs = 30000;                    // per attempt
    int maxRetries = 3;                       // for 5xx, timeouts, dropped connections, 429
    QString applicationName = QStringLiteral("QualDesk");
    int retryBaseDelayMs = 500;  // first backoff; doubles on every further retry
    int retryMaxDelayMs = 8000;  // cap of one backoff
    int maxRetryAfterSecs = 120; // a longer Retry-After is reported, not waited for

    // HTTPS, or plain HTTP to a loopback host only. Fills reason (translated) when not allowed.
    static bool isAllowedUrl(const QUrl &url, QString *reason = nullptr);
};

enum class CustomerSearchField
{
    CompanyName,
    Domain
};

// The outcome of one logical call: a value, or a typed error. Both carry the IDs support needs.
template <typename T> struct Result
{
    T value{};
    ApiError error;
    int httpStatus = 0;
    QString requestId;
    QString correlationId;
    bool ok() const { return !error.isError(); }
};

// One logical call with all its retries. Owned by the client; deletes itself after finishing.
class ApiJob : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual QString requestId() const = 0;
    virtual QString correlationId() const = 0;
    // Stops the call; the callback receives ApiError::Kind::Cancelled. No effect once finished.
    virtual void abort() = 0;

signals:
    // The first attempt has left for the network (after validation). For a POST this is the
    // moment the submission becomes "sent".
    void sent();
    // Emitted once, after the typed callback ran.
    void finished();
    // A retry is scheduled; delayMs from now. attempt counts from 1.
    void retrying(int attempt, int delayMs, const qd::ApiError &cause);
};

// Typed asynchronous access to the Partner Center REST API. Every request goes through one
// request builder (headers, IDs, timeout) and one retry policy.
class PartnerCenterClient : public QObject
{
    Q_OBJECT
public:
    PartnerCenterClient(TokenProvider *tokens, ClientConfig config,
                        const Clock *clock = SystemClock::instance(), QObject *parent = nullptr);
    ~PartnerCenterClient() override;

    const ClientConfig &config() const { return m_config; }
    void setConfig(const ClientConfig &config) { m_config = config; }
    void setLocale(const QString &xLocale) { m_config.locale = xLocale; }
    TokenProvider *tokenProvider() const { return m_tokens; }
    // The network every request goes through (its proxy, TLS configuration and connections).
    // By default the client's own; the program shares one with the sign-in.
    QNetworkAccessManager *network() const { return m_network; }
    void setNetwork(QNetworkAccessManager *network);

    template <typename T> using Callback = std::function<void(const Result<T> &)>;

    // The callback runs in the thread of `context`, and not at all if `context` is destroyed
    // first. Invalid input (an invalid TenantId too) is reported through the callback without
    // sending anything.
    ApiJob *getCustomer(const TenantId &tenantId, QObject *context, Callback<Customer> done);
    // One page of a prefix search (starts_with, case-insensitive). pageSize 0: server default.
    ApiJob *searchCustomers(const QString &prefix, CustomerSearchField field, QObject *context,
                            Callback<CustomerPage> done, int pageSize = 0);
    // The page behind a `links.next` (sends the link's headers, MS-ContinuationToken among them).
    ApiJob *nextCustomers(const PageLink &next, QObject *context, Callback<CustomerPage> done);
    // Every page of a prefix search, concatenated.
    ApiJob *searchAllCustomers(const QString &prefix, CustomerSearchField field, QObject *context,
                               Callback<QList<Customer>> done);
    ApiJob *getQualifications(const TenantId &tenantId, QObject *context,
                              Callback<QList<CustomerQualification>> done);
    ApiJob *getValidationCodes(QObject *context, Callback<QList<ValidationCode>> done);
    // POST a new qualification. requestId: the stored MS-RequestId when replaying a submission,
    // empty for a new one. The value is what the server answered (one object or an array).
    // prepare, when given, runs with the job before it starts (to connect to its signals), and
    // the request then leaves within this call when it can, not on the next turn of the event
    // loop (a bulk run's next request follows an answer at once).
    ApiJob *createQualification(const TenantId &tenantId, const QualificationRequest &request,
                                const QString &requestId, QObject *context,
                                Callback<QList<CustomerQualification>> done,
                                const std::function<void(ApiJob *)> &prepare = {});

signals:
    // A request ended in an error after its retries (an unreadable 2xx answer too; never for
    // a cancelled one), just before its callback runs.
    // operation: method and path, e.g. "GET /v1/customers/{id}". For Help → Copy diagnostics.
    void requestFailed(const QString &operation, const qd::ApiError &error);

private:
    friend class ApiCall;
    QPointer<QNetworkAccessManager> m_network;
    QPointer<TokenProvider> m_tokens;
    ClientConfig m_config;
    const Clock *m_clock;
};

} // namespace qd
