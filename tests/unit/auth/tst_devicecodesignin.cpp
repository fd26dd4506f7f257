#include "FakeIdentityServer.h"
#include "auth/DeviceCodeSignIn.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using qd::test::FakeIdentityServer;

namespace {

QByteArray deviceCodeJson(int interval = 1, int expiresIn = 900, const QString &code = u"dc-secret"_s)
{
    return QJsonDocument(QJsonObject{{u"device_code"_s, code},
                                     {u"user_code"_s, u"ABCD-EFGH"_s},
                                     {u"verification_uri"_s, u"https://microsoft.com/devicelogin"_s},
                                     {u"expires_in"_s, expiresIn},
                                     {u"interval"_s, interval},
                                     {u"message"_s, u"To sign in, use a web browser..."_s}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestDeviceCodeSignIn : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_network;
    std::unique_ptr<FakeIdentityServer> m_server;

    qd::AuthConfig config() const
    {
        qd::AuthConfig config;
        config.authority = m_server->authority();
        config.clientId = u"client-1"_s;
        return config;
    }

    // Runs a flow with 1 protocol second = 10 ms and returns its result.
    qd::SignInResult run(qd::DeviceCodeSignIn &flow)
    {
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        flow.setSecondMs(10);
        flow.start();
        [&] { QVERIFY(finished.wait(10000)); }();
        return finished.isEmpty() ? qd::SignInResult{} : finished.first().first().value<qd::SignInResult>();
    }

private slots:
    void init()
    {
        m_server = std::make_unique<FakeIdentityServer>();
        QVERIFY(m_server->listen());
    }

    void pendingThenTokens()
    {
        m_server->enqueue(FakeIdentityServer::deviceCodePath(), 200, deviceCodeJson());
        m_server->enqueue(FakeIdentityServer::tokenPath(), 400,
                          FakeIdentityServer::errorJson(u"authorization_pending"_s));
        m_server->enqueue(FakeIdentityServer::tokenPath(), 400,
                          FakeIdentityServer::errorJson(u"authorization_pending"_s));
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s));

        qd::DeviceCodeSignIn flow(&m_network, config());
        QSignalSpy codeReady(&flow, &qd::DeviceCodeSignIn::userCodeReady);
        QSignalSpy pending(&flow, &qd::DeviceCodeSignIn::pollPending);
        const qd::SignInResult result = run(flow);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.tokens.accessToken, u"at-1"_s);
        QCOMPARE(result.tokens.claims.preferredUsername, u"anna@partner.example"_s);

        QCOMPARE(codeReady.size(), 1);
        const auto info = codeReady.first().first().value<qd::DeviceCodeInfo>();
        QCOMPARE(info.userCode, u"ABCD-EFGH"_s);
        QCOMPARE(info.verificationUri, QUrl(u"https://microsoft.com/devicelogin"_s));
        QCOMPARE(info.expiresInSecs, 900);
        QVERIFY(!info.message.isEmpty());
        QCOMPARE(pending.size(), 2);

        const auto device = m_server->requestsTo(FakeIdentityServer::deviceCodePath());
        QCOMPARE(device.size(), 1);
        QCOMPARE(device.first().form.queryItemValue(u"client_id"_s), u"client-1"_s);
        QVERIFY(
            device.first().form.queryItemValue(u"scope"_s, QUrl::FullyDecoded).contains(u"offline_access"_s));
        const auto polls = m_server->requestsTo(FakeIdentityServer::tokenPath());
        QCOMPARE(polls.size(), 3);
        for (const auto &poll : polls) {
            QCOMPARE(poll.form.queryItemValue(u"grant_type"_s, QUrl::FullyDecoded),
                     u"urn:ietf:params:oauth:grant-type:device_code"_s);
            QCOMPARE(poll.form.queryItemValue(u"device_code"_s), u"dc-secret"_s);
        }
    }

