#pragma once

// Internal to app/history: the SQL shape of the submissions table, shared by the store,
// its schema migrations and the model (which must order and filter rows exactly as SQL does).

#include "Submission.h"
#include "SubmissionStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantMap>
#include <memory>
#include <optional>

namespace qd::historysql {

// Where the SQL of the two backends differs (DDL types, sorting, reading a new row's id), it is
// written once and adapted to the connection's dialect.
enum class Dialect
{
    Sqlite,
    Postgres
};
Dialect dialectOf(const QSqlDatabase &db);
// SQLite DDL as the dialect spells it: BIGSERIAL keys, BIGINT numbers, BYTEA, no NOCASE or
// WITHOUT ROWID on PostgreSQL (sorting and matching that need them say so themselves).
QString adapt(const QString &ddl, Dialect dialect);

// A connection of a history thread of its own (checkpoints, bulk writes) to the file at path,
// named name, waiting up to busyTimeoutMs for another connection's lock. Opened in, and only to be
// used and closed (closeSideConnection) from, the calling thread. False (logged) when it cannot open.
bool openSideConnection(const QString &name, const QString &path, int busyTimeoutMs);
void closeSideConnection(const QString &name);

// The statement for sql on db, prepared the first time and kept for the connection's later
// transactions (preparing an UPDATE costs more than running it; a bulk run writes thousands).
// One that cannot be prepared is not kept: its exec() fails with the reason. forgetStatements()
// drops a connection's statements; whoever closes a connection calls it first, on its thread.
std::shared_ptr<QSqlQuery> preparedStatement(QSqlDatabase &db, const QString &sql);
void forgetStatements(const QString &connectionName);

// What SubmissionStore::recordProgress writes, on any connection, inside the caller's write
// transaction: sent marks, then outcomes. ids gets the rows written; on failure either error
// says why or missing is the id of an outcome whose row does not exist.
bool writeProgress(QSqlDatabase &db, const QList<SentMark> &sent, const QList<Submission> &outcomes,
                   QList<qint64> &ids, QSqlError &error, qint64 &missing);

// Inserts rows as pending (prepareNew() already applied), filling their ids, and updates the
// customers' names for the text filter; then, when kept is given, replaces the run's kept rows
// (deleted when kept->rows is empty). On any connection, inside the caller's write transaction.
// How insertPending() writes new rows.
struct NewRowOptions
{
    QString writer; // the writer column; empty: processTag()
    // A shared history: each row first claims its (customer, qualification). A pair already
    // pending, sent, unknown or accepted (and not denied) in another row is claimed.
    bool claim = false;
    // A claimed pair fails the whole write (a single submission: nothing is written, claimed
    // says who holds it), or (a bulk run's rows) its row is written as failed, naming the holder.
    bool failWhenClaimed = true;
    // The desk works offline: each row also waits in team_push to go to the team's history.
    bool markForPush = false;
};
bool insertPending(QSqlDatabase &db, QList<Submission> &rows, const std::optional<KeptRows> &kept,
                   QSqlError &error, const NewRowOptions &options = {}, StoreError::Claim *claimed = nullptr);
// Copies rows written elsewhere (a desk that worked offline) into the team's history with all
// their columns, each once: a request ID already there is left as it is. ids gets the new
// rows' ids here (0 for a row that was there already). Inside the caller's write transaction.
bool copyRows(QSqlDatabase &db, const QList<Submission> &rows, const QString &writer, QList<qint64> &ids,
              QSqlError &error);
// The message a bulk run's row gets when another row holds its pair.
QString claimedMessage(const StoreError::Claim &claim);
// Replaces the run's kept rows with kept.rows (drops them when empty), inside the caller's write
// transaction (SubmissionStoreRuns.cpp).
bool writeKeptRows(QSqlDatabase &db, const KeptRows &kept, QSqlError &error);
// Binds a new row's columns (:time, :user, ... :state, :error, :message, :writer, :run, :line),
// as the statements that write one (insertPending, copyRows) name them.
void bindNewRow(QSqlQuery &query, const Submission &s, const QString &writer);
// What insertPending() expects of a new row: time (now when unset, UTC), canonical tenant ID,
// an MS-RequestId, state pending.
void prepareNew(Submission &s, const QDateTime &now);

// Schema steps; migrate() applies every step above the file's version, one at a time.
constexpr int kSchemaVersion = 7;
// The channel a team's server notifies new and changed rows on (schema version 6).
QString notificationChannel();
// Returns false with a database error text in error. Runs inside the caller's transaction.
bool migrate(QSqlDatabase &db, int fromVersion, QString *error);
// The version recorded in the file, 0 for a new file, -1 on error.
int schemaVersion(QSqlDatabase &db, QString *error);

// Columns for SELECT, in the order readRow() expects.
QString selectColumns();
Submission readRow(const QSqlQuery &query);

// A WHERE clause (empty when the filter is empty) and its named binds.
struct Where
{
    QString sql;
    QVariantMap binds;
};
Where buildWhere(const SubmissionFilter &filter);
QString orderBy(const SubmissionSort &sort, Dialect dialect = Dialect::Sqlite);
// What ORDER BY sorts a column by; both dialects order exactly as compareForSort() does.
QString sortExpression(SubmissionColumn column, Dialect dialect = Dialect::Sqlite);
// The value of s that sortExpression() compares (a keyset page's boundary).
QVariant sortValue(const Submission &s, SubmissionColumn column, Dialect dialect = Dialect::Sqlite);
// Compares two rows the way ORDER BY sortExpression, id does (ascending); <0, 0, >0.
int compareForSort(const Submission &a, const Submission &b, SubmissionColumn column);
// Whether s passes filter, as buildWhere() would decide (used for rows added after a query).
bool matches(const SubmissionFilter &filter, const Submission &s);

// What the text filter compares: case folded, accents removed ("Žluťoučký" -> "zlutoucky").
QString searchKey(const QString &text);
void bindAll(QSqlQuery &query, const QVariantMap &binds);

QVariant msOrNull(const QDateTime &t);
// A null QString binds as SQL NULL; the text columns are NOT NULL, so bind "" instead.
inline QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}
QDateTime fromMs(const QVariant &v);

// This process's tag, stored with the rows it writes, so a store opened by another process can
// tell an in-flight submission from one left behind by a crash: while it has a history open, a
// process holds a QLockFile named after its tag beside the history file.
QString processTag();
// Takes this process's lock beside historyFile for holder (a store), held until the last holder
// of that file releases it.
void holdWriterLock(const QString &historyFile, const void *holder);
void releaseWriterLock(const void *holder);
// Whether the process that tagged rows with tag may still be writing to historyFile.
bool isWriterAlive(const QString &historyFile, const QString &tag);

} // namespace qd::historysql
