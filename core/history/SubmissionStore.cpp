#include "SubmissionStore.h"

#include "BulkRunStore.h"
#include "HistoryQueries.h"
#include "HistorySql.h"
#include "HistoryWriter.h"
#include "PostgresHistory.h"
#include "ProgressWriter.h"
#include "SqliteHistory.h"

#include <QDir>
#include <QLoggingCategory>
#include <QSet>
#include <QTimer>
#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHistory, "qualdesk.history")

namespace qd {

namespace sql = historysql;

SubmissionStore::SubmissionStore(const Clock *clock, QObject *parent)
    : QObject(parent), m_clock(clock ? clock : SystemClock::instance())
{
    useDatabase(false);
}

void SubmissionStore::useDatabase(bool server)
{
    if (m_db && m_db->isShared() == server)
        return;
    m_runs.reset();
    m_queries.reset();
    m_writer.reset();
    if (server) {
        m_db = std::make_unique<PostgresHistory>(m_clock);
    } else {
        auto sqlite = std::make_unique<SqliteHistory>(m_clock);
        sqlite->setBusyTimeoutMs(m_busyTimeoutMs);
        m_db = std::move(sqlite);
    }
    m_writer = std::make_unique<HistoryWriter>(m_db.get());
    m_writer->setMarkForPush(m_workingOffline && !server);
    m_queries = std::make_unique<HistoryQueries>(m_db.get());
    m_runs = std::make_unique<BulkRunStore>(m_db.get(), m_queries.get());
}

bool SubmissionStore::isServerLocation(const QString &location)
{
    return PostgresHistory::isServerLocation(location);
}

QString SubmissionStore::checkServerLocation(const QString &location)
{
    return PostgresHistory::checkLocation(location);
}

QString SubmissionStore::displayLocation(const QString &location)
{
    return PostgresHistory::displayLocation(location);
}

bool SubmissionStore::isShared() const
{
    return m_db->isShared();
}

void SubmissionStore::setWorkingOffline(bool offline)
{
    m_workingOffline = offline;
    m_writer->setMarkForPush(offline && !m_db->isShared());
}

void SubmissionStore::setServerPassword(const QString &password)
{
    m_serverPassword = password;
}

SubmissionStore::~SubmissionStore()
{
    close();
}

QString SubmissionStore::fileName()
{
    return SqliteHistory::fileName();
}

int SubmissionStore::currentSchemaVersion()
{
    return sql::kSchemaVersion;
}

StoreError::Kind SubmissionStore::kindOfSql(const QSqlError &error)
{
    return SqliteHistory::kindOf(error);
}

void SubmissionStore::setBusyTimeoutMs(int ms)
{
    m_busyTimeoutMs = std::max(0, ms);
    if (auto *sqlite = dynamic_cast<SqliteHistory *>(m_db.get()))
        sqlite->setBusyTimeoutMs(m_busyTimeoutMs);
}

bool SubmissionStore::open(const QString &location)
{
    close();
    m_error = {};
    m_pushedAtOpen = 0;
    const bool server = isServerLocation(location);
    useDatabase(server);
    if (auto *postgres = dynamic_cast<PostgresHistory *>(m_db.get()))
        postgres->setPassword(m_serverPassword);
    HistoryFault fault;
    if (!m_db->open(location, fault))
        return fail(fault);
    m_db->setChangeListener([this](bool added, qint64 id) { noteRemoteChange(added, id); });
    m_progressWriter = m_db->startProgressWriter(); // none: recordProgressAsync writes on this thread
    return true;
}

// A colleague's rows arrive one notification each; a bulk run's thousands are announced in
// batches, as the store's own bulk writes are.
void SubmissionStore::noteRemoteChange(bool added, qint64 id)
{
    (added ? m_remoteAdded : m_remoteChanged).append(id);
    if (m_remoteFlushPending)
        return;
    m_remoteFlushPending = true;
    QTimer::singleShot(kRemoteBatchMs, this, [this] {
        m_remoteFlushPending = false;
        const QList<qint64> newRows = std::exchange(m_remoteAdded, {});
        QList<qint64> changed = std::exchange(m_remoteChanged, {});
        // A bulk run announces thousands: a set, not a list scan per row.
        const QSet<qint64> isNew(newRows.cbegin(), newRows.cend());
        changed.removeIf([&isNew](qint64 row) { return isNew.contains(row); });
        if (!newRows.isEmpty())
            emit submissionsAdded(newRows);
        if (!changed.isEmpty())
            announceProgress(changed);
    });
}

void SubmissionStore::close()
{
    waitForProgress();
    m_progressWriter.reset();
    m_db->close();
}

bool SubmissionStore::isOpen() const
{
    return m_db->isOpen();
}

bool SubmissionStore::isReadOnly() const
{
    return m_db->isReadOnly();
}

QString SubmissionStore::filePath() const
{
    return m_db->location();
}

int SubmissionStore::recoveredAtOpen() const
{
    return m_db->openReport().recovered;
}

QString SubmissionStore::corruptFileMovedTo() const
{
    return m_db->openReport().corruptMovedTo;
}

int SubmissionStore::backgroundCheckpoints() const
{
    return m_db->backgroundCheckpoints();
}

bool SubmissionStore::settle(const HistoryFault &fault)
{
    if (!fault.isFault()) {
        m_error = {};
        return true;
    }
    return fail(fault);
}

template <typename Read> auto SubmissionStore::read(Read &&part)
{
    HistoryFault fault;
    auto value = part(fault);
    settle(fault);
    return value;
}

template <typename Write> bool SubmissionStore::write(Write &&part)
{
    HistoryFault fault;
    part(fault);
    return settle(fault);
}

void SubmissionStore::announceAdded(const QList<Submission> &rows)
{
    QList<qint64> ids;
    ids.reserve(rows.size());
    for (const Submission &s : rows)
        ids.append(s.id);
    emit submissionsAdded(ids);
}

void SubmissionStore::announceProgress(QList<qint64> ids)
{
    // A row both sent and answered in this write is one change.
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    emit submissionsChanged(ids);
}

bool SubmissionStore::insertPending(Submission &s)
{
    QList<Submission> rows{s};
    if (!insertRows(rows, std::nullopt, true))
        return false;
    s = rows.first();
    emit submissionAdded(s.id);
    return true;
}

bool SubmissionStore::insertPendingBatch(QList<Submission> &rows, const std::optional<KeptRows> &kept)
{
    if (!insertRows(rows, kept, false))
        return false;
    if (!rows.isEmpty())
        announceAdded(rows);
    return true;
}

QDateTime SubmissionStore::now() const
{
    // A team's rows carry the server's time when this computer's clock is apart from it.
    return m_clock->nowUtc().addMSecs(m_db->openReport().clockOffsetMs);
}

bool SubmissionStore::insertRows(QList<Submission> &rows, const std::optional<KeptRows> &kept, bool single)
{
    const QDateTime now = this->now();
    QList<Submission> prepared = rows;
    for (Submission &s : prepared)
        sql::prepareNew(s, now);
    HistoryFault fault;
    m_writer->insert(prepared, kept, single, fault);
    if (!settle(fault))
        return false;
    rows = prepared;
    return true;
}

bool SubmissionStore::markSent(qint64 id, const QString &correlationId)
{
    if (!write([&](HistoryFault &f) { return m_writer->markSent({id, correlationId}, f); }))
        return false;
    emit submissionChanged(id);
    return true;
}

bool SubmissionStore::failPending(const QList<qint64> &ids, const QString &errorCode, const QString &message)
{
    if (ids.isEmpty())
        return true;
    if (!write([&](HistoryFault &f) { return m_writer->failPending(ids, errorCode, message, f); }))
        return false;
    emit submissionsChanged(ids);
    return true;
}

bool SubmissionStore::releaseSentMarks(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return true;
    if (!write([&](HistoryFault &f) { return m_writer->releaseSentMarks(ids, f); }))
        return false;
    emit submissionsChanged(ids);
    return true;
}

bool SubmissionStore::recordOutcome(const Submission &s)
{
    if (!write([&](HistoryFault &f) { return m_writer->recordOutcome(s, f); }))
        return false;
    emit submissionChanged(s.id);
    return true;
}

bool SubmissionStore::recordProgress(const QList<SentMark> &sent, const QList<Submission> &outcomes)
{
    if (sent.isEmpty() && outcomes.isEmpty())
        return true;
    QList<qint64> ids;
    if (!write([&](HistoryFault &f) { return m_writer->recordProgress(sent, outcomes, ids, f); }))
        return false;
    announceProgress(ids);
    return true;
}

bool SubmissionStore::updateVetting(qint64 id, const QString &status, const QString &reason,
                                    const QDateTime &createDate, const QDateTime &checkedAt)
{
    if (!write([&](HistoryFault &f) {
            return m_writer->updateVetting(id, status, reason, createDate, checkedAt, f);
        }))
        return false;
    emit submissionChanged(id);
    return true;
}

std::optional<Submission> SubmissionStore::get(qint64 id)
{
    return read([&](HistoryFault &f) { return m_queries->get(id, f); });
}

QList<Submission> SubmissionStore::query(const SubmissionFilter &filter, const SubmissionSort &sort,
                                         qint64 offset, int limit)
{
    return read([&](HistoryFault &f) { return m_queries->query(filter, sort, offset, limit, f); });
}

QList<Submission> SubmissionStore::queryAfter(const SubmissionFilter &filter, const SubmissionSort &sort,
                                              const Submission &after, int limit)
{
    return read([&](HistoryFault &f) { return m_queries->queryAfter(filter, sort, after, limit, f); });
}

qint64 SubmissionStore::count(const SubmissionFilter &filter)
{
    return read([&](HistoryFault &f) { return m_queries->count(filter, f); });
}

QList<Submission> SubmissionStore::unsettled()
{
    return read([&](HistoryFault &f) { return m_queries->unsettled(f); });
}

QStringList SubmissionStore::users()
{
    return read([&](HistoryFault &f) { return m_queries->users(f); });
}

QList<Submission> SubmissionStore::keptRows(const QString &runId)
{
    return read([&](HistoryFault &f) { return m_runs->keptRows(runId, f); });
}

int SubmissionStore::unwrittenKeptRows(const QString &runId)
{
    return read([&](HistoryFault &f) { return m_runs->unwrittenKeptRows(runId, f); });
}

QList<Submission> SubmissionStore::byRun(const QString &runId)
{
    return read([&](HistoryFault &f) { return m_runs->byRun(runId, f); });
}

QStringList SubmissionStore::unfinishedRuns()
{
    return read([&](HistoryFault &f) { return m_runs->unfinishedRuns(f); });
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
    const QDateTime now = this->now();
    for (Submission &s : rows)
        sql::prepareNew(s, now);
    auto job = std::make_shared<ProgressJob>();
    job->inserts = std::move(rows);
    job->kept = std::move(kept);
    job->markForPush = m_workingOffline;
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
            m_db->committed();
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

} // namespace qd
