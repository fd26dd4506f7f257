#pragma once

#include "HistoryDatabase.h"
#include "HistoryQueries.h"
#include "Submission.h"

#include <QStringList>

namespace qd {

// What belongs to bulk runs as a whole: their kept rows (see KeptRows), a run's rows, and the
// runs still unfinished. On error the result is empty (unwrittenKeptRows: -1) and fault says why.
class BulkRunStore
{
public:
    BulkRunStore(HistoryDatabase *db, HistoryQueries *queries) : m_db(db), m_queries(queries) {}

    // The run's kept rows, some of which may have been written since; empty when none are kept.
    QList<Submission> keptRows(const QString &runId, HistoryFault &fault);
    // How many of the run's kept rows are not written as rows yet.
    int unwrittenKeptRows(const QString &runId, HistoryFault &fault);
    QList<Submission> byRun(const QString &runId, HistoryFault &fault);
    // Run IDs, most recent first, with rows still pending, sent or unknown, or rows kept.
    QStringList unfinishedRuns(HistoryFault &fault);

private:
    // Prepares sql on q with :run bound to runId and runs it.
    bool execForRun(QSqlQuery &q, const QString &sql, const QString &runId, HistoryFault &fault);

    HistoryDatabase *m_db;
    HistoryQueries *m_queries;
};

} // namespace qd
