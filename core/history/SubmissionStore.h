#pragma once

#include "StoreError.h"
#include "Submission.h"
#include "domain/Clock.h"

#include <QCoreApplication>
#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QVariantMap>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

class QSqlError;
class QSqlQuery;

namespace qd {

class BulkRunStore;
class HistoryDatabase;
class HistoryQueries;
class HistoryWriter;
class ProgressWriter;
class SqliteHistory;
struct HistoryFault;
struct ProgressJob;

// The submission history: one SQLite file (history.sqlite) in the data folder.
// Rows are written before anything is sent (insertPending) and after every outcome.
// Each instance has its own connection and must be used from the thread that opened it;
// several instances and processes may use the same file at once (WAL, busy timeout, retries).
// The store puts together the history's parts, each on the same HistoryDatabase (SqliteHistory):
// HistoryWriter writes, HistoryQueries reads for the views, BulkRunStore keeps what belongs to
// bulk runs, ProgressWriter writes a bulk run's rows on a thread of its own. It announces every
// change and puts every failure into words (lastError()).
class SubmissionStore : public QObject
{
    Q_OBJECT
public:
    explicit SubmissionStore(const Clock *clock = SystemClock::instance(), QObject *parent = nullptr);
    ~SubmissionStore() override;

    static QString fileName(); // "history.sqlite"
    static int currentSchemaVersion();

    // How long a write waits for another connection's lock before failing as Locked.
    // Set before open(). Default 5000 ms.
    void setBusyTimeoutMs(int ms);

    // Whether location names a team's history server (postgresql://user@host:port/database)
    // rather than a data folder; checkServerLocation() says what is wrong with one (translated,
    // empty when it can be tried).
    static bool isServerLocation(const QString &location);
    static QString checkServerLocation(const QString &location);
    // A server location without its password, as messages show it.
    static QString displayLocation(const QString &location);
    // The server's password (from the keychain); otherwise the URL's, or ~/.pgpass. Before open().
    void setServerPassword(const QString &password);
    // Whether the history is a team's server: new rows claim their (customer, qualification) there
    // first (a single submission whose pair another row holds fails with Kind::Claimed and
    // lastError().claim; a bulk run's such row is written as failed), and colleagues' rows are
    // announced by submissionsAdded/submissionsChanged as they arrive.
    bool isShared() const;
    // The desk works offline (a data folder although the team has a server): every new row
    // also waits in the file to be pushed to the team's history (pushOfflineRows). Before open().
    void setWorkingOffline(bool offline);
    // On a team's server: copies the rows the desk wrote while it worked offline (in dataDir's
    // history file) into the team's history, each once (by its MS-RequestId, so a push cut short
    // and repeated adds nothing twice), and notes in the file that they went. Returns how many
    // rows were added (openNotice() says so), or -1 with lastError() set.
    int pushOfflineRows(const QString &dataDir);

    // Opens a team's history server at a location isServerLocation() accepts, creating and
    // migrating its schema as below; or, for any other location (a data folder):
    // Opens (creating when needed) dataDir/history.sqlite, migrates it step by step and turns
    // rows left sent (or pending, outside bulk runs) by a crash into unknown; a bulk run's
    // pending rows never left and stay pending for the run to be resumed. A corrupt file is renamed aside to
    // history.sqlite.corrupt-<UTC timestamp> and a fresh store is created (openNotice() says so).
    // A file that cannot be written (in a folder that can) is opened read-only: reading works,
    // every write fails with Kind::ReadOnly. In a read-only folder SQLite cannot open the file
    // at all: open() fails with Kind::ReadOnly. Returns false and sets lastError() (translated
    // message) when the history cannot be used; a Locked file fails after the busy timeout.
    bool open(const QString &location);
    void close();
    bool isOpen() const;
    bool isReadOnly() const;
    QString filePath() const;

    // Rows moved from pending/sent to unknown by open().
    int recoveredAtOpen() const;
    // Path the corrupt file was moved to by open(), empty when none.
    QString corruptFileMovedTo() const;
    // Translated sentences about what open() had to do (corrupt file moved aside, crashed
    // submissions to settle, read-only); empty when nothing noteworthy happened.
    QString openNotice() const;

    StoreError lastError() const { return m_error; }
    // WAL checkpoints made by the store's own background thread since open() (the writing
    // thread then never waits for one).
    int backgroundCheckpoints() const;

