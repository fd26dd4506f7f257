#pragma once

// Internal to app/history: moves SQLite's WAL checkpoints (a copy into the database file and two
// disk syncs, 10-20 ms on an ordinary disk) off the thread that writes the history.

#include <QAtomicInt>
#include <QObject>
#include <QString>

class QThread;

namespace qd {

class WalCheckpointWorker;

// Owns a thread with its own connection to the history file. The store turns its connection's
// automatic checkpoints off once this one is running, and nudges it after every commit; a
// nudge starts a passive checkpoint (never blocking readers or writers) a moment later,
// coalescing the commits of that moment into one.
class WalCheckpointer
{
public:
    explicit WalCheckpointer(const QString &path, int busyTimeoutMs);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    // Whether the thread has its connection (otherwise the store keeps its own checkpoints).
    bool isRunning() const { return m_running; }
    void nudge();
    // Checkpoints completed so far (tests, diagnostics).
    int checkpoints() const;

private:
    QThread *m_thread = nullptr;
    WalCheckpointWorker *m_worker = nullptr;
    bool m_running = false;
};

} // namespace qd
