// SubmissionStore: writing and reading rows (opening and migrations are in SubmissionStore.cpp, what
// belongs to bulk runs as a whole in SubmissionStoreRuns.cpp).
#include "HistorySql.h"
#include "SubmissionStore.h"
#include "domain/Uuid.h"

#include <QSqlError>
#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace qd {

namespace sql = historysql;

namespace {

// Row ids for an IN (...) list: numbers only, so they go into the statement as they are.
QString idList(const QList<qint64> &ids)
{
    QString list;
    list.reserve(ids.size() * 8);
    for (qint64 id : ids) {
        if (!list.isEmpty())
            list += u',';
        list += QString::number(id);
    }
    return list;
}

// The two statements that write a new row.
class RowInserter
{
public:
    explicit RowInserter(QSqlDatabase &db)
        : m_insert(sql::preparedStatement(
              db,
              u"INSERT INTO submissions (time_ms, user, partner_tenant, customer_id, company_name,"
              " qualification, segment, website, validation_code, request_id, correlation_id, state,"
              " writer, run_id, run_line) VALUES (:time, :user, :partner, :customer, :company,"
              " :qualification, :segment, :website, :code, :request, :correlation, 'pending',"
              " :writer, :run, :line)"_s))
        // Keeps the latest company name per customer for the text filter.
        , m_customer(sql::preparedStatement(
              db, u"INSERT INTO customers (customer_id, company_name, search_key) VALUES "
                  u"(:customer, :company, :key)"
                  " ON CONFLICT(customer_id) DO UPDATE SET company_name = excluded.company_name,"
                  " search_key = excluded.search_key"
                  " WHERE excluded.company_name <> '' AND company_name <> excluded.company_name"_s))
    {}

    bool write(Submission &s, const QString &writer)
    {
        m_insert->bindValue(u":time"_s, s.time.toMSecsSinceEpoch());
        m_insert->bindValue(u":user"_s, sql::text(s.user));
        m_insert->bindValue(u":partner"_s, sql::text(s.partnerTenant));
        m_insert->bindValue(u":customer"_s, sql::text(s.customerId));
        m_insert->bindValue(u":company"_s, sql::text(s.companyName));
        m_insert->bindValue(u":qualification"_s, sql::text(s.request.typeName()));
        m_insert->bindValue(u":segment"_s, sql::text(Qualifications::apiName(s.request.segment)));
        m_insert->bindValue(u":website"_s, sql::text(s.request.website));
        m_insert->bindValue(u":code"_s, sql::text(s.request.validationCode));
        m_insert->bindValue(u":request"_s, sql::text(s.requestId));
        m_insert->bindValue(u":correlation"_s, sql::text(s.correlationId));
        m_insert->bindValue(u":writer"_s, sql::text(writer));
        m_insert->bindValue(u":run"_s,
                            s.runId.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s.runId));
        m_insert->bindValue(u":line"_s,
                            s.runLine > 0 ? QVariant(s.runLine) : QVariant(QMetaType(QMetaType::Int)));
        if (!m_insert->exec()) {
            m_error = m_insert->lastError();
            return false;
        }
        s.id = m_insert->lastInsertId().toLongLong();
        m_customer->bindValue(u":customer"_s, sql::text(s.customerId));
        m_customer->bindValue(u":company"_s, sql::text(s.companyName));
        m_customer->bindValue(u":key"_s, sql::text(sql::searchKey(s.companyName)));
        if (!m_customer->exec()) {
            m_error = m_customer->lastError();
            return false;
        }
        return true;
    }
    QSqlError error() const { return m_error; }

private:
    std::shared_ptr<QSqlQuery> m_insert;
    std::shared_ptr<QSqlQuery> m_customer;
    QSqlError m_error;
};

// pending -> sent (with the MS-CorrelationId the client used, when given).
class SentMarker
{
public:
    explicit SentMarker(QSqlDatabase &db)
        : m_update(sql::preparedStatement(db, u"UPDATE submissions SET state = 'sent',"
                                              " correlation_id = COALESCE(NULLIF(:correlation, ''), correlation_id)"
                                              " WHERE id = :id AND state = 'pending'"_s))
    {}

    bool write(const SubmissionStore::SentMark &mark)
    {
        m_update->bindValue(u":correlation"_s, sql::text(mark.correlationId));
        m_update->bindValue(u":id"_s, mark.id);
        if (m_update->exec())
            return true;
        m_error = m_update->lastError();
        return false;
    }
    QSqlError error() const { return m_error; }

private:
    std::shared_ptr<QSqlQuery> m_update;
    QSqlError m_error;
};

