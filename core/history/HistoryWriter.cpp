// Writing rows: the statements a new row, a sent mark and an outcome take, and the transactions
// HistoryWriter wraps them in (the same statements run on the bulk writer's thread).
#include "HistoryWriter.h"

#include "HistorySql.h"
#include "domain/Uuid.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
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

// The statements that write a new row (and, in a shared history, claim its pair first).
class RowInserter
{
public:
    RowInserter(QSqlDatabase &db, bool claim)
        : m_postgres(sql::dialectOf(db) == sql::Dialect::Postgres),
          m_insert(sql::preparedStatement(
              db,
              u"INSERT INTO submissions (time_ms, \"user\", partner_tenant, customer_id, company_name,"
              " qualification, segment, website, validation_code, request_id, correlation_id, state,"
              " error_code, error_message, writer, run_id, run_line) VALUES (:time, :user, :partner, "
              ":customer,"
              " :company, :qualification, :segment, :website, :code, :request, :correlation, :state, :error,"
              " :message, :writer, :run, :line)"_s +
                  (m_postgres ? u" RETURNING id"_s : QString())))
          // Keeps the latest company name per customer for the text filter.
          ,
          m_customer(sql::preparedStatement(
              db, u"INSERT INTO customers (customer_id, company_name, search_key) VALUES "
                  u"(:customer, :company, :key)"
                  " ON CONFLICT(customer_id) DO UPDATE SET company_name = excluded.company_name,"
                  " search_key = excluded.search_key"
                  " WHERE excluded.company_name <> '' AND customers.company_name <> excluded.company_name"_s))
    {
        if (claim) {
            m_lock =
                sql::preparedStatement(db, u"SELECT pg_advisory_xact_lock(hashtextextended(:pair, 0))"_s);
            m_holder = sql::preparedStatement(
                db,
                u"SELECT id, \"user\", time_ms, state FROM submissions WHERE customer_id = :customer"
                " AND qualification = :qualification AND (state IN ('pending', 'sent', 'unknown')"
                " OR (state = 'accepted' AND lower(vetting_status) <> 'denied')) ORDER BY id DESC LIMIT 1"_s);
        }
    }

    // Takes the claim locks of rows' pairs, in one order on every desk (no two desks wait for each
    // other), held to the end of the transaction.
    bool lockPairs(const QList<Submission> &rows)
    {
        QStringList pairs;
        pairs.reserve(rows.size());
        for (const Submission &s : rows)
            pairs << s.customerId + u'|' + s.request.typeName();
        pairs.sort();
        pairs.removeDuplicates();
        for (const QString &pair : std::as_const(pairs)) {
            m_lock->bindValue(u":pair"_s, pair);
            if (!m_lock->exec())
                return failed(*m_lock);
            m_lock->finish();
        }
        return true;
    }

    // The row that holds s's pair, if any.
    bool findHolder(const Submission &s, std::optional<StoreError::Claim> &holder)
    {
        m_holder->bindValue(u":customer"_s, sql::text(s.customerId));
        m_holder->bindValue(u":qualification"_s, sql::text(s.request.typeName()));
        if (!m_holder->exec())
            return failed(*m_holder);
        holder.reset();
        if (m_holder->next())
            holder = StoreError::Claim{m_holder->value(0).toLongLong(), m_holder->value(1).toString(),
                                       sql::fromMs(m_holder->value(2)), m_holder->value(3).toString()};
        m_holder->finish();
        return true;
    }

    bool write(Submission &s, const QString &writer)
    {
        sql::bindNewRow(*m_insert, s, writer);
        if (!m_insert->exec())
            return failed(*m_insert);
        if (m_postgres) {
            // PostgreSQL's driver would ask lastval() in a second round trip.
            if (!m_insert->next())
                return failed(*m_insert);
            s.id = m_insert->value(0).toLongLong();
            m_insert->finish();
        } else {
            s.id = m_insert->lastInsertId().toLongLong();
        }
        m_customer->bindValue(u":customer"_s, sql::text(s.customerId));
        m_customer->bindValue(u":company"_s, sql::text(s.companyName));
        m_customer->bindValue(u":key"_s, sql::text(sql::searchKey(s.companyName)));
        if (!m_customer->exec())
            return failed(*m_customer);
        return true;
    }
    QSqlError error() const { return m_error; }

private:
    bool failed(const QSqlQuery &q)
    {
        m_error = q.lastError();
        return false;
    }

    bool m_postgres;
    std::shared_ptr<QSqlQuery> m_insert;
    std::shared_ptr<QSqlQuery> m_customer;
    std::shared_ptr<QSqlQuery> m_lock;
    std::shared_ptr<QSqlQuery> m_holder;
    QSqlError m_error;
};

