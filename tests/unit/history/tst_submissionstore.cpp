#include "ManualClock.h"
#include "StoreTestUtil.h"
#include "history/SubmissionStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace qd;
using qd::test::makeSubmission;
using qd::test::RawConnection;

namespace {

// Schema version 1 as QualDesk 0.1 wrote it: an older file to migrate from.
const QStringList kVersion1 = {
    u"CREATE TABLE schema_version (version INTEGER NOT NULL)"_s,
    u"INSERT INTO schema_version VALUES (1)"_s,
    u"CREATE TABLE submissions (id INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER NOT NULL,"
    " user TEXT NOT NULL DEFAULT '', partner_tenant TEXT NOT NULL DEFAULT '', customer_id TEXT NOT NULL,"
    " company_name TEXT NOT NULL DEFAULT '' COLLATE NOCASE, qualification TEXT NOT NULL,"
    " segment TEXT NOT NULL DEFAULT '', website TEXT NOT NULL DEFAULT '', validation_code TEXT NOT NULL "
    "DEFAULT '',"
    " request_id TEXT NOT NULL, correlation_id TEXT NOT NULL DEFAULT '', state TEXT NOT NULL,"
    " http_status INTEGER NOT NULL DEFAULT 0, error_code TEXT NOT NULL DEFAULT '',"
    " error_message TEXT NOT NULL DEFAULT '', vetting_status TEXT NOT NULL DEFAULT '',"
    " vetting_reason TEXT NOT NULL DEFAULT '', vetting_create_ms INTEGER, last_checked_ms INTEGER,"
    " writer TEXT NOT NULL DEFAULT '')"_s,
    u"CREATE INDEX submissions_time ON submissions(time_ms)"_s,
    u"INSERT INTO submissions (time_ms, customer_id, company_name, qualification, segment, request_id, state,"
    " http_status, vetting_status) VALUES (1767268800000, '11111111-2222-4333-8444-555555555555',"
    " 'Žluťoučký kůň a.s.', 'Education', 'K12', 'req-old', 'accepted', 201, 'InReview')"_s,
};
// Version 2 added change tracking, the customers table and indexes.
const QStringList kVersion2Extra = {
    u"UPDATE schema_version SET version = 2"_s,
    u"ALTER TABLE submissions ADD COLUMN previous_vetting_status TEXT NOT NULL DEFAULT ''"_s,
    u"ALTER TABLE submissions ADD COLUMN vetting_changed_ms INTEGER"_s,
    u"CREATE TABLE customers (customer_id TEXT PRIMARY KEY, company_name TEXT NOT NULL,"
    " search_key TEXT NOT NULL) WITHOUT ROWID"_s,
    u"INSERT INTO customers VALUES ('11111111-2222-4333-8444-555555555555', 'Žluťoučký kůň a.s.',"
    " 'zlutoucky kun a.s.')"_s,
};

// Runs a block with the effective user of "nobody", so file permissions apply even to root.
class AsNobody
{
public:
    AsNobody()
    {
        if (::geteuid() != 0)
            m_ok = true; // already unprivileged
        else
            m_ok = ::seteuid(65534) == 0;
        m_switched = m_ok && ::getuid() == 0;
    }
    ~AsNobody()
    {
        if (m_switched && ::seteuid(0) != 0)
            qFatal("cannot return to root");
    }
    bool ok() const { return m_ok; }

private:
    bool m_ok = false;
    bool m_switched = false;
};

} // namespace

class TestSubmissionStore : public QObject
{
    Q_OBJECT

private slots:
    void createsSchemaAndRoundTrips();
    void neverHasATokenColumn();
    void migratesFromOlderVersions_data();
    void migratesFromOlderVersions();
    void version5IndexesTheUser();
    void refusesNewerSchema();
    void recoversCrashedRows();
    void readOnlyFileRefusesWrites_data();
    void readOnlyFileRefusesWrites();
    void lockedDatabaseIsAClearError();
    void writeWaitsForTheLock();
    void corruptFileIsMovedAside();
    void twoThreadsWriteAtOnce();
    void twoProcessesWriteAtOnce();
    void outcomeOfMissingRowIsNotFound();
    void progressOfManyRowsIsOneWrite();
    void keptRowsHoldTheRestOfARun();
    void asyncInsertsAndProgressReportInOrder();
    void checkpointsRunInTheBackground();
};

