// The window after a crash: a process killed (SIGKILL) while its POST was in flight leaves a
// submission without an outcome. The next start shows it as unknown and settles it by
// re-reading the customer's qualifications as soon as someone signs in, sending nothing again.
#include "GuiHarness.h"
#include "SeedFixtures.h"
#include "history/SubmissionStore.h"

#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;

class TestRecoveryUi : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { GuiHarness::initApplication(); }
    void crashLeftoverIsSettledAtSignIn();
};

namespace {
qd::sim::Fault postFault(qd::sim::Fault::Kind kind, int latencyMs = 0)
{
    qd::sim::Fault f;
    f.kind = kind;
    f.method = u"POST"_s;
    f.pathPattern = u"/v1/customers/*/qualifications"_s;
    f.times = 1;
    f.latencyMs = latencyMs;
    return f;
}

// Waits for a line starting with prefix while this thread's event loop (and with it the
// in-process simulator) keeps turning.
QByteArray waitForLine(QProcess &process, const QByteArray &prefix, int timeoutMs)
{
    QByteArray line;
    (void)QTest::qWaitFor(
        [&] {
            while (process.canReadLine()) {
                const QByteArray next = process.readLine().trimmed();
                if (next.startsWith(prefix)) {
                    line = next;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return line;
}
} // namespace

void TestRecoveryUi::crashLeftoverIsSettledAtSignIn()
{
    GuiHarness::clearSettings();
    GuiHarness h;
    QVERIFY(h.start());
    const QString customer = fx::kCustomerNoQualification;
    const QString historyDir = h.services->settings().historyDir();

    // Another QualDesk process submits: its POST does the work and loses the answer, its retry
    // (same MS-RequestId) hangs, and then the process is killed.
    using K = qd::sim::Fault::Kind;
    h.sim->addFault(postFault(K::DropAfterWork));
    h.sim->addFault(postFault(K::Latency, 60000));
    QProcess helper;
    helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    helper.start(qEnvironmentVariable("QUALDESK_BIN_DIR") + u"/qualdesk-history-helper"_s,
                 {u"submit"_s, historyDir, h.sim->baseUrl().toString(), h.sim->issueAccessToken(), customer});
    const QByteArray rowLine = waitForLine(helper, "row ", 20000);
    QVERIFY2(!rowLine.isEmpty(), "the helper did not record its submission");
    const qint64 id = rowLine.mid(4).toLongLong();
    QVERIFY(!waitForLine(helper, "sent ", 20000).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(h.sim->requestCount(u"POST"_s, u"/v1/customers/*/qualifications"_s) >= 2, 20000);
    QCOMPARE(h.sim->createdCount(customer), 1);
    helper.kill();
    QVERIFY(helper.waitForFinished(10000));
    QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
    h.sim->clearFaults();

    // The next start: the row is there, unknown, and the window says so.
    QVERIFY(h.restart());
    QCOMPARE(h.services->store()->recoveredAtOpen(), 1);
    QCOMPARE(h.services->store()->get(id)->state, qd::Submission::State::Unknown);
    h.sim->clearRecordedRequests();

    // Signing in settles it from Partner Center's own record, without a second POST.
    QVERIFY(h.signIn());
    QTRY_COMPARE_WITH_TIMEOUT(h.services->store()->get(id)->state, qd::Submission::State::Accepted, 15000);
    QVERIFY(h.sim->requestCount(u"GET"_s, u"/v1/customers/*/qualifications"_s) >= 1);
    QCOMPARE(h.sim->requestCount(u"POST"_s, u"/v1/customers/*/qualifications"_s), 0);
    QCOMPARE(h.sim->createdCount(customer), 1);
}

QTEST_MAIN(TestRecoveryUi)
#include "tst_recoveryui.moc"
