#pragma once

// Internal to app/history: the thread of SubmissionStore::recordProgressAsync and
// insertPendingAsync. Bulk runs write rows, sent marks and answers by the thousand; their SQLite
// work (statements, index updates, the commit's WAL writes) runs here, in the order asked for, so
// the thread that sends the requests never waits for it.

#include "HistorySql.h"
#include "SubmissionStore.h"

#include <QSemaphore>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

class QThread;

namespace qd {

class ProgressWriterWorker;

// One write handed to the thread, and what came of it.
struct ProgressJob
{
    // New rows first (prepared by the store; the thread fills their ids), with the run's kept
    // rows; then marks and outcomes.
    QList<Submission> inserts;
    std::optional<KeptRows> kept;
    bool markForPush = false; // the desk works offline (historysql::NewRowOptions)
    QList<SentMark> sent;
    QList<Submission> outcomes;
    // Set by the writer's thread before `finished` is released.
    bool ok = false;
    StoreError::Kind kind = StoreError::Kind::None;
    QString detail;
    QList<qint64> ids;
    QSemaphore finished;
};

// How the thread's connection is made and written on; each function runs on the thread.
struct ProgressConnection
{
    // Opens a connection named name (false, logged, when it cannot).
    std::function<bool(const QString &name)> open;
    // Starts a write transaction; durable: the job writes new rows.
    std::function<bool(QSqlDatabase &db, bool durable, QSqlError &error)> begin;
    std::function<StoreError::Kind(const QSqlError &error)> classify;
    // How new rows are written (writer tag, claims).
    historysql::NewRowOptions rows;
};

// Owns a thread with its own connection to the history, writing one job at a time: the file
// (synchronous = NORMAL, like the store's relaxed writes), or a team's server.
class ProgressWriter
{
public:
    // The history file. checkpointsElsewhere: the store's checkpoint thread runs, so this
    // connection makes none.
    ProgressWriter(const QString &path, int busyTimeoutMs, bool checkpointsElsewhere);
    explicit ProgressWriter(ProgressConnection connection);
    ~ProgressWriter();
    ProgressWriter(const ProgressWriter &) = delete;
    ProgressWriter &operator=(const ProgressWriter &) = delete;

    // Whether the thread has its connection (otherwise the store writes on its own thread).
    bool isRunning() const { return m_running; }
    // Writes job in one transaction on the thread; then posts done to receiver's thread (before
    // releasing job->finished, so a receiver that waits for it and then goes away is never called).
    void start(std::shared_ptr<ProgressJob> job, QObject *receiver, std::function<void()> done);

private:
    QThread *m_thread = nullptr;
    ProgressWriterWorker *m_worker = nullptr;
    bool m_running = false;
};

} // namespace qd