// pending -> sent (with the MS-CorrelationId the client used, when given).
class SentMarker
{
public:
    explicit SentMarker(QSqlDatabase &db)
        : m_update(sql::preparedStatement(
              db, u"UPDATE submissions SET state = 'sent',"
                  " correlation_id = COALESCE(NULLIF(:correlation, ''), correlation_id)"
                  " WHERE id = :id AND state = 'pending'"_s))
    {}

    bool write(const SentMark &mark)
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

void bindNewRow(QSqlQuery &q, const Submission &s, const QString &writer)
{
    q.bindValue(u":time"_s, s.time.toMSecsSinceEpoch());
    q.bindValue(u":user"_s, text(s.user));
    q.bindValue(u":partner"_s, text(s.partnerTenant));
    q.bindValue(u":customer"_s, text(s.customerId));
    q.bindValue(u":company"_s, text(s.companyName));
    q.bindValue(u":qualification"_s, text(s.request.typeName()));
    q.bindValue(u":segment"_s, text(Qualifications::apiName(s.request.segment)));
    q.bindValue(u":website"_s, text(s.request.website));
    q.bindValue(u":code"_s, text(s.request.validationCode));
    q.bindValue(u":request"_s, text(s.requestId));
    q.bindValue(u":correlation"_s, text(s.correlationId));
    q.bindValue(u":state"_s, Submission::stateName(s.state));
    q.bindValue(u":error"_s, text(s.errorCode));
    q.bindValue(u":message"_s, text(s.errorMessage));
    q.bindValue(u":writer"_s, text(writer));
    q.bindValue(u":run"_s, s.runId.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s.runId));
    q.bindValue(u":line"_s, s.runLine > 0 ? QVariant(s.runLine) : QVariant(QMetaType(QMetaType::Int)));
}

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
    s.errorCode.clear();
    s.errorMessage.clear();
}

QString claimedMessage(const StoreError::Claim &claim)
{
    const QString who = claim.user.isEmpty()
                            ? QCoreApplication::translate("qd::SubmissionStore", "another desk")
                            : claim.user;
    const QString when = QLocale().toString(claim.time.toLocalTime(), QLocale::ShortFormat);
    return QCoreApplication::translate("qd::SubmissionStore",
                                       "Not sent: %1 already submitted this qualification for this customer "
                                       "on %2 (history row %3).")
        .arg(who, when, QString::number(claim.rowId));
}

bool insertPending(QSqlDatabase &database, QList<Submission> &rows, const std::optional<KeptRows> &kept,
                   QSqlError &error, const NewRowOptions &options, StoreError::Claim *claimed)
{
    if (!rows.isEmpty()) {
        const QString writer = options.writer.isEmpty() ? processTag() : options.writer;
        RowInserter inserter(database, options.claim);
        std::shared_ptr<QSqlQuery> mark;
        if (options.markForPush)
            mark = preparedStatement(database, u"INSERT INTO team_push (request_id) VALUES (:request)"
                                               " ON CONFLICT (request_id) DO NOTHING"_s);
        if (options.claim && !inserter.lockPairs(rows)) {
            error = inserter.error();
            return false;
        }
        for (Submission &s : rows) {
            if (options.claim) {
                std::optional<StoreError::Claim> holder;
                if (!inserter.findHolder(s, holder)) {
                    error = inserter.error();
                    return false;
                }
                if (holder && options.failWhenClaimed) {
                    if (claimed)
                        *claimed = *holder;
                    error = {};
                    return false;
                }
                if (holder) {
                    // Written, never sent: the run's record says why.
                    s.state = Submission::State::Failed;
                    s.errorCode = u"claimed"_s;
                    s.errorMessage = claimedMessage(*holder);
                }
            }
            if (!inserter.write(s, writer)) {
                error = inserter.error();
                return false;
            }
            if (mark) {
                mark->bindValue(u":request"_s, s.requestId);
                if (!mark->exec()) {
                    error = mark->lastError();
                    return false;
                }
            }
        }
    }
    return !kept || writeKeptRows(database, *kept, error);
}

} // namespace historysql

