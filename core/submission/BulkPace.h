#pragma once

#include "domain/Clock.h"

#include <QCoreApplication>

namespace qd {

// How fast a bulk run may send, learnt from Partner Center's throttle, which limits writes per
// partner by a rate it does not publish (a token bucket: a burst, then a steady rate).
//
// Until the first 429 the run sends as fast as its workers allow. A 429 (or a 503, "try again
// later" too) holds every worker for the Retry-After, and from then on requests leave paced:
// the pace is set just above the rate Partner Center accepted since the previous cut (the cycle
// of a hold and a burst averages out at its limit), so the run stays just under the limit most
// of the time and meets it only now and then, instead of hitting it again and again. A calm
// stretch lets the pace grow a little, in case the limit was raised.
class BulkPace
{
    Q_DECLARE_TR_FUNCTIONS(BulkPace)
public:
    struct Settings
    {
        qint64 maxWaitMs = 120'000; // a longer Retry-After stops the run (rows stay for a resume)
        double headroom = 1.03;     // pace = accepted rate x this, after a 429
        qint64 calmStepMs = 30'000; // without a 429 this long, the pace grows by calmGrowth
        double calmGrowth = 1.02;
        double minPerSecond = 0.1;
        qint64 firstOverloadHoldMs = 2'000; // a 503 without Retry-After: 2 s, doubling, at most 30 s
        qint64 maxOverloadHoldMs = 30'000;
    };
    enum class Verdict
    {
        Hold,
        TooLong
    };

    explicit BulkPace(const Clock *clock = SystemClock::instance());
    void setSettings(const Settings &settings) { m_settings = settings; }
    const Settings &settings() const { return m_settings; }
    void reset();

    // A request leaves now.
    void onSent();
    // An answer that counts against the limit arrived (accepted or refused).
    void onAnswered();
    // A 429 (overloaded = false) or 503 (true) for a request sent at sentAtMs (monotonic), asking
    // for retryAfterMs (-1: not said). Holds every worker, and cuts the pace once per episode:
    // answers to requests sent before the last cut belong to that cut's episode. TooLong when
    // the wait asked for is longer than maxWaitMs (nothing is held then).
    Verdict onThrottled(qint64 retryAfterMs, qint64 sentAtMs, bool overloaded = false);

    // Milliseconds until the next request may leave; 0: now.
    qint64 waitMs() const;
    qint64 holdRemainingMs() const;
    // Requests a second the run may send; 0 while not paced (no 429 seen yet).
    double perSecond() const { return m_perSecond; }
    int throttledAnswers() const { return m_throttled; }
    // The wait a 429 or 503 asked for, the last time it was too long.
    qint64 lastRefusedWaitMs() const { return m_refusedWaitMs; }

private:
    void growIfCalm(qint64 now);

    const Clock *m_clock;
    Settings m_settings;
    double m_perSecond = 0;
    double m_nextSendAt = 0; // monotonic ms, fractional so a pace of 10.3/s keeps its fraction
    qint64 m_holdUntil = 0;
    qint64 m_lastCutAt = -1;
    qint64 m_windowStart = -1; // since when m_answeredInWindow counts
    qint64 m_answeredInWindow = 0;
    qint64 m_calmSince = 0;
    qint64 m_overloadHoldMs = 0;
    qint64 m_overloadedForMs = 0; // held for 503s since the last answer
    qint64 m_refusedWaitMs = 0;
    int m_throttled = 0;
};

} // namespace qd
