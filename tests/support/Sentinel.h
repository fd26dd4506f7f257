#pragma once

#include <QCoreApplication>
#include <QMetaObject>
#include <QObject>
#include <QSignalSpy>
#include <QTest>

namespace qd::test {

// Posts a marker behind everything already queued for this thread and turns the event loop
// until the marker is delivered. Afterwards every queued call, queued signal and posted event
// that was waiting before it has been handled: a test that then checks that something did
// NOT happen (a second finished(), a stray emit) has waited for the right moment instead of a
// guessed delay. Returns false only if the marker did not arrive within timeoutMs.
inline bool waitForPostedEvents(int timeoutMs = 15000)
{
    QObject marker;
    bool delivered = false;
    QMetaObject::invokeMethod(
        &marker, [&delivered] { delivered = true; }, Qt::QueuedConnection);
    return QTest::qWaitFor([&delivered] { return delivered; }, timeoutMs);
}

// For the few checks where nothing but the clock ends the window in which something must not
// happen (a Retry-After pause of the product that no test can move): waits up to ms for the
// spy's signal and is true if none came. Use only when no later event can serve as a sentinel,
// and say why at the call.
inline bool expectNoSignal(QSignalSpy &spy, int ms)
{
    const qsizetype before = spy.size();
    return !spy.wait(ms) && spy.size() == before;
}

} // namespace qd::test
