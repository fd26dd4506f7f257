#pragma once

#include <QDateTime>

namespace qd {

// The time source every time-dependent class takes, so tests can move time by hand.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime nowUtc() const = 0;
    // Milliseconds of a monotonic counter; only differences are meaningful.
    virtual qint64 monotonicMs() const = 0;
};

class SystemClock final : public Clock
{
public:
    QDateTime nowUtc() const override;
    qint64 monotonicMs() const override;
    // A process-wide instance for places that are handed no clock.
    static const Clock *instance();
};

} // namespace qd
