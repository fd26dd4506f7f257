#include "HistorySql.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QMutex>
#include <QSqlError>
#include <QUuid>
#include <map>
#include <memory>

using namespace Qt::StringLiterals;

namespace qd::historysql {

namespace {

// Runs one DDL statement, adapted to the connection's dialect.
bool run(QSqlDatabase &db, const QString &ddl, QString *error)
{
    QSqlQuery q(db);
    const QString sql = adapt(ddl, dialectOf(db));
    if (q.exec(sql))
        return true;
    *error = q.lastError().text() + u" ["_s + q.lastError().nativeErrorCode() + u"] in: "_s + sql;
    return false;
}

bool runAll(QSqlDatabase &db, const QStringList &statements, QString *error)
{
    for (const QString &sql : statements) {
        if (!run(db, sql, error))
            return false;
    }
    return true;
}

// Version 1: the submissions table with its time index.
bool toVersion1(QSqlDatabase &db, QString *error)
{
    return runAll(db,
                  {
                      u"CREATE TABLE submissions ("
                      " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                      " time_ms INTEGER NOT NULL,"
                      " \"user\" TEXT NOT NULL DEFAULT '',"
                      " partner_tenant TEXT NOT NULL DEFAULT '',"
                      " customer_id TEXT NOT NULL,"
                      " company_name TEXT NOT NULL DEFAULT '' COLLATE NOCASE,"
                      " qualification TEXT NOT NULL,"
                      " segment TEXT NOT NULL DEFAULT '',"
                      " website TEXT NOT NULL DEFAULT '',"
                      " validation_code TEXT NOT NULL DEFAULT '',"
                      " request_id TEXT NOT NULL,"
                      " correlation_id TEXT NOT NULL DEFAULT '',"
                      " state TEXT NOT NULL,"
                      " http_status INTEGER NOT NULL DEFAULT 0,"
                      " error_code TEXT NOT NULL DEFAULT '',"
                      " error_message TEXT NOT NULL DEFAULT '',"
                      " vetting_status TEXT NOT NULL DEFAULT '',"
                      " vetting_reason TEXT NOT NULL DEFAULT '',"
                      " vetting_create_ms INTEGER,"
                      " last_checked_ms INTEGER,"
                      " writer TEXT NOT NULL DEFAULT '')"_s,
                      u"CREATE INDEX submissions_time ON submissions(time_ms)"_s,
                  },
                  error);
}

// Version 2: change tracking for refreshes, a customers table for fast text search, and
// indexes for every filter and sort the history view offers.
bool toVersion2(QSqlDatabase &db, QString *error)
{
    if (!runAll(db,
                {
                    u"ALTER TABLE submissions ADD COLUMN previous_vetting_status TEXT NOT NULL DEFAULT ''"_s,
                    u"ALTER TABLE submissions ADD COLUMN vetting_changed_ms INTEGER"_s,
                    u"CREATE TABLE customers (customer_id TEXT PRIMARY KEY, company_name TEXT NOT NULL,"
                    " search_key TEXT NOT NULL) WITHOUT ROWID"_s,
                    u"CREATE INDEX submissions_customer ON submissions(customer_id, time_ms)"_s,
                    u"CREATE INDEX submissions_company ON submissions(company_name)"_s,
                    u"CREATE INDEX submissions_state ON submissions(state)"_s,
                    u"CREATE INDEX submissions_qualification ON submissions(qualification)"_s,
                    u"CREATE INDEX submissions_vetting ON submissions(vetting_status)"_s,
                    u"CREATE INDEX submissions_request ON submissions(request_id)"_s,
                },
                error))
        return false;
    // The search key needs Unicode folding, which SQLite cannot do: fill it from here.
    QSqlQuery select(db);
    select.setForwardOnly(true);
    if (!select.exec(u"SELECT customer_id, company_name FROM submissions ORDER BY id"_s)) {
        *error = select.lastError().text();
        return false;
    }
    QSqlQuery insert(db);
    insert.prepare(u"INSERT INTO customers (customer_id, company_name, search_key) VALUES (:id, :name, :key)"
                   " ON CONFLICT (customer_id) DO UPDATE SET company_name = excluded.company_name,"
                   " search_key = excluded.search_key"_s);
    while (select.next()) {
        const QString name = select.value(1).toString();
        insert.bindValue(u":id"_s, select.value(0));
        insert.bindValue(u":name"_s, name);
        insert.bindValue(u":key"_s, searchKey(name));
        if (!insert.exec()) {
            *error = insert.lastError().text();
            return false;
        }
    }
    return true;
}

// Version 3: bulk runs (issue 7) tag their rows with a run ID and the input line.
bool toVersion3(QSqlDatabase &db, QString *error)
{
    return runAll(db,
                  {
                      u"ALTER TABLE submissions ADD COLUMN run_id TEXT"_s,
                      u"ALTER TABLE submissions ADD COLUMN run_line INTEGER"_s,
                      u"CREATE INDEX submissions_run ON submissions(run_id) WHERE run_id IS NOT NULL"_s,
                  },
                  error);
}

// Version 4: a bulk run's rows not yet written as submissions, kept whole with the run's first
// rows so a run interrupted while its rows are being written can write the rest (see
// SubmissionStore::KeptRows).
bool toVersion4(QSqlDatabase &db, QString *error)
{
    return run(db,
               u"CREATE TABLE bulk_kept_rows (run_id TEXT PRIMARY KEY, rows BLOB NOT NULL) WITHOUT ROWID"_s,
               error);
}

// Version 5: teams share one history, and its views filter by who submitted (newest first).
bool toVersion5(QSqlDatabase &db, QString *error)
{
    return run(db, u"CREATE INDEX submissions_user ON submissions(\"user\", time_ms)"_s, error);
}

// Version 6: a team's server tells every desk of new and changed rows (LISTEN/NOTIFY; the payload
// is "a<id> <writer>" for a new row, "c<id> <writer>" for a changed one), and an MS-RequestId is there once,
// so a row pushed from a desk that worked offline cannot arrive twice. A desk's own file needs neither.
bool toVersion6(QSqlDatabase &db, QString *error)
{
    if (dialectOf(db) != Dialect::Postgres)
        return true;
    return runAll(
        db,
        {
            u"CREATE OR REPLACE FUNCTION qualdesk_notify_submission() RETURNS trigger"
            " LANGUAGE plpgsql AS $$ BEGIN"
            " PERFORM pg_notify('qualdesk_history',"
            " (CASE WHEN TG_OP = 'INSERT' THEN 'a' ELSE 'c' END) || NEW.id || ' ' || NEW.writer);"
            " RETURN NULL; END $$"_s,
            u"CREATE TRIGGER submissions_notify AFTER INSERT OR UPDATE ON submissions"
            " FOR EACH ROW EXECUTE FUNCTION qualdesk_notify_submission()"_s,
            u"DROP INDEX submissions_request"_s,
            u"CREATE UNIQUE INDEX submissions_request ON submissions(request_id)"_s,
            // The views sort text byte by byte, as SQLite does, whatever the server's
            // locale (historysql::sortExpression): indexes in that order serve them.
            u"CREATE INDEX submissions_company_c ON submissions ((translate(company_name,"
            " 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE \"C\"), id)"_s,
            u"CREATE INDEX submissions_customer_c ON submissions ((customer_id COLLATE \"C\"), id)"_s,
            u"CREATE INDEX submissions_qualification_c ON submissions ((qualification COLLATE \"C\"), id)"_s,
            u"CREATE INDEX submissions_state_c ON submissions ((state COLLATE \"C\"), id)"_s,
            u"CREATE INDEX submissions_vetting_c ON submissions ((vetting_status COLLATE \"C\"), id)"_s,
            u"CREATE INDEX submissions_user_c ON submissions ((\"user\" COLLATE \"C\"), id)"_s,
            u"CREATE INDEX submissions_request_c ON submissions ((request_id COLLATE \"C\"), id)"_s,
            u"CREATE INDEX submissions_reason_c ON submissions (((CASE WHEN vetting_reason = ''"
            " THEN error_message ELSE vetting_reason END) COLLATE \"C\"), id)"_s,
        },
        error);
}

// Version 7: rows a desk wrote while it worked offline, waiting (pushed_ms NULL) to go to the
// team's history, and when they went.
bool toVersion7(QSqlDatabase &db, QString *error)
{
    return run(db, u"CREATE TABLE team_push (request_id TEXT PRIMARY KEY, pushed_ms INTEGER) WITHOUT ROWID"_s,
               error);
}

} // namespace

QString notificationChannel()
{
    return u"qualdesk_history"_s;
}

int schemaVersion(QSqlDatabase &db, QString *error)
{
    // Reads only, so it also works on a file opened read-only.
    QSqlQuery q(db);
    const QString hasTable =
        dialectOf(db) == Dialect::Postgres
            ? u"SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
              " AND table_name = 'schema_version'"_s
            : u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"_s;
    if (!q.exec(hasTable) || !q.next()) {
        *error = q.lastError().text() + u" ["_s + q.lastError().nativeErrorCode() + u']';
        return -1;
    }
    if (q.value(0).toInt() == 0)
        return 0;
    if (!q.exec(u"SELECT max(version) FROM schema_version"_s) || !q.next()) {
        *error = q.lastError().text() + u" ["_s + q.lastError().nativeErrorCode() + u']';
        return -1;
    }
    return q.value(0).isNull() ? 0 : q.value(0).toInt();
}

bool migrate(QSqlDatabase &db, int fromVersion, QString *error)
{
    using Step = bool (*)(QSqlDatabase &, QString *);
    static constexpr Step steps[] = {toVersion1, toVersion2, toVersion3, toVersion4,
                                     toVersion5, toVersion6, toVersion7};
    static_assert(std::size(steps) == kSchemaVersion);
    if (!run(db, u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"_s, error))
        return false;
    for (int v = fromVersion; v < kSchemaVersion; ++v) {
        if (!steps[v](db, error))
            return false;
        QSqlQuery q(db);
        q.prepare(u"DELETE FROM schema_version"_s);
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
        q.prepare(u"INSERT INTO schema_version (version) VALUES (:v)"_s);
        q.bindValue(u":v"_s, v + 1);
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

namespace {
// The lock file that says "this process may still write rows tagged tag into historyFile".
QString writerLockPath(const QString &historyFile, const QString &tag)
{
    QString name = tag;
    name.replace(u':', u'-');
    return historyFile + u".writers/"_s + name + u".lock"_s;
}
} // namespace

QString processTag()
{
    static const QString tag = QString::number(QCoreApplication::applicationPid()) + u':' +
                               QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    return tag;
}

namespace {
struct WriterLocks
{
    QMutex mutex;
    std::map<QString, std::unique_ptr<QLockFile>> byFile; // one lock per history file
    std::map<const void *, QString> holders;              // which store holds which file
};
WriterLocks &writerLocks()
{
    static WriterLocks locks;
    return locks;
}

// The last store of a file to close removes the lock file.
void releaseWriterLockLocked(WriterLocks &locks, const void *holder)
{
    const auto it = locks.holders.find(holder);
    if (it == locks.holders.end())
        return;
    const QString file = it->second;
    locks.holders.erase(it);
    for (const auto &[other, otherFile] : locks.holders) {
        if (otherFile == file)
            return;
    }
    locks.byFile.erase(file);
}
} // namespace

void holdWriterLock(const QString &historyFile, const void *holder)
{
    WriterLocks &locks = writerLocks();
    const QMutexLocker locker(&locks.mutex);
    releaseWriterLockLocked(locks, holder);
    locks.holders[holder] = historyFile;
    if (locks.byFile.count(historyFile))
        return;
    const QString path = writerLockPath(historyFile, processTag());
    QDir().mkpath(QFileInfo(path).path());
    auto lock = std::make_unique<QLockFile>(path);
    lock->setStaleLockTime(0); // stale only when its process is gone, however old
    if (lock->tryLock(0))
        locks.byFile.emplace(historyFile, std::move(lock));
}

void releaseWriterLock(const void *holder)
{
    WriterLocks &locks = writerLocks();
    const QMutexLocker locker(&locks.mutex);
    releaseWriterLockLocked(locks, holder);
}

bool isWriterAlive(const QString &historyFile, const QString &tag)
{
    if (tag.isEmpty())
        return false;
    if (tag == processTag())
        return true;
    const QString path = writerLockPath(historyFile, tag);
    if (!QFileInfo::exists(path))
        return false; // it ended (its lock went with it), or wrote before writers held locks
    // Qt's stale-lock detection: a lock whose process no longer runs can be taken.
    QLockFile lock(path);
    lock.setStaleLockTime(0);
    if (lock.tryLock(0)) {
        lock.unlock(); // removes the crashed writer's file
        return false;
    }
    return true; // held by a live process (or unreadable: assume it is)
}

} // namespace qd::historysql
