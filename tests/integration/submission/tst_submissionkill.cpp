#include "SeedFixtures.h"
#include "history/SubmissionStore.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h"
#include "submission/SubmissionService.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;
namespace fx = qd::sim::fixtures;

// A process killed (SIGKILL) while its POST is in flight: after a restart the submission is
// there as unknown, and a refresh settles it to what the server has. Runs the real programs:
// qualdesk-sim and the history helper.
class TestSubmissionKill : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void killedWhilePostInFlight();

private:
    QJsonObject admin(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    QByteArray waitForLine(QProcess &process, const QByteArray &prefix, int timeoutMs);

    QString m_binDir;
    QProcess m_sim;
    QUrl m_baseUrl;
    QNetworkAccessManager m_network;
    const QString m_token = u"kill-test-token"_s;
};

void TestSubmissionKill::initTestCase()
{
    m_binDir = qEnvironmentVariable("QUALDESK_BIN_DIR");
    if (!QFile::exists(m_binDir + u"/qualdesk-sim"_s) ||
        !QFile::exists(m_binDir + u"/qualdesk-history-helper"_s))
        QSKIP("qualdesk-sim or qualdesk-history-helper not built");
    m_sim.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_sim.start(m_binDir + u"/qualdesk-sim"_s,
                {u"--port"_s, u"0"_s, u"--token"_s, m_token, u"--vetting-delay-ms"_s, u"3600000"_s});
    const QByteArray line = waitForLine(m_sim, "listening on ", 20000);
    QVERIFY2(!line.isEmpty(), "qualdesk-sim did not start");
    m_baseUrl = QUrl(QString::fromUtf8(line.mid(13).trimmed()));
    QVERIFY(m_baseUrl.isValid());
}

void TestSubmissionKill::cleanupTestCase()
{
    if (m_sim.state() != QProcess::NotRunning) {
        m_sim.terminate();
        if (!m_sim.waitForFinished(5000))
            m_sim.kill();
        m_sim.waitForFinished(5000);
    }
}

QByteArray TestSubmissionKill::waitForLine(QProcess &process, const QByteArray &prefix, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        while (process.canReadLine()) {
            const QByteArray line = process.readLine();
            if (line.startsWith(prefix))
                return line.trimmed();
        }
        if (process.state() == QProcess::NotRunning)
            return {};
        process.waitForReadyRead(200);
    }
    return {};
}

QJsonObject TestSubmissionKill::admin(const QByteArray &method, const QString &path, const QJsonObject &body)
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

void TestSubmissionKill::killedWhilePostInFlight()
{
    QTemporaryDir dir;
    const QString customer = fx::kCustomerNoQualification;
    // The first POST does the work and loses its answer; the client's retry (same
    // MS-RequestId) then hangs in the simulator, and that is when the process dies.
    const QString path = u"/v1/customers/*/qualifications"_s;
    admin("POST", u"/_sim/faults"_s,
          {{u"kind"_s, u"drop-after"_s}, {u"method"_s, u"POST"_s}, {u"path"_s, path}, {u"times"_s, 1}});
    admin("POST", u"/_sim/faults"_s,
          {{u"kind"_s, u"latency"_s},
           {u"method"_s, u"POST"_s},
           {u"path"_s, path},
           {u"times"_s, 1},
           {u"latencyMs"_s, 60000}});
    const int requestsBefore = admin("GET", u"/_sim/stats"_s).value(u"requests"_s).toInt();

    QProcess helper;
    helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    helper.start(m_binDir + u"/qualdesk-history-helper"_s,
                 {u"submit"_s, dir.path(), m_baseUrl.toString(), m_token, customer});
    const QByteArray rowLine = waitForLine(helper, "row ", 20000);
    QVERIFY2(!rowLine.isEmpty(), "the helper did not record its submission");
    const qint64 id = rowLine.mid(4).toLongLong();
    QVERIFY(!waitForLine(helper, "sent ", 20000).isEmpty());
    // Two POSTs received: the dropped one and the retry now waiting in the simulator.
    QTRY_VERIFY_WITH_TIMEOUT(
        admin("GET", u"/_sim/stats"_s).value(u"requests"_s).toInt() >= requestsBefore + 2, 20000);
    QCOMPARE(admin("GET", u"/_sim/stats"_s).value(u"created"_s).toObject().value(customer).toInt(), 1);
    QCOMPARE(helper.state(), QProcess::Running);
    helper.kill(); // SIGKILL
    QVERIFY(helper.waitForFinished(10000));
    QCOMPARE(helper.exitStatus(), QProcess::CrashExit);

    // "Restart": the row is there, unknown.
    SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    QCOMPARE(store.recoveredAtOpen(), 1);
    const std::optional<Submission> row = store.get(id);
    QVERIFY(row.has_value());
    QCOMPARE(row->state, Submission::State::Unknown);
    QCOMPARE(row->customerId, customer);
    QVERIFY(!row->requestId.isEmpty());

    // Refresh settles it to what the server has: accepted, exactly one created.
    admin("DELETE", u"/_sim/faults"_s);
    StaticTokenProvider tokens(m_token);
    ClientConfig config;
    config.baseUrl = m_baseUrl;
    config.timeoutMs = 10000;
    PartnerCenterClient client(&tokens, config);
    SubmissionService service(&client, &store, {});
    QSignalSpy finished(&service, &SubmissionService::refreshFinished);
    service.refreshStatuses();
    QVERIFY(finished.wait(30000));
    const RefreshSummary summary = finished.first().first().value<RefreshSummary>();
    QCOMPARE(summary.changes.size(), 1);
    QCOMPARE(store.get(id)->state, Submission::State::Accepted);
    QCOMPARE(store.count(), 1);
    QCOMPARE(admin("GET", u"/_sim/stats"_s).value(u"created"_s).toObject().value(customer).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestSubmissionKill)
#include "tst_submissionkill.moc"
