// Several desks, one team's history: real qualdesk-cli processes bulk-submit overlapping
// customers at once against one qualdesk-sim, with their history on a real PostgreSQL server.
// Each customer's qualification is created exactly once; the other desks are told who holds it.
#include "BulkTestSeed.h"
#include "PostgresServer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using qd::test::bulkCustomerId;
using qd::test::PostgresServer;

namespace {
const QString kPassword = u"team-pw"_s;
const QString kToken = u"team-cli-token"_s;

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
} // namespace

class TestTeamBulk : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void desksRunningAtOnceCreateEachQualificationOnce();
    void aSecondDeskIsToldWhoHoldsTheCustomer();
    void theHistoryReadsTheSameFromEveryDesk();
    void aServerThatCannotBeReachedSendsNothing();

private:
    QProcessEnvironment environment(const QString &desk) const;
    QProcess *startCli(const QString &desk, const QStringList &arguments);
    CliRun cli(const QString &desk, const QStringList &arguments, int timeoutMs = 120000);
    QJsonObject stats();
    QString writeCsv(const QString &name, int first, int count);

    QString m_binDir;
    QTemporaryDir m_tmp;
    PostgresServer m_server;
    QString m_url; // without the password: ~/.pgpass has it
    QProcess m_sim;
    QUrl m_baseUrl;
    QNetworkAccessManager m_network;
    std::vector<std::unique_ptr<QProcess>> m_running;
};

void TestTeamBulk::initTestCase()
{
    m_binDir = qEnvironmentVariable("QUALDESK_BIN_DIR");
    QVERIFY(QFile::exists(m_binDir + u"/qualdesk-sim"_s) && QFile::exists(m_binDir + u"/qualdesk-cli"_s));
    QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
    QVERIFY2(m_server.createRole(u"desk"_s, kPassword), qPrintable(m_server.lastError()));
    QVERIFY2(m_server.createDatabase(u"team"_s, u"desk"_s), qPrintable(m_server.lastError()));
    m_url = u"postgresql://desk@127.0.0.1:%1/team"_s.arg(m_server.port());
    // Every desk's home has the password where libpq looks for it.
    for (const QString &desk : {u"anna"_s, u"bob"_s, u"cyril"_s}) {
        QDir().mkpath(m_tmp.filePath(desk));
        QFile pgpass(m_tmp.filePath(desk + u"/.pgpass"_s));
        QVERIFY(pgpass.open(QIODevice::WriteOnly));
        pgpass.write(u"127.0.0.1:%1:team:desk:%2\n"_s.arg(m_server.port()).arg(kPassword).toUtf8());
        pgpass.close();
        QVERIFY(pgpass.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    }
    const QString seed = m_tmp.filePath(u"seed.json"_s);
    QVERIFY(qd::test::writeBulkSeed(seed, 200));
    m_sim.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // Partner Center's pace: answers take a while, so the desks' runs really overlap.
    m_sim.start(m_binDir + u"/qualdesk-sim"_s,
                {u"--port"_s, u"0"_s, u"--token"_s, kToken, u"--seed"_s, seed, u"--vetting-delay-ms"_s,
                 u"3600000"_s, u"--latency"_s, u"40-120"_s});
    QVERIFY(m_sim.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(m_sim.canReadLine() || m_sim.state() == QProcess::NotRunning, 20000);
    const QByteArray line = m_sim.readLine().trimmed();
    QVERIFY2(line.startsWith("listening on "), line.constData());
    m_baseUrl = QUrl(QString::fromUtf8(line.mid(13)));
}

void TestTeamBulk::cleanupTestCase()
{
    m_running.clear();
    if (m_sim.state() != QProcess::NotRunning) {
        m_sim.terminate();
        if (!m_sim.waitForFinished(5000))
            m_sim.kill();
        m_sim.waitForFinished(5000);
    }
}

QProcessEnvironment TestTeamBulk::environment(const QString &desk) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, m_tmp.filePath(desk));
    env.insert(u"XDG_CONFIG_HOME"_s, m_tmp.filePath(desk + u"/.config"_s));
    env.insert(u"QUALDESK_DATA_DIR"_s, m_tmp.filePath(desk + u"/data"_s));
    env.insert(u"QUALDESK_BASE_URL"_s, m_baseUrl.toString());
    env.insert(u"QUALDESK_ACCESS_TOKEN"_s, kToken);
    env.insert(u"QUALDESK_HISTORY"_s, m_url);
    env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    return env;
}

QProcess *TestTeamBulk::startCli(const QString &desk, const QStringList &arguments)
{
    auto p = std::make_unique<QProcess>();
    p->setProcessEnvironment(environment(desk));
    p->start(m_binDir + u"/qualdesk-cli"_s, arguments);
    m_running.push_back(std::move(p));
    return m_running.back().get();
}

CliRun TestTeamBulk::cli(const QString &desk, const QStringList &arguments, int timeoutMs)
{
    QProcess *p = startCli(desk, arguments);
    CliRun run;
    if (!p->waitForFinished(timeoutMs)) {
        p->kill();
        p->waitForFinished();
        qWarning("qualdesk-cli did not finish");
    }
    run.exitCode = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
    run.out = p->readAllStandardOutput();
    run.err = p->readAllStandardError();
    return run;
}

