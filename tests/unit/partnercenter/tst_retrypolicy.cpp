#include "ManualClock.h"
#include "partnercenter/RetryPolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;
using qd::AttemptOutcome;
using qd::RetryPolicy;

namespace {
RetryPolicy::Settings settings(int maxRetries = 3, int base = 500, int cap = 8000, int maxRetryAfter = 120000)
{
    RetryPolicy::Settings s;
    s.maxRetries = maxRetries;
    s.baseDelayMs = base;
    s.maxDelayMs = cap;
    s.maxRetryAfterMs = maxRetryAfter;
    return s;
}
} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT
private slots:
    void backoffGrowsAndIsCapped();
    void retryableStatuses_data();
    void retryableStatuses();
    void serverErrorsBackOff();
    void networkErrors_data();
    void networkErrors();
    void timeoutsRetry();
    void stopsAfterMaxRetries();
    void zeroRetriesNeverRetries();
    void throttleWaitsRetryAfterSeconds();
    void throttleBacksOffWhenItRepeats();
    void throttleWithoutRetryAfterBacksOff();
    void throttleTooLongIsReported();
    void retryAfterHttpDate_data();
    void retryAfterHttpDate();
    void retryAfterFollowsTheClock();
    void serverSaysNotRetryable();
    void successIsNotRetried();
};

void TestRetryPolicy::backoffGrowsAndIsCapped()
{
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(10, 500, 8000), &clock);
    QCOMPARE(policy.backoffMs(0), 500);
    QCOMPARE(policy.backoffMs(1), 1000);
    QCOMPARE(policy.backoffMs(2), 2000);
    QCOMPARE(policy.backoffMs(3), 4000);
    QCOMPARE(policy.backoffMs(4), 8000);
    QCOMPARE(policy.backoffMs(5), 8000);
    QCOMPARE(policy.backoffMs(60), 8000); // no overflow

    const RetryPolicy uneven(settings(10, 300, 1000), &clock);
    QCOMPARE(uneven.backoffMs(1), 600);
    QCOMPARE(uneven.backoffMs(2), 1000);
}

void TestRetryPolicy::retryableStatuses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("retry");
    for (int s : {500, 502, 503, 504, 507, 408, 429})
        QTest::addRow("%d", s) << s << true;
    for (int s : {400, 401, 403, 404, 405, 406, 409, 412, 417, 422, 501, 505})
        QTest::addRow("%d", s) << s << false;
}

void TestRetryPolicy::retryableStatuses()
{
    QFETCH(int, status);
    QFETCH(bool, retry);
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(), &clock);
    QCOMPARE(RetryPolicy::isRetryableStatus(status), retry);
    QCOMPARE(policy.decide(AttemptOutcome::http(status), 0).retry, retry);
}

void TestRetryPolicy::serverErrorsBackOff()
{
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(5, 500, 4000), &clock);
    const AttemptOutcome outcome = AttemptOutcome::http(503);
    QList<int> delays;
    for (int n = 0; n < 5; ++n) {
        const qd::RetryDecision d = policy.decide(outcome, n);
        QVERIFY(d.retry);
        delays.append(d.delayMs);
    }
    QCOMPARE(delays, (QList<int>{500, 1000, 2000, 4000, 4000}));
}

void TestRetryPolicy::networkErrors_data()
{
    QTest::addColumn<int>("error");
    QTest::addColumn<bool>("retry");
    QTest::newRow("closed") << int(QNetworkReply::RemoteHostClosedError) << true;
    QTest::newRow("refused") << int(QNetworkReply::ConnectionRefusedError) << true;
    QTest::newRow("timeout") << int(QNetworkReply::TimeoutError) << true;
    QTest::newRow("temporary") << int(QNetworkReply::TemporaryNetworkFailureError) << true;
    QTest::newRow("tls") << int(QNetworkReply::SslHandshakeFailedError) << false;
    QTest::newRow("cancelled") << int(QNetworkReply::OperationCanceledError) << false;
    QTest::newRow("bad scheme") << int(QNetworkReply::ProtocolUnknownError) << false;
}

void TestRetryPolicy::networkErrors()
{
    QFETCH(int, error);
    QFETCH(bool, retry);
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(), &clock);
    const qd::RetryDecision d = policy.decide(AttemptOutcome::network(QNetworkReply::NetworkError(error)), 0);
    QCOMPARE(d.retry, retry);
    if (retry)
        QCOMPARE(d.delayMs, 500);
}

void TestRetryPolicy::timeoutsRetry()
{
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(), &clock);
    const qd::RetryDecision d = policy.decide(AttemptOutcome::timeout(), 1);
    QVERIFY(d.retry);
    QCOMPARE(d.delayMs, 1000);
}

void TestRetryPolicy::stopsAfterMaxRetries()
{
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(3), &clock);
    for (const AttemptOutcome &o :
         {AttemptOutcome::http(503), AttemptOutcome::http(429, "1"), AttemptOutcome::timeout(),
          AttemptOutcome::network(QNetworkReply::RemoteHostClosedError)}) {
        QVERIFY(policy.decide(o, 2).retry);
        QVERIFY(!policy.decide(o, 3).retry);
        QVERIFY(!policy.decide(o, 4).retry);
    }
}

void TestRetryPolicy::zeroRetriesNeverRetries()
{
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(0), &clock);
    QVERIFY(!policy.decide(AttemptOutcome::http(503), 0).retry);
    QVERIFY(!policy.decide(AttemptOutcome::timeout(), 0).retry);
}

