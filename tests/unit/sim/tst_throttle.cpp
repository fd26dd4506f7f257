// The simulator's token bucket on a manual clock: burst, refill, Retry-After, scopes, reads.
#include "Throttle.h"

#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using qd::sim::Throttle;
using qd::sim::ThrottleScope;

namespace {
const QString kPartner = u"4a3f2e1d-0000-4000-8000-00000000cafe"_s;
const QString kCustomerA = u"b37523a5-3b4a-4ee2-8463-513755ac0ecd"_s;
const QString kCustomerB = u"683447c1-0cc8-4f11-9d4e-abbd1fcfb980"_s;
} // namespace

class TestThrottle : public QObject
{
    Q_OBJECT

private:
    qint64 m_nowMs = 1000;

    Throttle make(int perMinute, ThrottleScope scope = ThrottleScope::Partner, bool countReads = false)
    {
        Throttle t;
        t.setClock([this] { return m_nowMs; });
        t.configure(perMinute, scope, countReads);
        return t;
    }
    static int allowedInARow(Throttle &t, const QString &customer = kCustomerA)
    {
        int n = 0;
        while (n < 100000 && t.take(kPartner, customer, true).allowed)
            ++n;
        return n;
    }

private slots:
    void init() { m_nowMs = 1000; }

    void offAllowsEverything()
    {
        Throttle t = make(0);
        QVERIFY(!t.enabled());
        for (int i = 0; i < 1000; ++i)
            QVERIFY(t.take(kPartner, kCustomerA, true).allowed);
        QCOMPARE(t.refusedCount(), 0);
    }

    void burstIsOneSecondsWorth_data()
    {
        QTest::addColumn<int>("perMinute");
        QTest::addColumn<int>("burst");
        QTest::newRow("600/min") << 600 << 10;
        QTest::newRow("6000/min") << 6000 << 100;
        QTest::newRow("90/min") << 90 << 1;
        QTest::newRow("6/min: at least 1") << 6 << 1;
    }
    void burstIsOneSecondsWorth()
    {
        QFETCH(int, perMinute);
        QFETCH(int, burst);
        Throttle t = make(perMinute);
        QCOMPARE(t.burst(), burst);
        QCOMPARE(allowedInARow(t), burst); // no time passes: exactly the burst, then 429
        QCOMPARE(t.refusedCount(), 1);
    }

    void refillsOverTimeButNeverAboveTheBurst()
    {
        Throttle t = make(600); // one token every 100 ms, 10 at most
        QCOMPARE(allowedInARow(t), 10);
        m_nowMs += 99;
        QVERIFY(!t.take(kPartner, kCustomerA, true).allowed);
        m_nowMs += 1;
        QVERIFY(t.take(kPartner, kCustomerA, true).allowed);
        QVERIFY(!t.take(kPartner, kCustomerA, true).allowed);
        m_nowMs += 3600 * 1000; // an idle hour refills to the burst, not to 36,000
        QCOMPARE(allowedInARow(t), 10);
    }

    void retryAfterIsWholeSecondsUntilTheNextToken()
    {
        Throttle t = make(6); // one token every 10 s
        QVERIFY(t.take(kPartner, kCustomerA, true).allowed);
        Throttle::Verdict v = t.take(kPartner, kCustomerA, true);
        QVERIFY(!v.allowed);
        QCOMPARE(v.retryAfterSeconds, 10);
        m_nowMs += 4500;
        QCOMPARE(t.take(kPartner, kCustomerA, true).retryAfterSeconds, 6); // 5.5 s rounded up
        m_nowMs += 5400;
        QCOMPARE(t.take(kPartner, kCustomerA, true).retryAfterSeconds, 1); // 0.1 s: at least 1
        m_nowMs += 100;
        QVERIFY(t.take(kPartner, kCustomerA, true).allowed);

        Throttle fast = make(6000); // a token every 10 ms: still "1", never 0
        QCOMPARE(allowedInARow(fast), 100);
        QCOMPARE(fast.take(kPartner, kCustomerA, true).retryAfterSeconds, 1);
    }

    void partnerScopeSharesOneBucketAcrossCustomers()
    {
        Throttle t = make(60); // burst 1
        QVERIFY(t.take(kPartner, kCustomerA, true).allowed);
        QVERIFY(!t.take(kPartner, kCustomerB, true).allowed);
        QVERIFY(t.take(u"another-partner"_s, kCustomerB, true).allowed); // partners never share
    }

    void customerScopeSeparatesCustomers()
    {
        Throttle t = make(60, ThrottleScope::PartnerAndCustomer);
        QVERIFY(t.take(kPartner, kCustomerA, true).allowed);
        QVERIFY(!t.take(kPartner, kCustomerA.toUpper(), true).allowed); // ids compare without case
        QVERIFY(t.take(kPartner, kCustomerB, true).allowed);
        QVERIFY(!t.take(kPartner, kCustomerB, true).allowed);
        QVERIFY(t.take(kPartner, QString(), true).allowed); // calls about no customer: the partner's bucket
        QVERIFY(!t.take(kPartner, QString(), true).allowed);
    }

    void readsCountOnlyWhenAskedTo()
    {
        Throttle writesOnly = make(60);
        QVERIFY(writesOnly.take(kPartner, kCustomerA, true).allowed);
        for (int i = 0; i < 100; ++i)
            QVERIFY(writesOnly.take(kPartner, kCustomerA, false).allowed);
        QVERIFY(!writesOnly.take(kPartner, kCustomerA, true).allowed);

        Throttle all = make(60, ThrottleScope::Partner, true);
        QVERIFY(all.take(kPartner, kCustomerA, false).allowed);
        QVERIFY(!all.take(kPartner, kCustomerA, false).allowed);
        QVERIFY(!all.take(kPartner, kCustomerA, true).allowed);
    }

    void reconfiguringStartsWithFullBuckets()
    {
        Throttle t = make(60);
        QVERIFY(t.take(kPartner, kCustomerA, true).allowed);
        QVERIFY(!t.take(kPartner, kCustomerA, true).allowed);
        t.configure(600, ThrottleScope::Partner, false);
        QCOMPARE(allowedInARow(t), 10);
    }

    void answerHasTheDocumentedShape()
    {
        const qd::sim::SimResponse r = qd::sim::rateLimitAnswer(57);
        QCOMPARE(r.status, 429);
        QCOMPARE(
            r.body,
            QByteArray(R"({"message":"Rate limit is exceeded. Try again in 57 seconds.","statusCode":429})"));
        QCOMPARE(r.headers, (qd::sim::HeaderList{{"Retry-After", "57"}}));
    }

    void scopeNamesParse()
    {
        ThrottleScope scope = ThrottleScope::Partner;
        QVERIFY(Throttle::parseScope(u"customer"_s, &scope));
        QCOMPARE(scope, ThrottleScope::PartnerAndCustomer);
        QVERIFY(Throttle::parseScope(u"Partner"_s, &scope));
        QCOMPARE(scope, ThrottleScope::Partner);
        QVERIFY(!Throttle::parseScope(u"tenant"_s, &scope));
    }
};

QTEST_GUILESS_MAIN(TestThrottle)
#include "tst_throttle.moc"
