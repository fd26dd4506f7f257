// Every fault kind as a client sees it over HTTP, set in-process and through /_sim.
#include "SeedFixtures.h"
#include "SimHttpClient.h"
#include "Simulator.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using namespace qd::sim::fixtures;
using qd::sim::Fault;
using qd::test::HttpResult;
using qd::test::SimHttpClient;

class TestSimFaults : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<qd::sim::Simulator> m_sim;
    std::unique_ptr<SimHttpClient> m_http;
    const QString m_codes = u"/v1/customers/all/validations"_s;

    static Fault fault(Fault::Kind kind, const QString &method = {}, const QString &path = {}, int times = -1)
    {
        Fault f;
        f.kind = kind;
        f.method = method;
        f.pathPattern = path;
        f.times = times;
        return f;
    }
    HttpResult postSoe(const QString &customer, const QByteArray &requestId)
    {
        return m_http->post(u"/v1/customers/"_s + customer + u"/qualifications"_s,
                            {{u"qualification"_s, u"StateOwnedEntity"_s}}, {{"MS-RequestId", requestId}});
    }

private slots:
    void init()
    {
        m_sim = std::make_unique<qd::sim::Simulator>();
        QVERIFY(m_sim->listen());
        m_http = std::make_unique<SimHttpClient>(m_sim->baseUrl());
        m_http->token = m_sim->issueAccessToken();
    }

    void cleanup()
    {
        m_http.reset();
        m_sim.reset();
    }

    void latencyDelaysTheAnswer()
    {
        Fault f = fault(Fault::Kind::Latency, u"GET"_s, m_codes, 1);
        f.latencyMs = 400;
        m_sim->addFault(f);
        const HttpResult slow = m_http->get(m_codes);
        QCOMPARE(slow.status, 200);
        QVERIFY2(slow.elapsedMs >= 400, qPrintable(QString::number(slow.elapsedMs)));
        QCOMPARE(m_http->get(m_codes).status, 200); // times = 1: used up
    }

    void throttleAnswers429WithRetryAfter()
    {
        Fault f = fault(Fault::Kind::Throttle, u"GET"_s, u"/v1/customers/*"_s, 2);
        f.retryAfterSeconds = 7;
        m_sim->addFault(f);
        const HttpResult r = m_http->get(u"/v1/customers/"_s + kCustomerSoe);
        QCOMPARE(r.status, 429);
        QCOMPARE(r.header("Retry-After"), QByteArray("7"));
        QCOMPARE(r.object().value(u"statusCode"_s).toInt(), 429);
        QCOMPARE(r.object().value(u"message"_s).toString(),
                 u"Rate limit is exceeded. Try again in 7 seconds."_s);
        QCOMPARE(m_http->get(m_codes).status, 200); // another path: not hit
        QCOMPARE(m_http->get(u"/v1/customers/"_s + kCustomerSoe).status, 429);
        QCOMPARE(m_http->get(u"/v1/customers/"_s + kCustomerSoe).status, 200);
    }

    void serverErrorUsesTheGivenStatus()
    {
        Fault f = fault(Fault::Kind::ServerError, {}, {}, 1);
        f.status = 502;
        m_sim->addFault(f);
        const HttpResult r = m_http->get(m_codes);
        QCOMPARE(r.status, 502);
        QVERIFY(r.object().value(u"isRetryable"_s).toBool());
        m_sim->addFault(fault(Fault::Kind::ServerError, {}, {}, 1));
        QCOMPARE(m_http->get(m_codes).status, 503);
    }

    // QNetworkAccessManager resends a request (POST too) on its own when the connection closes before
    // any answer byte: a drop that hits only once is never seen by the client.
    void dropBeforeWorkDoesNothing()
    {
        m_sim->addFault(fault(Fault::Kind::DropBeforeWork, u"POST"_s));
        const HttpResult r = postSoe(kCustomerNoQualification, "drop-1");
        QVERIFY(r.finished);
        QCOMPARE(r.error, QNetworkReply::RemoteHostClosedError);
        QCOMPARE(r.status, 0);
        QVERIFY(m_sim->requestCount(u"POST"_s, {}) >= 2);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 0);
        m_sim->clearFaults();
        QCOMPARE(postSoe(kCustomerNoQualification, "drop-1").status, 201); // the retry does the work
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 1);
    }

    void dropAfterWorkCreatesOnceAndTheRetryReplays()
    {
        m_sim->addFault(fault(Fault::Kind::DropAfterWork, u"POST"_s, u"/v1/customers/*/qualifications"_s));
        const HttpResult lost = postSoe(kCustomerNoQualification, "lost-1");
        QCOMPARE(lost.error, QNetworkReply::RemoteHostClosedError);
        QVERIFY(m_sim->requestCount(u"POST"_s, {}) >= 2);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 1);
        m_sim->clearFaults();
        const HttpResult retry = postSoe(kCustomerNoQualification, "lost-1");
        QCOMPARE(retry.status, 201); // the remembered answer, not a 409
        QCOMPARE(retry.object().value(u"qualification"_s).toString(), u"StateOwnedEntity"_s);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 1);
        QCOMPARE(
            m_http->get(u"/v1/customers/"_s + kCustomerNoQualification + u"/qualifications"_s).array().size(),
            1);
    }

    void oneDropIsHiddenByQtsOwnResend()
    {
        m_sim->addFault(fault(Fault::Kind::DropAfterWork, u"POST"_s, {}, 1));
        const HttpResult r = postSoe(kCustomerNoQualification, "hidden-1");
        QCOMPARE(r.status, 201); // Qt resent the same request (same MS-RequestId): the answer is replayed
        QCOMPARE(m_sim->requestCount(u"POST"_s, {}), 2);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 1);
    }

    void malformedIsA200ThatIsNotJson()
    {
        m_sim->addFault(fault(Fault::Kind::Malformed, u"POST"_s, {}, 1));
        const HttpResult r = postSoe(kCustomerNoQualification, "bad-1");
        QCOMPARE(r.status, 200);
        QVERIFY(!r.body.isEmpty());
        QVERIFY(r.json().isNull());
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 0);
    }

    // Qt reports the short body as RemoteHostClosedError most of the time, but now and then as
    // NoError with the partial body: either way the answer is not JSON.
    void truncatedBodyEndsEarly()
    {
        m_sim->addFault(fault(Fault::Kind::Truncated, u"POST"_s, {}, 1));
        const HttpResult r = postSoe(kCustomerNoQualification, "cut-1");
        QVERIFY(r.finished);
        QVERIFY(r.json().isNull());
        QVERIFY(r.header("Content-Length").toInt() > r.body.size());
        QVERIFY(r.error == QNetworkReply::RemoteHostClosedError || r.error == QNetworkReply::NoError);
        QCOMPARE(m_sim->requestCount(u"POST"_s, {}), 1); // some answer bytes arrived: Qt does not resend
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 1); // the work happened
        QCOMPARE(postSoe(kCustomerNoQualification, "cut-1").status, 201);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 1);
    }

    void clearFaultsRemovesThem()
    {
        m_sim->addFault(fault(Fault::Kind::ServerError));
        QCOMPARE(m_http->get(m_codes).status, 503);
        QCOMPARE(m_http->get(m_codes).status, 503);
        m_sim->clearFaults();
        QCOMPARE(m_http->get(m_codes).status, 200);
        QCOMPARE(m_sim->requestCount(u"GET"_s, m_codes), 3); // faulted requests are counted too
    }

    void adminEndpointsControlFaultsAndTokens()
    {
        SimHttpClient admin(m_sim->baseUrl());
        HttpResult r = admin.post(u"/_sim/faults"_s, {{u"kind"_s, u"throttle"_s},
                                                      {u"method"_s, u"GET"_s},
                                                      {u"path"_s, m_codes},
                                                      {u"times"_s, 1},
                                                      {u"retryAfterSeconds"_s, 3}});
        QCOMPARE(r.status, 200);
        const HttpResult throttled = m_http->get(m_codes);
        QCOMPARE(throttled.status, 429);
        QCOMPARE(throttled.header("Retry-After"), QByteArray("3"));
        QCOMPARE(admin.post(u"/_sim/faults"_s, {{u"kind"_s, u"nope"_s}}).status, 400);
        QCOMPARE(admin.post(u"/_sim/faults"_s, {{u"kind"_s, u"server-error"_s}}).status, 200);
        QCOMPARE(m_http->get(m_codes).status, 503);
        QCOMPARE(admin.send("DELETE", u"/_sim/faults"_s).status, 200);
        QCOMPARE(m_http->get(m_codes).status, 200);

        r = admin.post(u"/_sim/token"_s, {{u"upn"_s, kSecondUpn}, {u"mfa"_s, false}});
        QCOMPARE(r.status, 200);
        SimHttpClient other(m_sim->baseUrl());
        other.token = r.object().value(u"access_token"_s).toString();
        QCOMPARE(other.get(m_codes).status, 401); // no MFA
        QCOMPARE(admin.post(u"/_sim/require-mfa"_s, {{u"on"_s, false}}).status, 200);
        QCOMPARE(other.get(m_codes).status, 200);
        QCOMPARE(admin.post(u"/_sim/expire-tokens"_s, {}).status, 200);
        QCOMPARE(other.get(m_codes).status, 401);

        m_http->token = admin.post(u"/_sim/token"_s, {}).object().value(u"access_token"_s).toString();
        QCOMPARE(postSoe(kCustomerNoQualification, "a-1").status, 201);
        QCOMPARE(m_http
                     ->post(u"/v1/customers/"_s + kCustomerNoQualification2 + u"/qualifications"_s,
                            {{u"qualification"_s, u"Education"_s}, {u"educationSegment"_s, u"K12"_s}})
                     .status,
                 201);
        QCOMPARE(admin.post(u"/_sim/settle-vetting"_s, {}).status, 200);
        QCOMPARE(m_http->get(u"/v1/customers/"_s + kCustomerNoQualification2 + u"/qualifications"_s)
                     .array()
                     .at(0)[u"vettingStatus"_s]
                     .toString(),
                 u"Approved"_s);
        const QJsonObject stats = admin.get(u"/_sim/stats"_s).object();
        QCOMPARE(stats.value(u"created"_s)[kCustomerNoQualification].toInt(), 1);
        QCOMPARE(stats.value(u"created"_s)[kCustomerNoQualification2].toInt(), 1);
        QCOMPARE(stats.value(u"requests"_s).toInt(), m_sim->requestCount({}, {}));
        QVERIFY(stats.value(u"requests"_s).toInt() >= 9);
        QCOMPARE(admin.post(u"/_sim/unknown"_s, {}).status, 404);
        QCOMPARE(admin.post(u"/_sim/revoke-refresh-tokens"_s, {}).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestSimFaults)
#include "tst_simfaults.moc"