void TestSubmissionStore::createsSchemaAndRoundTrips()
{
    QTemporaryDir dir;
    test::ManualClock clock;
    SubmissionStore store(&clock);
    QVERIFY2(store.open(dir.filePath(u"nested/data"_s)), qPrintable(store.lastError().message));
    QVERIFY(QFile::exists(dir.filePath(u"nested/data/history.sqlite"_s)));
    QCOMPARE(store.recoveredAtOpen(), 0);
    QVERIFY(store.openNotice().isEmpty());

    Submission s = makeSubmission(1, u"Vysoké učení technické v Brně"_s);
    s.request.type = QualificationType::GovernmentCommunityCloud;
    s.request.segment = EducationSegment::None;
    s.request.website.clear();
    s.request.validationCode = u"582641"_s;
    QVERIFY(store.insertPending(s));
    QVERIFY(s.id > 0);
    QCOMPARE(s.time, clock.nowUtc());
    QVERIFY(!s.requestId.isEmpty());
    QVERIFY(store.markSent(s.id, u"corr-1"_s));

    Submission outcome = *store.get(s.id);
    QCOMPARE(outcome.state, Submission::State::Sent);
    QCOMPARE(outcome.correlationId, u"corr-1"_s);
    outcome.state = Submission::State::Accepted;
    outcome.httpStatus = 201;
    outcome.vettingStatus = u"InReview"_s;
    outcome.vettingCreateDate = QDateTime(QDate(2026, 1, 1), QTime(12, 0, 1, 123), Qt::UTC);
    outcome.lastChecked = clock.nowUtc();
    QVERIFY(store.recordOutcome(outcome));

    const Submission back = *store.get(s.id);
    QCOMPARE(back.user, s.user);
    QCOMPARE(back.partnerTenant, s.partnerTenant);
    QCOMPARE(back.customerId, s.customerId);
    QCOMPARE(back.companyName, s.companyName);
    QCOMPARE(back.request.type, QualificationType::GovernmentCommunityCloud);
    QCOMPARE(back.request.validationCode, u"582641"_s);
    QCOMPARE(back.requestId, s.requestId);
    QCOMPARE(back.state, Submission::State::Accepted);
    QCOMPARE(back.httpStatus, 201);
    QCOMPARE(back.vettingStatus, u"InReview"_s);
    QCOMPARE(back.vettingCreateDate, outcome.vettingCreateDate);
    QCOMPARE(back.lastChecked, clock.nowUtc());
    QVERIFY(back.runId.isEmpty());
    QVERIFY(back.isUnsettled());

    RawConnection raw(store.filePath());
    QCOMPARE(raw.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(raw.scalar(u"SELECT version FROM schema_version"_s).toInt(),
             SubmissionStore::currentSchemaVersion());
}

void TestSubmissionStore::neverHasATokenColumn()
{
    QTemporaryDir dir;
    SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    Submission s = makeSubmission(2);
    QVERIFY(store.insertPending(s));
    RawConnection raw(store.filePath());
    const QStringList tables{u"submissions"_s, u"customers"_s, u"schema_version"_s, u"bulk_kept_rows"_s,
                             u"team_push"_s};
    for (const QString &table : tables) {
        const QSqlRecord record = raw.db().record(table);
        QVERIFY(record.count() > 0);
        for (int i = 0; i < record.count(); ++i) {
            const QString name = record.fieldName(i).toLower();
            QVERIFY2(!name.contains(u"token"_s) && !name.contains(u"secret"_s) &&
                         !name.contains(u"bearer"_s) && !name.contains(u"password"_s),
                     qPrintable(table + u'.' + name));
        }
    }
    QCOMPARE(
        raw.scalar(u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"_s)
            .toInt(),
        tables.size());
}

void TestSubmissionStore::migratesFromOlderVersions_data()
{
    QTest::addColumn<int>("version");
    QTest::newRow("version 1") << 1;
    QTest::newRow("version 2") << 2;
}

void TestSubmissionStore::migratesFromOlderVersions()
{
    QFETCH(int, version);
    QTemporaryDir dir;
    {
        RawConnection raw(dir.filePath(SubmissionStore::fileName()));
        for (const QString &sql : kVersion1)
            QVERIFY(raw.exec(sql));
        if (version >= 2) {
            for (const QString &sql : kVersion2Extra)
                QVERIFY(raw.exec(sql));
        }
    }
    SubmissionStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.lastError().detail));
    RawConnection raw(store.filePath());
    QCOMPARE(raw.scalar(u"SELECT version FROM schema_version"_s).toInt(),
             SubmissionStore::currentSchemaVersion());
    QCOMPARE(raw.scalar(u"SELECT count(*) FROM schema_version"_s).toInt(), 1);

    const QList<Submission> rows = store.query();
    QCOMPARE(rows.size(), 1);
    const Submission &old = rows.first();
    QCOMPARE(old.companyName, u"Žluťoučký kůň a.s."_s);
    QCOMPARE(old.request.type, QualificationType::Education);
    QCOMPARE(old.request.segment, EducationSegment::K12);
    QCOMPARE(old.state, Submission::State::Accepted);
    QCOMPARE(old.vettingStatus, u"InReview"_s);
    QVERIFY(old.runId.isEmpty());
    QCOMPARE(old.time, QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC));
    // The customers table filled by the migration makes the old row findable by text.
    SubmissionFilter f;
    f.text = u"zlutoucky"_s;
    QCOMPARE(store.count(f), 1);
    QCOMPARE(store.unsettled().size(), 1);

    // New columns work on the migrated file.
    Submission fresh = makeSubmission(3);
    fresh.runId = u"run-1"_s;
    QVERIFY(store.insertPending(fresh));
    QCOMPARE(store.byRun(u"run-1"_s).size(), 1);
}

