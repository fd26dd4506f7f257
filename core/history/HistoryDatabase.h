#pragma once

#include "StoreError.h"

#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <memory>

class QSqlError;

namespace qd {

class ProgressWriter;

// Where a history lives, and the little that differs between databases: opening, migrating and
// recovering what a crash left, how a write transaction starts and ends, and what a database
// error means. The writer, the queries and the bulk-run store work through it on its connection
// and write SQL that every backend understands. SqliteHistory is the one today (a file in the
// data folder); a team's server is the next.
class HistoryDatabase
{
public:
    // Full: the commit is on disk before the call returns (a new pending row: it must be, before
    // its request leaves). Relaxed: committed and visible at once, safe against a crash of the
    // program; a backend may sync it with the next full commit.
    enum class Durability
    {
        Full,
        Relaxed
    };

    // What open() had to do besides opening.
    struct OpenReport
    {
        int recovered = 0;      // rows moved from pending/sent to unknown
        QString corruptMovedTo; // where a damaged history went, empty when none
        // A server's clock minus this computer's, when they are further apart than a few seconds
        // (new rows then carry the server's time, so every desk's rows sort in one order).
        qint64 clockOffsetMs = 0;
    };
    // A row another connection (a colleague's desk) added (added) or changed.
    using ChangeListener = std::function<void(bool added, qint64 id)>;

    virtual ~HistoryDatabase() = default;

    // Opens (creating when needed) and migrates the history at location, and settles what a crash
    // left. False with fault when it cannot be used.
    virtual bool open(const QString &location, HistoryFault &fault) = 0;
    virtual void close() = 0;
    virtual bool isOpen() const = 0;
    // Readable, never writable: every write fails with ReadOnly.
    virtual bool isReadOnly() const = 0;
    // The file or server, as the user would name it in a message.
    virtual QString location() const = 0;
    virtual OpenReport openReport() const = 0;
    // The connection the parts read and write on; used only on the thread that opened it.
    virtual QSqlDatabase connection() const = 0;
    virtual StoreError::Kind classify(const QSqlError &error) const = 0;

    // A thread with a connection of its own for bulk writes, or none (they then run on the
    // caller's thread).
    virtual std::unique_ptr<ProgressWriter> startProgressWriter();
    virtual int backgroundCheckpoints() const { return 0; }

    // A history shared by several desks: a new row claims its (customer, qualification) on the
    // server in the transaction that writes it (historysql::insertPending).
    virtual bool isShared() const { return false; }
    // Connects again after the connection was lost (a server restart, a killed session); false
    // when it cannot, or when the backend has nothing to reconnect.
    virtual bool reconnect() { return false; }
    // Rows written through other connections, as they arrive (a shared history only).
    virtual void setChangeListener(ChangeListener listener) { Q_UNUSED(listener) }
    // What new rows written on this connection carry in their writer column (historysql::processTag()).
    virtual QString writerTag() const;

    // body in one write transaction: all or nothing. False with fault when the history is not
    // open or read-only, or body, the start or the commit fails.
    using Body = std::function<bool(QSqlDatabase &db, HistoryFault &fault)>;
    bool transact(Durability durability, const Body &body, HistoryFault &fault);

    // A write committed, here or on the bulk writer's connection (a backend may, say, checkpoint).
    virtual void committed() {}

    // A database error as a fault: its kind and its text (describe()).
    HistoryFault faultOf(const QSqlError &error) const;
    static QString describe(const QSqlError &error);
    // Whether the history can be read now; NotOpen in fault when not. A server whose connection
    // was lost is connected again first (Unreachable when it cannot be).
    virtual bool readable(HistoryFault &fault);
    bool fail(const QSqlError &error, HistoryFault &fault) const;

protected:
    virtual bool beginWrite(Durability durability, HistoryFault &fault) = 0;
    virtual bool commitWrite(HistoryFault &fault) = 0;
    virtual void rollbackWrite() = 0;
};

} // namespace qd
