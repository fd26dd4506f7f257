// The client's retry, refresh and redirect behaviour against every fault the simulator injects.
#include "ClientHarness.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace qd::sim::fixtures;
using namespace qd::test;
using Kind = qd::ApiError::Kind;
using FaultKind = qd::sim::Fault::Kind;

class TestPartnerCenterFaults : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<ClientHarness> h;
    static constexpr int kWait = 20000;
    const QString m_customerPath = u"/v1/customers/*"_s;
    const QString m_postPath = u"/v1/customers/*/qualifications"_s;

    void setRetries(int maxRetries, int timeoutMs = 5000)
    {
        qd::ClientConfig c = h->config;
        c.maxRetries = maxRetries;
        c.timeoutMs = timeoutMs;
        h->reconfigure(c);
    }
    // Every recorded request under prefix carries the same MS-RequestId, and there are at least
    // `atLeast`. byUs: each was a retry of ours (a new MS-CorrelationId each); otherwise Qt may
    // also have sent a request once more by itself (POST included) on a kept-alive connection the
    // server closed unanswered, with the same headers. ourAttempts: how many were ours, each with
    // its own MS-CorrelationId.
    void verifySameRequestId(const QString &prefix, int atLeast, bool byUs = true, int ourAttempts = -1)
    {
        const auto rec = h->recorded(prefix);
        QVERIFY2(rec.size() >= atLeast, qPrintable(QString::number(rec.size())));
        QSet<QByteArray> requestIds, correlationIds;
        for (const auto &r : rec) {
            requestIds.insert(r.header("MS-RequestId"));
            correlationIds.insert(r.header("MS-CorrelationId"));
        }
        QCOMPARE(requestIds.size(), 1);
        QVERIFY(!requestIds.values().first().isEmpty());
        if (byUs)
            QCOMPARE(correlationIds.size(), rec.size()); // a new correlation ID per attempt
        else
            QVERIFY(correlationIds.size() <= rec.size());
        if (ourAttempts >= 0)
            QCOMPARE(correlationIds.size(), ourAttempts);
    }
    Outcome<QList<qd::CustomerQualification>> *postSoe(const QString &customer)
    {
        auto *out = new Outcome<QList<qd::CustomerQualification>>;
        h->client->createQualification(qd::TenantId::fromText(customer), soe(), {}, this, out->callback());
        return out;
    }

