#include "BulkPace.h"

#include "BulkLogging.h"

#include <algorithm>
#include <cmath>

namespace qd {

BulkPace::BulkPace(const Clock *clock) : m_clock(clock ? clock : SystemClock::instance()) {}

void BulkPace::reset()
{
    const Settings keep = m_settings;
    *this = BulkPace(m_clock);
    m_settings = keep;
}

void BulkPace::onSent()
{
    const qint64 now = m_clock->monotonicMs();
    if (m_windowStart < 0)
        m_windowStart = now;
    if (m_perSecond > 0) {
        growIfCalm(now);
        // A pause or a hold does not bank sends for a burst afterwards.
        const double interval = 1000.0 / m_perSecond;
        m_nextSendAt = std::max(m_nextSendAt, double(now) - interval) + interval;
    }
}

void BulkPace::onAnswered()
{
    ++m_answeredInWindow;
    // The overload passed: the next 503 starts again from the shortest wait.
    m_overloadedForMs = 0;
    m_overloadHoldMs = 0;
}

BulkPace::Verdict BulkPace::onThrottled(qint64 retryAfterMs, qint64 sentAtMs, bool overloaded)
{
    const qint64 now = m_clock->monotonicMs();
    ++m_throttled;
    const bool newEpisode = sentAtMs >= m_lastCutAt && now >= m_holdUntil;
    qint64 hold = retryAfterMs;
    if (overloaded && hold < 0) {
        m_overloadHoldMs = newEpisode ? std::clamp(m_overloadHoldMs * 2, m_settings.firstOverloadHoldMs,
                                                   m_settings.maxOverloadHoldMs)
                                      : std::max(m_overloadHoldMs, m_settings.firstOverloadHoldMs);
        hold = m_overloadHoldMs;
    }
    if (hold < 0)
        hold = 1000; // a 429 without a (readable) Retry-After: the smallest wait it could mean
    // One long wait, or 503s for longer than that without a single answer in between.
    const qint64 overloadedFor = overloaded && newEpisode ? m_overloadedForMs + hold : m_overloadedForMs;
    if (hold > m_settings.maxWaitMs || overloadedFor > m_settings.maxWaitMs) {
        m_refusedWaitMs = std::max(hold, overloadedFor);
        return Verdict::TooLong;
    }
    m_overloadedForMs = overloadedFor;
    m_holdUntil = std::max(m_holdUntil, now + hold);
    m_calmSince = m_holdUntil;
    if (!newEpisode)
        return Verdict::Hold;
    // The rate Partner Center took since the last cut (the first: since the first request).
    const qint64 since = m_lastCutAt >= 0 ? m_lastCutAt : m_windowStart;
    const double seconds = since >= 0 ? double(std::max<qint64>(now - since, 1)) / 1000.0 : 0;
    const double accepted = seconds > 0 ? double(m_answeredInWindow) / seconds : 0;
    m_lastCutAt = now;
    if (accepted <= 0 && m_perSecond <= 0) {
        // Throttled before a single answer: nothing to learn a rate from yet; only hold.
        m_nextSendAt = double(m_holdUntil);
        return Verdict::Hold;
    }
    const double next = accepted > 0 ? accepted * m_settings.headroom : m_perSecond / 2;
    m_perSecond = std::max(m_settings.minPerSecond, m_perSecond > 0 ? std::min(next, m_perSecond) : next);
    m_answeredInWindow = 0;
    m_nextSendAt = double(m_holdUntil);
    qCInfo(lcBulk) << "throttled: holding" << hold << "ms, pace now" << m_perSecond << "per second";
    return Verdict::Hold;
}

void BulkPace::growIfCalm(qint64 now)
{
    if (m_calmSince <= 0 || now - m_calmSince < m_settings.calmStepMs)
        return;
    m_perSecond *= m_settings.calmGrowth;
    m_calmSince = now;
    m_overloadHoldMs = 0;
}

qint64 BulkPace::holdRemainingMs() const
{
    return std::max<qint64>(0, m_holdUntil - m_clock->monotonicMs());
}

qint64 BulkPace::waitMs() const
{
    const qint64 now = m_clock->monotonicMs();
    qint64 wait = m_holdUntil - now;
    if (m_perSecond > 0)
        wait = std::max(wait, qint64(std::ceil(m_nextSendAt - double(now))));
    return std::max<qint64>(0, wait);
}

} // namespace qd
