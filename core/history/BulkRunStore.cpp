// Bulk runs in the history: kept rows are one value per run (a QDataStream of the rows' columns).
#include "BulkRunStore.h"

#include "HistorySql.h"

#include <QDataStream>
#include <QIODevice>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace qd {

namespace {

// Kept rows (KeptRows) as one value: what a pending row's columns hold.
constexpr quint32 kKeptRowsMagic = 0x51444b52; // "QDKR"
constexpr qint32 kKeptRowsVersion = 1;

QByteArray encodeKept(const QList<Submission> &rows)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << kKeptRowsMagic << kKeptRowsVersion << qint32(rows.size());
    for (const Submission &s : rows) {
        out << s.time.toMSecsSinceEpoch() << s.user << s.partnerTenant << s.customerId << s.companyName
            << s.request.typeName() << Qualifications::apiName(s.request.segment) << s.request.website
            << s.request.validationCode << s.requestId << s.runId << qint32(s.runLine);
    }
    return bytes;
}

// Empty (and ok false) when bytes are not kept rows this version can read.
QList<Submission> decodeKept(const QByteArray &bytes, bool *ok)
{
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    qint32 version = 0, count = 0;
    in >> magic >> version >> count;
    *ok = false;
    if (in.status() != QDataStream::Ok || magic != kKeptRowsMagic || version != kKeptRowsVersion || count < 0)
        return {};
    QList<Submission> rows;
    rows.reserve(qMin(count, 1'000'000));
    for (qint32 i = 0; i < count; ++i) {
        Submission s;
        qint64 ms = 0;
        QString type, segment;
        qint32 line = 0;
        in >> ms >> s.user >> s.partnerTenant >> s.customerId >> s.companyName >> type >> segment >>
            s.request.website >> s.request.validationCode >> s.requestId >> s.runId >> line;
        if (in.status() != QDataStream::Ok)
            return {};
        s.time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        s.request.rawType = type;
        s.request.type = Qualifications::typeFromString(type);
        s.request.segment = Qualifications::segmentFromString(segment);
        s.runLine = line;
        s.state = Submission::State::Pending;
        rows.append(s);
    }
    *ok = true;
    return rows;
}

} // namespace

namespace historysql {

bool writeKeptRows(QSqlDatabase &database, const KeptRows &kept, QSqlError &error)
{
    QSqlQuery q(database);
    if (kept.rows.isEmpty()) {
        q.prepare(u"DELETE FROM bulk_kept_rows WHERE run_id = :run"_s);
    } else {
        q.prepare(u"INSERT INTO bulk_kept_rows (run_id, rows) VALUES (:run, :rows)"
                  " ON CONFLICT (run_id) DO UPDATE SET rows = excluded.rows"_s);
        q.bindValue(u":rows"_s, encodeKept(kept.rows));
    }
    q.bindValue(u":run"_s, kept.runId);
    if (q.exec())
        return true;
    error = q.lastError();
    return false;
}

} // namespace historysql

bool BulkRunStore::execForRun(QSqlQuery &q, const QString &sql, const QString &runId, HistoryFault &fault)
{
    q.setForwardOnly(true);
    q.prepare(sql);
    q.bindValue(u":run"_s, runId);
    return q.exec() || m_db->fail(q.lastError(), fault);
}

QList<Submission> BulkRunStore::keptRows(const QString &runId, HistoryFault &fault)
{
    if (!m_db->readable(fault))
        return {};
    QSqlQuery q(m_db->connection());
    if (!execForRun(q, u"SELECT rows FROM bulk_kept_rows WHERE run_id = :run"_s, runId, fault) || !q.next())
        return {};
    bool ok = false;
    const QList<Submission> rows = decodeKept(q.value(0).toByteArray(), &ok);
    if (!ok)
        fault.set(StoreError::Kind::Corrupt, u"the kept rows of bulk run %1 cannot be read"_s.arg(runId));
    return rows;
}

int BulkRunStore::unwrittenKeptRows(const QString &runId, HistoryFault &fault)
{
    const QList<Submission> kept = keptRows(runId, fault);
    if (fault.isFault())
        return -1;
    if (kept.isEmpty())
        return 0;
    QSqlQuery q(m_db->connection());
    if (!execForRun(q, u"SELECT request_id FROM submissions WHERE run_id = :run"_s, runId, fault))
        return -1;
    QSet<QString> written;
    while (q.next())
        written.insert(q.value(0).toString());
    return int(std::count_if(kept.begin(), kept.end(),
                             [&written](const Submission &s) { return !written.contains(s.requestId); }));
}

QList<Submission> BulkRunStore::byRun(const QString &runId, HistoryFault &fault)
{
    return m_queries->select(u" WHERE run_id = :run"_s, {{u":run"_s, runId}}, u" ORDER BY run_line, id"_s,
                             fault);
}

QStringList BulkRunStore::unfinishedRuns(HistoryFault &fault)
{
    QStringList runs;
    if (!m_db->readable(fault))
        return runs;
    QSqlQuery q(m_db->connection());
    q.setForwardOnly(true);
    if (!q.exec(
            u"SELECT run_id, max(id) AS last FROM submissions WHERE run_id IS NOT NULL"
            " AND (state IN ('pending', 'sent', 'unknown') OR run_id IN (SELECT run_id FROM bulk_kept_rows))"
            " GROUP BY run_id ORDER BY last DESC"_s)) {
        m_db->fail(q.lastError(), fault);
        return runs;
    }
    while (q.next())
        runs << q.value(0).toString();
    return runs;
}

} // namespace qd