void TestSubmissionStore::version5IndexesTheUser()
{
    QTemporaryDir dir;
    const Submission row = makeSubmission(1);
    {
        SubmissionStore store;
        QVERIFY(store.open(dir.path()));
        Submission s = row;
        QVERIFY(store.insertPending(s));
    }
    {
        // The file as version 4 left it.
        RawConnection raw(dir.filePath(SubmissionStore::fileName()));
        QVERIFY(raw.exec(u"DROP INDEX submissions_user"_s));
        QVERIFY(raw.exec(u"DROP TABLE team_push"_s));
        QVERIFY(raw.exec(u"UPDATE schema_version SET version = 4"_s));
    }
    SubmissionStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.lastError().detail));
    RawConnection raw(store.filePath());
    QCOMPARE(raw.scalar(u"SELECT version FROM schema_version"_s).toInt(),
             SubmissionStore::currentSchemaVersion());
    QCOMPARE(
        raw.scalar(u"SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'submissions_user'"_s)
            .toInt(),
        1);
    // One person's rows, newest first, come straight from the index.
    QSqlQuery plan(raw.db());
    QVERIFY(plan.exec(u"EXPLAIN QUERY PLAN SELECT id FROM submissions WHERE \"user\" = 'anna'"
                      " ORDER BY time_ms DESC"_s));
    QStringList steps;
    while (plan.next())
        steps << plan.value(3).toString();
    QVERIFY2(steps.join(u'\n').contains(u"submissions_user"_s), qPrintable(steps.join(u'\n')));
    QVERIFY2(!steps.join(u'\n').contains(u"TEMP B-TREE"_s), qPrintable(steps.join(u'\n')));

    SubmissionFilter f;
    f.user = row.user;
    QCOMPARE(store.count(f), 1);
    QCOMPARE(store.users(), QStringList{row.user});
}

void TestSubmissionStore::refusesNewerSchema()
{
    QTemporaryDir dir;
    {
        SubmissionStore store;
        QVERIFY(store.open(dir.path()));
    }
    {
        RawConnection raw(dir.filePath(SubmissionStore::fileName()));
        QVERIFY(raw.exec(u"UPDATE schema_version SET version = 99"_s));
    }
    SubmissionStore store;
    QVERIFY(!store.open(dir.path()));
    QCOMPARE(store.lastError().kind, StoreError::Kind::TooNew);
    QVERIFY(!store.lastError().message.isEmpty());
    RawConnection raw(dir.filePath(SubmissionStore::fileName()));
    QCOMPARE(raw.scalar(u"SELECT version FROM schema_version"_s).toInt(), 99); // untouched
}

