#include "CliHarness.h"
#include "SeedFixtures.h"
#include "Simulator.h"
#include "history/SubmissionStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;

// history and refresh after qualify: what was submitted is listed (table, --json, CSV), vetting
// changes are picked up, and submissions whose answer was lost are settled.
class TestCliHistory : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<qd::sim::Simulator> m_sim;
    std::unique_ptr<CliHarness> m_cli;

    CliHarness::Run cli(const QStringList &args) { return m_cli->run(args); }

    static qd::sim::Fault fault(qd::sim::Fault::Kind kind, const QString &method, const QString &path,
                                int times = -1)
    {
        qd::sim::Fault f;
        f.kind = kind;
        f.method = method;
        f.pathPattern = path;
        f.times = times;
        return f;
    }

    // qualify whose POST does the work but loses its answer (add a failing GET first to keep
    // the outcome unknown).
    CliHarness::Run qualifyLosingTheAnswer(const QString &customerId)
    {
        m_sim->addFault(
            fault(qd::sim::Fault::Kind::DropAfterWork, u"POST"_s, u"/v1/customers/*/qualifications"_s));
        return cli({u"qualify"_s, customerId, u"soe"_s});
    }

    QJsonArray historyJson(const QStringList &extra = {})
    {
        const auto run = cli(QStringList{u"history"_s, u"--json"_s} + extra);
        if (run.exitCode != 0)
            qWarning("%s", run.describe().constData());
        return run.json().array();
    }

