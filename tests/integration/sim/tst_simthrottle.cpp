// The simulator's Partner Center throttle and latency as a QNetworkAccessManager client sees them.
#include "SeedFixtures.h"
#include "SimHttpClient.h"
#include "Simulator.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;
using namespace qd::sim::fixtures;
using qd::sim::Fault;
using qd::test::HttpResult;
using qd::test::SimHttpClient;

namespace {

QString qualifications(const QString &customer)
{
    return u"/v1/customers/"_s + customer + u"/qualifications"_s;
}

} // namespace

class TestSimThrottle : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<qd::sim::Simulator> m_sim;
    std::unique_ptr<SimHttpClient> m_http;

    void start(qd::sim::SimulatorOptions options)
    {
        m_http.reset();
        m_sim = std::make_unique<qd::sim::Simulator>(options);
        QVERIFY(m_sim->listen());
        m_http = std::make_unique<SimHttpClient>(m_sim->baseUrl());
        m_http->token = m_sim->issueAccessToken();
    }
    static qd::sim::SimulatorOptions throttled(int perMinute, bool perCustomer = false)
    {
        qd::sim::SimulatorOptions o;
        o.throttlePerMinute = perMinute;
        o.throttlePerCustomer = perCustomer;
        return o;
    }
    HttpResult postSoe(const QString &customer, const QByteArray &requestId = {})
    {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!requestId.isEmpty())
            headers.append({"MS-RequestId", requestId});
        return m_http->post(qualifications(customer), {{u"qualification"_s, u"StateOwnedEntity"_s}}, headers);
    }
    // A write that takes a token but changes nothing (400: no qualification in the body).
    HttpResult emptyPost(const QString &customer = kCustomerSoe)
    {
        return m_http->post(qualifications(customer), QJsonObject{});
    }
    // Writes until the first 429 (bounded), which is the one returned.
    HttpResult exhaust(const QString &customer = kCustomerSoe)
    {
        HttpResult r;
        for (int i = 0; i < 2000; ++i) {
            r = emptyPost(customer);
            if (r.status == 429)
                break;
        }
        return r;
    }