void TestSubmissionStore::recoversCrashedRows()
{
    QTemporaryDir dir;
    qint64 pendingId = 0, sentId = 0, liveId = 0, doneId = 0, reapedId = 0, runWaitingId = 0, runSentId = 0;
    {
        SubmissionStore store;
        QVERIFY(store.open(dir.path()));
        Submission a = makeSubmission(1), b = makeSubmission(2), c = makeSubmission(3), d = makeSubmission(4),
                   e = makeSubmission(5);
        QVERIFY(store.insertPending(a) && store.insertPending(b) && store.insertPending(c) &&
                store.insertPending(d) && store.insertPending(e));
        QVERIFY(store.markSent(b.id));
        Submission done = *store.get(d.id);
        done.state = Submission::State::Rejected;
        QVERIFY(store.recordOutcome(done));
        pendingId = a.id, sentId = b.id, liveId = c.id, doneId = d.id, reapedId = e.id;
        // Two rows of a bulk run: one never sent (the run marks rows sent before they leave).
        QList<Submission> run{makeSubmission(6), makeSubmission(7)};
        for (Submission &r : run)
            r.runId = u"run-1"_s;
        QVERIFY(store.insertPendingBatch(run));
        QVERIFY(store.markSent(run.at(1).id));
        runWaitingId = run.at(0).id, runSentId = run.at(1).id;
    }
    // A process that has ended (and was reaped) wrote e; a and b were written by a process that
    // no longer exists; c by this (live) process.
    QProcess gone;
    gone.start(u"/bin/true"_s);
    QVERIFY(gone.waitForStarted());
    const qint64 gonePid = gone.processId();
    QVERIFY(gone.waitForFinished());
    {
        RawConnection raw(dir.filePath(SubmissionStore::fileName()));
        QVERIFY(raw.exec(
            u"UPDATE submissions SET writer = '999999999:12345' WHERE id IN (%1, %2, %3, %4)"_s.arg(pendingId)
                .arg(sentId)
                .arg(runWaitingId)
                .arg(runSentId)));
        QVERIFY(
            raw.exec(u"UPDATE submissions SET writer = '%1:1' WHERE id = %2"_s.arg(gonePid).arg(reapedId)));
    }
    SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    QCOMPARE(store.recoveredAtOpen(), 4);
    QVERIFY(store.openNotice().contains(u'4'));
    QCOMPARE(store.get(pendingId)->state, Submission::State::Unknown);
    QCOMPARE(store.get(sentId)->state, Submission::State::Unknown);
    QCOMPARE(store.get(reapedId)->state, Submission::State::Unknown);
    QVERIFY(!store.get(sentId)->errorMessage.isEmpty());
    QCOMPARE(store.get(liveId)->state, Submission::State::Pending); // still in flight elsewhere
    QCOMPARE(store.get(doneId)->state, Submission::State::Rejected);
    // The run's row that may have left is settled like the others; the one that never left
    // waits for the run to be resumed.
    QCOMPARE(store.get(runSentId)->state, Submission::State::Unknown);
    QCOMPARE(store.get(runWaitingId)->state, Submission::State::Pending);
    QCOMPARE(store.unfinishedRuns(), QStringList{u"run-1"_s});
    QCOMPARE(store.unsettled().size(), 4);
}

void TestSubmissionStore::readOnlyFileRefusesWrites_data()
{
    QTest::addColumn<bool>("folderWritable");
    QTest::addColumn<bool>("viewable");
    // With a writable folder SQLite can keep its shared-memory file beside the database, so
    // the history stays viewable; without one it cannot be opened at all. Both refuse writes.
    QTest::newRow("file read-only") << true << true;
    QTest::newRow("file and folder read-only") << false << false;
}

void TestSubmissionStore::readOnlyFileRefusesWrites()
{
    QFETCH(bool, folderWritable);
    QFETCH(bool, viewable);
    QTemporaryDir dir;
    qint64 id = 0;
    {
        SubmissionStore store;
        QVERIFY(store.open(dir.path()));
        Submission s = makeSubmission(1);
        QVERIFY(store.insertPending(s));
        id = s.id;
    }
    const QString file = dir.filePath(SubmissionStore::fileName());
    QVERIFY(!QFile::exists(file + u"-wal"_s)); // a clean close leaves no WAL behind
    QVERIFY(::chmod(QFile::encodeName(dir.path()).constData(), folderWritable ? 0777 : 0555) == 0);
    QVERIFY(::chmod(QFile::encodeName(file).constData(), 0444) == 0);
    auto restore = qScopeGuard([&] {
        ::chmod(QFile::encodeName(dir.path()).constData(), 0755);
        ::chmod(QFile::encodeName(file).constData(), 0644);
    });
    AsNobody nobody;
    if (!nobody.ok())
        QSKIP("cannot drop privileges to test file permissions");

    SubmissionStore store;
    store.setBusyTimeoutMs(200);
    const bool opened = store.open(dir.path());
    QCOMPARE(opened, viewable);
    if (opened) {
        // Viewable, but nothing can be written.
        QVERIFY(store.isReadOnly());
        QVERIFY(!store.openNotice().isEmpty());
        QVERIFY(store.get(id).has_value());
    } else {
        QCOMPARE(store.lastError().kind, StoreError::Kind::ReadOnly);
    }
    Submission s = makeSubmission(2);
    QVERIFY(!store.insertPending(s));
    QCOMPARE(store.lastError().kind, opened ? StoreError::Kind::ReadOnly : StoreError::Kind::NotOpen);
    QVERIFY(!store.lastError().message.isEmpty());
    QCOMPARE(s.id, 0);
}

