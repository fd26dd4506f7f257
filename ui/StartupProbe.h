#pragma once

// Header-only timing helpers for the start-up benchmark (bench/startup), shared by `qualdesk`
// and the minimal reference window so both measure the same way. Linux only (/proc, clocks).

#include <QByteArray>
#include <QEvent>
#include <QFile>
#include <QObject>
#include <QtGlobal>
#include <ctime>
#include <functional>
#include <unistd.h>

namespace qd::startup {

inline qint64 monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Milliseconds since this process started. The benchmark launcher puts its CLOCK_MONOTONIC
// reading taken just before spawning into QUALDESK_BENCH_T0_NS, which includes exec and
// dynamic linking at nanosecond resolution; otherwise /proc/self/stat's start time (10 ms ticks).
inline double msSinceProcessStart()
{
    const QByteArray t0 = qgetenv("QUALDESK_BENCH_T0_NS");
    if (!t0.isEmpty())
        return double(monotonicNs() - t0.toLongLong()) / 1e6;
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Field 22 (starttime) counts from after the command name, which may hold spaces.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    const double startSecs = fields.at(19).toDouble() / double(sysconf(_SC_CLK_TCK));
    timespec boot{};
    clock_gettime(CLOCK_BOOTTIME, &boot);
    return (double(boot.tv_sec) + double(boot.tv_nsec) / 1e9 - startSecs) * 1000.0;
}

// Resident set size (VmRSS) in kilobytes, -1 when unknown.
inline qint64 residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// Calls `onFirstPaint` once, when the watched widget receives its first paint event.
class FirstPaintProbe : public QObject
{
public:
    explicit FirstPaintProbe(std::function<void()> onFirstPaint, QObject *parent = nullptr)
        : QObject(parent), m_callback(std::move(onFirstPaint))
    {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && m_callback) {
            auto callback = std::move(m_callback);
            m_callback = nullptr;
            callback();
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_callback;
};

} // namespace qd::startup
