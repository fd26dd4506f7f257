#include "ManualClock.h"

namespace qd::test {

ManualClock::ManualClock(QDateTime start) : m_now(std::move(start)) {}

void ManualClock::advanceMs(qint64 ms)
{
    m_now = m_now.addMSecs(ms);
    m_monotonic += ms;
}

} // namespace qd::test