void TestSubmissionStore::lockedDatabaseIsAClearError()
{
    QTemporaryDir dir;
    SubmissionStore store;
    store.setBusyTimeoutMs(300);
    QVERIFY(store.open(dir.path()));
    RawConnection other(store.filePath());
    QVERIFY(other.exec(u"BEGIN EXCLUSIVE"_s));
    QVERIFY(other.exec(u"INSERT INTO schema_version VALUES (0)"_s));

    QSignalSpy added(&store, &SubmissionStore::submissionAdded);
    Submission s = makeSubmission(1);
    QVERIFY(!store.insertPending(s)); // that it waits first: writeWaitsForTheLock
    QCOMPARE(store.lastError().kind, StoreError::Kind::Locked);
    QVERIFY(!store.lastError().message.isEmpty());
    QCOMPARE(added.size(), 0);
    QCOMPARE(s.id, 0);

    QVERIFY(other.exec(u"ROLLBACK"_s));
    QVERIFY(store.insertPending(s));
    QCOMPARE(added.size(), 1);
    QCOMPARE(store.count(), 1);
}

// A write that finds the history locked waits for it instead of failing at once: another
// program that holds the lock for a moment, into the middle of the write, does not make it
// fail. (Holding the lock for a while is the situation, not a measurement: nothing here checks
// how long anything took.)
void TestSubmissionStore::writeWaitsForTheLock()
{
    QTemporaryDir dir;
    SubmissionStore store;
    store.setBusyTimeoutMs(15000);
    QVERIFY(store.open(dir.path()));
    std::atomic<bool> locked = false;
    std::atomic<bool> writing = false;
    std::atomic<bool> released = false;
    std::unique_ptr<QThread> other(QThread::create([&, path = store.filePath()] {
        RawConnection raw(path);
        if (!raw.exec(u"BEGIN EXCLUSIVE"_s) || !raw.exec(u"INSERT INTO schema_version VALUES (0)"_s))
            return;
        locked = true;
        while (!writing)
            QThread::yieldCurrentThread();
        QThread::msleep(300); // the write below meets the lock
        released = raw.exec(u"ROLLBACK"_s);
    }));
    const auto join = qScopeGuard([&] {
        writing = true; // also when a check below fails first
        other->wait();
    });
    other->start();
    QTRY_VERIFY_WITH_TIMEOUT(locked || other->isFinished(), 15000);
    QVERIFY(locked);
    QSignalSpy added(&store, &SubmissionStore::submissionAdded);
    Submission s = makeSubmission(1);
    writing = true;
    const bool written = store.insertPending(s);
    QVERIFY(other->wait(15000));
    QVERIFY(released);
    QVERIFY2(written, qPrintable(store.lastError().message));
    QVERIFY(s.id > 0);
    QCOMPARE(added.size(), 1);
    QCOMPARE(store.count(), 1);
}

void TestSubmissionStore::corruptFileIsMovedAside()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(SubmissionStore::fileName());
    QByteArray junk;
    for (int i = 0; i < 500; ++i)
        junk += "this is not a database, it is a text file that got here somehow\n";
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(junk);
    }
    test::ManualClock clock;
    SubmissionStore store(&clock);
    QVERIFY2(store.open(dir.path()), qPrintable(store.lastError().detail));
    const QString aside = store.corruptFileMovedTo();
    QCOMPARE(aside, file + u".corrupt-20260101T120000Z"_s);
    QFile moved(aside);
    QVERIFY(moved.open(QIODevice::ReadOnly));
    QCOMPARE(moved.readAll(), junk); // never deleted, byte for byte
    QVERIFY(store.openNotice().contains(QDir::toNativeSeparators(aside)));
    QCOMPARE(store.count(), 0);
    Submission s = makeSubmission(1);
    QVERIFY(store.insertPending(s));
}

namespace {
class WriterThread : public QThread
{
public:
    WriterThread(QString dataDir, int first, int count)
        : m_dir(std::move(dataDir)), m_first(first), m_count(count)
    {}
    int failures = 0;
    QString error;

protected:
    void run() override
    {
        SubmissionStore store; // its own connection, in this thread
        store.setBusyTimeoutMs(10000);
        if (!store.open(m_dir)) {
            failures = m_count;
            error = store.lastError().detail;
            return;
        }
        for (int i = m_first; i < m_first + m_count; ++i) {
            Submission s = makeSubmission(i);
            if (!store.insertPending(s)) {
                ++failures;
                error = store.lastError().detail;
            }
        }
    }

private:
    QString m_dir;
    int m_first, m_count;
};
} // namespace

