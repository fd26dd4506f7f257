#pragma once

#include "domain/Clock.h"

#include <atomic>

namespace qd::test {

// A clock that only moves when a test moves it.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC));
    QDateTime nowUtc() const override
    {
        ++m_reads.count;
        return m_now;
    }
    qint64 monotonicMs() const override { return m_monotonic; }
    void advanceMs(qint64 ms);
    void advanceSecs(qint64 secs) { advanceMs(secs * 1000); }
    // How often nowUtc() was read: a test waits for a component's timer to have looked at the
    // clock again (its decision is made) instead of sleeping for a guessed while.
    int reads() const { return m_reads.count.load(); }

private:
    QDateTime m_now;
    qint64 m_monotonic = 1'000'000;
    // Atomic: the history may read the clock on its writing thread. Copies take the count along.
    struct ReadCount
    {
        std::atomic<int> count = 0;
        ReadCount() = default;
        ReadCount(const ReadCount &other) : count(other.count.load()) {}
        ReadCount &operator=(const ReadCount &other)
        {
            count = other.count.load();
            return *this;
        }
    };
    mutable ReadCount m_reads;
};

} // namespace qd::test