void TestRetryPolicy::throttleWaitsRetryAfterSeconds()
{
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(3, 500), &clock);
    qd::RetryDecision d = policy.decide(AttemptOutcome::http(429, "7"), 0);
    QVERIFY(d.retry);
    QCOMPARE(d.retryAfterMs, 7000);
    QCOMPARE(d.delayMs, 7000);

    // Shorter than the base backoff: the server's word counts on the first throttle.
    d = policy.decide(AttemptOutcome::http(429, " 0 "), 0);
    QVERIFY(d.retry);
    QCOMPARE(d.delayMs, 0);
}

void TestRetryPolicy::throttleBacksOffWhenItRepeats()
{
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(5, 800, 8000), &clock);
    // Retry-After 1 s, repeated: 1000, then at least the growing backoff.
    QCOMPARE(policy.decide(AttemptOutcome::http(429, "1"), 0).delayMs, 1000);
    QCOMPARE(policy.decide(AttemptOutcome::http(429, "1"), 1).delayMs, 1600);
    QCOMPARE(policy.decide(AttemptOutcome::http(429, "1"), 2).delayMs, 3200);
    // A longer Retry-After still wins over the backoff.
    QCOMPARE(policy.decide(AttemptOutcome::http(429, "10"), 2).delayMs, 10000);
}

void TestRetryPolicy::throttleWithoutRetryAfterBacksOff()
{
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(3, 500), &clock);
    qd::RetryDecision d = policy.decide(AttemptOutcome::http(429), 1);
    QVERIFY(d.retry);
    QCOMPARE(d.retryAfterMs, -1);
    QCOMPARE(d.delayMs, 1000);
    d = policy.decide(AttemptOutcome::http(429, "soon"), 0);
    QCOMPARE(d.retryAfterMs, -1);
    QCOMPARE(d.delayMs, 500);
    QCOMPARE(policy.retryAfterMs("-5"), -1);
}

void TestRetryPolicy::throttleTooLongIsReported()
{
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(3, 500, 8000, 60000), &clock);
    const qd::RetryDecision d = policy.decide(AttemptOutcome::http(429, "3600"), 0);
    QVERIFY(!d.retry);
    QCOMPARE(d.retryAfterMs, 3600000);
    QVERIFY(policy.decide(AttemptOutcome::http(429, "60"), 0).retry);
}

void TestRetryPolicy::retryAfterHttpDate_data()
{
    // ManualClock starts at 2026-01-01 12:00:00 UTC (a Thursday).
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<int>("ms");
    QTest::newRow("IMF-fixdate") << QByteArray("Thu, 01 Jan 2026 12:00:30 GMT") << 30000;
    QTest::newRow("RFC 850") << QByteArray("Thursday, 01-Jan-26 12:01:00 GMT") << 60000;
    QTest::newRow("asctime") << QByteArray("Thu Jan  1 12:00:05 2026") << 5000;
    QTest::newRow("in the past") << QByteArray("Wed, 31 Dec 2025 23:00:00 GMT") << 0;
    QTest::newRow("seconds") << QByteArray("120") << 120000;
    QTest::newRow("garbage") << QByteArray("Thu, 99 Foo 2026") << -1;
    QTest::newRow("empty") << QByteArray() << -1;
}

void TestRetryPolicy::retryAfterHttpDate()
{
    QFETCH(QByteArray, header);
    QFETCH(int, ms);
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(), &clock);
    QCOMPARE(policy.retryAfterMs(header), ms);
}

void TestRetryPolicy::retryAfterFollowsTheClock()
{
    qd::test::ManualClock clock;
    const RetryPolicy policy(settings(), &clock);
    const AttemptOutcome throttled = AttemptOutcome::http(429, "Thu, 01 Jan 2026 12:00:30 GMT");
    QCOMPARE(policy.decide(throttled, 0).delayMs, 30000);
    clock.advanceSecs(20);
    QCOMPARE(policy.decide(throttled, 0).delayMs, 10000);
    clock.advanceSecs(20);
    QCOMPARE(policy.decide(throttled, 0).delayMs, 0);
}

void TestRetryPolicy::serverSaysNotRetryable()
{
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(), &clock);
    QVERIFY(!policy.decide(AttemptOutcome::http(500, {}, false), 0).retry);
    QVERIFY(!policy.decide(AttemptOutcome::http(502, {}, false), 0).retry);
    QVERIFY(policy.decide(AttemptOutcome::http(500, {}, true), 0).retry);
    // A 503 is always transient, whatever the body says.
    QVERIFY(policy.decide(AttemptOutcome::http(503, {}, false), 0).retry);
    QVERIFY(policy.decide(AttemptOutcome::http(503, {}, true), 0).retry);
    QVERIFY(policy.decide(AttemptOutcome::http(429, "1", false), 0).retry);
    // isRetryable never makes a plain 4xx retry.
    QVERIFY(!policy.decide(AttemptOutcome::http(400, {}, true), 0).retry);
}

void TestRetryPolicy::successIsNotRetried()
{
    const qd::test::ManualClock clock;
    const RetryPolicy policy(settings(), &clock);
    QVERIFY(!policy.decide(AttemptOutcome::http(200), 0).retry);
    QVERIFY(!policy.decide(AttemptOutcome::http(201), 0).retry);
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
