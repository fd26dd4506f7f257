#include "BulkTestSeed.h"
#include "SeedFixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;
using qd::test::bulkCustomerId;

namespace {
const QString kPostPath = u"/v1/customers/*/qualifications"_s;

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};
} // namespace

// `qualdesk-cli bulk` as scripts use it, against a real qualdesk-sim process: exit codes, JSON,
// dry runs, and a SIGKILL in the middle of a run followed by `bulk --resume`.
class TestBulkCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void unreadableFileOrNoValidRowExitsTwo();
    void dryRunSendsNothing();
    void jsonSummaryAndRefusedRowsExitThree();
    void failedRowExitsFour();
    void killedRunResumesExactlyOnce();

private:
    QString writeCsv(const QString &name, const QByteArray &content);
    QByteArray rowsCsv(int first, int count, const QByteArray &extra = {});
    QProcessEnvironment environment() const;
    CliRun cli(const QStringList &arguments, int timeoutMs = 60000);
    QJsonObject admin(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    int created(const QString &tenant);

    QString m_binDir;
    QTemporaryDir m_tmp;
    std::unique_ptr<QTemporaryDir> m_data;
    QProcess m_sim;
    QUrl m_baseUrl;
    QNetworkAccessManager m_network;
    const QString m_token = u"bulk-cli-token"_s;
};

void TestBulkCli::initTestCase()
{
    m_binDir = qEnvironmentVariable("QUALDESK_BIN_DIR");
    if (!QFile::exists(m_binDir + u"/qualdesk-sim"_s) || !QFile::exists(m_binDir + u"/qualdesk-cli"_s))
        QSKIP("qualdesk-sim or qualdesk-cli not built");
    const QString seed = m_tmp.filePath(u"seed.json"_s);
    QVERIFY(qd::test::writeBulkSeed(seed, 300));
    m_sim.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_sim.start(m_binDir + u"/qualdesk-sim"_s, {u"--port"_s, u"0"_s, u"--token"_s, m_token, u"--seed"_s, seed,
                                                u"--vetting-delay-ms"_s, u"3600000"_s});
    QVERIFY(m_sim.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(m_sim.canReadLine() || m_sim.state() == QProcess::NotRunning, 20000);
    const QByteArray line = m_sim.readLine().trimmed();
    QVERIFY2(line.startsWith("listening on "), line.constData());
    m_baseUrl = QUrl(QString::fromUtf8(line.mid(13)));
}

void TestBulkCli::cleanupTestCase()
{
    if (m_sim.state() != QProcess::NotRunning) {
        m_sim.terminate();
        if (!m_sim.waitForFinished(5000))
            m_sim.kill();
        m_sim.waitForFinished(5000);
    }
}

void TestBulkCli::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    admin("DELETE", u"/_sim/faults"_s);
}

QString TestBulkCli::writeCsv(const QString &name, const QByteArray &content)
{
    const QString path = m_tmp.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qWarning("cannot write %s", qPrintable(path));
    return path;
}

// A semicolon CSV with a BOM and CRLF, as Czech spreadsheets write it; SOE and Education rows.
QByteArray TestBulkCli::rowsCsv(int first, int count, const QByteArray &extra)
{
    QByteArray csv = "\xEF\xBB\xBFTenantId;Qualification;Segment;Website\r\n";
    for (int i = first; i < first + count; ++i)
        csv += bulkCustomerId(i).toLatin1() + (i % 2 ? ";Education;K12;school.cz\r\n" : ";soe;;\r\n");
    return csv + extra;
}

QProcessEnvironment TestBulkCli::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QUALDESK_BASE_URL"_s, m_baseUrl.toString());
    env.insert(u"QUALDESK_ACCESS_TOKEN"_s, m_token);
    env.insert(u"QUALDESK_DATA_DIR"_s, m_data->path());
    env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    return env;
}

