#include "WalCheckpointer.h"

#include "HistorySql.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcHistory)

namespace qd {

namespace {
constexpr int kDelayMs = 200; // commits of this long share one checkpoint
} // namespace

class WalCheckpointWorker : public QObject
{
    Q_OBJECT
public:
    WalCheckpointWorker(QString path, int busyTimeoutMs)
        : m_path(std::move(path)), m_busyTimeoutMs(busyTimeoutMs),
          m_connection(u"qualdesk-checkpoint-%1"_s.arg(quintptr(this), 0, 16))
    {}

    // In the worker thread: the connection belongs to the thread that opens it.
    bool open()
    {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        m_timer->setInterval(kDelayMs);
        connect(m_timer, &QTimer::timeout, this, &WalCheckpointWorker::checkpoint);
        return historysql::openSideConnection(m_connection, m_path, m_busyTimeoutMs);
    }

    void close()
    {
        m_timer->stop();
        if (m_dirty)
            checkpoint();
        historysql::closeSideConnection(m_connection);
    }

    void nudge()
    {
        m_dirty = true;
        if (!m_timer->isActive())
            m_timer->start();
    }

    QAtomicInt done;

private:
    void checkpoint()
    {
        m_dirty = false;
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        // PASSIVE: copies what no reader still needs and never waits for anyone.
        if (!q.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s)) {
            qCWarning(lcHistory) << "checkpoint failed:" << q.lastError().text();
            return;
        }
        done.ref();
    }

    QString m_path;
    int m_busyTimeoutMs;
    QString m_connection;
    QTimer *m_timer = nullptr;
    bool m_dirty = false;
};

WalCheckpointer::WalCheckpointer(const QString &path, int busyTimeoutMs)
    : m_thread(new QThread), m_worker(new WalCheckpointWorker(path, busyTimeoutMs))
{
    m_thread->setObjectName(u"history checkpoints"_s);
    m_worker->moveToThread(m_thread);
    m_thread->start(QThread::LowPriority);
    QMetaObject::invokeMethod(m_worker, &WalCheckpointWorker::open, Qt::BlockingQueuedConnection, &m_running);
}

WalCheckpointer::~WalCheckpointer()
{
    if (m_running)
        QMetaObject::invokeMethod(m_worker, &WalCheckpointWorker::close, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker; // its thread has ended: nothing of it runs any more
    delete m_thread;
}

void WalCheckpointer::nudge()
{
    if (m_running)
        QMetaObject::invokeMethod(m_worker, &WalCheckpointWorker::nudge, Qt::QueuedConnection);
}

int WalCheckpointer::checkpoints() const
{
    return m_worker->done.loadRelaxed();
}

} // namespace qd

#include "WalCheckpointer.moc"
