// The real `qualdesk` program, twice: a second launch with the same data folder hands over to
// the running window and leaves; one with another --data-dir runs on its own.
#include "diagnostics/SingleInstance.h"
#include "settings/AppSettings.h"

#include <QLocalSocket>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSingleInstanceProgram : public QObject
{
    Q_OBJECT
private slots:
    void secondLaunchBringsTheFirstToTheFront();

private:
    static QString program() { return qEnvironmentVariable("QUALDESK_BIN_DIR") + u"/qualdesk"_s; }
    static QStringList arguments(const QString &dataDir) { return {u"--demo"_s, u"--data-dir"_s, dataDir}; }
    static QString nameFor(const QString &dataDir)
    {
        qd::AppSettings settings;
        settings.dataDir = dataDir;
        settings.demo = true;
        return qd::SingleInstance::serverName(settings.historyDir());
    }
    static bool isListening(const QString &name)
    {
        QLocalSocket socket;
        socket.connectToServer(name);
        const bool up = socket.waitForConnected(200);
        socket.abort();
        return up;
    }
    static void start(QProcess &process, const QString &dataDir)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_LOGGING_RULES"_s, u"qualdesk.instance=true"_s);
        process.setProcessEnvironment(env);
        process.start(program(), arguments(dataDir));
    }
};

void TestSingleInstanceProgram::secondLaunchBringsTheFirstToTheFront()
{
    QTemporaryDir shared;
    QTemporaryDir other;
    QProcess first;
    QProcess third;
    // However the test ends, no window is left running.
    const auto stopAll = qScopeGuard([&] {
        for (QProcess *p : {&first, &third}) {
            if (p->state() == QProcess::NotRunning)
                continue;
            p->terminate();
            if (!p->waitForFinished(10000))
                p->kill();
            p->waitForFinished();
        }
    });
    start(first, shared.path());
    QVERIFY2(first.waitForStarted(), qPrintable(first.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(isListening(nameFor(shared.path())), 30000);

    QProcess second;
    start(second, shared.path());
    QVERIFY(second.waitForFinished(30000));
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QCOMPARE(second.exitCode(), 0);
    QVERIFY2(second.readAllStandardOutput().contains("already running"),
             "the second launch did not say why it left");
    QByteArray firstLog;
    QTRY_VERIFY_WITH_TIMEOUT(
        (firstLog += first.readAllStandardError()).contains("another launch asked for this window"), 10000);
    QCOMPARE(first.state(), QProcess::Running);

    start(third, other.path());
    QVERIFY(third.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(isListening(nameFor(other.path())), 30000);
    QCOMPARE(third.state(), QProcess::Running);
    QCOMPARE(first.state(), QProcess::Running);
}

QTEST_GUILESS_MAIN(TestSingleInstanceProgram)
#include "tst_singleinstanceprogram.moc"