void TestSubmissionStore::twoThreadsWriteAtOnce()
{
    QTemporaryDir dir;
    SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    WriterThread a(dir.path(), 0, 150), b(dir.path(), 1000, 150);
    a.start();
    b.start();
    QVERIFY(a.wait(60000) && b.wait(60000));
    QVERIFY2(a.failures == 0 && b.failures == 0, qPrintable(a.error + b.error));
    QCOMPARE(store.count(), 300);
}

void TestSubmissionStore::twoProcessesWriteAtOnce()
{
    const QString helper = qEnvironmentVariable("QUALDESK_BIN_DIR") + u"/qualdesk-history-helper"_s;
    if (!QFile::exists(helper))
        QSKIP("qualdesk-history-helper not built");
    QTemporaryDir dir;
    SubmissionStore store;
    store.setBusyTimeoutMs(10000);
    QVERIFY(store.open(dir.path()));
    QProcess first, second;
    first.start(helper, {u"insert"_s, dir.path(), u"200"_s, u"first"_s});
    second.start(helper, {u"insert"_s, dir.path(), u"200"_s, u"second"_s});
    QVERIFY(first.waitForStarted() && second.waitForStarted());
    // This process writes at the same time.
    for (int i = 0; i < 200; ++i) {
        Submission s = makeSubmission(5000 + i, u"here %1"_s.arg(i));
        QVERIFY2(store.insertPending(s), qPrintable(store.lastError().detail));
    }
    QVERIFY(first.waitForFinished(60000) && second.waitForFinished(60000));
    QVERIFY2(first.exitCode() == 0, first.readAllStandardError().constData());
    QVERIFY2(second.exitCode() == 0, second.readAllStandardError().constData());
    QCOMPARE(store.count(), 600);
    SubmissionFilter f;
    f.text = u"first"_s;
    QCOMPARE(store.count(f), 200);
    f.text = u"second"_s;
    QCOMPARE(store.count(f), 200);
    QSet<QString> requestIds;
    for (const Submission &s : store.query())
        requestIds.insert(s.requestId);
    QCOMPARE(requestIds.size(), 600);
    // Rows written by processes that ended are pending no longer after a reopen (one helper
    // may already have recovered the other's); this live process's rows stay pending.
    SubmissionStore again;
    QVERIFY(again.open(dir.path()));
    SubmissionFilter state;
    state.states = {Submission::State::Unknown};
    QCOMPARE(again.count(state), 400);
    state.states = {Submission::State::Pending};
    QCOMPARE(again.count(state), 200);
}

void TestSubmissionStore::outcomeOfMissingRowIsNotFound()
{
    QTemporaryDir dir;
    SubmissionStore store;
    Submission s = makeSubmission(1);
    QVERIFY(!store.insertPending(s));
    QCOMPARE(store.lastError().kind, StoreError::Kind::NotOpen);
    QVERIFY(store.open(dir.path()));
    s.id = 12345;
    QVERIFY(!store.recordOutcome(s));
    QCOMPARE(store.lastError().kind, StoreError::Kind::NotFound);
    QVERIFY(!store.get(12345).has_value());
    QCOMPARE(store.lastError().kind, StoreError::Kind::NotFound);
}

void TestSubmissionStore::progressOfManyRowsIsOneWrite()
{
    QTemporaryDir dir;
    SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    QList<Submission> rows{makeSubmission(1), makeSubmission(2), makeSubmission(3)};
    QVERIFY(store.insertPendingBatch(rows));
    QSignalSpy changed(&store, &SubmissionStore::submissionsChanged);
    QSignalSpy one(&store, &SubmissionStore::submissionChanged);

    // Row 0 left and was answered in the same turn, row 1 only left, row 2 is still waiting.
    Submission answered = rows.at(0);
    answered.state = Submission::State::Accepted;
    answered.httpStatus = 201;
    answered.vettingStatus = u"InReview"_s;
    QVERIFY(store.recordProgress({{rows.at(0).id, u"corr-0"_s}, {rows.at(1).id, u"corr-1"_s}}, {answered}));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(one.size(), 0);
    QCOMPARE(changed.at(0).at(0).value<QList<qint64>>(), (QList<qint64>{rows.at(0).id, rows.at(1).id}));
    QCOMPARE(store.get(rows.at(0).id)->state, Submission::State::Accepted);
    QCOMPARE(store.get(rows.at(0).id)->vettingStatus, u"InReview"_s);
    QCOMPARE(store.get(rows.at(1).id)->state, Submission::State::Sent);
    QCOMPARE(store.get(rows.at(1).id)->correlationId, u"corr-1"_s);
    QCOMPARE(store.get(rows.at(2).id)->state, Submission::State::Pending);

    // A sent mark never moves an answered row back.
    QVERIFY(store.recordProgress({{rows.at(0).id, {}}}, {}));
    QCOMPARE(store.get(rows.at(0).id)->state, Submission::State::Accepted);

    // All or none: a row that does not exist fails the whole write and changes nothing.
    Submission missing = rows.at(2);
    missing.id = 999999;
    missing.state = Submission::State::Failed;
    QVERIFY(!store.recordProgress({{rows.at(2).id, {}}}, {missing}));
    QCOMPARE(store.lastError().kind, StoreError::Kind::NotFound);
    QCOMPARE(store.get(rows.at(2).id)->state, Submission::State::Pending);
    QCOMPARE(changed.size(), 2);
}

