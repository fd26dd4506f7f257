#include "HistorySql.h"

#include "domain/Qualification.h"

#include <QHash>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlRecord>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcHistory)

namespace qd::historysql {

Dialect dialectOf(const QSqlDatabase &db)
{
    return db.driverName() == u"QPSQL"_s ? Dialect::Postgres : Dialect::Sqlite;
}

QString adapt(const QString &ddl, Dialect dialect)
{
    if (dialect == Dialect::Sqlite)
        return ddl;
    QString sql = ddl;
    sql.replace(u"INTEGER PRIMARY KEY AUTOINCREMENT"_s, u"BIGSERIAL PRIMARY KEY"_s);
    static const QRegularExpression integer(u"\\bINTEGER\\b"_s);
    sql.replace(integer, u"BIGINT"_s); // times are milliseconds since 1970
    sql.replace(u" COLLATE NOCASE"_s, QString());
    sql.replace(u" WITHOUT ROWID"_s, QString());
    sql.replace(u" BLOB "_s, u" BYTEA "_s);
    return sql;
}

QString selectColumns()
{
    return u"id, time_ms, \"user\", partner_tenant, customer_id, company_name, qualification, segment,"
           " website, validation_code, request_id, correlation_id, state, http_status, error_code,"
           " error_message, vetting_status, vetting_reason, vetting_create_ms, last_checked_ms,"
           " previous_vetting_status, vetting_changed_ms, run_id, run_line"_s;
}

QVariant msOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

QDateTime fromMs(const QVariant &v)
{
    if (v.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

Submission readRow(const QSqlQuery &q)
{
    Submission s;
    s.id = q.value(0).toLongLong();
    s.time = fromMs(q.value(1));
    s.user = q.value(2).toString();
    s.partnerTenant = q.value(3).toString();
    s.customerId = q.value(4).toString();
    s.companyName = q.value(5).toString();
    s.request.rawType = q.value(6).toString();
    s.request.type = Qualifications::typeFromString(s.request.rawType);
    s.request.segment = Qualifications::segmentFromString(q.value(7).toString());
    s.request.website = q.value(8).toString();
    s.request.validationCode = q.value(9).toString();
    s.requestId = q.value(10).toString();
    s.correlationId = q.value(11).toString();
    s.state = Submission::stateFromName(q.value(12).toString()).value_or(Submission::State::Unknown);
    s.httpStatus = q.value(13).toInt();
    s.errorCode = q.value(14).toString();
    s.errorMessage = q.value(15).toString();
    s.vettingStatus = q.value(16).toString();
    s.vettingReason = q.value(17).toString();
    s.vettingCreateDate = fromMs(q.value(18));
    s.lastChecked = fromMs(q.value(19));
    s.previousVettingStatus = q.value(20).toString();
    s.vettingChangedAt = fromMs(q.value(21));
    s.runId = q.value(22).toString();
    s.runLine = q.value(23).toInt();
    return s;
}

QString searchKey(const QString &text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString key;
    key.reserve(decomposed.size());
    for (QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing)
            key.append(c);
    }
    return key.toCaseFolded().simplified();
}

namespace {
QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + escaped + u'%';
}

// SQLite's NOCASE folds ASCII letters only; the model must order names the same way.
int compareNoCase(const QString &a, const QString &b)
{
    const qsizetype n = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        char16_t x = a.at(i).unicode(), y = b.at(i).unicode();
        if (x >= u'A' && x <= u'Z')
            x += 32;
        if (y >= u'A' && y <= u'Z')
            y += 32;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

QString reasonOf(const Submission &s)
{
    return s.vettingReason.isEmpty() ? s.errorMessage : s.vettingReason;
}
} // namespace

Where buildWhere(const SubmissionFilter &f)
{
    QStringList terms;
    Where w;
    const QString text = f.text.trimmed();
    if (!text.isEmpty()) {
        // The search text is where a tenant ID typed into the history's search field enters.
        if (const std::optional<TenantId> asGuid = TenantId::parse(text)) {
            terms << u"customer_id = :text_id"_s;
            w.binds.insert(u":text_id"_s, asGuid->toString());
        } else {
            // The customers table is small (one row per customer), so the substring scan is
            // cheap; the submissions are then reached through the customer_id index.
            terms << u"customer_id IN (SELECT customer_id FROM customers WHERE search_key LIKE :text_key"
                     " ESCAPE '\\' OR customer_id LIKE :text_raw ESCAPE '\\')"_s;
            w.binds.insert(u":text_key"_s, likePattern(searchKey(text)));
            w.binds.insert(u":text_raw"_s, likePattern(text.toLower()));
        }
    }
    if (f.customerId.isValid()) {
        terms << u"customer_id = :customer"_s;
        w.binds.insert(u":customer"_s, f.customerId.toString());
    }
    if (!f.states.isEmpty()) {
        QStringList names;
        for (qsizetype i = 0; i < f.states.size(); ++i) {
            const QString bind = u":state%1"_s.arg(i);
            names << bind;
            w.binds.insert(bind, Submission::stateName(f.states.at(i)));
        }
        terms << u"state IN ("_s + names.join(u", "_s) + u')';
    }
    if (f.qualification) {
        terms << u"qualification = :qualification"_s;
        w.binds.insert(u":qualification"_s, Qualifications::apiName(*f.qualification));
    }
    if (f.from.isValid()) {
        terms << u"time_ms >= :from"_s;
        w.binds.insert(u":from"_s, f.from.toMSecsSinceEpoch());
    }
    if (f.to.isValid()) {
        terms << u"time_ms < :to"_s;
        w.binds.insert(u":to"_s, f.to.toMSecsSinceEpoch());
    }
    if (!f.runId.isEmpty()) {
        terms << u"run_id = :run"_s;
        w.binds.insert(u":run"_s, f.runId);
    }
    if (!f.user.isEmpty()) {
        terms << u"\"user\" = :user"_s;
        w.binds.insert(u":user"_s, f.user);
    }
    if (f.unsettledOnly)
        terms << u"(state = 'unknown' OR (state = 'accepted' AND lower(vetting_status) = 'inreview'))"_s;
    if (!terms.isEmpty())
        w.sql = u" WHERE "_s + terms.join(u" AND "_s);
    return w;
}

namespace {
QString columnExpression(SubmissionColumn column)
{
    switch (column) {
    case SubmissionColumn::Time:
        return u"time_ms"_s;
    case SubmissionColumn::Customer:
        return u"company_name"_s;
    case SubmissionColumn::TenantId:
        return u"customer_id"_s;
    case SubmissionColumn::Qualification:
        return u"qualification"_s;
    case SubmissionColumn::State:
        return u"state"_s;
    case SubmissionColumn::VettingStatus:
        return u"vetting_status"_s;
    case SubmissionColumn::Reason:
        return u"(CASE WHEN vetting_reason = '' THEN error_message ELSE vetting_reason END)"_s;
    case SubmissionColumn::User:
        return u"\"user\""_s;
    case SubmissionColumn::RequestId:
        return u"request_id"_s;
    }
    return u"time_ms"_s;
}

// SQLite's NOCASE as PostgreSQL can say it: ASCII letters folded, then compared byte by byte.
QString asciiLower(const QString &text)
{
    QString lowered = text;
    for (QChar &c : lowered) {
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + 32);
    }
    return lowered;
}
} // namespace

QString sortExpression(SubmissionColumn column, Dialect dialect)
{
    const QString expression = columnExpression(column);
    if (dialect == Dialect::Sqlite || column == SubmissionColumn::Time)
        return expression;
    // Byte order whatever the server's locale, as SQLite's BINARY and compareForSort() order.
    if (column == SubmissionColumn::Customer)
        return u"(translate(company_name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
               " COLLATE \"C\")"_s;
    return u'(' + expression + u" COLLATE \"C\")"_s;
}

QString orderBy(const SubmissionSort &sort, Dialect dialect)
{
    const QString dir = sort.order == Qt::AscendingOrder ? u" ASC"_s : u" DESC"_s;
    return u" ORDER BY "_s + sortExpression(sort.column, dialect) + dir + u", id"_s + dir;
}

QVariant sortValue(const Submission &s, SubmissionColumn column, Dialect dialect)
{
    switch (column) {
    case SubmissionColumn::Time:
        return s.time.toMSecsSinceEpoch();
    case SubmissionColumn::Customer:
        return dialect == Dialect::Postgres ? asciiLower(s.companyName) : s.companyName;
    case SubmissionColumn::TenantId:
        return s.customerId;
    case SubmissionColumn::Qualification:
        return s.request.rawType;
    case SubmissionColumn::State:
        return Submission::stateName(s.state);
    case SubmissionColumn::VettingStatus:
        return s.vettingStatus;
    case SubmissionColumn::Reason:
        return reasonOf(s);
    case SubmissionColumn::User:
        return s.user;
    case SubmissionColumn::RequestId:
        return s.requestId;
    }
    return {};
}

int compareForSort(const Submission &a, const Submission &b, SubmissionColumn column)
{
    int c = 0;
    if (column == SubmissionColumn::Time) {
        const qint64 x = a.time.toMSecsSinceEpoch(), y = b.time.toMSecsSinceEpoch();
        c = x < y ? -1 : (x > y ? 1 : 0);
    } else if (column == SubmissionColumn::Customer) {
        c = compareNoCase(a.companyName, b.companyName);
    } else {
        c = QString::compare(sortValue(a, column).toString(), sortValue(b, column).toString(),
                             Qt::CaseSensitive);
        c = c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    if (c != 0)
        return c;
    return a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
}

bool matches(const SubmissionFilter &f, const Submission &s)
{
    const QString text = f.text.trimmed();
    if (!text.isEmpty()) {
        if (const std::optional<TenantId> asGuid = TenantId::parse(text)) {
            if (s.customerId != asGuid->toString())
                return false;
        } else if (!searchKey(s.companyName).contains(searchKey(text)) &&
                   !s.customerId.contains(text.toLower())) {
            return false;
        }
    }
    if (f.customerId.isValid() && s.customerId != f.customerId.toString())
        return false;
    if (!f.states.isEmpty() && !f.states.contains(s.state))
        return false;
    if (f.qualification && s.request.rawType != Qualifications::apiName(*f.qualification))
        return false;
    if (f.from.isValid() && s.time < f.from)
        return false;
    if (f.to.isValid() && s.time >= f.to)
        return false;
    if (!f.runId.isEmpty() && s.runId != f.runId)
        return false;
    if (!f.user.isEmpty() && s.user != f.user)
        return false;
    if (f.unsettledOnly && !s.isUnsettled())
        return false;
    return true;
}

void bindAll(QSqlQuery &query, const QVariantMap &binds)
{
    for (auto it = binds.constBegin(); it != binds.constEnd(); ++it)
        query.bindValue(it.key(), it.value());
}

bool openSideConnection(const QString &name, const QString &path, int busyTimeoutMs)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(busyTimeoutMs));
    if (db.open())
        return true;
    qCWarning(lcHistory) << "history connection" << name << "not opened:" << db.lastError().text();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(name);
    return false;
}

namespace {
// Per thread, as each connection is used by the thread that opened it: connection -> SQL -> query.
thread_local QHash<QString, QHash<QString, std::shared_ptr<QSqlQuery>>> t_statements;
} // namespace

std::shared_ptr<QSqlQuery> preparedStatement(QSqlDatabase &db, const QString &sql)
{
    QHash<QString, std::shared_ptr<QSqlQuery>> &statements = t_statements[db.connectionName()];
    const auto found = statements.constFind(sql);
    if (found != statements.cend())
        return *found;
    auto q = std::make_shared<QSqlQuery>(db);
    if (q->prepare(sql))
        statements.insert(sql, q);
    return q;
}

void forgetStatements(const QString &connectionName)
{
    t_statements.remove(connectionName);
}

void closeSideConnection(const QString &name)
{
    forgetStatements(name);
    QSqlDatabase::database(name, false).close();
    QSqlDatabase::removeDatabase(name);
}

} // namespace qd::historysql
