#include "domain/Duration.h"

#include <QTest>

using namespace Qt::StringLiterals;
using qd::Duration;

// One way of writing a span of time for the window, the CLI and the bulk engine's messages.
class TestDuration : public QObject
{
    Q_OBJECT
private slots:
    void textReadsAsPeopleSayIt()
    {
        QCOMPARE(Duration::text(45'000), u"45 s"_s);
        QCOMPARE(Duration::text(125'000), u"2 min 5 s"_s);
        QCOMPARE(Duration::text(180'000), u"3 min"_s);
        QCOMPARE(Duration::text(3'900'000), u"1 h 5 min"_s);
    }
    void textRoundsUpToWholeSeconds()
    {
        QCOMPARE(Duration::text(1), u"1 s"_s);
        QCOMPARE(Duration::text(0), u"0 s"_s);
        QCOMPARE(Duration::text(59'001), u"1 min"_s);
    }
    void negativeIsUnknown()
    {
        QCOMPARE(Duration::text(-1), u"unknown"_s);
        QCOMPARE(Duration::clock(-1), u"--:--"_s);
    }
    void clockForAProgressLine()
    {
        QCOMPARE(Duration::clock(0), u"0:00"_s);
        QCOMPARE(Duration::clock(125'000), u"2:05"_s);
        QCOMPARE(Duration::clock(3'900'000), u"1:05:00"_s);
    }
};

QTEST_APPLESS_MAIN(TestDuration)
#include "tst_duration.moc"
