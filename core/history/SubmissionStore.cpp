#include "SubmissionStore.h"

#include "HistorySql.h"
#include "ProgressWriter.h"
#include "WalCheckpointer.h"

#include <QAtomicInteger>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSqlError>
#include <QThread>
#include <QUuid>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHistory, "qualdesk.history")

namespace qd {

namespace sql = historysql;

namespace {

int nativeCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1; // primary result code
}

StoreError::Kind kindOf(const QSqlError &error)
{
    switch (nativeCode(error)) {
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        return StoreError::Kind::Locked;
    case 8: // SQLITE_READONLY
        return StoreError::Kind::ReadOnly;
    case 13: // SQLITE_FULL
        return StoreError::Kind::DiskFull;
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        return StoreError::Kind::Corrupt;
    default:
        return StoreError::Kind::Io;
    }
}

bool isBusy(const QSqlError &error)
{
    const int code = nativeCode(error);
    return code == 5 || code == 6;
}

bool isWritable(const QString &path)
{
    const QFileInfo file(path);
    return (!file.exists() || file.isWritable()) && QFileInfo(file.absolutePath()).isWritable();
}

QString describe(const QSqlError &error)
{
    return error.text() + u" ["_s + error.nativeErrorCode() + u']';
}

} // namespace

QString StoreError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return u"none"_s;
    case Kind::NotOpen:
        return u"not-open"_s;
    case Kind::ReadOnly:
        return u"read-only"_s;
    case Kind::Locked:
        return u"locked"_s;
    case Kind::DiskFull:
        return u"disk-full"_s;
    case Kind::Corrupt:
        return u"corrupt"_s;
    case Kind::TooNew:
        return u"too-new"_s;
    case Kind::NotFound:
        return u"not-found"_s;
    case Kind::Io:
        break;
    }
    return u"io"_s;
}

SubmissionStore::SubmissionStore(const Clock *clock, QObject *parent)
    : QObject(parent), m_clock(clock ? clock : SystemClock::instance())
{
    static QAtomicInteger<quint64> counter;
    m_connection = u"qualdesk-history-%1"_s.arg(++counter);
}

SubmissionStore::~SubmissionStore()
{
    close();
}

QString SubmissionStore::fileName()
{
    return u"history.sqlite"_s;
}

int SubmissionStore::currentSchemaVersion()
{
    return sql::kSchemaVersion;
}

void SubmissionStore::setBusyTimeoutMs(int ms)
{
    m_busyTimeoutMs = std::max(0, ms);
}

QSqlDatabase SubmissionStore::db() const
{
    return QSqlDatabase::database(m_connection, false);
}

bool SubmissionStore::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && db().isOpen();
}

bool SubmissionStore::isReadOnly() const
{
    return m_readOnly;
}

QString SubmissionStore::filePath() const
{
    return m_path;
}

