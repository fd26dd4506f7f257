#include "diagnostics/SingleInstance.h"

#include <QLocalServer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;
using qd::SingleInstance;

class TestSingleInstance : public QObject
{
    Q_OBJECT
private slots:
    void secondLaunchActivatesTheFirst();
    void otherDataFolderIsAnotherInstance();
    void nobodyRunning();
    void nameIsStablePerFolder();
};

namespace {
// The later launch asks from another thread, so this thread's event loop can let the running
// instance answer, as two processes would.
bool activateFromElsewhere(const QString &dataDir)
{
    auto future = QtConcurrent::run([dataDir] { return SingleInstance(dataDir).activateRunning(3000); });
    while (!future.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return future.result();
}
} // namespace

void TestSingleInstance::secondLaunchActivatesTheFirst()
{
    QTemporaryDir dir;
    SingleInstance first(dir.path());
    QVERIFY(!first.activateRunning(200));
    QVERIFY2(first.listen(), qPrintable(first.errorString()));
    QSignalSpy activated(&first, &SingleInstance::activationRequested);
    QVERIFY(activateFromElsewhere(dir.path()));
    QCOMPARE(activated.size(), 1);
    // The name is taken while the first one runs.
    const QString path = dir.path();
    auto future = QtConcurrent::run([path] { return SingleInstance(path).listen(); });
    while (!future.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QVERIFY(!future.result());
    QCOMPARE(activated.size(), 2); // the rival's check reached the first one
}

void TestSingleInstance::otherDataFolderIsAnotherInstance()
{
    QTemporaryDir a;
    QTemporaryDir b;
    SingleInstance first(a.path());
    QVERIFY(first.listen());
    QSignalSpy activated(&first, &SingleInstance::activationRequested);
    QVERIFY(!activateFromElsewhere(b.path()));
    SingleInstance second(b.path());
    QVERIFY(second.listen());
    QCOMPARE(activated.size(), 0);
    QVERIFY(SingleInstance::serverName(a.path()) != SingleInstance::serverName(b.path()));
}

void TestSingleInstance::nobodyRunning()
{
    QTemporaryDir dir;
    QVERIFY(!activateFromElsewhere(dir.path()));
    // A server that never answers (a hung or foreign process) is not taken for QualDesk.
    QLocalServer mute;
    QVERIFY(mute.listen(SingleInstance::serverName(dir.path())));
    QVERIFY(!SingleInstance(dir.path()).activateRunning(300));
}

void TestSingleInstance::nameIsStablePerFolder()
{
    QTemporaryDir dir;
    QCOMPARE(SingleInstance::serverName(dir.path()), SingleInstance::serverName(dir.path() + u"/"_s));
    QCOMPARE(SingleInstance::serverName(dir.path()), SingleInstance::serverName(dir.path() + u"/sub/.."_s));
    QVERIFY(SingleInstance::serverName(dir.path()).startsWith(u"qualdesk-"_s));
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