// The outcome fields of a stored row.
class OutcomeUpdater
{
public:
    explicit OutcomeUpdater(QSqlDatabase &db)
        : m_update(sql::preparedStatement(
              db, u"UPDATE submissions SET state = :state, http_status = :http, error_code = :code,"
                  " error_message = :message, correlation_id = :correlation, vetting_status = :vetting,"
                  " vetting_reason = :reason, vetting_create_ms = :created, last_checked_ms = :checked,"
                  " previous_vetting_status = :previous, vetting_changed_ms = :changed WHERE id = :id"_s))
    {}

    bool write(const Submission &s)
    {
        QSqlQuery &q = *m_update;
        q.bindValue(u":state"_s, Submission::stateName(s.state));
        q.bindValue(u":http"_s, s.httpStatus);
        q.bindValue(u":code"_s, sql::text(s.errorCode));
        q.bindValue(u":message"_s, sql::text(s.errorMessage));
        q.bindValue(u":correlation"_s, sql::text(s.correlationId));
        q.bindValue(u":vetting"_s, sql::text(s.vettingStatus));
        q.bindValue(u":reason"_s, sql::text(s.vettingReason));
        q.bindValue(u":created"_s, sql::msOrNull(s.vettingCreateDate));
        q.bindValue(u":checked"_s, sql::msOrNull(s.lastChecked));
        q.bindValue(u":previous"_s, sql::text(s.previousVettingStatus));
        q.bindValue(u":changed"_s, sql::msOrNull(s.vettingChangedAt));
        q.bindValue(u":id"_s, s.id);
        if (!q.exec()) {
            m_error = q.lastError();
            return false;
        }
        m_found = q.numRowsAffected() > 0;
        return true;
    }
    // Whether the last write found its row.
    bool found() const { return m_found; }
    QSqlError error() const { return m_error; }

private:
    std::shared_ptr<QSqlQuery> m_update;
    QSqlError m_error;
    bool m_found = false;
};

} // namespace

namespace historysql {

void prepareNew(Submission &s, const QDateTime &now)
{
    if (!s.time.isValid())
        s.time = now;
    s.time = s.time.toUTC();
    // s.customerId is already in its one spelling (TenantId::toString(), set where the ID
    // entered), so filters and refreshes find every row of a customer.
    if (s.requestId.isEmpty())
        s.requestId = newRequestId();
    s.state = Submission::State::Pending;
}

bool insertPending(QSqlDatabase &database, QList<Submission> &rows,
                   const std::optional<SubmissionStore::KeptRows> &kept, QSqlError &error)
{
    if (!rows.isEmpty()) {
        const QString writer = processTag();
        RowInserter inserter(database);
        for (Submission &s : rows) {
            if (!inserter.write(s, writer)) {
                error = inserter.error();
                return false;
            }
        }
    }
    return !kept || writeKeptRows(database, *kept, error);
}

} // namespace historysql

bool SubmissionStore::insertPending(Submission &s)
{
    QList<Submission> rows{s};
    if (!insertRows(rows))
        return false;
    s = rows.first();
    emit submissionAdded(s.id);
    return true;
}

bool SubmissionStore::insertPendingBatch(QList<Submission> &rows, const std::optional<KeptRows> &kept)
{
    if (!insertRows(rows, kept))
        return false;
    if (rows.isEmpty())
        return true;
    QList<qint64> ids;
    ids.reserve(rows.size());
    for (const Submission &s : std::as_const(rows))
        ids.append(s.id);
    emit submissionsAdded(ids);
    return true;
}

bool SubmissionStore::insertRows(QList<Submission> &rows, const std::optional<KeptRows> &kept)
{
    const QDateTime now = m_clock->nowUtc();
    QList<Submission> prepared = rows;
    for (Submission &s : prepared)
        sql::prepareNew(s, now);
    const bool ok = writeTransaction([&](QSqlDatabase &database) {
        QSqlError error;
        return sql::insertPending(database, prepared, kept, error) || failSql(error);
    });
    if (!ok)
        return false;
    rows = prepared;
    return true;
}

bool SubmissionStore::markSent(qint64 id, const QString &correlationId)
{
    const bool ok = writeTransaction(
        [&](QSqlDatabase &database) {
            SentMarker marker(database);
            return marker.write({id, correlationId}) || failSql(marker.error());
        },
        Durability::Relaxed);
    if (ok)
        emit submissionChanged(id);
    return ok;
}

