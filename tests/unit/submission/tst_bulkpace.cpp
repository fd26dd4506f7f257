// The bulk run's pace: unpaced until a 429, then just above the rate Partner Center accepted;
// one cut per throttling episode; a Retry-After or a string of 503s longer than the run waits.
#include "ManualClock.h"
#include "submission/BulkPace.h"

#include <QTest>

using qd::BulkPace;
using qd::test::ManualClock;
using Verdict = BulkPace::Verdict;

class TestBulkPace : public QObject
{
    Q_OBJECT
private:
    // count requests sent and answered evenly over ms.
    static void sendAndAnswer(BulkPace &pace, ManualClock &clock, int count, qint64 ms)
    {
        for (int i = 0; i < count; ++i) {
            pace.onSent();
            pace.onAnswered();
            clock.advanceMs(ms / count);
        }
    }

private slots:
    void unpacedUntilTheFirst429()
    {
        ManualClock clock;
        BulkPace pace(&clock);
        for (int i = 0; i < 50; ++i) {
            pace.onSent();
            QCOMPARE(pace.waitMs(), 0);
        }
        QCOMPARE(pace.perSecond(), 0.0);
    }

    void a429HoldsAndPacesJustAboveTheAcceptedRate()
    {
        ManualClock clock;
        BulkPace pace(&clock);
        sendAndAnswer(pace, clock, 100, 10'000); // 10 a second accepted
        const qint64 sentAt = clock.monotonicMs();
        QCOMPARE(pace.onThrottled(1000, sentAt), Verdict::Hold);
        QCOMPARE(pace.holdRemainingMs(), 1000);
        QCOMPARE(pace.waitMs(), 1000);
        QVERIFY2(pace.perSecond() > 10.0 && pace.perSecond() <= 10.0 * 1.03 + 1e-9,
                 qPrintable(QString::number(pace.perSecond())));
        QCOMPARE(pace.throttledAnswers(), 1);

        // After the hold, requests leave one interval apart, not in a burst.
        clock.advanceMs(1000);
        QCOMPARE(pace.waitMs(), 0);
        pace.onSent();
        const qint64 interval = pace.waitMs();
        QVERIFY2(interval >= 96 && interval <= 98, qPrintable(QString::number(interval))); // 1000 / 10.3
        clock.advanceMs(interval);
        QCOMPARE(pace.waitMs(), 0);
    }

    void answersToEarlierRequestsDoNotCutAgain()
    {
        ManualClock clock;
        BulkPace pace(&clock);
        sendAndAnswer(pace, clock, 100, 10'000);
        const qint64 before = clock.monotonicMs() - 200; // in flight when the first 429 came
        pace.onThrottled(1000, clock.monotonicMs());
        const double first = pace.perSecond();
        clock.advanceMs(300);
        QCOMPARE(pace.onThrottled(1000, before), Verdict::Hold);
        QCOMPARE(pace.perSecond(), first);
        // The hold may grow, never shrink.
        QCOMPARE(pace.holdRemainingMs(), 1000);
        QCOMPARE(pace.throttledAnswers(), 2);
    }

    void aLater429CutsTheRateThatCausedIt()
    {
        ManualClock clock;
        BulkPace pace(&clock);
        sendAndAnswer(pace, clock, 200, 10'000); // 20 a second: the burst
        pace.onThrottled(1000, clock.monotonicMs());
        const double first = pace.perSecond();
        clock.advanceMs(1000);
        sendAndAnswer(pace, clock, 80, 9'000); // the steady limit is lower: about 8 a second
        QCOMPARE(pace.onThrottled(1000, clock.monotonicMs() - 10), Verdict::Hold);
        QVERIFY2(pace.perSecond() < first, qPrintable(QString::number(pace.perSecond())));
        QVERIFY2(pace.perSecond() > 8.0 && pace.perSecond() < 8.5,
                 qPrintable(QString::number(pace.perSecond())));
    }

    void aCalmStretchLetsThePaceGrow()
    {
        ManualClock clock;
        BulkPace pace(&clock);
        sendAndAnswer(pace, clock, 100, 10'000);
        pace.onThrottled(1000, clock.monotonicMs());
        const double cut = pace.perSecond();
        clock.advanceMs(1000 + pace.settings().calmStepMs);
        pace.onSent();
        QVERIFY(pace.perSecond() > cut);
    }

    void aRetryAfterLongerThanTheRunWaitsIsRefused()
    {
        ManualClock clock;
        BulkPace pace(&clock);
        BulkPace::Settings s;
        s.maxWaitMs = 60'000;
        pace.setSettings(s);
        QCOMPARE(pace.onThrottled(61'000, clock.monotonicMs()), Verdict::TooLong);
        QCOMPARE(pace.lastRefusedWaitMs(), 61'000);
        QCOMPARE(pace.holdRemainingMs(), 0); // nothing held: the run stops instead
        QCOMPARE(pace.onThrottled(60'000, clock.monotonicMs()), Verdict::Hold);
    }

    void aMissingRetryAfterWaitsOneSecond()
    {
        ManualClock clock;
        BulkPace pace(&clock);
        QCOMPARE(pace.onThrottled(-1, clock.monotonicMs()), Verdict::Hold);
        QCOMPARE(pace.holdRemainingMs(), 1000);
        // Throttled before any answer: no rate to learn from, so only the hold.
        QCOMPARE(pace.perSecond(), 0.0);
    }

    void overloadBacksOffAndGivesUpAfterTheLongestWait()
    {
        ManualClock clock;
        BulkPace pace(&clock);
        BulkPace::Settings s;
        s.maxWaitMs = 20'000;
        pace.setSettings(s);
        qint64 total = 0;
        QList<qint64> holds;
        for (int i = 0; i < 10; ++i) {
            const Verdict v = pace.onThrottled(-1, clock.monotonicMs(), true);
            if (v == Verdict::TooLong)
                break;
            holds << pace.holdRemainingMs();
            total += holds.last();
            clock.advanceMs(holds.last());
        }
        QCOMPARE(holds, (QList<qint64>{2000, 4000, 8000})); // the next, 16 s, would make 30 s
        QVERIFY(pace.lastRefusedWaitMs() > s.maxWaitMs);
        // One answer in between starts the count again.
        pace.onAnswered();
        QCOMPARE(pace.onThrottled(-1, clock.monotonicMs(), true), Verdict::Hold);
    }
};

QTEST_APPLESS_MAIN(TestBulkPace)
#include "tst_bulkpace.moc"
