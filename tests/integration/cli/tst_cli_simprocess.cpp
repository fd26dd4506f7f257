#include "CliHarness.h"
#include "SeedFixtures.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;

// The CLI against a separate qualdesk-sim process, controlled only through its admin endpoints,
// the way scripts and the benchmarks use it.
class TestCliSimProcess : public QObject
{
    Q_OBJECT

private:
    SimProcess m_sim;
    const QString m_token = u"cli-test-token"_s;

    int created(const QString &tenant)
    {
        const QJsonObject stats = QJsonDocument::fromJson(m_sim.get(u"/_sim/stats"_s)).object();
        return stats.value(u"created"_s).toObject().value(tenant).toInt();
    }
    int requests()
    {
        return QJsonDocument::fromJson(m_sim.get(u"/_sim/stats"_s)).object().value(u"requests"_s).toInt();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_sim.start(m_token), qPrintable(m_sim.errorString()));
        QCOMPARE(m_sim.baseUrl().host(), u"127.0.0.1"_s);
    }

    void lookupAndQualify()
    {
        CliHarness cli;
        cli.useServer(m_sim.baseUrl(), m_token);
        auto run = cli.run({u"--json"_s, u"customer"_s, fx::kCustomerSoe});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(run.json().object().value(u"id"_s).toString(), fx::kCustomerSoe);

        const int before = requests();
        run = cli.run({u"qualify"_s, u"not-a-guid"_s, u"education"_s, u"--segment"_s, u"K12"_s});
        QVERIFY2(run.exitCode == 2, run.describe());
        run = cli.run({u"qualify"_s, fx::kCustomerNoQualification3, u"education"_s});
        QVERIFY2(run.exitCode == 2, run.describe());
        QCOMPARE(requests(), before); // nothing reached the server

        run = cli.run({u"--json"_s, u"qualify"_s, fx::kCustomerNoQualification3, u"soe"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(created(fx::kCustomerNoQualification3), 1);
    }

    void throttledThenServed()
    {
        CliHarness cli;
        cli.useServer(m_sim.baseUrl(), m_token);
        int status = 0;
        m_sim.post(u"/_sim/faults"_s,
                   QJsonDocument(QJsonObject{{u"kind"_s, u"throttle"_s},
                                             {u"method"_s, u"GET"_s},
                                             {u"path"_s, u"/v1/customers/all/validations"_s},
                                             {u"times"_s, 1},
                                             {u"retryAfterSeconds"_s, 1}})
                       .toJson(),
                   &status);
        QVERIFY(status >= 200 && status < 300);
        const auto run = cli.run({u"--json"_s, u"validation-codes"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(run.json().array().size(), fx::kValidationCodeCount);
    }

    void serverErrorOnEveryAttempt()
    {
        CliHarness cli;
        cli.useServer(m_sim.baseUrl(), m_token);
        m_sim.post(u"/_sim/faults"_s, QJsonDocument(QJsonObject{{u"kind"_s, u"server-error"_s},
                                                                {u"method"_s, u"GET"_s},
                                                                {u"path"_s, u"/v1/customers/*"_s},
                                                                {u"status"_s, 503}})
                                          .toJson());
        const auto run = cli.run({u"customer"_s, fx::kCustomerSoe});
        int status = 0;
        m_sim.remove(u"/_sim/faults"_s, &status);
        QVERIFY(status >= 200 && status < 300);
        QVERIFY2(run.exitCode == 4, run.describe());
        QVERIFY(!run.err.isEmpty());
    }

    void wrongTokenIsRejected()
    {
        CliHarness cli;
        cli.useServer(m_sim.baseUrl(), u"wrong-token"_s);
        const auto run = cli.run({u"customer"_s, fx::kCustomerSoe});
        QVERIFY2(run.exitCode == 5, run.describe());
        QVERIFY(run.errText().contains(u"QUALDESK_ACCESS_TOKEN"_s));
    }
};

QTEST_GUILESS_MAIN(TestCliSimProcess)
#include "tst_cli_simprocess.moc"