bool SubmissionStore::failPending(const QList<qint64> &ids, const QString &errorCode, const QString &message)
{
    if (ids.isEmpty())
        return true;
    const bool ok = writeTransaction(
        [&](QSqlDatabase &database) {
            QSqlQuery q(database);
            q.prepare(u"UPDATE submissions SET state = 'failed', error_code = :code, error_message = :message"
                      " WHERE id = :id AND state = 'pending'"_s);
            for (qint64 id : ids) {
                q.bindValue(u":code"_s, sql::text(errorCode));
                q.bindValue(u":message"_s, sql::text(message));
                q.bindValue(u":id"_s, id);
                if (!q.exec())
                    return failSql(q.lastError());
            }
            return true;
        },
        Durability::Relaxed);
    if (ok)
        emit submissionsChanged(ids);
    return ok;
}

bool SubmissionStore::releaseSentMarks(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return true;
    const bool ok = writeTransaction(
        [&](QSqlDatabase &database) {
            QSqlQuery q(database);
            if (q.exec(u"UPDATE submissions SET state = 'pending' WHERE state = 'sent' AND id IN ("_s +
                       idList(ids) + u')'))
                return true;
            return failSql(q.lastError());
        },
        Durability::Relaxed);
    if (ok)
        emit submissionsChanged(ids);
    return ok;
}

bool SubmissionStore::recordOutcome(const Submission &s)
{
    const bool ok = writeTransaction(
        [&](QSqlDatabase &database) {
            OutcomeUpdater updater(database);
            if (!updater.write(s))
                return failSql(updater.error());
            return updater.found() || fail(StoreError::Kind::NotFound, u"id %1"_s.arg(s.id));
        },
        Durability::Relaxed);
    if (ok)
        emit submissionChanged(s.id);
    return ok;
}

namespace historysql {

bool writeProgress(QSqlDatabase &database, const QList<SubmissionStore::SentMark> &sent,
                   const QList<Submission> &outcomes, QList<qint64> &ids, QSqlError &error, qint64 &missing)
{
    ids.reserve(ids.size() + sent.size() + outcomes.size());
    if (!sent.isEmpty()) {
        SentMarker marker(database);
        for (const SubmissionStore::SentMark &mark : sent) {
            ids.append(mark.id);
            if (!marker.write(mark)) {
                error = marker.error();
                return false;
            }
        }
    }
    if (outcomes.isEmpty())
        return true;
    OutcomeUpdater updater(database);
    for (const Submission &s : outcomes) {
        if (!updater.write(s)) {
            error = updater.error();
            return false;
        }
        if (!updater.found()) {
            missing = s.id;
            return false;
        }
        ids.append(s.id);
    }
    return true;
}

} // namespace historysql

bool SubmissionStore::recordProgress(const QList<SentMark> &sent, const QList<Submission> &outcomes)
{
    if (sent.isEmpty() && outcomes.isEmpty())
        return true;
    QList<qint64> ids;
    const bool ok = writeTransaction(
        [&](QSqlDatabase &database) {
            QSqlError error;
            qint64 missing = 0;
            if (historysql::writeProgress(database, sent, outcomes, ids, error, missing))
                return true;
            return missing ? fail(StoreError::Kind::NotFound, u"id %1"_s.arg(missing)) : failSql(error);
        },
        Durability::Relaxed);
    if (ok)
        announceProgress(ids);
    return ok;
}

void SubmissionStore::announceProgress(QList<qint64> ids)
{
    // A row both sent and answered in this write is one change.
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    emit submissionsChanged(ids);
}