    void slowDownAddsFiveSeconds()
    {
        m_server->enqueue(FakeIdentityServer::deviceCodePath(), 200, deviceCodeJson(2));
        m_server->enqueue(FakeIdentityServer::tokenPath(), 400,
                          FakeIdentityServer::errorJson(u"slow_down"_s));
        m_server->enqueue(FakeIdentityServer::tokenPath(), 400,
                          FakeIdentityServer::errorJson(u"slow_down"_s));
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at"_s, u"rt"_s));
        // A control flow against a second identity service, started alongside, polls first after
        // 15 protocol seconds. The slowed flow polls after 2, 2 + 7 and 2 + 7 + 12 = 21 seconds,
        // so it ends after that first control poll; polling every 2 seconds regardless, it would
        // have ended after 6, well before it.
        FakeIdentityServer controlServer;
        QVERIFY(controlServer.listen());
        controlServer.enqueue(FakeIdentityServer::deviceCodePath(), 200, deviceCodeJson(15));
        controlServer.setDefault(FakeIdentityServer::tokenPath(), 400,
                                 FakeIdentityServer::errorJson(u"authorization_pending"_s));
        qd::AuthConfig controlConfig = config();
        controlConfig.authority = controlServer.authority();
        qd::DeviceCodeSignIn control(&m_network, controlConfig);
        control.setSecondMs(10);
        control.start();
        qd::DeviceCodeSignIn flow(&m_network, config());
        const qd::SignInResult result = run(flow);
        const int controlPolls = controlServer.count(FakeIdentityServer::tokenPath());
        control.cancel();
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(flow.currentIntervalSecs(), 12); // 2 + 5 + 5
        QCOMPARE(m_server->count(FakeIdentityServer::tokenPath()), 3);
        QVERIFY2(controlPolls >= 1, "the slowed flow polled at the first interval");
    }

