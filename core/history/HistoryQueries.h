#pragma once

#include "HistoryDatabase.h"
#include "Submission.h"

#include <QSqlError>
#include <QVariantMap>
#include <optional>

namespace qd {

namespace historysql {
enum class Dialect;
}

// What the views read: rows by id, filter and sort (offset or keyset pages), counts, and the
// rows still to settle. On error the result is empty (count: -1) and fault says why.
class HistoryQueries
{
public:
    explicit HistoryQueries(HistoryDatabase *db) : m_db(db) {}

    // NotFound when there is no such row.
    std::optional<Submission> get(qint64 id, HistoryFault &fault);
    // Rows matching filter, in sort order (ties broken by id in the same direction).
    QList<Submission> query(const SubmissionFilter &filter, const SubmissionSort &sort, qint64 offset,
                            int limit, HistoryFault &fault);
    // Keyset page: the limit rows that follow `after` in sort order (first page when after.id == 0).
    QList<Submission> queryAfter(const SubmissionFilter &filter, const SubmissionSort &sort,
                                 const Submission &after, int limit, HistoryFault &fault);
    qint64 count(const SubmissionFilter &filter, HistoryFault &fault);
    // Unknown rows, and accepted rows whose vetting is still InReview; oldest first.
    QList<Submission> unsettled(HistoryFault &fault);
    // The distinct non-empty users of the history, sorted without regard to case.
    QStringList users(HistoryFault &fault);
    // SELECT of the row columns with where (" WHERE ..." or empty), binds and tail (ORDER BY ...).
    QList<Submission> select(const QString &where, const QVariantMap &binds, const QString &tail,
                             HistoryFault &fault);

private:
    historysql::Dialect dialect() const;
    // After a failed read: true (fault cleared) when it is worth reading once more.
    bool retry(const QSqlError &error, int attempt, HistoryFault &fault);

    HistoryDatabase *m_db;
};

} // namespace qd