private slots:
    void init()
    {
        h = std::make_unique<ClientHarness>();
        QVERIFY(h->listening);
    }
    void cleanup() { h.reset(); }

    void latencyBeyondTheTimeoutIsRetried()
    {
        setRetries(3, 400);
        auto slow = fault(FaultKind::Latency, u"GET"_s, m_customerPath, 1);
        slow.latencyMs = 3000;
        h->sim->addFault(slow);
        Outcome<qd::Customer> out;
        QSignalSpy retrying(
            h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, out.callback()),
            &qd::ApiJob::retrying);
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QVERIFY2(out.result.ok(), qPrintable(out.result.error.details()));
        QCOMPARE(retrying.count(), 1);
        const auto cause = retrying.first().at(2).value<qd::ApiError>();
        QCOMPARE(cause.kind, Kind::Network);
        QVERIFY(cause.timedOut);
        verifySameRequestId(u"/v1/customers/"_s, 2);
    }

    void latencyAlwaysIsATimeoutError()
    {
        setRetries(1, 300);
        auto slow = fault(FaultKind::Latency, u"GET"_s, m_customerPath, -1);
        slow.latencyMs = 3000;
        h->sim->addFault(slow);
        Outcome<qd::Customer> out;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::Network);
        QVERIFY(out.result.error.timedOut);
        QVERIFY(!out.result.error.mayHaveArrived); // a read
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 2);
    }

    void throttleWaitsRetryAfterThenSucceeds()
    {
        auto throttle = fault(FaultKind::Throttle, u"GET"_s, m_customerPath, 1);
        throttle.retryAfterSeconds = 1;
        h->sim->addFault(throttle);
        Outcome<qd::Customer> out;
        QElapsedTimer timer;
        timer.start();
        QSignalSpy retrying(
            h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, out.callback()),
            &qd::ApiJob::retrying);
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QVERIFY2(out.result.ok(), qPrintable(out.result.error.details()));
        QVERIFY2(timer.elapsed() >= 950, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(retrying.count(), 1);
        QCOMPARE(retrying.first().at(1).toInt(), 1000);
        QCOMPARE(retrying.first().at(2).value<qd::ApiError>().kind, Kind::Throttled);
        verifySameRequestId(u"/v1/customers/"_s, 2);
    }

    void throttleThatNeverEndsIsReported()
    {
        setRetries(1);
        auto throttle = fault(FaultKind::Throttle, {}, {}, -1);
        throttle.retryAfterSeconds = 1;
        h->sim->addFault(throttle);
        Outcome<QList<qd::ValidationCode>> out;
        h->client->getValidationCodes(this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::Throttled);
        QCOMPARE(out.result.error.retryAfterSeconds, 1);
        QVERIFY(out.result.error.userMessage().contains(u"1 second"_s));
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 2);
    }

    void serverErrorThenSuccessKeepsTheRequestId()
    {
        h->sim->addFault(fault(FaultKind::ServerError, u"GET"_s, {}, 1));
        Outcome<QList<qd::CustomerQualification>> out;
        qd::ApiJob *job = h->client->getQualifications(qd::TenantId::fromText(kCustomerEducationApproved),
                                                       this, out.callback());
        QSignalSpy sent(job, &qd::ApiJob::sent);
        QSignalSpy retrying(job, &qd::ApiJob::retrying);
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QVERIFY2(out.result.ok(), qPrintable(out.result.error.details()));
        QCOMPARE(out.result.value.size(), 1);
        QCOMPARE(sent.count(), 1); // once per logical call, not per attempt
        QCOMPARE(retrying.count(), 1);
        QCOMPARE(retrying.first().at(0).toInt(), 1);
        QCOMPARE(retrying.first().at(2).value<qd::ApiError>().httpStatus, 503);
        verifySameRequestId(u"/v1/"_s, 2);
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 2);
        QCOMPARE(h->recorded(u"/v1/"_s).last().header("MS-RequestId"), out.result.requestId.toLatin1());
    }

    void serverErrorOnPostThenSuccessCreatesOnce()
    {
        h->sim->addFault(fault(FaultKind::ServerError, u"POST"_s, m_postPath, 1));
        std::unique_ptr<Outcome<QList<qd::CustomerQualification>>> out(postSoe(kCustomerNoQualification));
        QTRY_COMPARE_WITH_TIMEOUT(out->calls, 1, kWait);
        QVERIFY2(out->result.ok(), qPrintable(out->result.error.details()));
        QCOMPARE(h->sim->createdCount(kCustomerNoQualification), 1);
        verifySameRequestId(u"/v1/"_s, 2);
    }

    void serverErrorThatPersistsIsANetworkError()
    {
        setRetries(2);
        auto error = fault(FaultKind::ServerError, {}, {}, -1);
        error.status = 500;
        h->sim->addFault(error);
        Outcome<qd::Customer> out;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::Network);
        QCOMPARE(out.result.error.httpStatus, 500);
        QVERIFY(out.result.error.userMessage().contains(u"(500)"_s));
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 3);
    }

    void droppedPostIsRetriedAndCreatesExactlyOne_data()
    {
        QTest::addColumn<FaultKind>("kind");
        QTest::newRow("drop before work") << FaultKind::DropBeforeWork;
        QTest::newRow("drop after work") << FaultKind::DropAfterWork;
        QTest::newRow("truncated after work") << FaultKind::Truncated;
    }

    void droppedPostIsRetriedAndCreatesExactlyOne()
    {
        QFETCH(FaultKind, kind);
        h->sim->addFault(fault(kind, u"POST"_s, m_postPath, 1));
        std::unique_ptr<Outcome<QList<qd::CustomerQualification>>> out(postSoe(kCustomerNoQualification));
        QTRY_COMPARE_WITH_TIMEOUT(out->calls, 1, kWait);
        QVERIFY2(out->result.ok(), qPrintable(out->result.error.details()));
        QCOMPARE(out->result.value.size(), 1);
        QCOMPARE(h->sim->createdCount(kCustomerNoQualification), 1);
        // Qt resends a POST once by itself when a kept-alive connection closes unanswered: harmless,
        // as every attempt carries the same MS-RequestId and the work is done once.
        verifySameRequestId(u"/v1/"_s, 2, false);
    }

    void postAnswerLostEveryTimeMayHaveArrived()
    {
        setRetries(2);
        h->sim->addFault(fault(FaultKind::DropAfterWork, u"POST"_s, m_postPath, -1));
        Outcome<QList<qd::CustomerQualification>> out;
        QSignalSpy retrying(h->client->createQualification(qd::TenantId::fromText(kCustomerNoQualification),
                                                           soe(), {}, this, out.callback()),
                            &qd::ApiJob::retrying);
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::Network);
        QVERIFY(out.result.error.mayHaveArrived);
        QCOMPARE(h->sim->createdCount(kCustomerNoQualification), 1); // replays did not create more
        // The first attempt and two retries of ours (Qt may have resent some once by itself).
        verifySameRequestId(u"/v1/"_s, 3, false, 3);
        QCOMPARE(retrying.count(), 2);
    }

    void droppedReadIsRetried()
    {
        h->sim->addFault(fault(FaultKind::DropBeforeWork, u"GET"_s, {}, 1));
        Outcome<QList<qd::ValidationCode>> out;
        h->client->getValidationCodes(this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QVERIFY2(out.result.ok(), qPrintable(out.result.error.details()));
        verifySameRequestId(u"/v1/"_s, 2, false);
    }

    void malformedIsAProtocolError()
    {
        h->sim->addFault(fault(FaultKind::Malformed, u"GET"_s, {}, 1));
        Outcome<QList<qd::CustomerQualification>> out;
        h->client->getQualifications(qd::TenantId::fromText(kCustomerSoe), this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::Protocol);
        QCOMPARE(out.result.error.httpStatus, 200);
        QVERIFY(!out.result.error.mayHaveArrived);
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 1); // not retried: a retry would not change it

        h->sim->addFault(fault(FaultKind::Malformed, u"POST"_s, {}, 1));
        std::unique_ptr<Outcome<QList<qd::CustomerQualification>>> post(postSoe(kCustomerNoQualification));
        QTRY_COMPARE_WITH_TIMEOUT(post->calls, 1, kWait);
        QCOMPARE(post->result.error.kind, Kind::Protocol);
        QVERIFY(post->result.error.mayHaveArrived); // it was answered with a 2xx: settle by re-reading
    }

    void truncatedReadIsRetriedThenReported()
    {
        h->sim->addFault(fault(FaultKind::Truncated, u"GET"_s, {}, 1));
        Outcome<qd::Customer> once;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, once.callback());
        QTRY_COMPARE_WITH_TIMEOUT(once.calls, 1, kWait);
        QVERIFY2(once.result.ok(), qPrintable(once.result.error.details()));

        setRetries(1);
        h->sim->clearRecordedRequests();
        h->sim->addFault(fault(FaultKind::Truncated, u"GET"_s, {}, -1));
        Outcome<qd::Customer> always;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, always.callback());
        QTRY_COMPARE_WITH_TIMEOUT(always.calls, 1, kWait);
        QCOMPARE(always.result.error.kind, Kind::Network);
        verifySameRequestId(u"/v1/"_s, 2, false);
    }

    void unauthorizedRefreshesAndReplays()
    {
        const QString oldToken = h->tokens->accessToken();
        h->sim->expireAccessTokens();
        Outcome<QList<qd::CustomerQualification>> out;
        h->client->createQualification(qd::TenantId::fromText(kCustomerNoQualification), soe(), {}, this,
                                       out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QVERIFY2(out.result.ok(), qPrintable(out.result.error.details()));
        QCOMPARE(h->tokens->refreshes, 1);
        QCOMPARE(h->sim->createdCount(kCustomerNoQualification), 1);
        const auto rec = h->recorded(u"/v1/"_s);
        QCOMPARE(rec.size(), 2);
        QCOMPARE(rec[0].header("Authorization"), "Bearer " + oldToken.toLatin1());
        QCOMPARE(rec[1].header("Authorization"), "Bearer " + h->tokens->accessToken().toLatin1());
        QVERIFY(oldToken != h->tokens->accessToken());
        verifySameRequestId(u"/v1/"_s, 2);
    }

    void unauthorizedAgainAfterRefreshGivesUp()
    {
        h->tokens->issueNewToken = false;
        h->sim->expireAccessTokens();
        Outcome<qd::Customer> out;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::Authentication);
        QCOMPARE(out.result.error.httpStatus, 401);
        QCOMPARE(h->tokens->refreshes, 1); // once, never in a loop
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 2);
    }

    void staticTokenRejectedIsAnAuthenticationError()
    {
        qd::StaticTokenProvider fixed(h->tokens->accessToken());
        h->useTokens(&fixed);
        h->sim->expireAccessTokens();
        Outcome<qd::Customer> out;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::Authentication);
        QVERIFY(!out.result.error.mfaRequired);
        QVERIFY(out.result.error.userMessage().startsWith(u"Your sign-in has expired. Sign in again."_s));
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 1);
        h->client.reset(); // before `fixed` goes
    }

    void tokenWithoutMfaIsReported()
    {
        qd::StaticTokenProvider noMfa(h->sim->issueAccessToken(kDefaultUpn, false));
        h->useTokens(&noMfa);
        Outcome<qd::Customer> out;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::Authentication);
        QVERIFY(out.result.error.mfaRequired);
        QVERIFY(out.result.error.userMessage().contains(u"multi-factor"_s));
        h->client.reset();
    }

    void noTokenSendsNothing()
    {
        qd::StaticTokenProvider empty(QString{});
        h->useTokens(&empty);
        Outcome<qd::Customer> out;
        QSignalSpy sent(h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, out.callback()),
                        &qd::ApiJob::sent);
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::Authentication);
        QCOMPARE(sent.count(), 0);
        QCOMPARE(h->sim->recordedRequests().size(), 0);
        h->client.reset();
    }

    void redirectToAnotherHostDropsAuthorization()
    {
        const QByteArray target = "http://127.0.0.1:" + QByteArray::number(h->sim->port()) +
                                  "/v1/customers/" + kCustomerSoe.toLatin1();
        TinyHttpServer redirector([target](const QByteArray &) {
            return TinyHttpServer::response(302, "Location: " + target + "\r\n");
        });
        QVERIFY(redirector.listen());
        qd::ClientConfig c = h->config;
        c.baseUrl = QUrl(u"http://localhost:%1"_s.arg(redirector.port()));
        h->reconfigure(c);
        Outcome<qd::Customer> out;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(redirector.heads.size(), 1);
        QVERIFY(!TinyHttpServer::header(redirector.heads[0], "Authorization").isEmpty()); // its own origin
        const auto rec = h->recorded(u"/v1/"_s);
        QCOMPARE(rec.size(), 1);
        QCOMPARE(rec[0].path, u"/v1/customers/"_s + kCustomerSoe);
        QVERIFY(rec[0].header("Authorization").isEmpty());
        QCOMPARE(rec[0].header("MS-RequestId"), TinyHttpServer::header(redirector.heads[0], "MS-RequestId"));
        // The other host answered 401 to a request without a token: no refresh, no replay.
        QCOMPARE(out.result.error.kind, Kind::Authentication);
        QCOMPARE(h->tokens->refreshes, 0);
    }

    void redirectWithinTheSameOriginKeepsAuthorization()
    {
        const QByteArray customer =
            QJsonDocument(QJsonObject{{u"id"_s, kCustomerSoe}, {u"companyName"_s, u"Moved"_s}})
                .toJson(QJsonDocument::Compact);
        TinyHttpServer server([customer](const QByteArray &head) {
            if (TinyHttpServer::path(head).startsWith("/v1/"))
                return TinyHttpServer::response(307, "Location: /moved\r\n");
            return TinyHttpServer::response(200, "Content-Type: application/json\r\n", customer);
        });
        QVERIFY(server.listen());
        qd::ClientConfig c = h->config;
        c.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(server.port()));
        h->reconfigure(c);
        Outcome<qd::Customer> out;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QVERIFY2(out.result.ok(), qPrintable(out.result.error.details()));
        QCOMPARE(out.result.value.companyName, u"Moved"_s);
        QCOMPARE(server.heads.size(), 2);
        QCOMPARE(TinyHttpServer::path(server.heads[1]), QByteArray("/moved"));
        for (const QByteArray &head : std::as_const(server.heads))
            QCOMPARE(TinyHttpServer::header(head, "Authorization"),
                     "Bearer " + h->tokens->accessToken().toLatin1());
    }

    void redirectToPlainHttpElsewhereIsRefused()
    {
        TinyHttpServer redirector([](const QByteArray &) {
            return TinyHttpServer::response(302, "Location: http://qualdesk.invalid/v1/customers\r\n");
        });
        QVERIFY(redirector.listen());
        qd::ClientConfig c = h->config;
        c.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(redirector.port()));
        h->reconfigure(c);
        Outcome<qd::Customer> out;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::Protocol);
        QCOMPARE(redirector.heads.size(), 1);
    }

    void plainHttpBaseUrlIsRefused()
    {
        qd::ClientConfig c = h->config;
        c.baseUrl = QUrl(u"http://partnercenter.example.com"_s);
        h->reconfigure(c);
        Outcome<qd::Customer> out;
        QSignalSpy sent(h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, out.callback()),
                        &qd::ApiJob::sent);
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::InvalidInput);
        QVERIFY(out.result.error.userMessage().contains(u"HTTPS"_s));
        QCOMPARE(sent.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPartnerCenterFaults)
#include "tst_partnercenterfaults.moc"
