// Rows a desk wrote while it worked offline, pushed to the team's history once it is back.
#include "HistoryQueries.h"
#include "HistorySql.h"
#include "SubmissionStore.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcHistory)

namespace qd {

namespace sql = historysql;

int SubmissionStore::pushOfflineRows(const QString &dataDir)
{
    if (!isShared() || !isOpen() || isReadOnly())
        return 0;
    if (!QFileInfo::exists(QDir(dataDir).filePath(fileName())))
        return 0; // this desk never kept a history of its own
    SubmissionStore local(m_clock);
    if (!local.open(dataDir)) {
        m_error = local.lastError();
        return -1;
    }
    HistoryFault fault;
    const QList<Submission> waiting = local.m_queries->select(
        u" WHERE request_id IN (SELECT request_id FROM team_push WHERE pushed_ms IS NULL)"_s, {},
        u" ORDER BY id"_s, fault);
    if (fault.isFault()) {
        local.fail(fault);
        m_error = local.lastError();
        return -1;
    }
    if (waiting.isEmpty())
        return 0;
    QList<qint64> ids;
    const QString writer = m_db->writerTag();
    const bool copied = m_db->transact(
        HistoryDatabase::Durability::Full,
        [&](QSqlDatabase &db, HistoryFault &f) {
            QSqlError error;
            return sql::copyRows(db, waiting, writer, ids, error) || m_db->fail(error, f);
        },
        fault);
    if (!copied) {
        fail(fault);
        return -1;
    }
    // In the team's history now: noted in the file afterwards, so a push cut short here is
    // repeated next time, and adds nothing twice.
    const qint64 now = m_clock->nowUtc().toMSecsSinceEpoch();
    local.m_db->transact(
        HistoryDatabase::Durability::Full,
        [&](QSqlDatabase &db, HistoryFault &f) {
            QSqlQuery q(db);
            q.prepare(u"UPDATE team_push SET pushed_ms = :now WHERE request_id = :request"_s);
            for (const Submission &s : waiting) {
                q.bindValue(u":now"_s, now);
                q.bindValue(u":request"_s, s.requestId);
                if (!q.exec())
                    return local.m_db->fail(q.lastError(), f);
            }
            return true;
        },
        fault);
    if (fault.isFault())
        qCWarning(lcHistory) << "pushed rows not noted in the desk's own history; the next push skips them:"
                             << fault.detail;
    QList<qint64> added;
    for (qint64 id : std::as_const(ids)) {
        if (id != 0)
            added << id;
    }
    qCInfo(lcHistory) << added.size() << "of" << waiting.size()
                      << "offline submissions added to the team's history";
    m_pushedAtOpen += int(added.size());
    if (!added.isEmpty())
        emit submissionsAdded(added);
    return int(added.size());
}

} // namespace qd