void SubmissionStore::close()
{
    sql::releaseWriterLock(this);
    waitForProgress();
    m_progressWriter.reset();
    m_checkpointer.reset();
    if (!QSqlDatabase::contains(m_connection))
        return;
    sql::forgetStatements(m_connection);
    {
        QSqlDatabase database = db();
        if (database.isOpen() && !m_readOnly) {
            // Keeps the planner's statistics fresh; cheap when nothing changed.
            QSqlQuery q(database);
            q.exec(u"PRAGMA optimize"_s);
        }
        database.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

void SubmissionStore::closeKeepingError()
{
    const StoreError error = m_error;
    close();
    m_readOnly = false;
    m_error = error;
}

bool SubmissionStore::fail(StoreError::Kind kind, const QString &detail)
{
    m_error.kind = kind;
    m_error.detail = detail;
    const QString file = QDir::toNativeSeparators(m_path);
    switch (kind) {
    case StoreError::Kind::None:
        m_error = {};
        return true;
    case StoreError::Kind::NotOpen:
        m_error.message = tr("The submission history is not open.");
        break;
    case StoreError::Kind::ReadOnly:
        m_error.message = tr("The submission history (%1) cannot be written: the file or its folder "
                             "is read-only. Check the permissions or choose another data folder.")
                              .arg(file);
        break;
    case StoreError::Kind::Locked:
        m_error.message = tr("The submission history (%1) is locked by another program. Try again in "
                             "a moment.")
                              .arg(file);
        break;
    case StoreError::Kind::DiskFull:
        m_error.message = tr("The disk that holds the submission history (%1) is full.").arg(file);
        break;
    case StoreError::Kind::Corrupt:
        m_error.message = tr("The submission history (%1) is damaged. Restart QualDesk to move it "
                             "aside and start a new one.")
                              .arg(file);
        break;
    case StoreError::Kind::TooNew:
        m_error.message = tr("The submission history (%1) was written by a newer version of QualDesk. "
                             "Update QualDesk to use it.")
                              .arg(file);
        break;
    case StoreError::Kind::NotFound:
        m_error.message = tr("That submission is not in the history.");
        break;
    case StoreError::Kind::Io:
        m_error.message = tr("The submission history (%1) cannot be used: %2").arg(file, detail);
        break;
    }
    qCWarning(lcHistory) << "history error:" << StoreError::kindName(kind) << detail;
    return false;
}

bool SubmissionStore::failSql(const QSqlError &error)
{
    return fail(kindOf(error), describe(error));
}

bool SubmissionStore::open(const QString &dataDir)
{
    close();
    m_error = {};
    m_recovered = 0;
    m_corruptMovedTo.clear();
    m_readOnly = false;
    m_path = QDir(dataDir).absoluteFilePath(fileName());
    if (!QDir().mkpath(dataDir))
        return fail(StoreError::Kind::ReadOnly, u"cannot create folder "_s + dataDir);

    if (openAt())
        return true;
    if (m_error.kind != StoreError::Kind::Corrupt) {
        closeKeepingError();
        return false;
    }

    // Never delete a damaged history: move it (and its WAL files) aside and start a new one.
    close();
    const QString stamp = m_clock->nowUtc().toString(u"yyyyMMdd'T'HHmmss'Z'"_s);
    const QString aside = m_path + u".corrupt-"_s + stamp;
    if (!QFile::rename(m_path, aside))
        return fail(StoreError::Kind::Corrupt, u"cannot rename to "_s + aside);
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s}) {
        if (QFile::exists(m_path + suffix))
            QFile::rename(m_path + suffix, aside + suffix);
    }
    qCWarning(lcHistory) << "damaged history moved aside to" << aside;
    m_error = {};
    if (!openAt()) {
        closeKeepingError();
        return false;
    }
    m_corruptMovedTo = aside;
    return true;
}

