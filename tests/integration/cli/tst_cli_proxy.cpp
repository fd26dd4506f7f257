#include "CliHarness.h"
#include "SeedFixtures.h"
#include "Simulator.h"
#include "TinyProxy.h"

#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;

// qualdesk-cli behind a real HTTP proxy (tinyproxy on loopback): --proxy and QUALDESK_PROXY,
// Basic credentials in the proxy URL, a clear exit 4 naming the proxy that refused, and a
// proxy setting that is not a proxy refused before anything is sent.
class TestCliProxy : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<qd::sim::Simulator> m_sim;
    std::unique_ptr<CliHarness> m_cli;
    std::unique_ptr<qd::test::TinyProxy> m_proxy;

    QString proxyName() const { return u"127.0.0.1:"_s + QString::number(m_proxy->port()); }
    int sent() const { return int(m_sim->recordedRequests().size()); }

private slots:
    void init()
    {
        m_sim = std::make_unique<qd::sim::Simulator>();
        QVERIFY2(m_sim->listen(), qPrintable(m_sim->errorString()));
        m_cli = std::make_unique<CliHarness>();
        QVERIFY(m_cli->isValid());
        m_cli->useServer(m_sim->baseUrl(), m_sim->issueAccessToken());
        m_proxy = std::make_unique<qd::test::TinyProxy>();
    }
    void cleanup()
    {
        m_cli.reset();
        m_proxy.reset();
        m_sim.reset();
    }

    void optionSendsThroughTheProxy()
    {
        QVERIFY2(m_proxy->start(), qPrintable(m_proxy->error()));
        const auto run =
            m_cli->run({u"--proxy"_s, m_proxy->url(), u"customer"_s, fx::kCustomerNoQualification});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(fx::kCustomerNoQualificationName));
        const QStringList seen = m_proxy->requests();
        QCOMPARE(seen.size(), 1);
        QVERIFY2(seen[0].startsWith(u"GET "_s + m_sim->baseUrl().toString() + u"/v1/customers/"_s),
                 qPrintable(seen[0]));
    }

    void environmentWithCredentials()
    {
        QVERIFY2(m_proxy->start(u"bob"_s, u"pa55"_s), qPrintable(m_proxy->error()));
        m_cli->setEnv(u"QUALDESK_PROXY"_s, m_proxy->url(u"bob"_s, u"pa55"_s));
        const auto run = m_cli->run({u"customer"_s, fx::kCustomerNoQualification});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(!m_proxy->requests().isEmpty()); // Qt offers the credentials once the proxy asks
        QCOMPARE(sent(), 1);
    }

    void refusedCredentialsExitFourNamingTheProxy_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("word");
        QTest::newRow("en") << u"en"_s << u"proxy"_s;
        QTest::newRow("cs") << u"cs"_s << u"proxy server"_s;
    }
    void refusedCredentialsExitFourNamingTheProxy()
    {
        QFETCH(QString, lang);
        QFETCH(QString, word);
        QVERIFY2(m_proxy->start(u"bob"_s, u"pa55"_s), qPrintable(m_proxy->error()));
        const auto run = m_cli->run({u"--lang"_s, lang, u"--proxy"_s, m_proxy->url(u"bob"_s, u"wrong"_s),
                                     u"qualify"_s, fx::kCustomerNoQualification, u"soe"_s});
        QVERIFY2(run.exitCode == 4, run.describe());
        QVERIFY2(run.errText().contains(proxyName()), run.describe());
        QVERIFY2(run.errText().contains(word, Qt::CaseInsensitive), run.describe());
        QVERIFY2(!run.errText().contains(u"wrong"_s), run.describe()); // never the password
        QCOMPARE(sent(), 0);
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification), 0);
    }

    void notAProxyIsInvalidInput()
    {
        const auto run = m_cli->run(
            {u"--proxy"_s, u"ftp://proxy.example.com:21"_s, u"customer"_s, fx::kCustomerNoQualification});
        QVERIFY2(run.exitCode == 2, run.describe());
        QVERIFY2(run.errText().contains(u"ftp://proxy.example.com:21"_s), run.describe());
        QCOMPARE(sent(), 0);
    }

    void noneWinsOverTheEnvironment()
    {
        m_cli->setEnv(u"QUALDESK_PROXY"_s, u"http://127.0.0.1:9"_s); // nothing listens there
        const auto run = m_cli->run({u"--proxy"_s, u"none"_s, u"customer"_s, fx::kCustomerNoQualification});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(sent(), 1);
    }

    void untrustedCertificateExitsFourUntilTheCaFileIsGiven()
    {
        qd::sim::SimulatorOptions options;
        options.tls = true;
        qd::sim::Simulator tls(options);
        QVERIFY2(tls.listen(), qPrintable(tls.errorString()));
        m_cli->useServer(tls.baseUrl(), tls.issueAccessToken());
        auto run = m_cli->run({u"customer"_s, fx::kCustomerNoQualification});
        QVERIFY2(run.exitCode == 4, run.describe());
        QVERIFY2(run.errText().contains(u"QUALDESK_CA_FILE"_s), run.describe());

        m_cli->setEnv(u"QUALDESK_CA_FILE"_s, tls.caCertificateFile());
        run = m_cli->run({u"customer"_s, fx::kCustomerNoQualification});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(fx::kCustomerNoQualificationName));

        // A CA file that holds no certificate is bad input: nothing is sent.
        m_cli->setEnv(u"QUALDESK_CA_FILE"_s, m_cli->homeDir() + u"/missing.pem"_s);
        run = m_cli->run({u"customer"_s, fx::kCustomerNoQualification});
        QVERIFY2(run.exitCode == 2, run.describe());
        QVERIFY2(run.errText().contains(u"missing.pem"_s), run.describe());
    }

    void proxyDownExitsFour()
    {
        const auto run =
            m_cli->run({u"--proxy"_s, u"http://127.0.0.1:9"_s, u"customer"_s, fx::kCustomerNoQualification});
        QVERIFY2(run.exitCode == 4, run.describe());
        QVERIFY2(run.errText().contains(u"127.0.0.1:9"_s), run.describe());
        QCOMPARE(sent(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliProxy)
#include "tst_cli_proxy.moc"