void TestSubmissionStore::keptRowsHoldTheRestOfARun()
{
    QTemporaryDir dir;
    SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    const QString runId = u"run-kept"_s;
    QList<Submission> first{makeSubmission(1)}, rest;
    first[0].runId = runId;
    first[0].runLine = 2;
    for (int n = 2; n <= 4; ++n) {
        Submission s = makeSubmission(n, u"Střední škola %1, příspěvková organizace"_s.arg(n));
        s.runId = runId;
        s.runLine = n + 1;
        s.requestId = u"00000000-0000-4000-8000-00000000000%1"_s.arg(n);
        s.time = QDateTime(QDate(2026, 12, 2), QTime(9, 30, 15, 250), Qt::UTC);
        rest.append(s);
    }
    rest[1].request = {};
    rest[1].request.type = QualificationType::GovernmentCommunityCloud;
    rest[1].request.rawType = u"GovernmentCommunityCloud"_s;
    rest[1].request.validationCode = u"582641"_s;
    rest[2].request.type = QualificationType::StateOwnedEntity;
    rest[2].request.segment = EducationSegment::None;
    rest[2].request.website.clear();

    // The first row and the rest, kept whole, in one write.
    QVERIFY(store.insertPendingBatch(first, SubmissionStore::KeptRows{runId, rest}));
    QCOMPARE(store.byRun(runId).size(), 1);
    QList<Submission> kept = store.keptRows(runId);
    QCOMPARE(kept.size(), rest.size());
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const Submission &a = rest.at(i), &b = kept.at(i);
        QCOMPARE(b.requestId, a.requestId);
        QCOMPARE(b.customerId, a.customerId);
        QCOMPARE(b.companyName, a.companyName);
        QCOMPARE(b.request.type, a.request.type);
        QCOMPARE(b.request.typeName(), a.request.typeName());
        QCOMPARE(b.request.segment, a.request.segment);
        QCOMPARE(b.request.website, a.request.website);
        QCOMPARE(b.request.validationCode, a.request.validationCode);
        QCOMPARE(b.user, a.user);
        QCOMPARE(b.partnerTenant, a.partnerTenant);
        QCOMPARE(b.time, a.time);
        QCOMPARE(b.runId, runId);
        QCOMPARE(b.runLine, a.runLine);
        QCOMPARE(b.state, Submission::State::Pending);
    }
    QCOMPARE(store.unwrittenKeptRows(runId), 3);
    QVERIFY(store.keptRows(u"other-run"_s).isEmpty());
    QCOMPARE(store.unwrittenKeptRows(u"other-run"_s), 0);
    QVERIFY(!store.lastError().isError());

    // A run whose written rows are all answered is still unfinished while rows are kept.
    Submission answered = *store.get(first.at(0).id);
    answered.state = Submission::State::Accepted;
    QVERIFY(store.recordOutcome(answered));
    QCOMPARE(store.unfinishedRuns(), QStringList{runId});

    // Writing the rest as rows drops what was kept: the run is then an ordinary one.
    QList<Submission> firstOfRest{rest.at(0)};
    QVERIFY(store.insertPendingBatch(firstOfRest)); // written as a row, still kept too
    QCOMPARE(store.unwrittenKeptRows(runId), 2);
    rest.removeFirst();
    QVERIFY(store.insertPendingBatch(rest, SubmissionStore::KeptRows{runId, {}}));
    QVERIFY(store.keptRows(runId).isEmpty());
    QCOMPARE(store.byRun(runId).size(), 4);
    QCOMPARE(store.unfinishedRuns(), QStringList{runId}); // the three new rows are pending

    // Kept rows this version cannot read are an error, not an empty run.
    {
        RawConnection raw(store.filePath());
        QVERIFY(raw.exec(u"INSERT INTO bulk_kept_rows (run_id, rows) VALUES ('broken', x'00010203')"_s));
    }
    QVERIFY(store.keptRows(u"broken"_s).isEmpty());
    QCOMPARE(store.lastError().kind, StoreError::Kind::Corrupt);
}