bool SubmissionStore::updateVetting(qint64 id, const QString &status, const QString &reason,
                                    const QDateTime &createDate, const QDateTime &checkedAt)
{
    const bool ok = writeTransaction(
        [&](QSqlDatabase &database) {
            QSqlQuery read(database);
            read.prepare(u"SELECT vetting_status FROM submissions WHERE id = :id"_s);
            read.bindValue(u":id"_s, id);
            if (!read.exec())
                return failSql(read.lastError());
            if (!read.next())
                return fail(StoreError::Kind::NotFound, u"id %1"_s.arg(id));
            const QString before = read.value(0).toString();
            read.finish();
            const bool changed = !before.isEmpty() && before.compare(status, Qt::CaseInsensitive) != 0;
            QSqlQuery q(database);
            q.prepare(
                changed
                    ? u"UPDATE submissions SET vetting_status = :status, vetting_reason = :reason,"
                      " vetting_create_ms = :created, last_checked_ms = :checked,"
                      " previous_vetting_status = :previous, vetting_changed_ms = :checked2 WHERE id = :id"_s
                    : u"UPDATE submissions SET vetting_status = :status, vetting_reason = :reason,"
                      " vetting_create_ms = :created, last_checked_ms = :checked WHERE id = :id"_s);
            q.bindValue(u":status"_s, sql::text(status));
            q.bindValue(u":reason"_s, sql::text(reason));
            q.bindValue(u":created"_s, sql::msOrNull(createDate));
            q.bindValue(u":checked"_s, sql::msOrNull(checkedAt));
            if (changed) {
                q.bindValue(u":previous"_s, sql::text(before));
                q.bindValue(u":checked2"_s, sql::msOrNull(checkedAt));
            }
            q.bindValue(u":id"_s, id);
            return q.exec() || failSql(q.lastError());
        },
        Durability::Relaxed);
    if (ok)
        emit submissionChanged(id);
    return ok;
}

QList<Submission> SubmissionStore::select(const QString &where, const QVariantMap &binds, const QString &tail)
{
    QList<Submission> rows;
    if (!isOpen()) {
        fail(StoreError::Kind::NotOpen, {});
        return rows;
    }
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(u"SELECT "_s + sql::selectColumns() + u" FROM submissions"_s + where + tail);
    sql::bindAll(q, binds);
    if (!q.exec()) {
        failSql(q.lastError());
        return rows;
    }
    while (q.next())
        rows.append(sql::readRow(q));
    m_error = {};
    return rows;
}

std::optional<Submission> SubmissionStore::get(qint64 id)
{
    const QList<Submission> rows = select(u" WHERE id = :id"_s, {{u":id"_s, id}}, {});
    if (rows.isEmpty()) {
        if (!m_error.isError())
            fail(StoreError::Kind::NotFound, u"id %1"_s.arg(id));
        return std::nullopt;
    }
    return rows.first();
}

QList<Submission> SubmissionStore::query(const SubmissionFilter &filter, const SubmissionSort &sort,
                                         qint64 offset, int limit)
{
    sql::Where w = sql::buildWhere(filter);
    w.binds.insert(u":limit"_s, limit < 0 ? qint64(-1) : qint64(limit));
    w.binds.insert(u":offset"_s, std::max<qint64>(0, offset));
    return select(w.sql, w.binds, sql::orderBy(sort) + u" LIMIT :limit OFFSET :offset"_s);
}

QList<Submission> SubmissionStore::queryAfter(const SubmissionFilter &filter, const SubmissionSort &sort,
                                              const Submission &after, int limit)
{
    if (after.id == 0)
        return query(filter, sort, 0, limit);
    sql::Where w = sql::buildWhere(filter);
    // Row values keep the page boundary exact even where many rows share a sort value.
    const QString op = sort.order == Qt::AscendingOrder ? u">"_s : u"<"_s;
    w.sql += (w.sql.isEmpty() ? u" WHERE "_s : u" AND "_s) + u'(' + sql::sortExpression(sort.column) +
             u", id) "_s + op + u" (:after_key, :after_id)"_s;
    QVariant key = sql::sortValue(after, sort.column);
    if (key.typeId() == QMetaType::QString)
        key = sql::text(key.toString()); // "" must not become NULL, or nothing compares
    w.binds.insert(u":after_key"_s, key);
    w.binds.insert(u":after_id"_s, after.id);
    w.binds.insert(u":limit"_s, qint64(limit));
    return select(w.sql, w.binds, sql::orderBy(sort) + u" LIMIT :limit"_s);
}

qint64 SubmissionStore::count(const SubmissionFilter &filter)
{
    if (!isOpen()) {
        fail(StoreError::Kind::NotOpen, {});
        return -1;
    }
    const sql::Where w = sql::buildWhere(filter);
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(u"SELECT count(*) FROM submissions"_s + w.sql);
    sql::bindAll(q, w.binds);
    if (!q.exec() || !q.next()) {
        failSql(q.lastError());
        return -1;
    }
    return q.value(0).toLongLong();
}

QList<Submission> SubmissionStore::unsettled()
{
    SubmissionFilter f;
    f.unsettledOnly = true;
    return query(f, {SubmissionColumn::Time, Qt::AscendingOrder});
}

} // namespace qd