    // Writes a new row as pending in its own committed transaction (synchronous=FULL) and
    // fills s.id. Sets s.time to now when invalid and s.requestId to a new UUID when empty.
    bool insertPending(Submission &s);
    // A bulk run's rows not written yet, kept whole in the same durable transaction as the first
    // ones (see qd::KeptRows); keptRows() gives them back when the run resumes.
    using KeptRows = qd::KeptRows;
    // Several pending rows in one durable transaction (bulk runs); all or none. Fills their ids.
    // With kept, the same transaction replaces (or drops) the run's kept rows.
    bool insertPendingBatch(QList<Submission> &rows, const std::optional<KeptRows> &kept = std::nullopt);
    // The same on the store's writing thread (see recordProgressAsync), without a disk sync: the
    // rows are kept durably already. done(ok, rows with their ids) runs on the store's thread,
    // after submissionsAdded().
    void insertPendingAsync(QList<Submission> rows, std::optional<KeptRows> kept,
                            std::function<void(bool ok, const QList<Submission> &rows)> done);
    // The run's kept rows (see KeptRows), some of which may have been written since; empty when
    // none are kept (or on error: lastError()).
    QList<Submission> keptRows(const QString &runId);
    // How many of the run's kept rows are not written as rows yet (-1 on error).
    int unwrittenKeptRows(const QString &runId);
    // pending -> sent, and the MS-CorrelationId the client used (when given).
    bool markSent(qint64 id, const QString &correlationId = {});
    // Rows still pending (never sent) -> failed with errorCode and message, in one transaction.
    // Rows that have moved on since (sent, answered) are left as they are.
    bool failPending(const QList<qint64> &ids, const QString &errorCode, const QString &message);
    // Rows marked sent whose request never left (marked ahead of their turn) -> pending again,
    // in one transaction. Rows that have moved on (answered) are left as they are.
    bool releaseSentMarks(const QList<qint64> &ids);
    // Writes the outcome fields of s (state, httpStatus, errorCode, errorMessage, correlationId,
    // vetting fields, lastChecked, previousVettingStatus, vettingChangedAt) to row s.id.
    bool recordOutcome(const Submission &s);
    using SentMark = qd::SentMark;
    // Sent marks (as markSent) and then outcomes (as recordOutcome) of many rows in one
    // transaction: a bulk run's writes of one turn of the event loop. All or none; one
    // submissionsChanged for all of them.
    bool recordProgress(const QList<SentMark> &sent, const QList<Submission> &outcomes);
    // The same write on a thread of the store's own (with a connection of its own), so the
    // calling thread never waits for SQLite: done(ok) runs on the store's thread afterwards,
    // after submissionsChanged() on success, with lastError() set when not. Writes run and
    // report in the order they were asked for. Without the thread (it could not open the file)
    // it writes at once and calls done before returning.
    void recordProgressAsync(QList<SentMark> sent, QList<Submission> outcomes,
                             std::function<void(bool ok)> done);
    // Blocks until the writes asked for (if any) are finished and their done() has run.
    void waitForProgress();
    // How an SQLite error reads as a StoreError kind (busy -> Locked, full -> DiskFull...).
    static StoreError::Kind kindOfSql(const QSqlError &error);
    // Just the vetting fields and lastChecked; notes a change of status (previous status and
    // the time) when status differs from the stored one.
    bool updateVetting(qint64 id, const QString &status, const QString &reason, const QDateTime &createDate,
                       const QDateTime &checkedAt);

    std::optional<Submission> get(qint64 id);
    // Rows matching filter, in sort order (ties broken by id in the same direction).
    QList<Submission> query(const SubmissionFilter &filter = {}, const SubmissionSort &sort = {},
                            qint64 offset = 0, int limit = -1);
    // Keyset page: the limit rows that follow `after` in sort order (first page when after.id == 0).
    QList<Submission> queryAfter(const SubmissionFilter &filter, const SubmissionSort &sort,
                                 const Submission &after, int limit);
    qint64 count(const SubmissionFilter &filter = {}); // -1 on error
    // Unknown rows, and accepted rows whose vetting is still InReview; oldest first.
    QList<Submission> unsettled();
    // Everyone who has submitted into this history (Submission::user, never empty), sorted
    // without regard to case; empty on error (lastError()).
    QStringList users();
    QList<Submission> byRun(const QString &runId);
    // Run IDs, most recent first, with rows still pending, sent or unknown, or rows kept.
    QStringList unfinishedRuns();

signals:
    // Emitted after a write commits, so every view over this store updates at once.
    void submissionAdded(qint64 id);
    // insertPendingBatch(): the new rows at once, in their order (no submissionAdded for them),
    // so a view can take thousands of rows as one change.
    void submissionsAdded(const QList<qint64> &ids);
    void submissionChanged(qint64 id);
    // failPending(), recordProgress(): many rows changed in one write (no submissionChanged for them).
    void submissionsChanged(const QList<qint64> &ids);

private:
    // lastError() from what a part reported: cleared when nothing went wrong.
    bool settle(const HistoryFault &fault);
    // A part's read or write with its fault settled into lastError().
    template <typename Read> auto read(Read &&part);
    template <typename Write> bool write(Write &&part);
    bool fail(StoreError::Kind kind, const QString &detail);
    bool fail(const HistoryFault &fault);
    void useDatabase(bool server);
    void noteRemoteChange(bool added, qint64 id);
    QDateTime now() const;
    void announceProgress(QList<qint64> ids);
    void announceAdded(const QList<Submission> &rows);
    // insertPending and insertPendingBatch without their signals: all rows in one transaction.
    bool insertRows(QList<Submission> &rows, const std::optional<KeptRows> &kept, bool single);
    void startJob(std::shared_ptr<ProgressJob> job, std::function<void(bool)> done);
    void concludeUpTo(const ProgressJob *job);

    static constexpr int kRemoteBatchMs = 100;

    const Clock *m_clock;
    int m_busyTimeoutMs = 5000;
    QString m_serverPassword;
    std::unique_ptr<HistoryDatabase> m_db;
    std::unique_ptr<HistoryWriter> m_writer;
    std::unique_ptr<HistoryQueries> m_queries;
    std::unique_ptr<BulkRunStore> m_runs;
    std::unique_ptr<ProgressWriter> m_progressWriter;
    StoreError m_error;
    struct QueuedJob
    {
        std::shared_ptr<ProgressJob> job;
        std::function<void(bool)> done;
    };
    std::deque<QueuedJob> m_progressJobs; // asked for, not concluded yet; in order
    // A colleague's rows announced by the server, waiting to be announced here (in one batch).
    QList<qint64> m_remoteAdded;
    QList<qint64> m_remoteChanged;
    bool m_remoteFlushPending = false;
    bool m_workingOffline = false;
    int m_pushedAtOpen = 0;
};

} // namespace qd