void TestSubmissionStore::asyncInsertsAndProgressReportInOrder()
{
    QTemporaryDir dir;
    SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    QList<Submission> existing{makeSubmission(1)};
    QVERIFY(store.insertPendingBatch(existing));
    QSignalSpy added(&store, &SubmissionStore::submissionsAdded);
    QSignalSpy changed(&store, &SubmissionStore::submissionsChanged);

    QStringList order;
    QList<Submission> inserted;
    QList<Submission> part{makeSubmission(2), makeSubmission(3)};
    for (Submission &s : part)
        s.runId = u"run-async"_s;
    QList<Submission> kept{makeSubmission(4)};
    store.insertPendingAsync(part, SubmissionStore::KeptRows{u"run-async"_s, kept},
                             [&](bool ok, const QList<Submission> &rows) {
                                 order << (ok ? u"inserted"_s : u"insert failed"_s);
                                 inserted = rows;
                             });
    Submission answered = existing.at(0);
    answered.state = Submission::State::Accepted;
    store.recordProgressAsync({}, {answered},
                              [&](bool ok) { order << (ok ? u"recorded"_s : u"record failed"_s); });
    // Neither waited for the disk: both are reported from the event loop, in the order asked.
    QVERIFY(order.isEmpty());
    QTRY_COMPARE(order, (QStringList{u"inserted"_s, u"recorded"_s}));
    QCOMPARE(inserted.size(), 2);
    for (const Submission &s : std::as_const(inserted)) {
        QVERIFY(s.id > 0);
        QCOMPARE(store.get(s.id)->state, Submission::State::Pending);
        QCOMPARE(store.get(s.id)->requestId, s.requestId);
        QVERIFY(!s.requestId.isEmpty());
    }
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.at(0).at(0).value<QList<qint64>>(), (QList<qint64>{inserted.at(0).id, inserted.at(1).id}));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(store.get(existing.at(0).id)->state, Submission::State::Accepted);
    QCOMPARE(store.keptRows(u"run-async"_s).size(), 1);

    // waitForProgress() concludes what is under way, at once and in order.
    order.clear();
    store.insertPendingAsync(
        {makeSubmission(5)}, SubmissionStore::KeptRows{u"run-async"_s, {}},
        [&](bool ok, const QList<Submission> &) { order << (ok ? u"last"_s : u"failed"_s); });
    store.waitForProgress();
    QCOMPARE(order, QStringList{u"last"_s});
    QVERIFY(store.keptRows(u"run-async"_s).isEmpty());
}

void TestSubmissionStore::checkpointsRunInTheBackground()
{
    QTemporaryDir dir;
    SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    QList<Submission> rows;
    for (int i = 0; i < 200; ++i)
        rows.append(makeSubmission(i + 1));
    QVERIFY(store.insertPendingBatch(rows));
    for (const Submission &row : std::as_const(rows)) {
        Submission answered = row;
        answered.state = Submission::State::Accepted;
        QVERIFY(store.recordOutcome(answered));
    }
    // The WAL is copied into the database by the store's own thread, not by the writes above.
    QTRY_VERIFY(store.backgroundCheckpoints() > 0);
    const int checkpoints = store.backgroundCheckpoints();
    for (const Submission &row : std::as_const(rows)) {
        Submission refused = row;
        refused.state = Submission::State::Rejected;
        QVERIFY(store.recordOutcome(refused));
    }
    // Later writes are followed by later checkpoints, a few writes to one.
    QTRY_VERIFY(store.backgroundCheckpoints() > checkpoints);
    QVERIFY(store.backgroundCheckpoints() - checkpoints < 100);
    SubmissionFilter rejected;
    rejected.states = {Submission::State::Rejected};
    QCOMPARE(store.count(rejected), 200);
    store.close(); // stops the thread; no wait, no crash
    QVERIFY(store.open(dir.path()));
    QCOMPARE(store.count(rejected), 200);
}

QTEST_GUILESS_MAIN(TestSubmissionStore)
#include "tst_submissionstore.moc"
