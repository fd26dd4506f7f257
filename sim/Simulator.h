#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <QUrlQuery>
#include <functional>
#include <memory>

class QTemporaryDir;

namespace qd::sim {

class SimState;
class IdentityStore;
class FaultInjector;
class SimServer;
class Throttle;
struct SimRoutes;

// A fault injected into matching requests before they are routed. /_sim/* requests never match.
// Note for QNetworkAccessManager clients (QualDesk's and the tests' own): Qt resends a request by
// itself (POST included, same headers, so the same MS-RequestId) when a kept-alive connection
// closes before any answer byte, so a DropBeforeWork/DropAfterWork that hits only once may be
// invisible to them; use times >= 2 (or -1) to make a drop reach such a client.
// A Truncated answer reaches a Qt client as RemoteHostClosedError, or now and then as NoError
// with a body shorter than its Content-Length (never valid JSON).
struct Fault
{
    enum class Kind
    {
        Latency,        // waits latencyMs, then answers normally
        Throttle,       // 429 + Retry-After, nothing is done
        ServerError,    // `status` (5xx), nothing is done
        DropBeforeWork, // closes the connection without answering, nothing is done
        DropAfterWork,  // does the work (and records it for MS-RequestId), then closes without answering
        Malformed,      // 200 with a non-JSON body, nothing is done (a broken intermediary)
        Truncated       // does the work, sends the real status with Content-Length larger than the body, then
                        // closes
    };
    Kind kind = Kind::Latency;
    QString method;            // "GET", "POST" or empty for any
    QString pathPattern;       // e.g. "/v1/customers/*/qualifications" ('*' = one path segment), empty = any
    int times = -1;            // how many matching requests it hits; -1 = until cleared
    int latencyMs = 0;         // for Latency (also added before other kinds when > 0)
    int status = 503;          // for ServerError
    int retryAfterSeconds = 1; // for Throttle
    // For Throttle, the broken forms a client must survive:
    bool omitRetryAfter = false; // no Retry-After header at all
    QByteArray retryAfterRaw;    // when set, sent verbatim as Retry-After (e.g. "soon")
};

struct SimulatorOptions
{
    QHostAddress address = QHostAddress::LocalHost; // loopback unless told otherwise
    quint16 port = 0;                               // 0 picks a free port
    QString seedFile;           // empty = built-in seed (resources/demo/seed.json via qrc)
    int vettingDelayMs = 30000; // InReview -> Approved/Denied after this long
    bool requireMfa = true;     // Partner Center rejects tokens without amr=mfa (401)
    int accessTokenLifetimeSecs = 3600;
    int pageSize = 20;             // default customers page size
    bool autoApproveSignIn = true; // authorize endpoint redirects straight back with a code
    // Additions beyond the shared contract:
    int deviceCodeIntervalSecs = 1;   // `interval` of the device flow; polling faster answers slow_down
    int deviceCodeLifetimeSecs = 900; // `expires_in` of the device flow
    QString signInUpn;                // who signs in at authorize; empty = the seed's first user
    // Partner Center's write throttle (a token bucket; burst = one second's worth, at least 1):
    int throttlePerMinute = 0;        // POST qualifications a minute per bucket; 0 = off
    bool throttlePerCustomer = false; // a bucket per partner+customer instead of per partner
    bool throttleCountsReads = false; // GETs under /v1 take tokens too
    int latencyMinMs = 0;             // every answer but /_sim waits a uniform random time
    int latencyMaxMs = 0;             //   in [latencyMinMs, latencyMaxMs], on timers
    bool tls = false;                 // serve HTTPS with a throwaway CA made by listen()
    QString caOutFile;                // with tls: also write the CA certificate (PEM) here
};

// A local Partner Center and Microsoft identity platform, for tests, `--demo` and `qualdesk-sim`.
// Everything runs on the thread that owns the object; it needs a running event loop.
class Simulator : public QObject
{
    Q_OBJECT
public:
    explicit Simulator(SimulatorOptions options = {}, QObject *parent = nullptr);
    ~Simulator() override;

    bool listen(); // false (and errorString()) on failure
    QString errorString() const;
    quint16 port() const;
    QUrl baseUrl() const;         // http(s)://127.0.0.1:PORT  (Partner Center base URL)
    QUrl authority() const;       // http(s)://127.0.0.1:PORT/organizations  (identity authority)
    QString demoClientId() const; // a client id the identity service accepts ("qualdesk-demo")

    // Test/automation helpers (same effect as the /_sim admin endpoints):
    QString issueAccessToken(const QString &upn = QStringLiteral("anna.novak@contoso-partner.example"),
                             bool mfa = true);
    void addFault(const Fault &fault);
    void clearFaults();
    void expireAccessTokens();  // every issued access token now answers 401 (fixed --token ones excepted)
    void revokeRefreshTokens(); // refresh -> invalid_grant
    void setRequireMfa(bool on);
    void setVettingDelayMs(int ms);
    void settleVettingNow();                         // move every InReview to its final status now
    int createdCount(const QString &tenantId) const; // qualifications really created for this customer
    int duplicateCount() const;                      // creates refused with 409: the customer already had it
    int requestCount(const QString &method, const QString &pathPattern) const; // requests received
    struct RecordedRequest
    {
        QString method;
        QString path;
        QUrlQuery query;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QByteArray header(const QByteArray &name) const; // case-insensitive, empty when absent
    };
    QList<RecordedRequest> recordedRequests() const; // every request except /_sim/*, in order
    void clearRecordedRequests();

    // Additions beyond the shared contract:
    void addFixedAccessToken(const QString &token, const QString &upn = {}); // mfa, never expires
    void setSignInMfa(bool on);               // tokens issued by sign-in carry amr "mfa" (default on)
    void setRefreshNeedsInteraction(bool on); // refresh -> interaction_required (AADSTS50076)
    void setAutoApproveSignIn(bool on);       // off: authorize shows a page with approve/deny links
    void setDeviceCodeIntervalSecs(int secs);
    bool approveDeviceCode(const QString &userCode, bool approve = true); // the browser step, in-process
    QString lastUserCode() const; // user_code of the newest device flow, empty if none
    QString partnerTenantId() const;
    // Throttle, latency and TLS (see SimulatorOptions); the throttle restarts with full buckets.
    void setThrottle(int perMinute, bool perCustomer = false, bool countReads = false);
    int throttledCount() const; // requests the throttle answered 429 (injected faults not counted)
    void setLatency(int minMs, int maxMs);
    int inFlight() const;              // requests received and not answered yet (waiting for their latency)
    int peakInFlight() const;          // the most that were in flight at once
    QString caCertificateFile() const; // with tls: the CA's PEM file (caOutFile when given)
    QSslCertificate caCertificate() const; // with tls: the CA to trust; null otherwise
    // Time source for vetting, token expiry and device-code polling; tests may pass a manual clock.
    void setTimeSource(std::function<QDateTime()> nowUtc);

private:
    bool setUpTls();

    SimulatorOptions m_options;
    QString m_error;
    std::unique_ptr<SimState> m_state;
    std::unique_ptr<IdentityStore> m_identity;
    std::unique_ptr<FaultInjector> m_faults;
    std::unique_ptr<SimRoutes> m_routes;
    std::unique_ptr<Throttle> m_throttle;
    std::unique_ptr<QTemporaryDir> m_tlsDir;
    QSslCertificate m_ca;
    QString m_caFile;
    SimServer *m_server = nullptr; // child QObject
};

} // namespace qd::sim
