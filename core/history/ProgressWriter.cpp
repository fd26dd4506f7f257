#include "ProgressWriter.h"

#include "HistorySql.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcHistory)

namespace qd {

class ProgressWriterWorker : public QObject
{
    Q_OBJECT
public:
    explicit ProgressWriterWorker(ProgressConnection connection)
        : m_backend(std::move(connection)), m_connection(u"qualdesk-progress-%1"_s.arg(quintptr(this), 0, 16))
    {}

    // In the worker thread: the connection belongs to the thread that opens it.
    bool open() { return m_backend.open(m_connection); }

    void close() { historysql::closeSideConnection(m_connection); }

    void write(ProgressJob &job)
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        QSqlError error;
        qint64 missing = 0;
        historysql::NewRowOptions rows = m_backend.rows;
        rows.markForPush = job.markForPush;
        const bool inserts = !job.inserts.isEmpty() || job.kept;
        if (m_backend.begin(db, inserts, error)) {
            const bool inserted =
                !inserts || historysql::insertPending(db, job.inserts, job.kept, error, rows);
            if (inserted && historysql::writeProgress(db, job.sent, job.outcomes, job.ids, error, missing)) {
                QSqlQuery commit(db);
                if (commit.exec(u"COMMIT"_s)) {
                    job.ok = true;
                    return;
                }
                error = commit.lastError();
            }
            QSqlQuery(db).exec(u"ROLLBACK"_s);
        }
        job.ids.clear();
        if (missing) {
            job.kind = StoreError::Kind::NotFound;
            job.detail = u"id %1"_s.arg(missing);
        } else {
            job.kind = m_backend.classify(error);
            job.detail = error.text() + u" ["_s + error.nativeErrorCode() + u']';
        }
    }

private:
    ProgressConnection m_backend;
    QString m_connection;
};

namespace {
// The history file's connection: its own, synchronous = NORMAL, BEGIN IMMEDIATE waiting up to
// the busy timeout for another connection's lock.
ProgressConnection fileConnection(const QString &path, int busyTimeoutMs, bool checkpointsElsewhere)
{
    ProgressConnection c;
    c.open = [path, busyTimeoutMs, checkpointsElsewhere](const QString &name) {
        if (!historysql::openSideConnection(name, path, busyTimeoutMs))
            return false;
        QSqlQuery q(QSqlDatabase::database(name, false));
        q.exec(u"PRAGMA synchronous = NORMAL"_s);
        if (checkpointsElsewhere)
            q.exec(u"PRAGMA wal_autocheckpoint = 0"_s); // the store's checkpoint thread does them
        return true;
    };
    c.begin = [busyTimeoutMs](QSqlDatabase &db, bool, QSqlError &error) {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            QSqlQuery q(db);
            if (q.exec(u"BEGIN IMMEDIATE"_s))
                return true;
            error = q.lastError();
            if (SubmissionStore::kindOfSql(error) == StoreError::Kind::Locked &&
                timer.elapsed() < busyTimeoutMs) {
                QThread::msleep(10);
                continue;
            }
            return false;
        }
    };
    c.classify = &SubmissionStore::kindOfSql;
    return c;
}
} // namespace

ProgressWriter::ProgressWriter(const QString &path, int busyTimeoutMs, bool checkpointsElsewhere)
    : ProgressWriter(fileConnection(path, busyTimeoutMs, checkpointsElsewhere))
{}

ProgressWriter::ProgressWriter(ProgressConnection connection)
    : m_thread(new QThread), m_worker(new ProgressWriterWorker(std::move(connection)))
{
    m_thread->setObjectName(u"history writes"_s);
    m_worker->moveToThread(m_thread);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &ProgressWriterWorker::open, Qt::BlockingQueuedConnection,
                              &m_running);
}

ProgressWriter::~ProgressWriter()
{
    if (m_running)
        QMetaObject::invokeMethod(m_worker, &ProgressWriterWorker::close, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker; // its thread has ended: nothing of it runs any more
    delete m_thread;
}

void ProgressWriter::start(std::shared_ptr<ProgressJob> job, QObject *receiver, std::function<void()> done)
{
    ProgressWriterWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [worker, job = std::move(job), receiver, done = std::move(done)] {
            worker->write(*job);
            QMetaObject::invokeMethod(receiver, done, Qt::QueuedConnection);
            job->finished.release();
        },
        Qt::QueuedConnection);
}

} // namespace qd

#include "ProgressWriter.moc"
