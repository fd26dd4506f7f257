#pragma once

#include "domain/Clock.h"

namespace qd::test {

// A clock that only moves when a test moves it.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC));
    QDateTime nowUtc() const override { return m_now; }
    qint64 monotonicMs() const override { return m_monotonic; }
    void advanceMs(qint64 ms);
    void advanceSecs(qint64 secs) { advanceMs(secs * 1000); }

private:
    QDateTime m_now;
    qint64 m_monotonic = 1'000'000;
};

} // namespace qd::test
