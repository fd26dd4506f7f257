#include "BenchDesks.h"

#include "BenchFill.h"
#include "BulkTestSeed.h"
#include "history/SubmissionStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QSqlQuery>
#include <QTimer>
#include <QUrl>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace qd::bench {

namespace {

const QString kToken = u"bench-desk-token"_s;

DeskFigures failed(const QString &error)
{
    DeskFigures f;
    f.error = error;
    return f;
}

QJsonObject simStats(const QUrl &baseUrl)
{
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(QNetworkRequest(baseUrl.resolved(QUrl(u"/_sim/stats"_s))));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    delete reply;
    return answer;
}

// Rows whose pair another row held, in one history (a data folder or the server).
int claimedRows(const QString &location)
{
    const QString connection = u"bench-claims"_s;
    int count = 0;
    {
        QSqlDatabase db = openConnection(location, connection);
        QSqlQuery q(db);
        if (db.isOpen() && q.exec(u"SELECT count(*) FROM submissions WHERE error_code = 'claimed'"_s) &&
            q.next())
            count = q.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(connection);
    return count;
}

class Simulator
{
public:
    ~Simulator()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    bool start(const QString &binDir, const QString &seed, QString *error)
    {
        // It logs every create; the figures are what matters here.
        m_process.setStandardErrorFile(QProcess::nullDevice());
        m_process.start(binDir + u"/qualdesk-sim"_s,
                        {u"--port"_s, u"0"_s, u"--token"_s, kToken, u"--seed"_s, seed,
                         u"--vetting-delay-ms"_s, u"3600000"_s, u"--latency"_s, u"150-600"_s});
        if (!m_process.waitForStarted(10000)) {
            *error = u"qualdesk-sim did not start: "_s + m_process.errorString();
            return false;
        }
        QElapsedTimer waited;
        waited.start();
        while (!m_process.canReadLine() && m_process.state() == QProcess::Running && waited.elapsed() < 30000)
            m_process.waitForReadyRead(1000);
        const QByteArray line = m_process.readLine().trimmed();
        if (!line.startsWith("listening on ")) {
            *error = u"qualdesk-sim said: "_s + QString::fromUtf8(line);
            return false;
        }
        m_baseUrl = QUrl(QString::fromUtf8(line.mid(13)));
        return true;
    }
    QUrl baseUrl() const { return m_baseUrl; }

private:
    QProcess m_process;
    QUrl m_baseUrl;
};

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

DeskFigures runDesks(const DeskOptions &options, const QString &serverUrl)
{
    const QString kind = serverUrl.isEmpty() ? u"sqlite"_s : u"postgres"_s;
    const QDir work(options.workDir);
    work.mkpath(kind);
    const QString root = work.filePath(kind);
    const int customers = (options.desks - 1) * options.stride + options.rowsPerDesk;
    QSet<int> asked;
    for (int d = 0; d < options.desks; ++d) {
        for (int i = d * options.stride; i < d * options.stride + options.rowsPerDesk; ++i)
            asked.insert(i);
    }
    const QString seed = root + u"/seed.json"_s;
    if (!qd::test::writeBulkSeed(seed, customers))
        return failed(u"cannot write the simulator's seed (QUALDESK_SOURCE_DIR?)"_s);
    Simulator sim;
    QString error;
    if (!sim.start(options.binDir, seed, &error))
        return failed(error);

    // The server's password goes where libpq looks for it; the URL the desks see has none.
    QUrl server(serverUrl);
    const QString password = server.password();
    server.setPassword({});

    std::vector<std::unique_ptr<QProcess>> runs;
    for (int d = 0; d < options.desks; ++d) {
        const QString home = root + u"/desk"_s + QString::number(d);
        QDir().mkpath(home + u"/data"_s);
        QByteArray csv = "TenantId,Qualification,Segment,Website\n";
        for (int i = d * options.stride; i < d * options.stride + options.rowsPerDesk; ++i)
            csv += qd::test::bulkCustomerId(i).toLatin1() + ",StateOwnedEntity,,\n";
        const QString file = home + u"/queue.csv"_s;
        if (!writeFile(file, csv))
            return failed(u"cannot write "_s + file);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, home);
        env.insert(u"XDG_CONFIG_HOME"_s, home + u"/.config"_s);
        env.insert(u"QUALDESK_DATA_DIR"_s, home + u"/data"_s);
        env.insert(u"QUALDESK_BASE_URL"_s, sim.baseUrl().toString());
        env.insert(u"QUALDESK_ACCESS_TOKEN"_s, kToken);
        env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
        env.remove(u"QUALDESK_HISTORY"_s);
        if (!serverUrl.isEmpty()) {
            env.insert(u"QUALDESK_HISTORY"_s, server.toString());
            const QByteArray line = u"%1:%2:%3:%4:%5\n"_s.arg(server.host())
                                        .arg(server.port(5432))
                                        .arg(server.path().mid(1), server.userName(), password)
                                        .toUtf8();
            const QString pgpass = home + u"/.pgpass"_s;
            if (!writeFile(pgpass, line) ||
                !QFile::setPermissions(pgpass, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
                return failed(u"cannot write "_s + pgpass);
        }
        auto p = std::make_unique<QProcess>();
        p->setProcessEnvironment(env);
        p->setProgram(options.binDir + u"/qualdesk-cli"_s);
        p->setArguments({u"--json"_s, u"bulk"_s, file, u"--no-check"_s, u"--concurrency"_s,
                         QString::number(options.concurrency)});
        runs.push_back(std::move(p));
    }

    DeskFigures f;
    QElapsedTimer wall;
    wall.start();
    for (auto &p : runs)
        p->start();
    for (auto &p : runs) {
        if (!p->waitForFinished(30 * 60 * 1000)) {
            p->kill();
            p->waitForFinished();
            return failed(u"a desk did not finish in 30 minutes"_s);
        }
    }
    f.wallMs = double(wall.nsecsElapsed()) / 1e6;
    for (auto &p : runs) {
        const QByteArray err = p->readAllStandardError();
        const QJsonObject summary = QJsonDocument::fromJson(p->readAllStandardOutput()).object();
        if (summary.isEmpty())
            return failed(u"a desk printed no summary: "_s + QString::fromUtf8(err.left(400)));
        for (const char *key : {"accepted", "refused", "failed", "unknown", "invalid"})
            f.rows += summary.value(QLatin1StringView(key)).toInt();
    }
    const QJsonObject stats = simStats(sim.baseUrl());
    const QJsonObject created = stats.value(u"created"_s).toObject();
    for (auto it = created.begin(); it != created.end(); ++it)
        f.created += it.value().toInt();
    f.duplicates = stats.value(u"duplicates"_s).toInt();
    f.posts = f.created + f.duplicates;
    f.peakInFlight = stats.value(u"peakInFlight"_s).toInt();
    f.pairs = int(asked.size());
    if (serverUrl.isEmpty()) {
        for (int d = 0; d < options.desks; ++d)
            f.claimed += claimedRows(root + u"/desk"_s + QString::number(d) + u"/data"_s);
    } else {
        f.claimed = claimedRows(serverUrl);
    }
    f.ok = true;
    return f;
}

} // namespace qd::bench