bool SubmissionStore::openAt()
{
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
        database.setDatabaseName(m_path);
        database.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(m_busyTimeoutMs));
        if (!database.open())
            return fail(isWritable(m_path) ? StoreError::Kind::Io : StoreError::Kind::ReadOnly,
                        describe(database.lastError()));
    }
    QSqlDatabase database = db();
    QSqlQuery q(database);
    // Reading the schema is what fails first on a file that is not a database.
    if (!q.exec(u"SELECT count(*) FROM sqlite_master"_s)) {
        // Opening a WAL file read-only fails here too (its -shm cannot be created).
        if (kindOf(q.lastError()) != StoreError::Kind::Corrupt && !isWritable(m_path))
            return fail(StoreError::Kind::ReadOnly, describe(q.lastError()));
        return failSql(q.lastError());
    }
    q.exec(u"PRAGMA busy_timeout = %1"_s.arg(m_busyTimeoutMs));

    if (!q.exec(u"PRAGMA journal_mode = WAL"_s) && !isBusy(q.lastError()) &&
        kindOf(q.lastError()) != StoreError::Kind::ReadOnly)
        return failSql(q.lastError());
    // Every commit reaches the disk before the request it records can leave.
    q.exec(u"PRAGMA synchronous = FULL"_s);
    m_relaxedSync = false;

    if (!beginWrite()) {
        if (m_error.kind != StoreError::Kind::ReadOnly)
            return false;
        return openReadOnly();
    }
    sql::holdWriterLock(m_path, this);
    QString error;
    const int version = sql::schemaVersion(database, &error);
    if (version < 0)
        return rollbackWith(kindOfText(error), error);
    if (version > sql::kSchemaVersion)
        return rollbackWith(StoreError::Kind::TooNew, u"schema version %1"_s.arg(version));
    if (version < sql::kSchemaVersion) {
        qCInfo(lcHistory) << "migrating history from schema" << version << "to" << sql::kSchemaVersion;
        if (!sql::migrate(database, version, &error))
            return rollbackWith(kindOfText(error), error);
    }
    // BEGIN IMMEDIATE succeeds on a file SQLite opened read-only; a real write tells.
    QSqlQuery probe(database);
    if (!probe.exec(u"UPDATE schema_version SET version = version"_s)) {
        const QSqlError probeError = probe.lastError();
        if (kindOf(probeError) == StoreError::Kind::ReadOnly) {
            rollbackWith(StoreError::Kind::ReadOnly, describe(probeError));
            return openReadOnly();
        }
        return rollbackWith(kindOf(probeError), describe(probeError));
    }
    if (!recoverCrashed())
        return false;
    if (!commitWrite()) {
        if (m_error.kind == StoreError::Kind::ReadOnly)
            return openReadOnly();
        return false;
    }
    startCheckpoints();
    m_progressWriter = std::make_unique<ProgressWriter>(m_path, m_busyTimeoutMs, m_checkpointer != nullptr);
    if (!m_progressWriter->isRunning())
        m_progressWriter.reset(); // recordProgressAsync then writes on this thread
    return true;
}

StoreError::Kind SubmissionStore::kindOfSql(const QSqlError &error)
{
    return kindOf(error);
}

void SubmissionStore::recordProgressAsync(QList<SentMark> sent, QList<Submission> outcomes,
                                          std::function<void(bool ok)> done)
{
    if (!m_progressWriter || (sent.isEmpty() && outcomes.isEmpty())) {
        waitForProgress(); // in order with the writes asked for before
        const bool ok = recordProgress(sent, outcomes);
        if (done)
            done(ok);
        return;
    }
    auto job = std::make_shared<ProgressJob>();
    job->sent = std::move(sent);
    job->outcomes = std::move(outcomes);
    startJob(std::move(job), std::move(done));
}

void SubmissionStore::insertPendingAsync(QList<Submission> rows, std::optional<KeptRows> kept,
                                         std::function<void(bool ok, const QList<Submission> &rows)> done)
{
    if (!m_progressWriter) {
        waitForProgress();
        const bool ok = insertPendingBatch(rows, kept);
        if (done)
            done(ok, rows);
        return;
    }
    const QDateTime now = m_clock->nowUtc();
    for (Submission &s : rows)
        sql::prepareNew(s, now);
    auto job = std::make_shared<ProgressJob>();
    job->inserts = std::move(rows);
    job->kept = std::move(kept);
    ProgressJob *written = job.get();
    startJob(std::move(job), [written, done = std::move(done)](bool ok) {
        if (done)
            done(ok, written->inserts);
    });
}

void SubmissionStore::startJob(std::shared_ptr<ProgressJob> job, std::function<void(bool)> done)
{
    const ProgressJob *key = job.get();
    m_progressJobs.push_back({job, std::move(done)});
    m_progressWriter->start(std::move(job), this, [this, key] { concludeUpTo(key); });
}

void SubmissionStore::waitForProgress()
{
    if (!m_progressJobs.empty())
        concludeUpTo(m_progressJobs.back().job.get());
}