    void endings_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<int>("error");
        QTest::newRow("declined") << FakeIdentityServer::errorJson(u"authorization_declined"_s)
                                  << int(qd::SignInResult::Error::AccessDenied);
        QTest::newRow("expired") << FakeIdentityServer::errorJson(u"expired_token"_s)
                                 << int(qd::SignInResult::Error::Expired);
        QTest::newRow("bad code") << FakeIdentityServer::errorJson(u"bad_verification_code"_s)
                                  << int(qd::SignInResult::Error::ServerError);
        QTest::newRow("tokens not JSON") << "<html>"_ba << int(qd::SignInResult::Error::ServerError);
    }
    void endings()
    {
        QFETCH(QByteArray, answer);
        QFETCH(int, error);
        m_server->enqueue(FakeIdentityServer::deviceCodePath(), 200, deviceCodeJson());
        m_server->enqueue(FakeIdentityServer::tokenPath(), 400, answer);
        qd::DeviceCodeSignIn flow(&m_network, config());
        const qd::SignInResult result = run(flow);
        QCOMPARE(int(result.error), error);
        QVERIFY(!result.message.isEmpty());
        QVERIFY(result.tokens.accessToken.isEmpty());
    }

    void tokenAnswerMissingFields()
    {
        m_server->enqueue(FakeIdentityServer::deviceCodePath(), 200, deviceCodeJson());
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          R"({"token_type":"Bearer","access_token":"x"})"_ba);
        qd::DeviceCodeSignIn flow(&m_network, config());
        const qd::SignInResult result = run(flow);
        QCOMPARE(result.error, qd::SignInResult::Error::InvalidResponse);
        QVERIFY(result.tokens.accessToken.isEmpty());
    }

    void expiresLocally()
    {
        m_server->enqueue(FakeIdentityServer::deviceCodePath(), 200, deviceCodeJson(1, 5));
        m_server->setDefault(FakeIdentityServer::tokenPath(), 400,
                             FakeIdentityServer::errorJson(u"authorization_pending"_s));
        qd::DeviceCodeSignIn flow(&m_network, config());
        const qd::SignInResult result = run(flow);
        QCOMPARE(result.error, qd::SignInResult::Error::Expired);
        QVERIFY(m_server->count(FakeIdentityServer::tokenPath()) <= 5);
    }

    void badDeviceCodeAnswer_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("not JSON") << "oops"_ba;
        QTest::newRow("no user_code")
            << R"({"device_code":"d","verification_uri":"https://x.example","expires_in":900})"_ba;
        QTest::newRow("no device_code")
            << R"({"user_code":"u","verification_uri":"https://x.example","expires_in":900})"_ba;
        QTest::newRow("no uri") << R"({"device_code":"d","user_code":"u","expires_in":900})"_ba;
        QTest::newRow("no expiry")
            << R"({"device_code":"d","user_code":"u","verification_uri":"https://x.example"})"_ba;
        QTest::newRow("zero interval")
            << R"({"device_code":"d","user_code":"u","verification_uri":"https://x.example","expires_in":900,"interval":0})"_ba;
        // Found by fuzz/device_code: a number beyond 2^63 was cast to qint64 (undefined behaviour).
        // The bound that fixes it also keeps a huge expiry sent as text from overflowing the
        // milliseconds the polling counts in.
        QTest::newRow("interval beyond 2^63")
            << R"({"user_code":"K","device_code":"DAQABg","verification_uri":"https://mevlic","expires_in":749,"interval":7922337203685477580849})"_ba;
        QTest::newRow("expiry beyond 2^63")
            << R"({"device_code":"d","user_code":"u","verification_uri":"https://x.example","expires_in":1e300})"_ba;
        QTest::newRow("expiry of 1e17 s as text")
            << R"({"device_code":"d","user_code":"u","verification_uri":"https://x.example","expires_in":"100000000000000000"})"_ba;
        QTest::newRow("expiry of 1e9 s")
            << R"({"device_code":"d","user_code":"u","verification_uri":"https://x.example","expires_in":1000000000})"_ba;
    }
    void badDeviceCodeAnswer()
    {
        QFETCH(QByteArray, body);
        m_server->enqueue(FakeIdentityServer::deviceCodePath(), 200, body);
        qd::DeviceCodeSignIn flow(&m_network, config());
        QSignalSpy codeReady(&flow, &qd::DeviceCodeSignIn::userCodeReady);
        const qd::SignInResult result = run(flow);
        QCOMPARE(result.error, qd::SignInResult::Error::InvalidResponse);
        QCOMPARE(codeReady.size(), 0);
        QCOMPARE(m_server->count(FakeIdentityServer::tokenPath()), 0);
    }

    void cancelStopsPolling()
    {
        m_server->enqueue(FakeIdentityServer::deviceCodePath(), 200, deviceCodeJson());
        m_server->setDefault(FakeIdentityServer::tokenPath(), 400,
                             FakeIdentityServer::errorJson(u"authorization_pending"_s));
        qd::DeviceCodeSignIn flow(&m_network, config());
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        QSignalSpy pending(&flow, &qd::DeviceCodeSignIn::pollPending);
        flow.setSecondMs(10);
        flow.start();
        QVERIFY(pending.wait(5000));
        flow.cancel();
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().first().value<qd::SignInResult>().error,
                 qd::SignInResult::Error::Cancelled);
        const int polls = m_server->count(FakeIdentityServer::tokenPath());
        // A second flow at the same interval polls ten times meanwhile: the cancelled one's
        // timer, had it kept running, would have polled again in that time too.
        m_server->enqueue(FakeIdentityServer::deviceCodePath(), 200, deviceCodeJson(1, 900, u"dc-later"_s));
        qd::DeviceCodeSignIn later(&m_network, config());
        QSignalSpy laterPending(&later, &qd::DeviceCodeSignIn::pollPending);
        later.setSecondMs(10);
        later.start();
        QTRY_VERIFY_WITH_TIMEOUT(laterPending.size() >= 10, 15000);
        later.cancel();
        int cancelledPolls = 0;
        for (const auto &request : m_server->requestsTo(FakeIdentityServer::tokenPath()))
            cancelledPolls += request.form.queryItemValue(u"device_code"_s) == u"dc-secret"_s;
        QCOMPARE(cancelledPolls, polls);
        QCOMPARE(finished.size(), 1);
    }

    void noClientId()
    {
        qd::AuthConfig cfg = config();
        cfg.clientId.clear();
        qd::DeviceCodeSignIn flow(&m_network, cfg);
        const qd::SignInResult result = run(flow);
        QCOMPARE(result.error, qd::SignInResult::Error::Configuration);
        QVERIFY(result.message.contains(u"client ID"_s));
        QCOMPARE(m_server->requests().size(), 0);
    }

    void serviceUnreachable()
    {
        m_server->close();
        qd::DeviceCodeSignIn flow(&m_network, config());
        const qd::SignInResult result = run(flow);
        QCOMPARE(result.error, qd::SignInResult::Error::Network);
        QVERIFY(!result.message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDeviceCodeSignIn)
#include "tst_devicecodesignin.moc"