private slots:
    void cleanup()
    {
        m_http.reset();
        m_sim.reset();
    }

    void answers429WithRetryAfterAndTheDocumentedBody()
    {
        start(throttled(6));               // burst 1, one token every 10 s
        QCOMPARE(emptyPost().status, 400); // took the only token
        const HttpResult r = emptyPost();
        QCOMPARE(r.status, 429);
        bool ok = false;
        const int seconds = r.header("Retry-After").toInt(&ok);
        QVERIFY2(ok && seconds >= 1 && seconds <= 10, r.header("Retry-After").constData());
        const QJsonObject body = r.object();
        QCOMPARE(body.size(), 2);
        QCOMPARE(body.value(u"statusCode"_s).toInt(), 429);
        QCOMPARE(body.value(u"message"_s).toString(),
                 u"Rate limit is exceeded. Try again in %1 seconds."_s.arg(seconds));
        QVERIFY(!r.header("MS-CorrelationId").isEmpty()); // echoed like every other answer
        QCOMPARE(m_sim->throttledCount(), 1);
    }

    void readsAreNotThrottledUnlessAskedTo()
    {
        start(throttled(6));
        QCOMPARE(emptyPost().status, 400);
        QCOMPARE(emptyPost().status, 429);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(m_http->get(u"/v1/customers/"_s + kCustomerSoe).status, 200);

        qd::sim::SimulatorOptions o = throttled(6);
        o.throttleCountsReads = true;
        start(o);
        QCOMPARE(m_http->get(u"/v1/customers/"_s + kCustomerSoe).status, 200);
        QCOMPARE(m_http->get(u"/v1/customers/"_s + kCustomerSoe).status, 429);
        QCOMPARE(emptyPost().status, 429);
    }

    void aThrottledPostCreatesNothingAndItsRetryDoesTheWork()
    {
        start(throttled(600)); // burst 10, a token every 100 ms
        QCOMPARE(exhaust().status, 429);
        const HttpResult refused = postSoe(kCustomerNoQualification, "throttled-1");
        QCOMPARE(refused.status, 429);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 0);
        QVERIFY(m_http->get(qualifications(kCustomerNoQualification)).array().isEmpty());
        // The 429 is not remembered for the MS-RequestId: once a token is back, the same request works.
        // (`done` stops the polling from sending again once it worked: each attempt is a real request.)
        bool done = false;
        QTRY_VERIFY_WITH_TIMEOUT(
            done || (done = postSoe(kCustomerNoQualification, "throttled-1").status == 201), 10000);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 1);
        QCOMPARE(m_http->get(qualifications(kCustomerNoQualification)).array().size(), 1);
    }

    void refillsOverTime()
    {
        start(throttled(1200)); // burst 20, a token every 50 ms
        const HttpResult refused = exhaust();
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.header("Retry-After"), QByteArray("1")); // 50 ms, in whole seconds
        bool done = false;
        QTRY_VERIFY_WITH_TIMEOUT(done || (done = emptyPost().status == 400), 10000);
        // And it keeps refusing once the tokens are gone again.
        QCOMPARE(exhaust().status, 429);
        QVERIFY(m_sim->throttledCount() >= 2);
    }

    void partnerScopeCountsEveryCustomer()
    {
        start(throttled(6));
        QCOMPARE(emptyPost(kCustomerNoQualification).status, 400);
        QCOMPARE(emptyPost(kCustomerNoQualification2).status, 429);
    }

    void customerScopeSeparatesCustomers()
    {
        start(throttled(6, true));
        QCOMPARE(emptyPost(kCustomerNoQualification).status, 400);
        QCOMPARE(emptyPost(kCustomerNoQualification).status, 429);
        QCOMPARE(postSoe(kCustomerNoQualification2).status, 201); // its own bucket
        QCOMPARE(emptyPost(kCustomerNoQualification2).status, 429);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 0);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification2), 1);
    }

    void setAtRunTimeThroughTheAdminEndpoint()
    {
        start({});
        for (int i = 0; i < 20; ++i)
            QCOMPARE(emptyPost().status, 400); // off by default
        SimHttpClient admin(m_sim->baseUrl());
        QCOMPARE(admin.post(u"/_sim/throttle"_s, {{u"perMinute"_s, 6}, {u"scope"_s, u"customer"_s}}).status,
                 200);
        QCOMPARE(emptyPost().status, 400);
        QCOMPARE(emptyPost().status, 429);
        QCOMPARE(emptyPost(kCustomerNoQualification).status, 400);
        QCOMPARE(admin.get(u"/_sim/stats"_s).object().value(u"throttled"_s).toInt(), 1);
        QCOMPARE(admin.post(u"/_sim/throttle"_s, {{u"perMinute"_s, 6}, {u"scope"_s, u"tenant"_s}}).status,
                 400);
        QCOMPARE(admin.post(u"/_sim/throttle"_s, {{u"perMinute"_s, 0}}).status, 200);
        QCOMPARE(emptyPost().status, 400);
    }

    void faultsSend429WithoutOrWithAMalformedRetryAfter()
    {
        start({});
        Fault missing;
        missing.kind = Fault::Kind::Throttle;
        missing.omitRetryAfter = true;
        missing.times = 1;
        m_sim->addFault(missing);
        const HttpResult none = postSoe(kCustomerNoQualification);
        QCOMPARE(none.status, 429);
        QVERIFY(none.headers.size() > 0);
        QVERIFY(none.header("Retry-After").isNull());
        QCOMPARE(none.object().value(u"statusCode"_s).toInt(), 429);

        SimHttpClient admin(m_sim->baseUrl());
        QCOMPARE(admin
                     .post(u"/_sim/faults"_s,
                           {{u"kind"_s, u"throttle"_s}, {u"retryAfterRaw"_s, u"soon"_s}, {u"times"_s, 1}})
                     .status,
                 200);
        const HttpResult soon = postSoe(kCustomerNoQualification);
        QCOMPARE(soon.status, 429);
        QCOMPARE(soon.header("Retry-After"), QByteArray("soon"));
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 0);
        QCOMPARE(
            admin.post(u"/_sim/faults"_s, {{u"kind"_s, u"throttle"_s}, {u"retryAfterRaw"_s, u"1\r\nX: y"_s}})
                .status,
            400);
        QCOMPARE(postSoe(kCustomerNoQualification).status, 201);
    }

    void latencyDelaysConcurrentAnswersSideBySide()
    {
        qd::sim::SimulatorOptions o;
        o.latencyMinMs = 1000;
        o.latencyMaxMs = 1500;
        start(o);
        QNetworkAccessManager nam;
        auto get = [&](const QString &path) {
            QNetworkRequest request(m_sim->baseUrl().resolved(QUrl(path)));
            request.setRawHeader("Authorization", "Bearer " + m_http->token.toLatin1());
            return nam.get(request);
        };
        std::unique_ptr<QNetworkReply> a(get(u"/v1/customers/"_s + kCustomerSoe));
        std::unique_ptr<QNetworkReply> b(get(u"/v1/customers/all/validations"_s));
        // Both requests are in the server, waiting on their own timers: neither blocks the other.
        QTRY_COMPARE_WITH_TIMEOUT(m_sim->inFlight(), 2, 10000);
        QVERIFY(!a->isFinished() && !b->isFinished());
        // The event loop keeps serving meanwhile: /_sim is never delayed and answers before them.
        SimHttpClient admin(m_sim->baseUrl());
        QCOMPARE(admin.get(u"/_sim/stats"_s).status, 200);
        QCOMPARE(m_sim->inFlight(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(a->isFinished() && b->isFinished(), 20000);
        QCOMPARE(a->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(b->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(m_sim->inFlight(), 0);
        QCOMPARE(m_sim->peakInFlight(), 2);
    }

    void latencyCanBeSetAtRunTime()
    {
        start({});
        SimHttpClient admin(m_sim->baseUrl());
        QCOMPARE(admin.post(u"/_sim/latency"_s, {{u"minMs"_s, 600}, {u"maxMs"_s, 900}}).status, 200);
        QNetworkAccessManager nam;
        QNetworkRequest request(m_sim->baseUrl().resolved(QUrl(u"/v1/customers/all/validations"_s)));
        request.setRawHeader("Authorization", "Bearer " + m_http->token.toLatin1());
        std::unique_ptr<QNetworkReply> reply(nam.get(request));
        QTRY_COMPARE_WITH_TIMEOUT(m_sim->inFlight(), 1, 10000);
        QVERIFY(!reply->isFinished()); // received, still waiting
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(admin.post(u"/_sim/latency"_s, {{u"minMs"_s, 900}, {u"maxMs"_s, 600}}).status, 400);
        QCOMPARE(admin.post(u"/_sim/latency"_s, {{u"minMs"_s, 0}, {u"maxMs"_s, 0}}).status, 200);
        QCOMPARE(m_http->get(u"/v1/customers/all/validations"_s).status, 200);
        QCOMPARE(m_sim->inFlight(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSimThrottle)
#include "tst_simthrottle.moc"