CliRun TestBulkCli::cli(const QStringList &arguments, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(environment());
    p.start(m_binDir + u"/qualdesk-cli"_s, arguments);
    CliRun run;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        qWarning("qualdesk-cli did not finish");
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

QJsonObject TestBulkCli::admin(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    QNetworkRequest request(m_baseUrl.resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, QJsonDocument(body).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        qWarning() << "admin request timed out" << path;
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return answer;
}

int TestBulkCli::created(const QString &tenant)
{
    return admin("GET", u"/_sim/stats"_s).value(u"created"_s).toObject().value(tenant).toInt();
}

void TestBulkCli::unreadableFileOrNoValidRowExitsTwo()
{
    CliRun r = cli({u"bulk"_s, m_tmp.filePath(u"missing.csv"_s)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("missing.csv"));

    r = cli({u"bulk"_s, writeCsv(u"quote.csv"_s, "tenantId,qualification\n\"x,soe\n")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("Line 2"), r.err.constData());

    r = cli(
        {u"--json"_s, u"bulk"_s, writeCsv(u"bad.csv"_s, "tenantId,qualification\nnope,soe\nx,Nonprofit\n")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.json().value(u"invalid"_s).toInt(), 2);

    r = cli({u"bulk"_s, u"--concurrency"_s, u"0"_s, writeCsv(u"ok.csv"_s, rowsCsv(0, 1))});
    QCOMPARE(r.exitCode, 2);
    r = cli({u"bulk"_s, u"--resume"_s});
    QCOMPARE(r.exitCode, 2); // nothing to resume in a fresh history
    QCOMPARE(created(bulkCustomerId(0)), 0);
}

void TestBulkCli::dryRunSendsNothing()
{
    const int before = admin("GET", u"/_sim/stats"_s).value(u"requests"_s).toInt();
    const QString file =
        writeCsv(u"dry.csv"_s, rowsCsv(10, 4, fx::kCustomerSoe.toLatin1() + ";soe;;\r\nbad;soe;;\r\n"));
    CliRun r = cli({u"--json"_s, u"bulk"_s, file, u"--dry-run"_s});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = r.json();
    QVERIFY(o.value(u"dryRun"_s).toBool());
    QCOMPARE(o.value(u"valid"_s).toInt(), 4);
    QCOMPARE(o.value(u"invalid"_s).toInt(), 2); // already holds SOE (found by reading), bad GUID
    const QJsonArray rows = o.value(u"rows"_s).toArray();
    QCOMPARE(rows.size(), 6);
    QCOMPARE(rows.at(4).toObject().value(u"line"_s).toInt(), 6);
    QVERIFY(rows.at(4).toObject().value(u"message"_s).toString().contains(u"already holds"_s));
    // Only reads went out: one per customer (the simulator does not count its admin calls).
    QCOMPARE(admin("GET", u"/_sim/stats"_s).value(u"requests"_s).toInt() - before, 5);
    for (int i = 10; i < 14; ++i)
        QCOMPARE(created(bulkCustomerId(i)), 0);
}

void TestBulkCli::jsonSummaryAndRefusedRowsExitThree()
{
    // --no-check: the customer that already holds SOE goes out and Partner Center refuses it.
    const QString file =
        writeCsv(u"refused.csv"_s, rowsCsv(20, 6, fx::kCustomerSoe.toLatin1() + ";soe;;\r\n"));
    CliRun r = cli({u"--json"_s, u"bulk"_s, file, u"--no-check"_s, u"--concurrency"_s, u"3"_s});
    QCOMPARE(r.exitCode, 3);
    const QJsonObject o = r.json();
    const QString runId = o.value(u"runId"_s).toString();
    QVERIFY(!runId.isEmpty());
    QVERIFY2(r.err.contains(runId.toLatin1()), "the run ID is printed when the run starts");
    QVERIFY2(r.err.contains("3 at once"), r.err.constData()); // the progress shows the concurrency
    QCOMPARE(o.value(u"accepted"_s).toInt(), 6);
    QCOMPARE(o.value(u"refused"_s).toInt(), 1);
    QCOMPARE(o.value(u"failed"_s).toInt(), 0);
    QCOMPARE(o.value(u"unknown"_s).toInt(), 0);
    QCOMPARE(o.value(u"invalid"_s).toInt(), 0);
    const QJsonArray rows = o.value(u"rows"_s).toArray();
    QCOMPARE(rows.size(), 7);
    const QJsonObject first = rows.at(0).toObject();
    QCOMPARE(first.value(u"line"_s).toInt(), 2);
    QCOMPARE(first.value(u"tenantId"_s).toString(), bulkCustomerId(20));
    QCOMPARE(first.value(u"qualification"_s).toString(), u"StateOwnedEntity"_s);
    QCOMPARE(first.value(u"state"_s).toString(), u"accepted"_s);
    QVERIFY(first.contains(u"message"_s));
    QCOMPARE(rows.at(6).toObject().value(u"state"_s).toString(), u"refused"_s);
    QVERIFY(!rows.at(6).toObject().value(u"message"_s).toString().isEmpty());

    // The history knows the run.
    r = cli({u"--json"_s, u"history"_s});
    QCOMPARE(r.exitCode, 0);
    int inRun = 0;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out).array())
        inRun += v.toObject().value(u"runId"_s).toString() == runId ? 1 : 0;
    QCOMPARE(inRun, 7);
}

void TestBulkCli::failedRowExitsFour()
{
    // Every POST fails with 503 and the read finds nothing: the row is never failed for it; the
    // run waits (2 s, then 4 s), and stops at the wait it may not exceed, the row left to resume.
    admin("POST", u"/_sim/faults"_s,
          {{u"kind"_s, u"server-error"_s},
           {u"method"_s, u"POST"_s},
           {u"path"_s, kPostPath},
           {u"status"_s, 503}});
    CliRun r = cli({u"--json"_s, u"bulk"_s, writeCsv(u"fail.csv"_s, rowsCsv(30, 1)), u"--no-check"_s,
                    u"--max-wait"_s, u"5"_s},
                   120000);
    QCOMPARE(r.exitCode, 4);
    const QJsonObject o = r.json();
    QCOMPARE(o.value(u"failed"_s).toInt(), 0);
    QCOMPARE(o.value(u"notSent"_s).toInt() + o.value(u"unknown"_s).toInt(), 1);
    QVERIFY2(r.err.contains("resume"), r.err.constData());
    QCOMPARE(created(bulkCustomerId(30)), 0);

    // A --max-wait that is not a number of seconds sends nothing.
    r = cli({u"bulk"_s, writeCsv(u"fail2.csv"_s, rowsCsv(31, 1)), u"--max-wait"_s, u"soon"_s});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(created(bulkCustomerId(31)), 0);
}

void TestBulkCli::killedRunResumesExactlyOnce()
{
    constexpr int first = 100, count = 60;
    admin(
        "POST", u"/_sim/faults"_s,
        {{u"kind"_s, u"latency"_s}, {u"method"_s, u"POST"_s}, {u"path"_s, kPostPath}, {u"latencyMs"_s, 150}});
    const QString file = writeCsv(u"kill.csv"_s, rowsCsv(first, count, "not-a-guid;soe;;\r\n"));
    QProcess p;
    p.setProcessEnvironment(environment());
    p.start(m_binDir + u"/qualdesk-cli"_s, {u"bulk"_s, file, u"--no-check"_s, u"--concurrency"_s, u"4"_s});
    QVERIFY(p.waitForStarted(10000));
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("started"), 20000);
    const auto countCreated = [&] {
        const QJsonObject stats = admin("GET", u"/_sim/stats"_s).value(u"created"_s).toObject();
        int n = 0;
        for (int i = first; i < first + count; ++i)
            n += stats.value(bulkCustomerId(i)).toInt();
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(countCreated() >= 12, 30000);
    QCOMPARE(p.state(), QProcess::Running);
    p.kill(); // SIGKILL, with requests in flight
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    const int createdAtKill = countCreated();
    QVERIFY(createdAtKill < count);
    const int requestsBefore = admin("GET", u"/_sim/stats"_s).value(u"requests"_s).toInt();

    // Without an ID: the most recent unfinished run.
    CliRun r = cli({u"--json"_s, u"bulk"_s, u"--resume"_s}, 120000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = r.json();
    const QString runId = o.value(u"runId"_s).toString();
    QVERIFY(err.contains(runId.toLatin1()));
    QCOMPARE(o.value(u"accepted"_s).toInt(), count);
    QCOMPARE(o.value(u"refused"_s).toInt() + o.value(u"failed"_s).toInt() + o.value(u"unknown"_s).toInt(), 0);
    // Only the rows that may have left were read first (the ones in flight at the kill); the
    // rows that never left were simply sent: about one request per remaining row, not two.
    const int remaining = count - createdAtKill;
    const int requests = admin("GET", u"/_sim/stats"_s).value(u"requests"_s).toInt() - requestsBefore;
    qInfo("resume: %d requests for %d rows not created at the kill", requests, remaining);
    QVERIFY2(requests < remaining + remaining / 2, qPrintable(u"%1 requests"_s.arg(requests)));

    // Exactly once on the simulator's side, and the history agrees.
    const QJsonObject stats = admin("GET", u"/_sim/stats"_s).value(u"created"_s).toObject();
    for (int i = first; i < first + count; ++i)
        QCOMPARE(stats.value(bulkCustomerId(i)).toInt(), 1);
    r = cli({u"--json"_s, u"history"_s});
    QCOMPARE(r.exitCode, 0);
    QSet<QString> customers;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out).array()) {
        const QJsonObject s = v.toObject();
        if (s.value(u"runId"_s).toString() != runId)
            continue;
        QCOMPARE(s.value(u"state"_s).toString(), u"accepted"_s);
        customers.insert(s.value(u"customerId"_s).toString());
    }
    QCOMPARE(customers.size(), count);
    // Nothing left to resume.
    QCOMPARE(cli({u"bulk"_s, u"--resume"_s}).exitCode, 2);
}

QTEST_GUILESS_MAIN(TestBulkCli)
#include "tst_bulkcli.moc"