// Concludes the jobs asked for up to and including job, in order (each waits for its write):
// submissionsAdded/submissionsChanged or the error, then its done(). A job concluded already
// (by waitForProgress) is not found and nothing happens.
void SubmissionStore::concludeUpTo(const ProgressJob *job)
{
    const auto pending = [this, job] {
        return std::any_of(m_progressJobs.begin(), m_progressJobs.end(),
                           [job](const QueuedJob &queued) { return queued.job.get() == job; });
    };
    while (pending()) {
        // Taken off first: a done() may ask for the next write, or wait for all of them.
        const QueuedJob next = std::move(m_progressJobs.front());
        m_progressJobs.pop_front();
        next.job->finished.acquire(); // at once when the thread's report arrived; otherwise waits
        if (next.job->ok) {
            m_error = {};
            if (m_checkpointer)
                m_checkpointer->nudge();
            if (!next.job->inserts.isEmpty()) {
                QList<qint64> added;
                added.reserve(next.job->inserts.size());
                for (const Submission &s : std::as_const(next.job->inserts))
                    added.append(s.id);
                emit submissionsAdded(added);
            }
            if (!next.job->ids.isEmpty())
                announceProgress(next.job->ids);
        } else {
            fail(next.job->kind, next.job->detail);
        }
        if (next.done)
            next.done(next.job->ok);
    }
}

void SubmissionStore::startCheckpoints()
{
    m_checkpointer = std::make_unique<WalCheckpointer>(m_path, m_busyTimeoutMs);
    if (!m_checkpointer->isRunning()) {
        m_checkpointer.reset(); // SQLite keeps checkpointing on this connection, as it does by default
        return;
    }
    QSqlQuery(db()).exec(u"PRAGMA wal_autocheckpoint = 0"_s);
}

int SubmissionStore::backgroundCheckpoints() const
{
    return m_checkpointer ? m_checkpointer->checkpoints() : 0;
}

StoreError::Kind SubmissionStore::kindOfText(const QString &error)
{
    // Migration helpers return text; a read-only file says so in it.
    if (error.contains(u"readonly"_s, Qt::CaseInsensitive) ||
        error.contains(u"read-only"_s, Qt::CaseInsensitive))
        return StoreError::Kind::ReadOnly;
    if (error.contains(u"locked"_s, Qt::CaseInsensitive))
        return StoreError::Kind::Locked;
    return StoreError::Kind::Io;
}

bool SubmissionStore::rollbackWith(StoreError::Kind kind, const QString &detail)
{
    QSqlQuery q(db());
    q.exec(u"ROLLBACK"_s);
    return fail(kind, detail);
}

// A file we may read but not write: the history stays viewable, and every write reports
// ReadOnly so nothing is ever sent unrecorded.
bool SubmissionStore::openReadOnly()
{
    const StoreError readOnlyError = m_error;
    QSqlDatabase database = db();
    QString error;
    const int version = sql::schemaVersion(database, &error);
    if (version != sql::kSchemaVersion) {
        m_error = readOnlyError;
        return false; // cannot migrate without writing; not usable
    }
    m_readOnly = true;
    m_error = {};
    qCWarning(lcHistory) << "history opened read-only:" << readOnlyError.detail;
    return true;
}

