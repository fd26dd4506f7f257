#include "SqliteHistory.h"

#include "HistorySql.h"
#include "ProgressWriter.h"
#include "WalCheckpointer.h"

#include <QAtomicInteger>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcHistory)

namespace qd {

namespace sql = historysql;

namespace {

int nativeCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1; // primary result code
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

// Migration helpers return text; a read-only file says so in it.
StoreError::Kind kindOfText(const QString &error)
{
    if (error.contains(u"readonly"_s, Qt::CaseInsensitive) ||
        error.contains(u"read-only"_s, Qt::CaseInsensitive))
        return StoreError::Kind::ReadOnly;
    if (error.contains(u"locked"_s, Qt::CaseInsensitive))
        return StoreError::Kind::Locked;
    return StoreError::Kind::Io;
}

} // namespace

SqliteHistory::SqliteHistory(const Clock *clock) : m_clock(clock ? clock : SystemClock::instance())
{
    static QAtomicInteger<quint64> counter;
    m_connection = u"qualdesk-history-%1"_s.arg(++counter);
}

SqliteHistory::~SqliteHistory()
{
    close();
}

QString SqliteHistory::fileName()
{
    return u"history.sqlite"_s;
}

StoreError::Kind SqliteHistory::kindOf(const QSqlError &error)
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

void SqliteHistory::setBusyTimeoutMs(int ms)
{
    m_busyTimeoutMs = std::max(0, ms);
}

QSqlDatabase SqliteHistory::connection() const
{
    return QSqlDatabase::database(m_connection, false);
}

bool SqliteHistory::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && connection().isOpen();
}

void SqliteHistory::close()
{
    sql::releaseWriterLock(this);
    m_checkpointer.reset();
    if (!QSqlDatabase::contains(m_connection))
        return;
    sql::forgetStatements(m_connection);
    {
        QSqlDatabase database = connection();
        if (database.isOpen() && !m_readOnly) {
            // Keeps the planner's statistics fresh; cheap when nothing changed.
            QSqlQuery q(database);
            q.exec(u"PRAGMA optimize"_s);
        }
        database.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool SqliteHistory::open(const QString &location, HistoryFault &fault)
{
    close();
    m_report = {};
    m_readOnly = false;
    m_path = QDir(location).absoluteFilePath(fileName());
    if (!QDir().mkpath(location))
        return fault.set(StoreError::Kind::ReadOnly, u"cannot create folder "_s + location);

    if (openAt(fault))
        return true;
    close();
    m_readOnly = false;
    if (fault.kind != StoreError::Kind::Corrupt)
        return false;

    // Never delete a damaged history: move it (and its WAL files) aside and start a new one.
    const QString stamp = m_clock->nowUtc().toString(u"yyyyMMdd'T'HHmmss'Z'"_s);
    const QString aside = m_path + u".corrupt-"_s + stamp;
    if (!QFile::rename(m_path, aside))
        return fault.set(StoreError::Kind::Corrupt, u"cannot rename to "_s + aside);
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s}) {
        if (QFile::exists(m_path + suffix))
            QFile::rename(m_path + suffix, aside + suffix);
    }
    qCWarning(lcHistory) << "damaged history moved aside to" << aside;
    fault = {};
    if (!openAt(fault)) {
        close();
        m_readOnly = false;
        return false;
    }
    m_report.corruptMovedTo = aside;
    return true;
}

bool SqliteHistory::openAt(HistoryFault &fault)
{
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
        database.setDatabaseName(m_path);
        database.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(m_busyTimeoutMs));
        if (!database.open())
            return fault.set(isWritable(m_path) ? StoreError::Kind::Io : StoreError::Kind::ReadOnly,
                             describe(database.lastError()));
    }
    QSqlDatabase database = connection();
    QSqlQuery q(database);
    // Reading the schema is what fails first on a file that is not a database.
    if (!q.exec(u"SELECT count(*) FROM sqlite_master"_s)) {
        // Opening a WAL file read-only fails here too (its -shm cannot be created).
        if (kindOf(q.lastError()) != StoreError::Kind::Corrupt && !isWritable(m_path))
            return fault.set(StoreError::Kind::ReadOnly, describe(q.lastError()));
        return fail(q.lastError(), fault);
    }
    q.exec(u"PRAGMA busy_timeout = %1"_s.arg(m_busyTimeoutMs));

    if (!q.exec(u"PRAGMA journal_mode = WAL"_s) && !isBusy(q.lastError()) &&
        kindOf(q.lastError()) != StoreError::Kind::ReadOnly)
        return fail(q.lastError(), fault);
    // Every commit reaches the disk before the request it records can leave.
    q.exec(u"PRAGMA synchronous = FULL"_s);
    m_relaxedSync = false;

    if (!begin(fault)) {
        if (fault.kind != StoreError::Kind::ReadOnly)
            return false;
        return openReadOnly(fault);
    }
    sql::holdWriterLock(m_path, this);
    QString error;
    const int version = sql::schemaVersion(database, &error);
    if (version < 0)
        return rollbackWith(kindOfText(error), error, fault);
    if (version > sql::kSchemaVersion)
        return rollbackWith(StoreError::Kind::TooNew, u"schema version %1"_s.arg(version), fault);
    if (version < sql::kSchemaVersion) {
        qCInfo(lcHistory) << "migrating history from schema" << version << "to" << sql::kSchemaVersion;
        if (!sql::migrate(database, version, &error))
            return rollbackWith(kindOfText(error), error, fault);
    }
    // BEGIN IMMEDIATE succeeds on a file SQLite opened read-only; a real write tells.
    QSqlQuery probe(database);
    if (!probe.exec(u"UPDATE schema_version SET version = version"_s)) {
        const QSqlError probeError = probe.lastError();
        if (kindOf(probeError) == StoreError::Kind::ReadOnly) {
            rollbackWith(StoreError::Kind::ReadOnly, describe(probeError), fault);
            return openReadOnly(fault);
        }
        return rollbackWith(kindOf(probeError), describe(probeError), fault);
    }
    if (!recoverCrashed(fault))
        return false;
    if (!commitWrite(fault)) {
        if (fault.kind == StoreError::Kind::ReadOnly)
            return openReadOnly(fault);
        return false;
    }
    startCheckpoints();
    return true;
}

