#pragma once

#include "SimHttp.h"

#include <QElapsedTimer>
#include <QHash>
#include <QString>
#include <functional>

namespace qd::sim {

// Which requests share a token bucket: Partner Center limits some APIs per partner tenant and
// others per partner and customer (partner-center-api.md §7.2).
enum class ThrottleScope
{
    Partner,
    PartnerAndCustomer
};

// Partner Center's write throttle as a token bucket per key: `perMinute` tokens a minute, refilled
// continuously, holding at most one second's worth (at least 1). Only writes take tokens unless
// reads are counted too. Time comes from a monotonic millisecond clock that tests may replace.
class Throttle
{
public:
    using Clock = std::function<qint64()>;

    struct Verdict
    {
        bool allowed = true;
        int retryAfterSeconds = 0; // when refused: whole seconds until a token is there, >= 1
    };

    Throttle();

    void configure(int perMinute, ThrottleScope scope, bool countReads); // perMinute <= 0: off
    void setClock(Clock nowMs) { m_now = std::move(nowMs); }             // empty: since construction
    bool enabled() const { return m_perMinute > 0; }
    int perMinute() const { return m_perMinute; }
    ThrottleScope scope() const { return m_scope; }
    bool countsReads() const { return m_countReads; }
    int burst() const; // the bucket's size

    // Takes a token for this request, or says how long to wait. `customer` may be empty (calls that
    // are not about one customer share the partner's bucket in either scope).
    Verdict take(const QString &partner, const QString &customer, bool write);
    int refusedCount() const { return m_refused; }

    static QString scopeName(ThrottleScope scope);
    static bool parseScope(const QString &text, ThrottleScope *scope); // "partner" or "customer"

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };

    QElapsedTimer m_started;
    Clock m_now;
    int m_perMinute = 0;
    ThrottleScope m_scope = ThrottleScope::Partner;
    bool m_countReads = false;
    int m_refused = 0;
    QHash<QString, Bucket> m_buckets;
};

// Partner Center's 429 answer: its own body shape (not the error schema) and Retry-After.
QJsonObject rateLimitBody(int retryAfterSeconds);
SimResponse rateLimitAnswer(int retryAfterSeconds);

} // namespace qd::sim
