#include "CliHarness.h"
#include "SeedFixtures.h"
#include "Simulator.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;

// login / whoami / logout against the simulator's identity service, with the real keychain
// (Secret Service in a private D-Bus session) and a fake browser given through $BROWSER.
class TestCliSignIn : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<qd::sim::Simulator> m_sim;
    std::unique_ptr<CliHarness> m_cli;

    CliHarness::Run cli(const QStringList &args) { return m_cli->run(args); }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("needs a Secret Service: run under dbus-run-session with an unlocked gnome-keyring "
                  "(scripts/test does)");
        if (QStandardPaths::findExecutable(u"curl"_s).isEmpty())
            QSKIP("the fake browser is curl, which is not installed");
    }

    void init()
    {
        m_sim = std::make_unique<qd::sim::Simulator>();
        QVERIFY2(m_sim->listen(), qPrintable(m_sim->errorString()));
        m_cli = std::make_unique<CliHarness>();
        // A fresh port per test means a fresh authority, so keychain entries never collide.
        m_cli->setEnv(u"QUALDESK_BASE_URL"_s, m_sim->baseUrl().toString());
        m_cli->setEnv(u"QUALDESK_AUTHORITY"_s, m_sim->authority().toString());
        m_cli->setEnv(u"QUALDESK_CLIENT_ID"_s, m_sim->demoClientId());
        // The "browser" fetches the sign-in page and follows the redirect back to the CLI.
        m_cli->setEnv(u"BROWSER"_s, u"curl -sS -L -o /dev/null %s"_s);
    }

    void cleanup()
    {
        if (m_cli)
            cli({u"logout"_s});
        m_cli.reset();
        m_sim.reset();
    }

    void browserLoginWhoamiQualifyLogout()
    {
        auto run = cli({u"whoami"_s});
        QVERIFY2(run.exitCode == 5, run.describe());
        QVERIFY(run.errText().contains(u"qualdesk-cli login"_s));

        run = cli({u"login"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(fx::kDefaultUpn));
        QVERIFY(run.errText().contains(m_sim->authority().toString() +
                                       u"/oauth2/v2.0/authorize"_s)); // the URL, for copying

        run = cli({u"--json"_s, u"whoami"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QJsonObject who = run.json().object();
        QCOMPARE(who.value(u"upn"_s).toString(), fx::kDefaultUpn);
        QCOMPARE(who.value(u"name"_s).toString(), fx::kDefaultUserName);
        QCOMPARE(who.value(u"tenantId"_s).toString(), fx::kPartnerTenantId);
        QCOMPARE(who.value(u"persistent"_s).toBool(), true);

        // Another process uses the stored sign-in: no token in the environment.
        run = cli({u"--json"_s, u"qualify"_s, fx::kCustomerNoQualification, u"soe"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification), 1);

        run = cli({u"logout"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        run = cli({u"customer"_s, fx::kCustomerSoe});
        QVERIFY2(run.exitCode == 5, run.describe());
        QVERIFY(run.errText().contains(u"qualdesk-cli login"_s));
    }

    void revokedSignInAsksForLogin()
    {
        auto run = cli({u"login"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        m_sim->revokeRefreshTokens();
        run = cli({u"customer"_s, fx::kCustomerSoe});
        QVERIFY2(run.exitCode == 5, run.describe());
        QVERIFY(run.errText().contains(u"qualdesk-cli login"_s));
    }

    void deviceCodeLogin()
    {
        QProcess *process = m_cli->start({u"login"_s, u"--device-code"_s}, this);
        QTRY_VERIFY_WITH_TIMEOUT(!m_sim->lastUserCode().isEmpty(), 30000);
        const QString code = m_sim->lastUserCode();
        QVERIFY(m_sim->approveDeviceCode(code));
        const auto run = CliHarness::finish(process);
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.errText().contains(code));
        QVERIFY(run.outText().contains(fx::kDefaultUpn));

        const auto who = cli({u"--json"_s, u"whoami"_s});
        QVERIFY2(who.exitCode == 0, who.describe());
        QCOMPARE(who.json().object().value(u"upn"_s).toString(), fx::kDefaultUpn);
    }

    // No browser (none can start) or one that never comes back: the CLI prints the address and
    // how to sign in with a code, and the printed address, opened "by hand", still signs in.
    void loginWithoutAWorkingBrowser_data()
    {
        QTest::addColumn<QString>("browser");
        QTest::addColumn<QString>("notice");
        QTest::newRow("cannot open") << u"/nonexistent/browser %s"_s << u"No browser could be opened"_s;
        QTest::newRow("never answers") << u"/bin/true %s"_s << u"The browser has not answered"_s;
    }

    void loginWithoutAWorkingBrowser()
    {
        QFETCH(QString, browser);
        QFETCH(QString, notice);
        m_cli->setEnv(u"BROWSER"_s, browser);
        m_cli->setEnv(u"PATH"_s, m_cli->homeDir()); // no xdg-open to fall back on
        m_cli->setEnv(u"QUALDESK_BROWSER_WAIT"_s, u"0.2"_s);
        QProcess *process = m_cli->start({u"login"_s}, this);
        QByteArray err;
        connect(process, &QProcess::readyReadStandardError, this,
                [process, &err] { err += process->readAllStandardError(); });
        QTRY_VERIFY2_WITH_TIMEOUT(QString::fromUtf8(err).contains(u"--device-code"_s), err.constData(),
                                  30000);
        const QString text = QString::fromUtf8(err);
        QVERIFY2(text.contains(notice), qPrintable(text));
        QVERIFY2(text.contains(u"qualdesk-cli login --device-code"_s), qPrintable(text));
        QCOMPARE(process->state(), QProcess::Running); // still waiting for the address to be used

        // The address from the notice, opened in a browser elsewhere: the redirect comes back.
        const qsizetype start = text.indexOf(m_sim->authority().toString() + u"/oauth2/v2.0/authorize"_s);
        QVERIFY(start >= 0);
        const QUrl address(text.mid(start, text.indexOf(QRegularExpression(u"\\s"_s), start) - start));
        QVERIFY2(address.isValid(), qPrintable(address.toString()));
        QNetworkAccessManager network;
        QNetworkRequest request(address);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::NoLessSafeRedirectPolicy);
        QNetworkReply *reply = network.get(request);
        QSignalSpy fetched(reply, &QNetworkReply::finished);
        QVERIFY(fetched.wait(30000));
        reply->deleteLater();
        const auto run = CliHarness::finish(process);
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(fx::kDefaultUpn));
    }

    void loginWithoutClientIdIsUsageError()
    {
        m_cli->setEnv(u"QUALDESK_CLIENT_ID"_s, QString());
        const auto run = cli({u"login"_s});
        QVERIFY2(run.exitCode == 2, run.describe());
        QVERIFY(!run.err.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliSignIn)
#include "tst_cli_signin.moc"
