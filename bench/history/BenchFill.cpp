#include "BenchFill.h"

#include "history/HistorySql.h"
#include "history/SubmissionStore.h"

#include <QDateTime>
#include <QDir>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace qd::bench {

namespace {

const QStringList &stems()
{
    static const QStringList s{u"Základní škola"_s, u"Gymnázium"_s,      u"Univerzita"_s,
                               u"Ministerstvo"_s,   u"Contoso School"_s, u"Fabrikam Government"_s,
                               u"Krajský úřad"_s,   u"Žluťoučký kůň"_s};
    return s;
}

const QStringList &towns()
{
    static const QStringList t{u"Brno"_s,  u"Praha"_s,   u"Ostrava"_s,
                               u"Plzeň"_s, u"Olomouc"_s, u"České Budějovice"_s};
    return t;
}

qint64 fillStartMs()
{
    return QDateTime(QDate(2023, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}

constexpr qint64 kSpanMs = qint64(3) * 365 * 86400 * 1000;

QString sqlArray(const QStringList &items)
{
    QStringList quoted;
    for (const QString &item : items)
        quoted << u'\'' + QString(item).replace(u'\'', u"''"_s) + u'\'';
    return u"ARRAY["_s + quoted.join(u", "_s) + u']';
}

bool exec(QSqlQuery &q, const QString &sql, QString *error)
{
    if (q.exec(sql))
        return true;
    *error = q.lastError().text() + u" ("_s + sql.left(80) + u')';
    return false;
}

} // namespace

const QStringList &people()
{
    static const QStringList p = [] {
        static const char *names[kPeople] = {
            "anna.novak",     "bohdan.svoboda", "cyril.dvorak",    "dana.cerna",     "emil.prochazka",
            "fiona.kucerova", "gustav.vesely",  "hana.horakova",   "ivan.nemec",     "jana.markova",
            "karel.pokorny",  "lenka.hajkova",  "martin.kral",     "nina.jelinkova", "oto.ruzicka",
            "petra.benesova", "radek.fiala",    "sara.sedlackova", "tomas.dolezal",  "vera.zemanova"};
        QStringList list;
        for (const char *name : names)
            list << QString::fromLatin1(name) + u"@contoso-partner.example"_s;
        return list;
    }();
    return p;
}

QString customerId(int n)
{
    return u"%1-0000-4000-8000-%2"_s.arg(n * 7919 % 100000000, 8, 16, QChar(u'0'))
        .arg(n, 12, 10, QChar(u'0'));
}

QString customerName(int n)
{
    return stems().at(n % stems().size()) + u' ' + towns().at((n / 8) % towns().size()) + u" č. "_s +
           QString::number(n);
}

QSqlDatabase openConnection(const QString &location, const QString &connection)
{
    if (SubmissionStore::isServerLocation(location)) {
        const QUrl url(location);
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connection);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setPassword(url.password());
        db.setDatabaseName(url.path().mid(1));
        db.open();
        return db;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
    db.setDatabaseName(QDir(location).filePath(SubmissionStore::fileName()));
    db.open();
    return db;
}

bool fillSqlite(const QString &file, int rows, int customers)
{
    const QString connection = u"bench-fill"_s;
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(file);
        if (!db.open())
            return false;
        QSqlQuery q(db);
        q.exec(u"PRAGMA synchronous = OFF"_s);
        // Random request IDs spread index writes over the whole file; a larger cache keeps the
        // fill from thrashing (this connection only; the store itself keeps SQLite's default).
        q.exec(u"PRAGMA cache_size = -65536"_s);
        q.exec(u"BEGIN"_s);
        QSqlQuery customer(db);
        customer.prepare(
            u"INSERT OR REPLACE INTO customers (customer_id, company_name, search_key) VALUES (?, ?, ?)"_s);
        for (int c = 0; c < customers && ok; ++c) {
            const QString name = customerName(c);
            customer.addBindValue(customerId(c));
            customer.addBindValue(name);
            customer.addBindValue(qd::historysql::searchKey(name));
            ok = customer.exec();
        }
        QSqlQuery insert(db);
        insert.prepare(u"INSERT INTO submissions (time_ms, user, partner_tenant, customer_id, company_name,"
                       " qualification, segment, website, validation_code, request_id, correlation_id, state,"
                       " http_status, vetting_status, vetting_reason, vetting_create_ms, last_checked_ms)"
                       " VALUES (?, ?, 'contoso-partner', ?, ?, ?, ?, '', ?, ?, ?,"
                       " ?, ?, ?, ?, ?, ?)"_s);
        QRandomGenerator random(42);
        const qint64 start = fillStartMs();
        static const char *types[] = {"Education", "GovernmentCommunityCloud", "StateOwnedEntity"};
        static const char *states[] = {"accepted", "accepted", "accepted", "accepted",
                                       "rejected", "failed",   "unknown"};
        static const char *vetting[] = {"Approved", "Approved", "InReview", "Denied"};
        for (int i = 0; i < rows && ok; ++i) {
            const int c = int(random.bounded(customers));
            const int type = int(random.bounded(3));
            const char *state = states[random.bounded(7)];
            const bool accepted = qstrcmp(state, "accepted") == 0;
            const qint64 time = start + qint64(double(i) / rows * kSpanMs);
            insert.addBindValue(time);
            insert.addBindValue(people().at(i % kPeople));
            insert.addBindValue(customerId(c));
            insert.addBindValue(customerName(c));
            insert.addBindValue(QString::fromLatin1(types[type]));
            insert.addBindValue(type == 0 ? (c % 2 ? u"K12"_s : u"HigherEducation"_s) : QStringLiteral(""));
            insert.addBindValue(type == 1 ? u"582641"_s : QStringLiteral(""));
            insert.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
            insert.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
            insert.addBindValue(QString::fromLatin1(state));
            insert.addBindValue(accepted ? 201 : (qstrcmp(state, "rejected") == 0 ? 400 : 0));
            const bool vetted = accepted && type != 2;
            const char *status = vetted ? vetting[random.bounded(4)] : "";
            insert.addBindValue(QString::fromLatin1(status));
            insert.addBindValue(qstrcmp(status, "Denied") == 0 ? u"Not an Education Customer"_s
                                                               : QStringLiteral(""));
            insert.addBindValue(vetted ? QVariant(time + 1000) : QVariant(QMetaType(QMetaType::LongLong)));
            insert.addBindValue(vetted ? QVariant(time + 86400000)
                                       : QVariant(QMetaType(QMetaType::LongLong)));
            ok = insert.exec();
            if (!ok)
                std::fprintf(stderr, "insert failed: %s\n", qPrintable(insert.lastError().text()));
        }
        ok = ok && q.exec(u"COMMIT"_s);
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

bool fillPostgres(QSqlDatabase &db, int rows, int customers, QString *error)
{
    QSqlQuery q(db);
    if (!exec(q, u"BEGIN"_s, error) ||
        !exec(q, u"ALTER TABLE submissions DISABLE TRIGGER submissions_notify"_s, error))
        return false;
    // Customers: multi-row INSERTs of 1,000.
    for (int first = 0; first < customers; first += 1000) {
        QStringList values;
        QVariantList binds;
        for (int c = first; c < std::min(customers, first + 1000); ++c) {
            values << u"(?, ?, ?)"_s;
            binds << customerId(c) << customerName(c) << historysql::searchKey(customerName(c));
        }
        QSqlQuery insert(db);
        insert.prepare(u"INSERT INTO customers (customer_id, company_name, search_key) VALUES "_s +
                       values.join(u", "_s) + u" ON CONFLICT (customer_id) DO NOTHING"_s);
        for (const QVariant &v : std::as_const(binds))
            insert.addBindValue(v);
        if (!insert.exec()) {
            *error = insert.lastError().text();
            return false;
        }
    }
    // Submissions: the same draws as fillSqlite (customer, type, state, vetting uniform), the
    // same time spread and person cycle, made by the server.
    const QString customerIdSql =
        u"lpad(to_hex((r.c::bigint * 7919) % 100000000), 8, '0') || '-0000-4000-8000-' || lpad(r.c::text, 12, '0')"_s;
    const QString nameSql = u"(%1)[r.c % 8 + 1] || ' ' || (%2)[(r.c / 8) % 6 + 1] || ' č. ' || r.c"_s.arg(
        sqlArray(stems()), sqlArray(towns()));
    const QString sql =
        u"INSERT INTO submissions (time_ms, \"user\", partner_tenant, customer_id, company_name,"
        " qualification, segment, website, validation_code, request_id, correlation_id, state,"
        " http_status, vetting_status, vetting_reason, vetting_create_ms, last_checked_ms)"
        " SELECT r.t, (%1)[r.i % %2 + 1], 'contoso-partner', %3, %4,"
        " (ARRAY['Education', 'GovernmentCommunityCloud', 'StateOwnedEntity'])[r.type + 1],"
        " CASE WHEN r.type = 0 THEN (CASE WHEN r.c % 2 = 1 THEN 'K12' ELSE 'HigherEducation' END) ELSE '' "
        "END,"
        " '', CASE WHEN r.type = 1 THEN '582641' ELSE '' END,"
        " gen_random_uuid()::text, gen_random_uuid()::text,"
        " (ARRAY['accepted', 'accepted', 'accepted', 'accepted', 'rejected', 'failed', 'unknown'])[r.st + 1],"
        " CASE WHEN r.st < 4 THEN 201 WHEN r.st = 4 THEN 400 ELSE 0 END,"
        " CASE WHEN r.vetted THEN (ARRAY['Approved', 'Approved', 'InReview', 'Denied'])[r.v + 1] ELSE '' END,"
        " CASE WHEN r.vetted AND r.v = 3 THEN 'Not an Education Customer' ELSE '' END,"
        " CASE WHEN r.vetted THEN r.t + 1000 END, CASE WHEN r.vetted THEN r.t + 86400000 END"
        " FROM (SELECT a.*, %5::bigint + floor(a.i::float8 / %6 * %7)::bigint AS t,"
        "   (a.st < 4 AND a.type <> 2) AS vetted"
        "  FROM (SELECT i, floor(random() * %8)::int AS c, floor(random() * 3)::int AS type,"
        "    floor(random() * 7)::int AS st, floor(random() * 4)::int AS v"
        "   FROM generate_series(0, %6 - 1) AS i) a) r"_s.arg(sqlArray(people()))
            .arg(kPeople)
            .arg(customerIdSql, nameSql)
            .arg(fillStartMs())
            .arg(rows)
            .arg(kSpanMs)
            .arg(customers);
    return exec(q, u"SELECT setseed(0.42)"_s, error) && exec(q, sql, error) &&
           exec(q, u"ALTER TABLE submissions ENABLE TRIGGER submissions_notify"_s, error) &&
           exec(q, u"COMMIT"_s, error) && exec(q, u"ANALYZE submissions"_s, error) &&
           exec(q, u"ANALYZE customers"_s, error);
}

} // namespace qd::bench