private slots:
    void init()
    {
        qd::sim::SimulatorOptions options;
        options.vettingDelayMs = 60 * 60 * 1000; // vetting moves only when a test settles it
        m_sim = std::make_unique<qd::sim::Simulator>(options);
        QVERIFY2(m_sim->listen(), qPrintable(m_sim->errorString()));
        m_cli = std::make_unique<CliHarness>();
        m_cli->useServer(m_sim->baseUrl(), m_sim->issueAccessToken());
    }

    void cleanup()
    {
        m_cli.reset();
        m_sim.reset();
    }

    void emptyHistory()
    {
        auto run = cli({u"history"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(u"No submission"_s));
        QCOMPARE(historyJson().size(), 0);
        run = cli({u"refresh"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(u"Nothing to refresh"_s));
        QCOMPARE(m_sim->recordedRequests().size(), 0);
    }

    void qualifyIsRecorded()
    {
        auto run = cli({u"--json"_s, u"qualify"_s, fx::kCustomerNoQualification, u"education"_s,
                        u"--segment"_s, u"K12"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QString requestId = run.json().object().value(u"requestId"_s).toString();
        run = cli({u"qualify"_s, fx::kCustomerEducationApproved, u"soe"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        run = cli({u"qualify"_s, fx::kCustomerEducationApproved, u"education"_s, u"--segment"_s, u"K12"_s});
        QVERIFY2(run.exitCode == 3, run.describe()); // refused, and recorded as such

        const QJsonArray all = historyJson();
        QCOMPARE(all.size(), 3);
        for (const QJsonValue &v : all) {
            const QJsonObject o = v.toObject();
            for (const QString &key : {u"id"_s, u"time"_s, u"customerId"_s, u"companyName"_s,
                                       u"qualification"_s, u"state"_s, u"vettingStatus"_s, u"requestId"_s})
                QVERIFY2(o.contains(key), qPrintable(key));
        }
        // Newest first.
        const QJsonObject oldest = all.last().toObject();
        QCOMPARE(oldest.value(u"customerId"_s).toString(), fx::kCustomerNoQualification);
        QCOMPARE(oldest.value(u"companyName"_s).toString(), fx::kCustomerNoQualificationName);
        QCOMPARE(oldest.value(u"qualification"_s).toString(), u"Education"_s);
        QCOMPARE(oldest.value(u"state"_s).toString(), u"accepted"_s);
        QCOMPARE(oldest.value(u"vettingStatus"_s).toString(), u"InReview"_s);
        QCOMPARE(oldest.value(u"requestId"_s).toString(), requestId);
        QCOMPARE(all.first().toObject().value(u"state"_s).toString(), u"rejected"_s);

        QCOMPARE(historyJson({u"--customer"_s, fx::kCustomerEducationApproved}).size(), 2);
        QCOMPARE(historyJson({u"--state"_s, u"accepted"_s}).size(), 2);
        QCOMPARE(historyJson({u"--state"_s, u"rejected"_s, u"--customer"_s, fx::kCustomerEducationApproved})
                     .size(),
                 1);
        QCOMPARE(historyJson({u"--limit"_s, u"1"_s}).size(), 1);

        run = cli({u"history"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(fx::kCustomerNoQualificationName));
        QVERIFY(run.outText().contains(requestId));
        QCOMPARE(run.outText().split(u'\n', Qt::SkipEmptyParts).size(), 2 + 3);

        run = cli({u"history"_s, u"--limit"_s, u"2"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(u"--limit 0"_s)); // says that more exist

        // The history lives in the data folder given, never elsewhere.
        QVERIFY(QFile::exists(m_cli->dataDir() + u"/history.sqlite"_s));
    }

    void exportCsv()
    {
        auto run = cli({u"qualify"_s, fx::kCustomerNoQualification, u"soe"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QString file = m_cli->homeDir() + u"/out/export.csv"_s;
        QDir().mkpath(m_cli->homeDir() + u"/out"_s);
        run = cli({u"history"_s, u"--export"_s, file});
        QVERIFY2(run.exitCode == 0, run.describe());
        QFile csv(file);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray bytes = csv.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF")); // UTF-8 with BOM, for spreadsheets
        const QString text = QString::fromUtf8(bytes.mid(3));
        const QStringList lines = text.split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines.at(0).contains(u"requestId"_s));
        QVERIFY(lines.at(1).contains(fx::kCustomerNoQualificationName)); // Czech letters intact
    }

    void filtersByWhoSubmitted()
    {
        // A history shared by a team: two people's rows, and one from before names were kept.
        const QString colleague = u"zdenek.kral@contoso-partner.example"_s;
        {
            qd::SubmissionStore store;
            QVERIFY2(store.open(m_cli->dataDir()), qPrintable(store.lastError().message));
            QList<qd::Submission> rows;
            const QStringList users{fx::kDefaultUpn, colleague, fx::kDefaultUpn, QString()};
            const QStringList customers{fx::kCustomerNoQualification, fx::kCustomerSoe,
                                        fx::kCustomerEducationApproved, fx::kCustomerNoQualification2};
            for (int i = 0; i < users.size(); ++i) {
                qd::Submission s;
                s.user = users.at(i);
                s.customerId = customers.at(i);
                s.companyName = u"Customer %1"_s.arg(i);
                s.request.type = qd::QualificationType::StateOwnedEntity;
                rows << s;
            }
            QVERIFY(store.insertPendingBatch(rows));
            for (qd::Submission s : std::as_const(rows)) {
                s.state = qd::Submission::State::Accepted;
                QVERIFY(store.recordOutcome(s));
            }
        }

        QCOMPARE(historyJson().size(), 4);
        const QJsonArray mine = historyJson({u"--user"_s, fx::kDefaultUpn});
        QCOMPARE(mine.size(), 2);
        for (const QJsonValue &v : mine)
            QCOMPARE(v.toObject().value(u"user"_s).toString(), fx::kDefaultUpn);
        const QJsonArray theirs = historyJson({u"--user"_s, colleague});
        QCOMPARE(theirs.size(), 1);
        QCOMPARE(theirs.first().toObject().value(u"customerId"_s).toString(), fx::kCustomerSoe);
        QCOMPARE(historyJson({u"--user"_s, fx::kDefaultUpn.toUpper()}).size(), 0); // the name exactly
        QCOMPARE(historyJson({u"--user"_s, u"zdenek"_s}).size(), 0);
        QCOMPARE(historyJson({u"--user"_s, fx::kDefaultUpn, u"--customer"_s, fx::kCustomerSoe}).size(), 0);

        // The table says who submitted each row.
        auto run = cli({u"history"_s, u"--user"_s, colleague});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QStringList lines = run.outText().split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2 + 1);
        QVERIFY2(lines.at(0).contains(u"Submitted by"_s), qPrintable(lines.at(0)));
        QVERIFY2(lines.at(2).contains(colleague), qPrintable(lines.at(2)));
        run = cli({u"history"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(fx::kDefaultUpn));
        QVERIFY(run.outText().contains(colleague));

        // So does the CSV, with only that person's rows.
        const QString file = m_cli->homeDir() + u"/theirs.csv"_s;
        run = cli({u"history"_s, u"--user"_s, colleague, u"--export"_s, file});
        QVERIFY2(run.exitCode == 0, run.describe());
        QFile csv(file);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList rows = QString::fromUtf8(csv.readAll().mid(3)).split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 2);
        QVERIFY(rows.at(0).contains(u"user"_s));
        QVERIFY(rows.at(1).contains(colleague));

        // The option is in the command's help.
        run = cli({u"history"_s, u"--help"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY2(run.outText().contains(u"--user <NAME>"_s), qPrintable(run.outText()));
    }

    void badFiltersAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("state") << QStringList{u"history"_s, u"--state"_s, u"lost"_s};
        QTest::newRow("customer") << QStringList{u"history"_s, u"--customer"_s, u"nope"_s};
        QTest::newRow("limit") << QStringList{u"history"_s, u"--limit"_s, u"-3"_s};
        QTest::newRow("user") << QStringList{u"history"_s, u"--user"_s, u" "_s};
        QTest::newRow("argument") << QStringList{u"history"_s, u"extra"_s};
    }

    void badFiltersAreUsageErrors()
    {
        QFETCH(QStringList, args);
        const auto run = cli(args);
        QVERIFY2(run.exitCode == 2, run.describe());
        QVERIFY(!run.err.isEmpty());
    }

    void refreshPicksUpVetting()
    {
        auto run =
            cli({u"qualify"_s, fx::kCustomerNoQualification, u"education"_s, u"--segment"_s, u"K12"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        run = cli({u"qualify"_s, fx::kCustomerVettingWillBeDenied, u"education"_s, u"--segment"_s, u"K12"_s});
        QVERIFY2(run.exitCode == 0, run.describe());

        // Nothing changed yet.
        run = cli({u"--json"_s, u"refresh"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(run.json().object().value(u"checked"_s).toInt(), 2);
        QCOMPARE(run.json().object().value(u"changes"_s).toArray().size(), 0);

        m_sim->settleVettingNow();
        run = cli({u"--json"_s, u"refresh"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QJsonArray changes = run.json().object().value(u"changes"_s).toArray();
        QCOMPARE(changes.size(), 2);
        QSet<QString> outcomes;
        for (const QJsonValue &v : changes) {
            QCOMPARE(v.toObject().value(u"fromVettingStatus"_s).toString(), u"InReview"_s);
            outcomes.insert(v.toObject().value(u"toVettingStatus"_s).toString());
        }
        QCOMPARE(outcomes, (QSet<QString>{u"Approved"_s, u"Denied"_s}));

        const QJsonArray rows = historyJson({u"--customer"_s, fx::kCustomerVettingWillBeDenied});
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().toObject().value(u"vettingStatus"_s).toString(), u"Denied"_s);

        // Everything settled: nothing left to read.
        m_sim->clearRecordedRequests();
        run = cli({u"refresh"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(u"Nothing to refresh"_s));
        QCOMPARE(m_sim->recordedRequests().size(), 0);
    }

    void lostAnswerIsSettledByRefresh()
    {
        // The POST is done but its answer lost, and the re-read fails too: the outcome is unknown.
        using K = qd::sim::Fault::Kind;
        m_sim->addFault(fault(K::ServerError, u"GET"_s, u"/v1/customers/*/qualifications"_s));
        auto run = qualifyLosingTheAnswer(fx::kCustomerNoQualification);
        QVERIFY2(run.exitCode == 4, run.describe());
        QVERIFY(run.errText().contains(u"refresh"_s));
        QCOMPARE(historyJson().first().toObject().value(u"state"_s).toString(), u"unknown"_s);
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification), 1);

        // Still failing reads: refresh says so with exit 4 and changes nothing.
        run = cli({u"refresh"_s});
        QVERIFY2(run.exitCode == 4, run.describe());
        QCOMPARE(historyJson().first().toObject().value(u"state"_s).toString(), u"unknown"_s);

        m_sim->clearFaults();
        run = cli({u"--json"_s, u"refresh"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QJsonArray changes = run.json().object().value(u"changes"_s).toArray();
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.first().toObject().value(u"fromState"_s).toString(), u"unknown"_s);
        QCOMPARE(changes.first().toObject().value(u"toState"_s).toString(), u"accepted"_s);
        QCOMPARE(historyJson().first().toObject().value(u"state"_s).toString(), u"accepted"_s);
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification), 1); // nothing created twice
    }

    void unknownNeverArrivedIsSentAgainOnRequest()
    {
        using K = qd::sim::Fault::Kind;
        m_sim->addFault(fault(K::DropBeforeWork, u"POST"_s, u"/v1/customers/*/qualifications"_s));
        m_sim->addFault(fault(K::ServerError, u"GET"_s, u"/v1/customers/*/qualifications"_s));
        auto run = cli({u"qualify"_s, fx::kCustomerNoQualification2, u"soe"_s});
        QVERIFY2(run.exitCode == 4, run.describe());
        const QString requestId = historyJson().first().toObject().value(u"requestId"_s).toString();
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification2), 0);

        m_sim->clearFaults();
        run = cli({u"--json"_s, u"refresh"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(run.json().object().value(u"stillUnknown"_s).toInt(), 1);
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification2), 0); // refresh alone never sends

        m_sim->clearRecordedRequests();
        run = cli({u"refresh"_s, u"--retry-unknown"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification2), 1);
        for (const auto &r : m_sim->recordedRequests()) {
            if (r.method == "POST"_L1)
                QCOMPARE(QString::fromLatin1(r.header("MS-RequestId")), requestId); // the original ID
        }
        QCOMPARE(historyJson().first().toObject().value(u"state"_s).toString(), u"accepted"_s);
    }

    void rejectedTokenIsExitFive()
    {
        using K = qd::sim::Fault::Kind;
        m_sim->addFault(fault(K::ServerError, u"GET"_s, u"/v1/customers/*/qualifications"_s));
        auto run = qualifyLosingTheAnswer(fx::kCustomerNoQualification);
        QVERIFY2(run.exitCode == 4, run.describe());
        m_sim->clearFaults();

        // The token Partner Center no longer takes: "sign in again" (5), not a failure (4).
        m_cli->useServer(m_sim->baseUrl(), u"revoked-or-never-issued-token-0000"_s);
        run = cli({u"refresh"_s});
        QVERIFY2(run.exitCode == 5, run.describe());
        QVERIFY2(!run.errText().isEmpty(), run.describe());
        QCOMPARE(historyJson().first().toObject().value(u"state"_s).toString(), u"unknown"_s);
    }
};

QTEST_GUILESS_MAIN(TestCliHistory)
#include "tst_cli_history.moc"
