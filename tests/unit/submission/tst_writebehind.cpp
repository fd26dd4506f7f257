#include "../history/StoreTestUtil.h"
#include "history/SubmissionStore.h"
#include "submission/WriteBehind.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <memory>

using namespace Qt::StringLiterals;
using namespace qd;
using qd::test::makeSubmission;
using qd::test::RawConnection;

// The bulk rows' sent marks and outcomes: written together when the event loop turns; a failed
// write is reported and tried again, never dropped.
class TestWriteBehind : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void writesOnceWhenTheLoopTurns();
    void flushWritesAtOnce();
    void failedWriteIsKeptForTheNextTry();
    void waitingMarkIsWrittenBeforeTheCallback();
    void destructionWritesWhatIsQueued();
    void marksOfSeveralRowsAreOneWriteWithOneCallback();
    void outcomesAloneWaitForCompany();
    void lockedHistoryDoesNotHoldUpTheCaller();

private:
    QList<Submission> storeRows(int n);
    // Another program holding the history's write lock until the connection is dropped; null
    // when it could not take it.
    std::unique_ptr<RawConnection> lockHistory();
    QTemporaryDir *m_dir = nullptr;
    SubmissionStore *m_store = nullptr;
};

void TestWriteBehind::init()
{
    m_dir = new QTemporaryDir;
    m_store = new SubmissionStore;
    m_store->setBusyTimeoutMs(200);
    QVERIFY(m_store->open(m_dir->path()));
}

void TestWriteBehind::cleanup()
{
    delete m_store;
    delete m_dir;
}

QList<Submission> TestWriteBehind::storeRows(int n)
{
    QList<Submission> rows;
    for (int i = 0; i < n; ++i)
        rows.append(makeSubmission(i + 1));
    if (!m_store->insertPendingBatch(rows))
        return {};
    return rows;
}

std::unique_ptr<RawConnection> TestWriteBehind::lockHistory()
{
    auto other = std::make_unique<RawConnection>(m_store->filePath());
    if (!other->exec(u"BEGIN EXCLUSIVE"_s) || !other->exec(u"UPDATE schema_version SET version = version"_s))
        return nullptr;
    return other;
}

void TestWriteBehind::writesOnceWhenTheLoopTurns()
{
    const QList<Submission> rows = storeRows(20);
    QCOMPARE(rows.size(), 20);
    WriteBehind writer(m_store);
    QSignalSpy changed(m_store, &SubmissionStore::submissionsChanged);
    for (const Submission &row : rows) {
        writer.markSent(row.id, u"corr"_s);
        Submission answered = row;
        answered.state = Submission::State::Rejected;
        answered.httpStatus = 400;
        answered.errorCode = u"600001"_s;
        writer.recordOutcome(answered);
    }
    QVERIFY(!writer.isEmpty());
    // Nothing is written before the event loop turns...
    QCOMPARE(m_store->get(rows.at(0).id)->state, Submission::State::Pending);
    QCOMPARE(changed.size(), 0);
    // ...then all of it at once.
    QTRY_COMPARE(changed.size(), 1);
    QVERIFY(writer.isEmpty());
    QCOMPARE(changed.at(0).at(0).value<QList<qint64>>().size(), 20);
    SubmissionFilter rejected;
    rejected.states = {Submission::State::Rejected};
    QCOMPARE(m_store->count(rejected), 20);
    QCOMPARE(m_store->get(rows.at(7).id)->errorCode, u"600001"_s);
}

void TestWriteBehind::flushWritesAtOnce()
{
    const QList<Submission> rows = storeRows(2);
    WriteBehind writer(m_store);
    writer.markSent(rows.at(1).id, {});
    QVERIFY(writer.flush());
    QVERIFY(writer.isEmpty());
    QCOMPARE(m_store->get(rows.at(1).id)->state, Submission::State::Sent);
    QCOMPARE(m_store->get(rows.at(0).id)->state, Submission::State::Pending);
    QVERIFY(writer.flush()); // nothing queued: nothing to do, no failure
}

