// Fills a history with many submissions, then measures what the History tab does:
// open the model and fetch the first screen, filter by one customer, sort by date; and the
// peak memory. Prints figures only.
//
//   bench_history [--rows N] [--data-dir DIR] [--keep]
//   QUALDESK_BENCH_ROWS=N (default 1,000,000; use e.g. 20000 for a quick run)

#include "history/HistoryModel.h"
#include "history/HistorySql.h"
#include "history/SubmissionStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr int kScreenRows = 50; // rows a history table shows at once

long long statusKb(const char *field)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// Resets VmHWM so the next reading covers only what follows (Linux 4.0+).
void resetPeak()
{
    QFile f(u"/proc/self/clear_refs"_s);
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

void print(const char *what, double ms, double targetMs = -1)
{
    if (targetMs > 0)
        std::printf("%-46s %9.1f ms   (target < %.0f ms)\n", what, ms, targetMs);
    else
        std::printf("%-46s %9.1f ms\n", what, ms);
    std::fflush(stdout);
}

QString customerId(int n)
{
    return u"%1-0000-4000-8000-%2"_s.arg(n * 7919 % 100000000, 8, 16, QChar(u'0'))
        .arg(n, 12, 10, QChar(u'0'));
}

QString customerName(int n)
{
    static const QStringList stems{u"Základní škola"_s, u"Gymnázium"_s,      u"Univerzita"_s,
                                   u"Ministerstvo"_s,   u"Contoso School"_s, u"Fabrikam Government"_s,
                                   u"Krajský úřad"_s,   u"Žluťoučký kůň"_s};
    static const QStringList towns{u"Brno"_s,  u"Praha"_s,   u"Ostrava"_s,
                                   u"Plzeň"_s, u"Olomouc"_s, u"České Budějovice"_s};
    return stems.at(n % stems.size()) + u' ' + towns.at((n / 8) % towns.size()) + u" č. "_s +
           QString::number(n);
}

// One transaction, one prepared statement, straight into the file the store created: the fill
// streams, so its memory does not hide the model's.
bool fill(const QString &file, int rows, int customers)
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
        insert.prepare(
            u"INSERT INTO submissions (time_ms, user, partner_tenant, customer_id, company_name,"
            " qualification, segment, website, validation_code, request_id, correlation_id, state,"
            " http_status, vetting_status, vetting_reason, vetting_create_ms, last_checked_ms)"
            " VALUES (?, 'anna.novak@contoso-partner.example', 'contoso-partner', ?, ?, ?, ?, '', ?, ?, ?,"
            " ?, ?, ?, ?, ?, ?)"_s);
        QRandomGenerator random(42);
        const qint64 start = QDateTime(QDate(2023, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        const qint64 span = qint64(3) * 365 * 86400 * 1000;
        static const char *types[] = {"Education", "GovernmentCommunityCloud", "StateOwnedEntity"};
        static const char *states[] = {"accepted", "accepted", "accepted", "accepted",
                                       "rejected", "failed",   "unknown"};
        static const char *vetting[] = {"Approved", "Approved", "InReview", "Denied"};
        for (int i = 0; i < rows && ok; ++i) {
            const int c = int(random.bounded(customers));
            const int type = int(random.bounded(3));
            const char *state = states[random.bounded(7)];
            const bool accepted = qstrcmp(state, "accepted") == 0;
            const qint64 time = start + qint64(double(i) / rows * span);
            insert.addBindValue(time);
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

// What a view does for one screen: read every cell it paints.
void touchScreen(const qd::HistoryModel &model)
{
    for (int row = 0; row < std::min(kScreenRows, model.rowCount()); ++row) {
        for (int column = 0; column < model.columnCount(); ++column)
            (void)model.index(row, column).data();
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int rows = qEnvironmentVariableIsSet("QUALDESK_BENCH_ROWS")
                   ? qEnvironmentVariableIntValue("QUALDESK_BENCH_ROWS")
                   : 1'000'000;
    QString dataDir;
    bool keep = false;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args.at(i) == "--rows"_L1 && i + 1 < args.size())
            rows = args.at(++i).toInt();
        else if (args.at(i) == "--data-dir"_L1 && i + 1 < args.size())
            dataDir = args.at(++i);
        else if (args.at(i) == "--keep"_L1)
            keep = true;
    }
    QTemporaryDir temp;
    temp.setAutoRemove(!keep);
    if (dataDir.isEmpty())
        dataDir = temp.path();
    const int customers = std::max(10, rows / 100);
    std::printf("bench/history: %d submissions, %d customers, data in %s\n", rows, customers,
                qPrintable(dataDir));

    QElapsedTimer timer;
    const QString file = QDir(dataDir).filePath(qd::SubmissionStore::fileName());
    {
        qd::SubmissionStore creator; // creates the schema
        if (!creator.open(dataDir)) {
            std::fprintf(stderr, "%s\n", qPrintable(creator.lastError().message));
            return 1;
        }
        if (creator.count() < rows) {
            creator.close();
            timer.start();
            if (!fill(file, rows, customers)) {
                std::fprintf(stderr, "fill failed\n");
                return 1;
            }
            print("fill (one transaction)", double(timer.elapsed()));
        }
    }
    std::printf("%-46s %9lld kB\n", "peak RSS after fill", statusKb("VmHWM:"));
    resetPeak();
    const long long rssBefore = statusKb("VmRSS:");

    timer.start();
    qd::SubmissionStore store;
    if (!store.open(dataDir)) {
        std::fprintf(stderr, "%s\n", qPrintable(store.lastError().message));
        return 1;
    }
    const double openMs = double(timer.nsecsElapsed()) / 1e6;
    qd::HistoryModel model(&store);
    model.fetchMore({});
    touchScreen(model);
    print("open store", openMs);
    print("open model + first screen (incl. store open)", double(timer.nsecsElapsed()) / 1e6, 200);

    // Filter by one customer: by name (what a user types) and by tenant ID.
    qd::SubmissionFilter byName;
    byName.text = customerName(customers / 2);
    timer.start();
    model.setFilter(byName);
    model.fetchMore({});
    touchScreen(model);
    print("filter by one customer name", double(timer.nsecsElapsed()) / 1e6, 50);
    const int nameRows = model.rowCount();

    qd::SubmissionFilter byId;
    byId.text = customerId(customers / 3);
    timer.start();
    model.setFilter(byId);
    model.fetchMore({});
    touchScreen(model);
    print("filter by one tenant ID", double(timer.nsecsElapsed()) / 1e6, 50);

    qd::SubmissionFilter partial;
    partial.text = u"brno"_s;
    timer.start();
    model.setFilter(partial);
    model.fetchMore({});
    touchScreen(model);
    print("filter by text matching many customers", double(timer.nsecsElapsed()) / 1e6);

    model.setFilter({});
    timer.start();
    model.sort(qd::HistoryModel::TimeColumn, Qt::AscendingOrder);
    model.fetchMore({});
    touchScreen(model);
    print("sort by date (oldest first)", double(timer.nsecsElapsed()) / 1e6);

    timer.start();
    model.sort(qd::HistoryModel::CustomerColumn, Qt::AscendingOrder);
    model.fetchMore({});
    touchScreen(model);
    print("sort by customer", double(timer.nsecsElapsed()) / 1e6);

    timer.start();
    for (int i = 0; i < 50; ++i)
        model.fetchMore({});
    print("scroll: 50 more pages of 200 rows", double(timer.nsecsElapsed()) / 1e6);

    std::printf("%-46s %9d rows\n", "rows of the named customer (first page)", nameRows);
    std::printf("%-46s %9lld kB   (target < 153600 kB)\n", "peak RSS while browsing (VmHWM)",
                statusKb("VmHWM:"));
    std::printf("%-46s %9lld kB\n", "RSS before browsing", rssBefore);
    std::fflush(stdout);
    return 0;
}