namespace historysql {

bool writeProgress(QSqlDatabase &database, const QList<SentMark> &sent, const QList<Submission> &outcomes,
                   QList<qint64> &ids, QSqlError &error, qint64 &missing)
{
    ids.reserve(ids.size() + sent.size() + outcomes.size());
    if (!sent.isEmpty()) {
        SentMarker marker(database);
        for (const SentMark &mark : sent) {
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

using Durability = HistoryDatabase::Durability;

bool HistoryWriter::insert(QList<Submission> &rows, const std::optional<KeptRows> &kept, bool single,
                           HistoryFault &fault)
{
    sql::NewRowOptions options;
    options.writer = m_db->writerTag();
    options.claim = m_db->isShared();
    options.failWhenClaimed = single;
    options.markForPush = m_markForPush;
    return m_db->transact(
        Durability::Full,
        [&](QSqlDatabase &db, HistoryFault &f) {
            QSqlError error;
            StoreError::Claim claim;
            if (sql::insertPending(db, rows, kept, error, options, &claim))
                return true;
            if (claim.rowId != 0) {
                f.set(StoreError::Kind::Claimed, u"claimed by row %1"_s.arg(claim.rowId));
                f.claim = claim;
                return false;
            }
            return m_db->fail(error, f);
        },
        fault);
}

bool HistoryWriter::markSent(const SentMark &mark, HistoryFault &fault)
{
    return m_db->transact(
        Durability::Relaxed,
        [&](QSqlDatabase &db, HistoryFault &f) {
            SentMarker marker(db);
            return marker.write(mark) || m_db->fail(marker.error(), f);
        },
        fault);
}

bool HistoryWriter::failPending(const QList<qint64> &ids, const QString &errorCode, const QString &message,
                                HistoryFault &fault)
{
    return m_db->transact(
        Durability::Relaxed,
        [&](QSqlDatabase &db, HistoryFault &f) {
            QSqlQuery q(db);
            q.prepare(u"UPDATE submissions SET state = 'failed', error_code = :code, error_message = :message"
                      " WHERE id = :id AND state = 'pending'"_s);
            for (qint64 id : ids) {
                q.bindValue(u":code"_s, sql::text(errorCode));
                q.bindValue(u":message"_s, sql::text(message));
                q.bindValue(u":id"_s, id);
                if (!q.exec())
                    return m_db->fail(q.lastError(), f);
            }
            return true;
        },
        fault);
}

bool HistoryWriter::releaseSentMarks(const QList<qint64> &ids, HistoryFault &fault)
{
    return m_db->transact(
        Durability::Relaxed,
        [&](QSqlDatabase &db, HistoryFault &f) {
            QSqlQuery q(db);
            return q.exec(u"UPDATE submissions SET state = 'pending' WHERE state = 'sent' AND id IN ("_s +
                          idList(ids) + u')') ||
                   m_db->fail(q.lastError(), f);
        },
        fault);
}

bool HistoryWriter::recordOutcome(const Submission &s, HistoryFault &fault)
{
    return m_db->transact(
        Durability::Relaxed,
        [&](QSqlDatabase &db, HistoryFault &f) {
            OutcomeUpdater updater(db);
            if (!updater.write(s))
                return m_db->fail(updater.error(), f);
            return updater.found() || f.set(StoreError::Kind::NotFound, u"id %1"_s.arg(s.id));
        },
        fault);
}

bool HistoryWriter::recordProgress(const QList<SentMark> &sent, const QList<Submission> &outcomes,
                                   QList<qint64> &ids, HistoryFault &fault)
{
    return m_db->transact(
        Durability::Relaxed,
        [&](QSqlDatabase &db, HistoryFault &f) {
            QSqlError error;
            qint64 missing = 0;
            if (sql::writeProgress(db, sent, outcomes, ids, error, missing))
                return true;
            return missing ? f.set(StoreError::Kind::NotFound, u"id %1"_s.arg(missing))
                           : m_db->fail(error, f);
        },
        fault);
}

bool HistoryWriter::updateVetting(qint64 id, const QString &status, const QString &reason,
                                  const QDateTime &createDate, const QDateTime &checkedAt,
                                  HistoryFault &fault)
{
    return m_db->transact(
        Durability::Relaxed,
        [&](QSqlDatabase &db, HistoryFault &f) {
            QSqlQuery read(db);
            read.prepare(u"SELECT vetting_status FROM submissions WHERE id = :id"_s);
            read.bindValue(u":id"_s, id);
            if (!read.exec())
                return m_db->fail(read.lastError(), f);
            if (!read.next())
                return f.set(StoreError::Kind::NotFound, u"id %1"_s.arg(id));
            const QString before = read.value(0).toString();
            read.finish();
            const bool changed = !before.isEmpty() && before.compare(status, Qt::CaseInsensitive) != 0;
            QSqlQuery q(db);
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
            return q.exec() || m_db->fail(q.lastError(), f);
        },
        fault);
}

} // namespace qd