void TestWriteBehind::failedWriteIsKeptForTheNextTry()
{
    const QList<Submission> rows = storeRows(4);
    WriteBehind writer(m_store);
    QSignalSpy failed(&writer, &WriteBehind::writeFailed);
    // Another program holds the history: the write fails after the busy timeout.
    std::unique_ptr<RawConnection> other = lockHistory();
    QVERIFY(other);
    writer.markSent(rows.at(0).id, {});
    Submission answered = rows.at(1);
    answered.state = Submission::State::Accepted;
    writer.recordOutcome(answered);
    // A request waiting for its mark: told the write failed, its mark is not kept.
    QList<bool> told;
    QObject context;
    writer.markSent(rows.at(3).id, {}, &context, [&told](bool ok) { told.append(ok); });
    QVERIFY(!writer.flush());
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).value<StoreError>().kind, StoreError::Kind::Locked);
    QCOMPARE(failed.at(0).at(1).value<QList<qint64>>(),
             (QList<qint64>{rows.at(0).id, rows.at(3).id, rows.at(1).id}));
    QCOMPARE(told, QList<bool>{false});
    QVERIFY(!writer.isEmpty()); // the rest is kept
    QVERIFY(other->exec(u"ROLLBACK"_s));
    other.reset();
    QCOMPARE(m_store->get(rows.at(0).id)->state, Submission::State::Pending);
    QCOMPARE(m_store->get(rows.at(1).id)->state, Submission::State::Pending);
    // The history is free again: the next change brings the kept ones with it, in order.
    answered = rows.at(2);
    answered.state = Submission::State::Failed;
    writer.recordOutcome(answered);
    QTRY_VERIFY(writer.isEmpty());
    QCOMPARE(m_store->get(rows.at(0).id)->state, Submission::State::Sent);
    QCOMPARE(m_store->get(rows.at(1).id)->state, Submission::State::Accepted);
    QCOMPARE(m_store->get(rows.at(2).id)->state, Submission::State::Failed);
    QCOMPARE(m_store->get(rows.at(3).id)->state, Submission::State::Pending); // never sent
    QCOMPARE(failed.size(), 1);
    QCOMPARE(told.size(), 1);
}

void TestWriteBehind::waitingMarkIsWrittenBeforeTheCallback()
{
    const QList<Submission> rows = storeRows(2);
    WriteBehind writer(m_store);
    Submission::State seen = Submission::State::Unknown;
    QObject context;
    writer.markSent(rows.at(0).id, {}, &context, [this, &seen, id = rows.at(0).id](bool ok) {
        seen = ok ? m_store->get(id)->state : seen;
    });
    auto gone = std::make_unique<QObject>();
    bool calledForGone = false;
    writer.markSent(rows.at(1).id, {}, gone.get(), [&calledForGone](bool) { calledForGone = true; });
    gone.reset();
    QTRY_VERIFY(writer.isEmpty());
    QCOMPARE(seen, Submission::State::Sent); // the request may leave now: the history says sent
    QVERIFY(!calledForGone);
}

void TestWriteBehind::destructionWritesWhatIsQueued()
{
    const QList<Submission> rows = storeRows(2);
    bool called = false;
    QObject context;
    {
        WriteBehind writer(m_store);
        Submission answered = rows.at(0);
        answered.state = Submission::State::Accepted;
        writer.recordOutcome(answered);
        // Shutting down: a request still waiting for its mark must not start now.
        writer.markSent(rows.at(1).id, {}, &context, [&called](bool) { called = true; });
    }
    QCOMPARE(m_store->get(rows.at(0).id)->state, Submission::State::Accepted);
    QCOMPARE(m_store->get(rows.at(1).id)->state, Submission::State::Pending);
    QVERIFY(!called);
}

