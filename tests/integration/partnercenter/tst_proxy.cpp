// The client through a real HTTP proxy (tinyproxy on loopback): plain, with Basic credentials
// from the proxy URL, from the keychain, from a person (the prompter), refused three times,
// and a proxy that is down. Nothing may reach Partner Center that the proxy did not forward.
#include "ClientHarness.h"
#include "TinyProxy.h"
#include "settings/MemoryTokenStore.h"
#include "settings/NetworkSetup.h"
#include "settings/ProxyAuthenticator.h"

#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace qd::sim::fixtures;
using namespace qd::test;
using Kind = qd::ApiError::Kind;
using Obstacle = qd::ApiError::Obstacle;

class TestProxy : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<ClientHarness> h;
    std::unique_ptr<TinyProxy> proxy;
    std::unique_ptr<qd::MemoryTokenStore> keychain;
    std::unique_ptr<qd::ProxyAuthenticator> authenticator;
    static constexpr int kWait = 15000;

    void useProxy(const QString &url)
    {
        qd::NetworkSetup setup;
        QString problem;
        QVERIFY2(qd::NetworkSetup::parseProxy(url, &setup, &problem), qPrintable(problem));
        QCOMPARE(setup.proxyMode, qd::NetworkSetup::ProxyMode::Url);
        setup.apply(h->client->network());
        authenticator = std::make_unique<qd::ProxyAuthenticator>(h->client->network(), keychain.get());
    }
    QString simPrefix() const { return h->sim->baseUrl().toString(); }
    QString proxyName() const { return u"127.0.0.1:"_s + QString::number(proxy->port()); }

