#include "Clock.h"

#include <QElapsedTimer>

namespace qd {

QDateTime SystemClock::nowUtc() const
{
    return QDateTime::currentDateTimeUtc();
}

qint64 SystemClock::monotonicMs() const
{
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer.elapsed();
}

const Clock *SystemClock::instance()
{
    static const SystemClock clock;
    return &clock;
}

} // namespace qd
