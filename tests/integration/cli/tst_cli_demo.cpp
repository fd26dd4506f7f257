#include "CliHarness.h"
#include "SeedFixtures.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;

// --demo: the CLI starts its own simulator and signs in against it through the browser flow,
// with no token from the environment and nothing stored in the keychain.
class TestCliDemo : public QObject
{
    Q_OBJECT

private slots:
    void qualifyEndToEnd()
    {
        CliHarness cli;
        // Even a token in the environment is not used: the demo signs in for itself.
        cli.setEnv(u"QUALDESK_ACCESS_TOKEN"_s, u"not-a-token-the-demo-knows"_s);
        auto run = cli.run({u"--demo"_s, u"--json"_s, u"qualify"_s, fx::kCustomerNoQualification,
                            u"education"_s, u"--segment"_s, u"K12"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QJsonObject o = run.json().object();
        QCOMPARE(o.value(u"qualification"_s).toString(), u"Education"_s);
        QCOMPARE(o.value(u"vettingStatus"_s).toString(), u"InReview"_s);
        QVERIFY(!o.value(u"requestId"_s).toString().isEmpty());

        // Recorded in the demo history, apart from real submissions, with the demo user.
        QVERIFY(QFile::exists(cli.dataDir() + u"/demo/history.sqlite"_s));
        QVERIFY(!QFile::exists(cli.dataDir() + u"/history.sqlite"_s));
        run = cli.run({u"--demo"_s, u"--json"_s, u"history"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(run.json().array().size(), 1);
        QCOMPARE(run.json().array().first().toObject().value(u"user"_s).toString(), fx::kDefaultUpn);
    }

    void whoamiAndLookups()
    {
        CliHarness cli;
        auto run = cli.run({u"--demo"_s, u"--json"_s, u"whoami"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QJsonObject who = run.json().object();
        QCOMPARE(who.value(u"upn"_s).toString(), fx::kDefaultUpn);
        QCOMPARE(who.value(u"tenantId"_s).toString(), fx::kPartnerTenantId);
        QCOMPARE(who.value(u"environment"_s).toString(), u"demo"_s);
        QVERIFY(who.value(u"baseUrl"_s).toString().startsWith(u"http://127.0.0.1:"_s));

        run = cli.run({u"--demo"_s, u"search"_s, fx::kBrnoPrefix, u"--json"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(run.json().array().size(), fx::kBrnoPrefixCount);

        run = cli.run({u"--demo"_s, u"login"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(fx::kDefaultUpn));
    }

    void demoRefusalsKeepTheirExitCodes()
    {
        CliHarness cli;
        auto run = cli.run({u"--demo"_s, u"qualify"_s, fx::kCustomerEducationApproved, u"education"_s,
                            u"--segment"_s, u"K12"_s});
        QVERIFY2(run.exitCode == 3, run.describe());
        run = cli.run({u"--demo"_s, u"qualify"_s, u"bad"_s, u"soe"_s});
        QVERIFY2(run.exitCode == 2, run.describe());
    }
};

QTEST_GUILESS_MAIN(TestCliDemo)
#include "tst_cli_demo.moc"