private slots:
    void init()
    {
        h = std::make_unique<ClientHarness>();
        QVERIFY(h->listening);
        proxy = std::make_unique<TinyProxy>();
        keychain = std::make_unique<qd::MemoryTokenStore>();
    }
    void cleanup()
    {
        authenticator.reset();
        h.reset();
        proxy.reset();
    }

    void requestsGoThroughTheProxy()
    {
        QVERIFY2(proxy->start(), qPrintable(proxy->error()));
        useProxy(proxy->url());
        Outcome<qd::Customer> get;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerNoQualification), this, get.callback());
        QTRY_COMPARE_WITH_TIMEOUT(get.calls, 1, kWait);
        QVERIFY2(get.result.ok(), qPrintable(get.result.error.details()));
        Outcome<QList<qd::CustomerQualification>> post;
        h->client->createQualification(qd::TenantId::fromText(kCustomerNoQualification), soe(), {}, this,
                                       post.callback());
        QTRY_COMPARE_WITH_TIMEOUT(post.calls, 1, kWait);
        QVERIFY2(post.result.ok(), qPrintable(post.result.error.details()));
        QCOMPARE(h->sim->createdCount(kCustomerNoQualification), 1);
        const QStringList seen = proxy->requests();
        QCOMPARE(seen.size(), 2);
        QVERIFY2(seen[0].startsWith(u"GET "_s + simPrefix() + u"/v1/customers/"_s), qPrintable(seen[0]));
        QVERIFY2(seen[1].startsWith(u"POST "_s + simPrefix() + u"/v1/customers/"_s), qPrintable(seen[1]));
    }

    void credentialsFromTheProxyUrl()
    {
        QVERIFY2(proxy->start(u"alice"_s, u"s3cret"_s), qPrintable(proxy->error()));
        useProxy(proxy->url(u"alice"_s, u"s3cret"_s));
        Outcome<qd::Customer> get;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerNoQualification), this, get.callback());
        QTRY_COMPARE_WITH_TIMEOUT(get.calls, 1, kWait);
        QVERIFY2(get.result.ok(), qPrintable(get.result.error.details()));
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 1);
    }

    void noCredentialsFailsNamingTheProxy()
    {
        QVERIFY2(proxy->start(u"alice"_s, u"s3cret"_s), qPrintable(proxy->error()));
        useProxy(proxy->url());
        QSignalSpy gaveUp(authenticator.get(), &qd::ProxyAuthenticator::gaveUp);
        Outcome<QList<qd::CustomerQualification>> post;
        h->client->createQualification(qd::TenantId::fromText(kCustomerNoQualification), soe(), {}, this,
                                       post.callback());
        QTRY_COMPARE_WITH_TIMEOUT(post.calls, 1, kWait);
        const qd::ApiError &e = post.result.error;
        QCOMPARE(e.kind, Kind::Network);
        QCOMPARE(e.obstacle, Obstacle::ProxyRefusedCredentials);
        QCOMPARE(e.proxy, proxyName());
        QVERIFY2(e.userMessage().contains(proxyName()), qPrintable(e.userMessage()));
        QVERIFY(!e.mayHaveArrived); // the proxy never forwarded it
        QVERIFY(!gaveUp.isEmpty());
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 0);
        QCOMPARE(h->sim->createdCount(kCustomerNoQualification), 0);
    }

    void aPersonIsAskedAndMayRememberInTheKeychain()
    {
        QVERIFY2(proxy->start(u"alice"_s, u"s3cret"_s), qPrintable(proxy->error()));
        useProxy(proxy->url());
        QStringList asked;
        authenticator->setPrompter(
            [&](const QString &name, int attempt, qd::ProxyAuthenticator::Credentials *c) {
                asked << name + u'#' + QString::number(attempt);
                *c = {u"alice"_s, u"s3cret"_s, true};
                return true;
            });
        Outcome<qd::Customer> get;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerNoQualification), this, get.callback());
        QTRY_COMPARE_WITH_TIMEOUT(get.calls, 1, kWait);
        QVERIFY2(get.result.ok(), qPrintable(get.result.error.details()));
        QCOMPARE(asked, QStringList{proxyName() + u"#1"_s});
        QString stored;
        bool done = false;
        keychain->read(qd::ProxyAuthenticator::keyFor(proxyName()), [&](const qd::TokenStore::Outcome &o) {
            stored = o.secret;
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(stored, u"alice\ns3cret"_s);

        // The next start reads them from the keychain and asks nobody.
        h = std::make_unique<ClientHarness>();
        QVERIFY(h->listening);
        useProxy(proxy->url());
        authenticator->preload(QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, proxy->port()));
        QTRY_VERIFY(authenticator->hasRemembered(proxyName()));
        int askedAgain = 0;
        authenticator->setPrompter([&](const QString &, int, qd::ProxyAuthenticator::Credentials *) {
            ++askedAgain;
            return false;
        });
        Outcome<qd::Customer> again;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerNoQualification), this, again.callback());
        QTRY_COMPARE_WITH_TIMEOUT(again.calls, 1, kWait);
        QVERIFY2(again.result.ok(), qPrintable(again.result.error.details()));
        QCOMPARE(askedAgain, 0);
    }

    void wrongCredentialsAreReportedNamingTheProxy()
    {
        QVERIFY2(proxy->start(u"alice"_s, u"s3cret"_s), qPrintable(proxy->error()));
        useProxy(proxy->url());
        int asked = 0;
        authenticator->setPrompter([&](const QString &, int, qd::ProxyAuthenticator::Credentials *c) {
            ++asked;
            *c = {u"alice"_s, u"wrong"_s, false};
            return true;
        });
        Outcome<QList<qd::CustomerQualification>> post;
        h->client->createQualification(qd::TenantId::fromText(kCustomerNoQualification), soe(), {}, this,
                                       post.callback());
        QTRY_COMPARE_WITH_TIMEOUT(post.calls, 1, kWait);
        QCOMPARE(post.result.error.obstacle, Obstacle::ProxyRefusedCredentials);
        QVERIFY(!post.result.error.mayHaveArrived);
        QVERIFY(asked >= 1);
        QCOMPARE(h->tokens->refreshes, 0); // the proxy's refusal is not Partner Center's 401
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 0);
    }

    void aProxyAskingAgainAndAgainIsAskedThreeTimesAtMost()
    {
        // A proxy that wants credentials whatever it is given (407 each time).
        TinyHttpServer stubborn([](const QByteArray &) {
            return TinyHttpServer::response(407, "Proxy-Authenticate: Basic realm=\"corp\"\r\n");
        });
        QVERIFY(stubborn.listen());
        useProxy(u"http://127.0.0.1:%1"_s.arg(stubborn.port()));
        int asked = 0;
        authenticator->setPrompter([&](const QString &, int attempt, qd::ProxyAuthenticator::Credentials *c) {
            ++asked;
            *c = {u"alice"_s, u"try"_s + QString::number(attempt), false};
            return true;
        });
        QSignalSpy gaveUp(authenticator.get(), &qd::ProxyAuthenticator::gaveUp);
        Outcome<qd::Customer> get;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerNoQualification), this, get.callback());
        QTRY_COMPARE_WITH_TIMEOUT(get.calls, 1, kWait);
        QCOMPARE(get.result.error.kind, Kind::Network);
        QCOMPARE(get.result.error.obstacle, Obstacle::ProxyRefusedCredentials);
        QCOMPARE(asked, qd::ProxyAuthenticator::MaxAttempts);
        QVERIFY(!gaveUp.isEmpty());
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 0);
    }

    void aProxyThatIsDownIsNamed()
    {
        QVERIFY2(proxy->start(), qPrintable(proxy->error()));
        const QString url = proxy->url();
        proxy->stop();
        useProxy(url);
        Outcome<QList<qd::CustomerQualification>> post;
        h->client->createQualification(qd::TenantId::fromText(kCustomerNoQualification), soe(), {}, this,
                                       post.callback());
        QTRY_COMPARE_WITH_TIMEOUT(post.calls, 1, kWait);
        const qd::ApiError &e = post.result.error;
        QCOMPARE(e.kind, Kind::Network);
        QCOMPARE(e.obstacle, Obstacle::ProxyUnreachable);
        QVERIFY2(e.userMessage().contains(proxyName()), qPrintable(e.userMessage()));
        QVERIFY(!e.mayHaveArrived);
        QCOMPARE(h->sim->createdCount(kCustomerNoQualification), 0);
    }

    void settingsTextIsParsedStrictly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("mode");
        QTest::newRow("empty") << QString() << true << int(qd::NetworkSetup::ProxyMode::System);
        QTest::newRow("system") << u"System"_s << true << int(qd::NetworkSetup::ProxyMode::System);
        QTest::newRow("none") << u"none"_s << true << int(qd::NetworkSetup::ProxyMode::None);
        QTest::newRow("url") << u"http://u:p@proxy.example.com:3128"_s << true
                             << int(qd::NetworkSetup::ProxyMode::Url);
        QTest::newRow("host:port") << u"proxy.example.com:3128"_s << true
                                   << int(qd::NetworkSetup::ProxyMode::Url);
        QTest::newRow("socks") << u"socks5://127.0.0.1:1080"_s << true
                               << int(qd::NetworkSetup::ProxyMode::Url);
        QTest::newRow("ftp") << u"ftp://proxy:21"_s << false << 0;
        QTest::newRow("path") << u"http://proxy:3128/x"_s << false << 0;
        QTest::newRow("garbage") << u"http://"_s << false << 0;
    }
    void settingsTextIsParsedStrictly()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(int, mode);
        qd::NetworkSetup setup;
        QString problem;
        QCOMPARE(qd::NetworkSetup::parseProxy(text, &setup, &problem), ok);
        QCOMPARE(problem.isEmpty(), ok);
        if (ok)
            QCOMPARE(int(setup.proxyMode), mode);
        // A refused text never echoes a password.
        QVERIFY(!problem.contains(u":p@"_s));
    }
};

QTEST_GUILESS_MAIN(TestProxy)
#include "tst_proxy.moc"