bool SubmissionStore::recoverCrashed()
{
    QSqlDatabase database = db();
    QSqlQuery select(database);
    select.setForwardOnly(true);
    // A bulk run's rows are marked sent before their request may leave: its pending rows never
    // left and wait, pending, for the run to be resumed. Any other pending row may have left.
    if (!select.exec(u"SELECT id, writer FROM submissions WHERE state = 'sent'"
                     " OR (state = 'pending' AND run_id IS NULL)"_s))
        return rollbackWith(kindOf(select.lastError()), describe(select.lastError()));
    QList<qint64> orphans;
    const QString self = sql::processTag();
    while (select.next()) {
        const QString writer = select.value(1).toString();
        // Rows of a live process (another window, the CLI) are still in flight: leave them.
        if (writer != self && !sql::isWriterAlive(m_path, writer))
            orphans << select.value(0).toLongLong();
    }
    select.finish();
    QSqlQuery update(database);
    update.prepare(u"UPDATE submissions SET state = 'unknown', error_code = 'interrupted',"
                   " error_message = :message WHERE id = :id AND state IN ('pending', 'sent')"_s);
    for (qint64 id : orphans) {
        update.bindValue(u":message"_s, tr("QualDesk stopped before Partner Center's answer arrived. "
                                           "Refresh to find out whether the qualification was created."));
        update.bindValue(u":id"_s, id);
        if (!update.exec())
            return rollbackWith(kindOf(update.lastError()), describe(update.lastError()));
    }
    m_recovered = int(orphans.size());
    if (m_recovered > 0)
        qCInfo(lcHistory) << m_recovered << "interrupted submissions marked unknown";
    return true;
}

QString SubmissionStore::openNotice() const
{
    QStringList notes;
    if (!m_corruptMovedTo.isEmpty())
        notes << tr("The submission history was damaged. It was moved to %1 and a new history was "
                    "started.")
                     .arg(QDir::toNativeSeparators(m_corruptMovedTo));
    if (m_recovered > 0)
        notes << tr("%n submission(s) were interrupted before their answer arrived; refresh to settle "
                    "them.",
                    nullptr, m_recovered);
    if (m_readOnly)
        notes << tr("The submission history (%1) is read-only: you can view it, but nothing can be "
                    "submitted until it can be written.")
                     .arg(QDir::toNativeSeparators(m_path));
    return notes.join(u' ');
}

// BEGIN IMMEDIATE takes the write lock up front (the busy timeout applies to it), so a write
// never fails half-way on a lock upgrade. SQLite returns BUSY without waiting in a few cases
// (for example a WAL snapshot conflict); those are retried until the busy timeout.
bool SubmissionStore::beginWrite()
{
    if (!isOpen())
        return fail(StoreError::Kind::NotOpen, {});
    QElapsedTimer timer;
    timer.start();
    QSqlDatabase database = db();
    for (;;) {
        QSqlQuery q(database);
        if (q.exec(u"BEGIN IMMEDIATE"_s))
            return true;
        if (isBusy(q.lastError()) && timer.elapsed() < m_busyTimeoutMs) {
            QThread::msleep(10);
            continue;
        }
        return failSql(q.lastError());
    }
}

bool SubmissionStore::commitWrite()
{
    QSqlQuery q(db());
    if (q.exec(u"COMMIT"_s))
        return true;
    const QSqlError error = q.lastError();
    q.exec(u"ROLLBACK"_s);
    return failSql(error);
}

bool SubmissionStore::writeTransaction(const std::function<bool(QSqlDatabase &)> &body, Durability durability)
{
    if (m_readOnly)
        return fail(StoreError::Kind::ReadOnly, u"opened read-only"_s);
    if (!isOpen())
        return fail(StoreError::Kind::NotOpen, {});
    QSqlDatabase database = db();
    // The connection stays in the mode of its last write: a run of relaxed writes (a bulk run's
    // answers) switches once, not twice per transaction.
    const bool relaxed = durability == Durability::Relaxed;
    if (relaxed != m_relaxedSync) {
        QSqlQuery mode(database);
        if (mode.exec(relaxed ? u"PRAGMA synchronous = NORMAL"_s : u"PRAGMA synchronous = FULL"_s))
            m_relaxedSync = relaxed;
        else if (!relaxed)
            return failSql(mode.lastError()); // a write that must reach the disk cannot go without it
    }
    if (!beginWrite())
        return false;
    if (!body(database)) {
        QSqlQuery q(database);
        q.exec(u"ROLLBACK"_s);
        return false;
    }
    if (!commitWrite())
        return false;
    m_error = {};
    if (m_checkpointer)
        m_checkpointer->nudge();
    return true;
}

} // namespace qd