void TestWriteBehind::marksOfSeveralRowsAreOneWriteWithOneCallback()
{
    const QList<Submission> rows = storeRows(5);
    WriteBehind writer(m_store);
    QSignalSpy changed(m_store, &SubmissionStore::submissionsChanged);
    QObject context;
    QList<bool> told;
    writer.markSent({rows.at(0).id, rows.at(1).id, rows.at(2).id}, &context,
                    [&told](bool ok) { told.append(ok); });
    QTRY_COMPARE(told, QList<bool>{true});
    QCOMPARE(changed.size(), 1);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(m_store->get(rows.at(i).id)->state, Submission::State::Sent);
    QCOMPARE(m_store->get(rows.at(3).id)->state, Submission::State::Pending);
    // Marked ahead but never sent: back to pending; a row answered meanwhile keeps its answer.
    Submission answered = rows.at(2);
    answered.state = Submission::State::Accepted;
    QVERIFY(m_store->recordOutcome(answered));
    QVERIFY(m_store->releaseSentMarks({rows.at(0).id, rows.at(1).id, rows.at(2).id}));
    QCOMPARE(m_store->get(rows.at(0).id)->state, Submission::State::Pending);
    QCOMPARE(m_store->get(rows.at(1).id)->state, Submission::State::Pending);
    QCOMPARE(m_store->get(rows.at(2).id)->state, Submission::State::Accepted);
}

void TestWriteBehind::outcomesAloneWaitForCompany()
{
    const QList<Submission> rows = storeRows(3);
    WriteBehind writer(m_store);
    QSignalSpy changed(m_store, &SubmissionStore::submissionsChanged);
    QElapsedTimer clock;
    clock.start();
    Submission answered = rows.at(0);
    answered.state = Submission::State::Accepted;
    writer.recordOutcome(answered);
    QCoreApplication::processEvents(); // a turn of the event loop is not enough for an outcome alone
    const bool quick = clock.elapsed() < WriteBehind::kCoalesceMs / 2;
    if (quick)
        QCOMPARE(changed.size(), 0);
    // A mark somebody waits for takes the waiting outcome along, in the same write.
    QObject context;
    bool marked = false;
    writer.markSent(rows.at(1).id, {}, &context, [&marked](bool ok) { marked = ok; });
    QTRY_VERIFY(marked);
    if (quick) {
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).value<QList<qint64>>(), (QList<qint64>{rows.at(0).id, rows.at(1).id}));
    }
    QCOMPARE(m_store->get(rows.at(0).id)->state, Submission::State::Accepted);
    // With nothing else coming, an outcome is written after the short wait.
    answered = rows.at(2);
    answered.state = Submission::State::Rejected;
    writer.recordOutcome(answered);
    QTRY_COMPARE(m_store->get(rows.at(2).id)->state, Submission::State::Rejected);
    QVERIFY(writer.isEmpty());
}

// The scheduled writes run on the store's writing thread: while another program holds the
// history for a moment, the thread that queued them keeps turning its event loop.
void TestWriteBehind::lockedHistoryDoesNotHoldUpTheCaller()
{
    const QList<Submission> rows = storeRows(2);
    WriteBehind writer(m_store);
    QSignalSpy failed(&writer, &WriteBehind::writeFailed);
    std::unique_ptr<RawConnection> other = lockHistory();
    QVERIFY(other);
    Submission answered = rows.at(0);
    answered.state = Submission::State::Accepted;
    writer.recordOutcome(answered);
    QObject context;
    bool marked = false;
    writer.markSent(rows.at(1).id, {}, &context, [&marked](bool ok) { marked = ok; });
    // The store waits for the lock on its writing thread; meanwhile this thread's event loop
    // keeps delivering: a few timer turns come while the write is still under way.
    int turns = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, &ticker, [&turns] { ++turns; });
    ticker.start(5);
    QTRY_VERIFY_WITH_TIMEOUT(turns >= 5, 15000);
    QVERIFY(!writer.isEmpty()); // still under way
    QVERIFY(!marked);
    QVERIFY(other->exec(u"ROLLBACK"_s));
    other.reset();
    QTRY_VERIFY(writer.isEmpty());
    QVERIFY(marked);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(m_store->get(rows.at(0).id)->state, Submission::State::Accepted);
    QCOMPARE(m_store->get(rows.at(1).id)->state, Submission::State::Sent);
}

QTEST_GUILESS_MAIN(TestWriteBehind)
#include "tst_writebehind.moc"
