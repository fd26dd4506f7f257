#pragma once

#include "HistoryDatabase.h"
#include "Submission.h"

#include <optional>

namespace qd {

// Every write of rows: new pending rows, sent marks, outcomes, vetting. Each call is one
// transaction on the history's connection, all or nothing; false with fault when it fails.
// New rows are written durably (before their request leaves); the rest relaxed.
class HistoryWriter
{
public:
    explicit HistoryWriter(HistoryDatabase *db) : m_db(db) {}

    // Rows prepared by historysql::prepareNew: fills their ids. With kept, the same transaction
    // replaces (or drops) the run's kept rows. In a shared history each row claims its pair:
    // single (one submission) fails with Kind::Claimed and the holder in fault.claim when held;
    // otherwise (a bulk run's rows) a held pair's row is written as failed, naming the holder.
    bool insert(QList<Submission> &rows, const std::optional<KeptRows> &kept, bool single,
                HistoryFault &fault);
    bool insert(QList<Submission> &rows, const std::optional<KeptRows> &kept, HistoryFault &fault)
    {
        return insert(rows, kept, false, fault);
    }
    bool markSent(const SentMark &mark, HistoryFault &fault);
    // Rows still pending -> failed; rows that have moved on are left as they are.
    bool failPending(const QList<qint64> &ids, const QString &errorCode, const QString &message,
                     HistoryFault &fault);
    // Rows marked sent whose request never left -> pending again.
    bool releaseSentMarks(const QList<qint64> &ids, HistoryFault &fault);
    bool recordOutcome(const Submission &s, HistoryFault &fault);
    // Sent marks, then outcomes; ids gets the rows written (a row may appear twice).
    bool recordProgress(const QList<SentMark> &sent, const QList<Submission> &outcomes, QList<qint64> &ids,
                        HistoryFault &fault);
    bool updateVetting(qint64 id, const QString &status, const QString &reason, const QDateTime &createDate,
                       const QDateTime &checkedAt, HistoryFault &fault);

    // The desk works offline: new rows also wait to be pushed to the team's history.
    void setMarkForPush(bool mark) { m_markForPush = mark; }

private:
    HistoryDatabase *m_db;
    bool m_markForPush = false;
};

} // namespace qd