QJsonObject TestTeamBulk::stats()
{
    QNetworkReply *reply = m_network.get(QNetworkRequest(m_baseUrl.resolved(QUrl(u"/_sim/stats"_s))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        qWarning("stats timed out");
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return answer;
}

QString TestTeamBulk::writeCsv(const QString &name, int first, int count)
{
    QByteArray csv = "TenantId,Qualification,Segment,Website\n";
    for (int i = first; i < first + count; ++i)
        csv += bulkCustomerId(i).toLatin1() + ",StateOwnedEntity,,\n";
    const QString path = m_tmp.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(csv) != csv.size())
        qWarning("cannot write %s", qPrintable(path));
    return path;
}

void TestTeamBulk::desksRunningAtOnceCreateEachQualificationOnce()
{
    // Three desks, overlapping queues: 0-59, 30-89, and 0-89 from the other end... of the file.
    const QStringList files{writeCsv(u"anna.csv"_s, 0, 60), writeCsv(u"bob.csv"_s, 30, 60),
                            writeCsv(u"cyril.csv"_s, 0, 90)};
    const QStringList desks{u"anna"_s, u"bob"_s, u"cyril"_s};
    QList<QProcess *> runs;
    for (int d = 0; d < 3; ++d)
        runs << startCli(desks.at(d),
                         {u"--json"_s, u"bulk"_s, files.at(d), u"--no-check"_s, u"--concurrency"_s, u"4"_s});
    int accepted = 0, heldElsewhere = 0;
    for (int d = 0; d < 3; ++d) {
        QProcess *p = runs.at(d);
        QVERIFY(p->waitForFinished(180000));
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        const QByteArray err = p->readAllStandardError();
        const QJsonObject summary = QJsonDocument::fromJson(p->readAllStandardOutput()).object();
        QVERIFY2(!summary.isEmpty(), err.constData());
        accepted += summary.value(u"accepted"_s).toInt();
        heldElsewhere += summary.value(u"invalid"_s).toInt();
        QCOMPARE(summary.value(u"failed"_s).toInt() + summary.value(u"unknown"_s).toInt() +
                     summary.value(u"refused"_s).toInt(),
                 0);
    }
    // 90 customers, 210 rows: each created once, every other row stopped before sending.
    QCOMPARE(accepted, 90);
    QCOMPARE(heldElsewhere, 210 - 90);
    const QJsonObject created = stats().value(u"created"_s).toObject();
    for (int i = 0; i < 90; ++i)
        QCOMPARE(created.value(bulkCustomerId(i)).toInt(), 1);
}

void TestTeamBulk::aSecondDeskIsToldWhoHoldsTheCustomer()
{
    // Customer 5 is accepted (by whichever desk won above); a single submission is stopped.
    const CliRun r = cli(u"bob"_s, {u"qualify"_s, bulkCustomerId(5), u"soe"_s});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("already submitted this qualification"), r.err.constData());
    QVERIFY2(r.err.contains("Nothing was sent"), r.err.constData());
    QCOMPARE(stats().value(u"created"_s).toObject().value(bulkCustomerId(5)).toInt(), 1);
    // Another customer is free.
    const CliRun free = cli(u"bob"_s, {u"qualify"_s, bulkCustomerId(150), u"soe"_s});
    QVERIFY2(free.exitCode == 0, free.err.constData());
}

void TestTeamBulk::theHistoryReadsTheSameFromEveryDesk()
{
    const CliRun anna = cli(u"anna"_s, {u"--json"_s, u"history"_s, u"--limit"_s, u"1000"_s});
    const CliRun cyril = cli(u"cyril"_s, {u"--json"_s, u"history"_s, u"--limit"_s, u"1000"_s});
    QVERIFY2(anna.exitCode == 0, anna.err.constData());
    QCOMPARE(anna.out, cyril.out);
    const QJsonArray rows = QJsonDocument::fromJson(anna.out).array();
    QCOMPARE(rows.size(), 210 + 1); // the runs' rows and bob's single submission; the stopped one left none
    int claimed = 0;
    for (const QJsonValue &v : rows)
        claimed += v.toObject().value(u"errorCode"_s).toString() == u"claimed"_s;
    QCOMPARE(claimed, 120);
}

void TestTeamBulk::aServerThatCannotBeReachedSendsNothing()
{
    const int before = stats().value(u"requests"_s).toInt();
    QVERIFY(m_server.stop());
    const CliRun r = cli(u"anna"_s, {u"qualify"_s, bulkCustomerId(160), u"soe"_s});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("cannot be reached"), r.err.constData());
    QCOMPARE(stats().value(u"requests"_s).toInt(), before);

    // Explicitly offline: sent, kept in this desk's own history, and pushed once the server is back.
    const CliRun offline = cli(u"anna"_s, {u"--offline"_s, u"qualify"_s, bulkCustomerId(160), u"soe"_s});
    QVERIFY2(offline.exitCode == 0, offline.err.constData());
    QCOMPARE(stats().value(u"created"_s).toObject().value(bulkCustomerId(160)).toInt(), 1);
    QVERIFY2(m_server.restart(), qPrintable(m_server.lastError()));
    const auto teamRows = [this](const QString &desk) {
        const CliRun history = cli(desk, {u"--json"_s, u"history"_s, u"--customer"_s, bulkCustomerId(160)});
        return QJsonDocument::fromJson(history.out).array();
    };
    QCOMPARE(teamRows(u"bob"_s).size(), 0); // not on the server until anna's desk is back
    QCOMPARE(teamRows(u"anna"_s).size(), 1);
    QCOMPARE(teamRows(u"anna"_s).size(), 1); // once
    const QJsonArray seen = teamRows(u"bob"_s);
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().toObject().value(u"state"_s).toString(), u"accepted"_s);
}

QTEST_GUILESS_MAIN(TestTeamBulk)
#include "tst_teambulk.moc"
