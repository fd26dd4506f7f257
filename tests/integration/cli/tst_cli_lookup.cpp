#include "CliHarness.h"
#include "SeedFixtures.h"
#include "Simulator.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;

// customer, search, qualifications and validation-codes against an in-process simulator:
// human tables, the exact --json shapes, paging, headers and the exit codes of lookups.
class TestCliLookup : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<qd::sim::Simulator> m_sim;
    std::unique_ptr<CliHarness> m_cli;

    CliHarness::Run cli(const QStringList &args) { return m_cli->run(args); }

private slots:
    void init()
    {
        qd::sim::SimulatorOptions options;
        options.pageSize = 2; // so every search of more than two customers is paged
        m_sim = std::make_unique<qd::sim::Simulator>(options);
        QVERIFY2(m_sim->listen(), qPrintable(m_sim->errorString()));
        m_cli = std::make_unique<CliHarness>();
        QVERIFY(m_cli->isValid());
        m_cli->useServer(m_sim->baseUrl(), m_sim->issueAccessToken());
    }

    void cleanup()
    {
        m_cli.reset();
        m_sim.reset();
    }

    void customerHuman()
    {
        const auto run = cli({u"customer"_s, fx::kCustomerNoQualification});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(fx::kCustomerNoQualificationName));
        QVERIFY(run.outText().contains(fx::kCustomerNoQualificationDomain));
        QVERIFY(run.outText().contains(u"Tenant ID:"_s));
        QVERIFY(run.err.isEmpty());
    }

    void customerJson()
    {
        const auto run = cli({u"--json"_s, u"customer"_s, fx::kCustomerEducationApproved});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QJsonObject o = run.json().object();
        QCOMPARE(o.value(u"id"_s).toString(), fx::kCustomerEducationApproved);
        QCOMPARE(o.value(u"companyName"_s).toString(), fx::kCustomerEducationApprovedName);
        QCOMPARE(o.value(u"domain"_s).toString(), fx::kCustomerEducationApprovedDomain);
    }

    void customerUnknownIsRefused()
    {
        const auto run = cli({u"customer"_s, fx::kUnknownCustomer});
        QVERIFY2(run.exitCode == 3, run.describe());
        QVERIFY(run.out.isEmpty());
        QVERIFY(run.errText().contains(u"Request ID"_s));
    }

    void customerBadGuidSendsNothing()
    {
        const auto run = cli({u"customer"_s, u"not-a-guid"_s});
        QVERIFY2(run.exitCode == 2, run.describe());
        QVERIFY(run.errText().contains(u"GUID"_s));
        QCOMPARE(m_sim->recordedRequests().size(), 0);
    }

    void searchPagesThroughEveryResult()
    {
        const auto run = cli({u"search"_s, u"--json"_s, fx::kBrnoPrefix});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QJsonArray array = run.json().array();
        QCOMPARE(array.size(), fx::kBrnoPrefixCount);
        QSet<QString> ids;
        for (const QJsonValue &v : array) {
            const QJsonObject o = v.toObject();
            QVERIFY(o.value(u"companyName"_s).toString().startsWith(fx::kBrnoPrefix, Qt::CaseInsensitive));
            QVERIFY(!o.value(u"id"_s).toString().isEmpty());
            QVERIFY(o.contains(u"domain"_s));
            ids.insert(o.value(u"id"_s).toString());
        }
        QCOMPARE(ids.size(), fx::kBrnoPrefixCount); // no page read twice
        // Page size 2 and 4 results: the later pages went out with their continuation token.
        int continued = 0;
        for (const auto &r : m_sim->recordedRequests()) {
            if (r.path == "/v1/customers"_L1 && !r.header("MS-ContinuationToken").isEmpty())
                ++continued;
        }
        QVERIFY(continued >= 1);
    }

    void searchHumanTable()
    {
        const auto run = cli({u"search"_s, fx::kZakladniPrefix});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QStringList lines = run.outText().split(u'\n', Qt::SkipEmptyParts);
        // Header, rule, one line per customer, the count.
        QCOMPARE(lines.size(), 2 + fx::kZakladniPrefixCount + 1);
        QVERIFY(lines.at(0).startsWith(u"Tenant ID"_s));
        QVERIFY(lines.at(1).startsWith(u"------"_s));
        QVERIFY(run.outText().contains(fx::kCustomerNoQualificationName));
        QVERIFY(lines.last().contains(QString::number(fx::kZakladniPrefixCount)));
    }

    void searchByDomain()
    {
        const auto run = cli({u"--json"_s, u"search"_s, fx::kZsDomainPrefix, u"--domain"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(run.json().array().size(), fx::kZsDomainPrefixCount);
        for (const QJsonValue &v : run.json().array())
            QVERIFY(v.toObject().value(u"domain"_s).toString().startsWith(fx::kZsDomainPrefix));
    }

    void searchWithoutResults()
    {
        auto run = cli({u"search"_s, u"Zzzz-no-such"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(u"No customer"_s));
        run = cli({u"search"_s, u"--json"_s, u"Zzzz-no-such"_s});
        QCOMPARE(run.json().array().size(), 0);
        QVERIFY(run.json().isArray());
    }

    void qualificationsJson()
    {
        const auto run = cli({u"--json"_s, u"qualifications"_s, fx::kCustomerEducationDenied});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QJsonArray array = run.json().array();
        QCOMPARE(array.size(), 1);
        const QJsonObject q = array.first().toObject();
        QCOMPARE(q.value(u"qualification"_s).toString(), u"Education"_s);
        QCOMPARE(q.value(u"vettingStatus"_s).toString(), u"Denied"_s);
        QCOMPARE(q.value(u"vettingReason"_s).toString(), fx::kNotAnEducationCustomer);
        // Read from the misspelled key, written back as ISO 8601 UTC.
        const QString date = q.value(u"vettingCreateDate"_s).toString();
        QVERIFY2(date.endsWith(u'Z'), qPrintable(date));
        QVERIFY(QDateTime::fromString(date, Qt::ISODateWithMs).isValid());
    }

    void qualificationsHuman()
    {
        auto run = cli({u"qualifications"_s, fx::kCustomerGccApproved});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(u"Government Community Cloud"_s) ||
                run.outText().contains(u"GovernmentCommunityCloud"_s));
        QVERIFY(run.outText().contains(u"Approved"_s));

        run = cli({u"qualifications"_s, fx::kCustomerUnknownStatus});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(fx::kUnknownVettingStatus)); // shown raw, never dropped

        run = cli({u"qualifications"_s, fx::kCustomerNoQualification});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(u"no qualification"_s));
        run = cli({u"--json"_s, u"qualifications"_s, fx::kCustomerNoQualification});
        QVERIFY(run.json().isArray());
        QCOMPARE(run.json().array().size(), 0);
    }

    void validationCodes()
    {
        auto run = cli({u"validation-codes"_s, u"--json"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QJsonArray array = run.json().array();
        QCOMPARE(array.size(), fx::kValidationCodeCount);
        bool sawExhausted = false;
        for (const QJsonValue &v : array) {
            const QJsonObject o = v.toObject();
            QVERIFY(!o.value(u"validationId"_s).toString().isEmpty());
            QVERIFY(o.contains(u"organizationName"_s));
            QVERIFY(o.value(u"maxCreates"_s).isDouble());
            QVERIFY(o.value(u"remainingCreates"_s).isDouble());
            if (o.value(u"validationId"_s).toString() == fx::kValidationCodeExhausted) {
                QCOMPARE(o.value(u"remainingCreates"_s).toInt(), 0);
                sawExhausted = true;
            }
        }
        QVERIFY(sawExhausted);

        run = cli({u"validation-codes"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(fx::kValidationCodeSpacious));
        QVERIFY(run.outText().contains(u"Validation ID"_s));
    }

    void headersAndLocale()
    {
        auto run = cli({u"customer"_s, fx::kCustomerSoe});
        QVERIFY2(run.exitCode == 0, run.describe());
        auto requests = m_sim->recordedRequests();
        QVERIFY(!requests.isEmpty());
        const auto &first = requests.constLast();
        QCOMPARE(first.header("X-Locale"), QByteArray("en-US"));
        QVERIFY(first.header("Authorization").startsWith("Bearer "));
        QVERIFY(!first.header("MS-RequestId").isEmpty());
        QVERIFY(!first.header("MS-CorrelationId").isEmpty());
        QCOMPARE(first.header("MS-PartnerCenter-Application"), QByteArray("QualDesk"));

        m_sim->clearRecordedRequests();
        run = cli({u"--lang"_s, u"cs"_s, u"customer"_s, fx::kCustomerSoe});
        QVERIFY2(run.exitCode == 0, run.describe());
        requests = m_sim->recordedRequests();
        QVERIFY(!requests.isEmpty());
        QCOMPARE(requests.constLast().header("X-Locale"), QByteArray("cs-CZ"));

        // The environment's locale decides when --lang is absent.
        m_sim->clearRecordedRequests();
        m_cli->setEnv(u"LC_ALL"_s, u"cs_CZ.UTF-8"_s);
        run = cli({u"customer"_s, fx::kCustomerSoe});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(m_sim->recordedRequests().constLast().header("X-Locale"), QByteArray("cs-CZ"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{u"frobnicate"_s};
        QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s, u"validation-codes"_s};
        QTest::newRow("missing argument") << QStringList{u"customer"_s};
        QTest::newRow("extra argument") << QStringList{u"validation-codes"_s, u"x"_s};
        QTest::newRow("bad language") << QStringList{u"--lang"_s, u"de"_s, u"validation-codes"_s};
        QTest::newRow("http base url")
            << QStringList{u"--base-url"_s, u"http://partner.example"_s, u"validation-codes"_s};
        QTest::newRow("option of another command")
            << QStringList{u"search"_s, u"Brno"_s, u"--segment"_s, u"K12"_s};
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        const auto run = cli(args);
        QVERIFY2(run.exitCode == 2, run.describe());
        QVERIFY(!run.err.isEmpty());
        QVERIFY(run.out.isEmpty());
        QCOMPARE(m_sim->recordedRequests().size(), 0);
    }

    void helpAndVersion()
    {
        auto run = cli({u"--help"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(u"Exit codes:"_s));
        QVERIFY(run.outText().contains(u"validation-codes"_s));
        run = cli({u"qualify"_s, u"--help"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(u"--segment"_s));
        run = cli({u"--version"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().startsWith(u"qualdesk-cli "_s));
        QCOMPARE(m_sim->recordedRequests().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliLookup)
#include "tst_cli_lookup.moc"
