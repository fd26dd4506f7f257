// FaultInjector: which request a fault hits, how often, and its JSON form.
#include "FaultInjector.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd::sim;

class TestFaultInjector : public QObject
{
    Q_OBJECT

private slots:
    void matchesMethodAndPathSegments()
    {
        FaultInjector faults;
        Fault f;
        f.kind = Fault::Kind::Throttle;
        f.method = u"POST"_s;
        f.pathPattern = u"/v1/customers/*/qualifications"_s;
        faults.add(f);
        QVERIFY(!faults.take(u"GET"_s, u"/v1/customers/abc/qualifications"_s));
        QVERIFY(!faults.take(u"POST"_s, u"/v1/customers/abc"_s));
        QVERIFY(!faults.take(u"POST"_s, u"/v1/customers/a/b/qualifications"_s));
        const auto hit = faults.take(u"post"_s, u"/v1/customers/abc/qualifications/"_s);
        QVERIFY(hit);
        QCOMPARE(hit->kind, Fault::Kind::Throttle);
    }

    void countsDownAndKeepsOrder()
    {
        FaultInjector faults;
        Fault first;
        first.kind = Fault::Kind::ServerError;
        first.times = 2;
        Fault second;
        second.kind = Fault::Kind::Malformed;
        faults.add(first);
        faults.add(second);
        QCOMPARE(faults.take(u"GET"_s, u"/x"_s)->kind, Fault::Kind::ServerError);
        QCOMPARE(faults.take(u"GET"_s, u"/y"_s)->kind, Fault::Kind::ServerError);
        QCOMPARE(faults.take(u"GET"_s, u"/z"_s)->kind, Fault::Kind::Malformed); // times -1: stays
        QCOMPARE(faults.take(u"GET"_s, u"/z"_s)->kind, Fault::Kind::Malformed);
        QCOMPARE(faults.size(), 1);
        faults.clear();
        QVERIFY(!faults.take(u"GET"_s, u"/z"_s));
        Fault never;
        never.times = 0;
        faults.add(never);
        QCOMPARE(faults.size(), 0);
    }

    void readsAndWritesJson()
    {
        QString error;
        const auto f = FaultInjector::fromJson(QJsonObject{{u"kind"_s, u"drop-after"_s},
                                                           {u"method"_s, u"post"_s},
                                                           {u"path"_s, u"/v1/*"_s},
                                                           {u"times"_s, 3},
                                                           {u"latencyMs"_s, 20}},
                                               &error);
        QVERIFY2(f, qPrintable(error));
        QCOMPARE(f->kind, Fault::Kind::DropAfterWork);
        QCOMPARE(f->method, u"POST"_s);
        QCOMPARE(f->pathPattern, u"/v1/*"_s);
        QCOMPARE(f->times, 3);
        QCOMPARE(f->latencyMs, 20);
        QCOMPARE(f->status, 503);
        QCOMPARE(FaultInjector::fromJson(FaultInjector::toJson(*f), &error)->kind,
                 Fault::Kind::DropAfterWork);
        for (const char *kind :
             {"latency", "throttle", "server-error", "drop-before", "drop-after", "malformed", "truncated"})
            QVERIFY2(FaultInjector::fromJson(QJsonObject{{u"kind"_s, QString::fromLatin1(kind)}}, &error),
                     kind);
        QVERIFY(!FaultInjector::fromJson(QJsonObject{{u"kind"_s, u"explode"_s}}, &error));
        QVERIFY(error.contains(u"explode"_s));
        QVERIFY(
            !FaultInjector::fromJson(QJsonObject{{u"kind"_s, u"server-error"_s}, {u"status"_s, 42}}, &error));
    }

    void throttleRetryAfterFormsRoundTrip()
    {
        QString error;
        const auto soon = FaultInjector::fromJson(
            QJsonObject{{u"kind"_s, u"throttle"_s}, {u"retryAfterRaw"_s, u"soon"_s}}, &error);
        QVERIFY2(soon, qPrintable(error));
        QCOMPARE(soon->retryAfterRaw, QByteArray("soon"));
        QVERIFY(!soon->omitRetryAfter);
        const auto missing = FaultInjector::fromJson(
            FaultInjector::toJson(*FaultInjector::fromJson(
                QJsonObject{{u"kind"_s, u"throttle"_s}, {u"omitRetryAfter"_s, true}}, &error)),
            &error);
        QVERIFY2(missing, qPrintable(error));
        QVERIFY(missing->omitRetryAfter);
        QVERIFY(missing->retryAfterRaw.isEmpty());
        QCOMPARE(FaultInjector::fromJson(FaultInjector::toJson(*soon), &error)->retryAfterRaw,
                 QByteArray("soon"));
        // A header value with a line break would split the answer: refused.
        QVERIFY(!FaultInjector::fromJson(
            QJsonObject{{u"kind"_s, u"throttle"_s}, {u"retryAfterRaw"_s, u"1\r\nSet-Cookie: x"_s}}, &error));
        QVERIFY(error.contains(u"retryAfterRaw"_s));
    }
};

QTEST_GUILESS_MAIN(TestFaultInjector)
#include "tst_faultinjector.moc"
