#pragma once

#include "HistoryDatabase.h"
#include "domain/Clock.h"

#include <memory>

namespace qd {

class WalCheckpointer;

// The history in one SQLite file (history.sqlite) in the data folder. Several connections and
// processes may use the file at once (WAL, busy timeout, retries). A corrupt file is renamed aside
// to history.sqlite.corrupt-<UTC timestamp> and a fresh one is created. A file that cannot be
// written (in a folder that can) is opened read-only; in a read-only folder SQLite cannot open
// it at all. Checkpoints run on a thread of their own, so the writing thread never waits for one.
class SqliteHistory final : public HistoryDatabase
{
public:
    explicit SqliteHistory(const Clock *clock);
    ~SqliteHistory() override;

    static QString fileName(); // "history.sqlite"
    // How an SQLite error reads as a StoreError kind (busy -> Locked, full -> DiskFull...).
    static StoreError::Kind kindOf(const QSqlError &error);

    // How long a write waits for another connection's lock before failing as Locked.
    void setBusyTimeoutMs(int ms);

    // location: the data folder.
    bool open(const QString &location, HistoryFault &fault) override;
    void close() override;
    bool isOpen() const override;
    bool isReadOnly() const override { return m_readOnly; }
    QString location() const override { return m_path; }
    OpenReport openReport() const override { return m_report; }
    QSqlDatabase connection() const override;
    StoreError::Kind classify(const QSqlError &error) const override { return kindOf(error); }
    std::unique_ptr<ProgressWriter> startProgressWriter() override;
    int backgroundCheckpoints() const override;
    void committed() override;

protected:
    bool beginWrite(Durability durability, HistoryFault &fault) override;
    bool commitWrite(HistoryFault &fault) override;
    void rollbackWrite() override;

private:
    bool openAt(HistoryFault &fault);
    bool openReadOnly(HistoryFault &fault);
    bool recoverCrashed(HistoryFault &fault);
    bool rollbackWith(StoreError::Kind kind, const QString &detail, HistoryFault &fault);
    bool begin(HistoryFault &fault);
    void startCheckpoints();

    const Clock *m_clock;
    QString m_connection;
    QString m_path;
    int m_busyTimeoutMs = 5000;
    bool m_readOnly = false;
    bool m_relaxedSync = false; // PRAGMA synchronous = NORMAL on the connection now
    OpenReport m_report;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

} // namespace qd