// A file we may read but not write: the history stays viewable, and every write reports
// ReadOnly so nothing is ever sent unrecorded.
bool SqliteHistory::openReadOnly(HistoryFault &fault)
{
    const HistoryFault readOnlyFault = fault;
    QSqlDatabase database = connection();
    QString error;
    if (sql::schemaVersion(database, &error) != sql::kSchemaVersion)
        return false; // cannot migrate without writing; not usable (fault still says read-only)
    m_readOnly = true;
    fault = {};
    qCWarning(lcHistory) << "history opened read-only:" << readOnlyFault.detail;
    return true;
}

bool SqliteHistory::recoverCrashed(HistoryFault &fault)
{
    QSqlDatabase database = connection();
    QSqlQuery select(database);
    select.setForwardOnly(true);
    // A bulk run's rows are marked sent before their request may leave: its pending rows never
    // left and wait, pending, for the run to be resumed. Any other pending row may have left.
    if (!select.exec(u"SELECT id, writer FROM submissions WHERE state = 'sent'"
                     " OR (state = 'pending' AND run_id IS NULL)"_s))
        return rollbackWith(kindOf(select.lastError()), describe(select.lastError()), fault);
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
    const QString message = QCoreApplication::translate(
        "qd::SubmissionStore", "QualDesk stopped before Partner Center's answer arrived. "
                               "Refresh to find out whether the qualification was created.");
    for (qint64 id : orphans) {
        update.bindValue(u":message"_s, message);
        update.bindValue(u":id"_s, id);
        if (!update.exec())
            return rollbackWith(kindOf(update.lastError()), describe(update.lastError()), fault);
    }
    m_report.recovered = int(orphans.size());
    if (m_report.recovered > 0)
        qCInfo(lcHistory) << m_report.recovered << "interrupted submissions marked unknown";
    return true;
}

bool SqliteHistory::rollbackWith(StoreError::Kind kind, const QString &detail, HistoryFault &fault)
{
    rollbackWrite();
    return fault.set(kind, detail);
}

void SqliteHistory::startCheckpoints()
{
    m_checkpointer = std::make_unique<WalCheckpointer>(m_path, m_busyTimeoutMs);
    if (!m_checkpointer->isRunning()) {
        m_checkpointer.reset(); // SQLite keeps checkpointing on this connection, as it does by default
        return;
    }
    QSqlQuery(connection()).exec(u"PRAGMA wal_autocheckpoint = 0"_s);
}

int SqliteHistory::backgroundCheckpoints() const
{
    return m_checkpointer ? m_checkpointer->checkpoints() : 0;
}

std::unique_ptr<ProgressWriter> SqliteHistory::startProgressWriter()
{
    if (!isOpen() || m_readOnly)
        return nullptr;
    auto writer = std::make_unique<ProgressWriter>(m_path, m_busyTimeoutMs, m_checkpointer != nullptr);
    if (!writer->isRunning())
        return nullptr;
    return writer;
}

// BEGIN IMMEDIATE takes the write lock up front (the busy timeout applies to it), so a write
// never fails half-way on a lock upgrade. SQLite returns BUSY without waiting in a few cases
// (for example a WAL snapshot conflict); those are retried until the busy timeout.
bool SqliteHistory::begin(HistoryFault &fault)
{
    if (!readable(fault))
        return false;
    QElapsedTimer timer;
    timer.start();
    QSqlDatabase database = connection();
    for (;;) {
        QSqlQuery q(database);
        if (q.exec(u"BEGIN IMMEDIATE"_s))
            return true;
        if (isBusy(q.lastError()) && timer.elapsed() < m_busyTimeoutMs) {
            QThread::msleep(10);
            continue;
        }
        return fail(q.lastError(), fault);
    }
}

// Relaxed writes run with synchronous = NORMAL: committed and visible at once and safe against a
// crash of the program, synced with the next full commit; only a power cut could undo one, leaving
// the row pending/sent, which then becomes unknown and is settled by re-reading.
bool SqliteHistory::beginWrite(Durability durability, HistoryFault &fault)
{
    // The connection stays in the mode of its last write: a run of relaxed writes (a bulk run's
    // answers) switches once, not twice per transaction.
    const bool relaxed = durability == Durability::Relaxed;
    if (relaxed != m_relaxedSync) {
        QSqlQuery mode(connection());
        if (mode.exec(relaxed ? u"PRAGMA synchronous = NORMAL"_s : u"PRAGMA synchronous = FULL"_s))
            m_relaxedSync = relaxed;
        else if (!relaxed)
            return fail(mode.lastError(), fault); // a write that must reach the disk cannot go without it
    }
    return begin(fault);
}

bool SqliteHistory::commitWrite(HistoryFault &fault)
{
    QSqlQuery q(connection());
    if (q.exec(u"COMMIT"_s))
        return true;
    const QSqlError error = q.lastError();
    q.exec(u"ROLLBACK"_s);
    return fail(error, fault);
}

void SqliteHistory::rollbackWrite()
{
    QSqlQuery q(connection());
    q.exec(u"ROLLBACK"_s);
}

void SqliteHistory::committed()
{
    if (m_checkpointer)
        m_checkpointer->nudge();
}

} // namespace qd
