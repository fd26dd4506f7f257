#include "HistoryQueries.h"

#include "HistorySql.h"

#include <QSqlError>
#include <QSqlQuery>
#include <limits>

using namespace Qt::StringLiterals;

namespace qd {

namespace sql = historysql;

historysql::Dialect HistoryQueries::dialect() const
{
    return sql::dialectOf(m_db->connection());
}

QList<Submission> HistoryQueries::select(const QString &where, const QVariantMap &binds, const QString &tail,
                                         HistoryFault &fault)
{
    QList<Submission> rows;
    for (int attempt = 0;; ++attempt) {
        if (!m_db->readable(fault))
            return rows;
        QSqlQuery q(m_db->connection());
        q.setForwardOnly(true);
        q.prepare(u"SELECT "_s + sql::selectColumns() + u" FROM submissions"_s + where + tail);
        sql::bindAll(q, binds);
        if (q.exec()) {
            while (q.next())
                rows.append(sql::readRow(q));
            return rows;
        }
        if (!retry(q.lastError(), attempt, fault))
            return rows;
    }
}

bool HistoryQueries::retry(const QSqlError &error, int attempt, HistoryFault &fault)
{
    m_db->fail(error, fault);
    // A server's lost connection shows on its next use: connect again, once, and read again.
    if (attempt > 0 || fault.kind != StoreError::Kind::Unreachable || !m_db->reconnect())
        return false;
    fault = {};
    return true;
}

std::optional<Submission> HistoryQueries::get(qint64 id, HistoryFault &fault)
{
    const QList<Submission> rows = select(u" WHERE id = :id"_s, {{u":id"_s, id}}, {}, fault);
    if (rows.isEmpty()) {
        if (!fault.isFault())
            fault.set(StoreError::Kind::NotFound, u"id %1"_s.arg(id));
        return std::nullopt;
    }
    return rows.first();
}

QList<Submission> HistoryQueries::query(const SubmissionFilter &filter, const SubmissionSort &sort,
                                        qint64 offset, int limit, HistoryFault &fault)
{
    sql::Where w = sql::buildWhere(filter);
    // No limit, said the way both dialects take it.
    w.binds.insert(u":limit"_s, limit < 0 ? std::numeric_limits<qint64>::max() : qint64(limit));
    w.binds.insert(u":offset"_s, std::max<qint64>(0, offset));
    return select(w.sql, w.binds, sql::orderBy(sort, dialect()) + u" LIMIT :limit OFFSET :offset"_s, fault);
}

QList<Submission> HistoryQueries::queryAfter(const SubmissionFilter &filter, const SubmissionSort &sort,
                                             const Submission &after, int limit, HistoryFault &fault)
{
    if (after.id == 0)
        return query(filter, sort, 0, limit, fault);
    sql::Where w = sql::buildWhere(filter);
    // Row values keep the page boundary exact even where many rows share a sort value.
    const QString op = sort.order == Qt::AscendingOrder ? u">"_s : u"<"_s;
    const sql::Dialect dialect = this->dialect();
    w.sql += (w.sql.isEmpty() ? u" WHERE "_s : u" AND "_s) + u'(' +
             sql::sortExpression(sort.column, dialect) + u", id) "_s + op + u" (:after_key, :after_id)"_s;
    QVariant key = sql::sortValue(after, sort.column, dialect);
    if (key.typeId() == QMetaType::QString)
        key = sql::text(key.toString()); // "" must not become NULL, or nothing compares
    w.binds.insert(u":after_key"_s, key);
    w.binds.insert(u":after_id"_s, after.id);
    w.binds.insert(u":limit"_s, qint64(limit));
    return select(w.sql, w.binds, sql::orderBy(sort, dialect) + u" LIMIT :limit"_s, fault);
}

qint64 HistoryQueries::count(const SubmissionFilter &filter, HistoryFault &fault)
{
    const sql::Where w = sql::buildWhere(filter);
    for (int attempt = 0;; ++attempt) {
        if (!m_db->readable(fault))
            return -1;
        QSqlQuery q(m_db->connection());
        q.setForwardOnly(true);
        q.prepare(u"SELECT count(*) FROM submissions"_s + w.sql);
        sql::bindAll(q, w.binds);
        if (q.exec() && q.next())
            return q.value(0).toLongLong();
        if (!retry(q.lastError(), attempt, fault))
            return -1;
    }
}

QList<Submission> HistoryQueries::unsettled(HistoryFault &fault)
{
    SubmissionFilter f;
    f.unsettledOnly = true;
    return query(f, {SubmissionColumn::Time, Qt::AscendingOrder}, 0, -1, fault);
}

QStringList HistoryQueries::users(HistoryFault &fault)
{
    QStringList users;
    if (!m_db->readable(fault))
        return users;
    // A handful of people over up to millions of rows: each step seeks the next name in the
    // submissions_user index instead of reading every row (a loose index scan; PostgreSQL
    // runs it as written).
    QSqlQuery q(m_db->connection());
    q.setForwardOnly(true);
    if (!q.exec(u"WITH RECURSIVE people(name) AS ("
                " SELECT min(\"user\") FROM submissions WHERE \"user\" > ''"
                " UNION ALL"
                " SELECT (SELECT min(\"user\") FROM submissions WHERE \"user\" > people.name)"
                " FROM people WHERE people.name IS NOT NULL)"
                " SELECT name FROM people WHERE name IS NOT NULL"_s)) {
        m_db->fail(q.lastError(), fault);
        return users;
    }
    while (q.next())
        users.append(q.value(0).toString());
    std::sort(users.begin(), users.end(), [](const QString &a, const QString &b) {
        const int c = QString::compare(a, b, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a < b;
    });
    return users;
}

} // namespace qd
