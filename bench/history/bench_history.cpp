// Fills a history with many submissions, then measures what the History tab does on each
// backend (a desk's own SQLite file, a team's PostgreSQL server): open the model and fetch the
// first screen, filter, sort, scroll; and the peak memory. Then several desks bulk-submit
// overlapping customers at once, with a shared history and with one history each. Prints
// figures only.
//
//   bench_history [--rows N] [--backend sqlite|postgres|both] [--history URL]
//                 [--desks N] [--desk-rows N] [--data-dir DIR] [--keep]
//   QUALDESK_BENCH_ROWS=N (default 1,000,000; use e.g. 20000 for a quick run)
//   --history postgresql://user:pw@host:port/db uses that server (its history gets the rows);
//   without it a private PostgreSQL 15 server is started. --desks 0 skips the desks.
//   qualdesk-sim and qualdesk-cli come from QUALDESK_BIN_DIR or the bench's own folder.

#include "BenchDesks.h"
#include "BenchFill.h"
#include "PostgresServer.h"
#include "history/HistoryModel.h"
#include "history/HistorySql.h"
#include "history/SubmissionStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>
#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;
using qd::bench::customerId;
using qd::bench::customerName;

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

// One backend's figures, in the order measured, for the table at the end.
struct Figure
{
    QString what;
    QString value;
};
using Figures = QList<Figure>;

void print(Figures *figures, const char *what, double ms, double targetMs = -1)
{
    if (targetMs > 0)
        std::printf("%-50s %9.1f ms   (target < %.0f ms)\n", what, ms, targetMs);
    else
        std::printf("%-50s %9.1f ms\n", what, ms);
    std::fflush(stdout);
    figures->append({QString::fromUtf8(what), u"%1 ms"_s.arg(ms, 0, 'f', 1)});
}

void printCount(Figures *figures, const char *what, long long n, const char *unit)
{
    std::printf("%-50s %9lld %s\n", what, n, unit);
    std::fflush(stdout);
    figures->append({QString::fromUtf8(what), u"%1 %2"_s.arg(n).arg(QString::fromLatin1(unit))});
}

// What a view does for one screen: read every cell it paints.
void touchScreen(const qd::HistoryModel &model)
{
    for (int row = 0; row < std::min(kScreenRows, model.rowCount()); ++row) {
        for (int column = 0; column < model.columnCount(); ++column)
            (void)model.index(row, column).data();
    }
}

void measureFilter(Figures *figures, qd::HistoryModel &model, const qd::SubmissionFilter &filter,
                   const char *what, double targetMs = -1)
{
    QElapsedTimer timer;
    timer.start();
    model.setFilter(filter);
    model.fetchMore({});
    touchScreen(model);
    print(figures, what, double(timer.nsecsElapsed()) / 1e6, targetMs);
}

// Fills the history at location unless it already has the rows, then browses it as the History
// tab does. Empty when something fails (the reason went to stderr).
std::optional<Figures> benchBackend(const QString &label, const QString &location, int rows, int customers)
{
    Figures figures;
    std::printf("\n== %s: %s ==\n", qPrintable(label),
                qPrintable(qd::SubmissionStore::displayLocation(location)));
    const bool server = qd::SubmissionStore::isServerLocation(location);
    QElapsedTimer timer;
    {
        qd::SubmissionStore creator; // creates the schema
        if (!creator.open(location)) {
            std::fprintf(stderr, "%s\n", qPrintable(creator.lastError().message));
            return std::nullopt;
        }
        const bool filled = creator.count() >= rows;
        creator.close();
        if (!filled) {
            timer.start();
            bool ok = false;
            if (server) {
                const QString connection = u"bench-fill"_s;
                {
                    QSqlDatabase db = qd::bench::openConnection(location, connection);
                    QString error = db.lastError().text();
                    ok = db.isOpen() && qd::bench::fillPostgres(db, rows, customers, &error);
                    if (!ok)
                        std::fprintf(stderr, "fill failed: %s\n", qPrintable(error));
                }
                QSqlDatabase::removeDatabase(connection);
                if (ok) {
                    std::printf("fill: customers in multi-row INSERTs of 1,000, then one INSERT ... SELECT"
                                " FROM generate_series, one transaction, notify trigger off; ANALYZE\n");
                    print(&figures, "fill", double(timer.elapsed()));
                }
            } else {
                ok = qd::bench::fillSqlite(QDir(location).filePath(qd::SubmissionStore::fileName()), rows,
                                           customers);
                if (!ok)
                    std::fprintf(stderr, "fill failed\n");
                if (ok) {
                    std::printf("fill: one prepared INSERT a row, one transaction\n");
                    print(&figures, "fill", double(timer.elapsed()));
                }
            }
            if (!ok)
                return std::nullopt;
        }
    }
    printCount(&figures, "peak RSS after fill", statusKb("VmHWM:"), "kB");
    resetPeak();
    const long long rssBefore = statusKb("VmRSS:");

    timer.start();
    qd::SubmissionStore store;
    if (!store.open(location)) {
        std::fprintf(stderr, "%s\n", qPrintable(store.lastError().message));
        return std::nullopt;
    }
    const double openMs = double(timer.nsecsElapsed()) / 1e6;
    qd::HistoryModel model(&store);
    model.fetchMore({});
    touchScreen(model);
    print(&figures, "open store", openMs);
    print(&figures, "open model + first screen (incl. store open)", double(timer.nsecsElapsed()) / 1e6, 200);

    // Filter by one customer: by name (what a user types) and by tenant ID.
    qd::SubmissionFilter byName;
    byName.text = customerName(customers / 2);
    measureFilter(&figures, model, byName, "filter by one customer name", 50);
    const int nameRows = model.rowCount();

    qd::SubmissionFilter byId;
    byId.text = customerId(customers / 3);
    measureFilter(&figures, model, byId, "filter by one tenant ID", 50);

    qd::SubmissionFilter partial;
    partial.text = u"brno"_s;
    measureFilter(&figures, model, partial, "filter by text matching many customers");

    qd::SubmissionFilter byPerson;
    byPerson.user = qd::bench::people().at(7);
    measureFilter(&figures, model, byPerson, "filter by person", 50);

    model.setFilter({});
    timer.start();
    model.sort(qd::HistoryModel::TimeColumn, Qt::AscendingOrder);
    model.fetchMore({});
    touchScreen(model);
    print(&figures, "sort by date (oldest first)", double(timer.nsecsElapsed()) / 1e6);

    timer.start();
    model.sort(qd::HistoryModel::CustomerColumn, Qt::AscendingOrder);
    model.fetchMore({});
    touchScreen(model);
    print(&figures, "sort by customer", double(timer.nsecsElapsed()) / 1e6);

    timer.start();
    for (int i = 0; i < 50; ++i)
        model.fetchMore({});
    print(&figures, "scroll: 50 more pages of 200 rows", double(timer.nsecsElapsed()) / 1e6);

    printCount(&figures, "rows of the named customer (first page)", nameRows, "rows");
    printCount(&figures, "peak RSS while browsing (VmHWM; target < 153600)", statusKb("VmHWM:"), "kB");
    printCount(&figures, "RSS before browsing", rssBefore, "kB");
    return figures;
}

void printSideBySide(const QStringList &labels, const QList<Figures> &columns)
{
    std::printf("\n%-50s", "");
    for (const QString &label : labels)
        std::printf(" | %16s", qPrintable(label));
    std::printf("\n");
    QStringList rows;
    for (const Figures &column : columns) {
        for (const Figure &f : column) {
            if (!rows.contains(f.what))
                rows << f.what;
        }
    }
    for (const QString &what : std::as_const(rows)) {
        std::printf("%-50s", qPrintable(what));
        for (const Figures &column : columns) {
            QString value = u"-"_s;
            for (const Figure &f : column) {
                if (f.what == what)
                    value = f.value;
            }
            std::printf(" | %16s", qPrintable(value));
        }
        std::printf("\n");
    }
    std::fflush(stdout);
}

Figures deskFigures(const qd::bench::DeskFigures &d)
{
    Figures f;
    auto add = [&f](const char *what, const QString &value) { f.append({QString::fromUtf8(what), value}); };
    add("wall time", u"%1 s"_s.arg(d.wallMs / 1000, 0, 'f', 1));
    add("rows processed", QString::number(d.rows));
    add("rows a second (rows / wall)", u"%1"_s.arg(d.rows / (d.wallMs / 1000), 0, 'f', 1));
    add("distinct pairs asked for", QString::number(d.pairs));
    add("qualifications created (simulator)", QString::number(d.created));
    add("qualification POSTs (created + 409 duplicate)", QString::number(d.posts));
    add("duplicate submissions (409: pair already created)", QString::number(d.duplicates));
    add("rows stopped by a claim", QString::number(d.claimed));
    add("requests in flight at the simulator, at most", QString::number(d.peakInFlight));
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int rows = qEnvironmentVariableIsSet("QUALDESK_BENCH_ROWS")
                   ? qEnvironmentVariableIntValue("QUALDESK_BENCH_ROWS")
                   : 1'000'000;
    QString dataDir;
    QString history;
    QString backend = u"both"_s;
    bool keep = false;
    qd::bench::DeskOptions desks;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        const bool hasValue = i + 1 < args.size();
        if (args.at(i) == "--rows"_L1 && hasValue)
            rows = args.at(++i).toInt();
        else if (args.at(i) == "--data-dir"_L1 && hasValue)
            dataDir = args.at(++i);
        else if (args.at(i) == "--backend"_L1 && hasValue)
            backend = args.at(++i);
        else if (args.at(i) == "--history"_L1 && hasValue)
            history = args.at(++i);
        else if (args.at(i) == "--desks"_L1 && hasValue)
            desks.desks = args.at(++i).toInt();
        else if (args.at(i) == "--desk-rows"_L1 && hasValue)
            desks.rowsPerDesk = args.at(++i).toInt();
        else if (args.at(i) == "--keep"_L1)
            keep = true;
        else {
            std::fprintf(stderr,
                         "usage: bench_history [--rows N] [--backend sqlite|postgres|both] [--history URL]"
                         " [--desks N] [--desk-rows N] [--data-dir DIR] [--keep]\n");
            return 2;
        }
    }
    const bool sqlite = backend == "sqlite"_L1 || backend == "both"_L1;
    const bool postgres = backend == "postgres"_L1 || backend == "both"_L1;
    if (!sqlite && !postgres) {
        std::fprintf(stderr, "--backend is sqlite, postgres or both\n");
        return 2;
    }
    QTemporaryDir temp;
    temp.setAutoRemove(!keep);
    if (dataDir.isEmpty())
        dataDir = temp.path();
    const int customers = std::max(10, rows / 100);
    std::printf("bench/history: %d submissions by %d people, %d customers, data in %s\n", rows,
                qd::bench::kPeople, customers, qPrintable(dataDir));

    // The team server: the one given, or a private one with a role and databases of its own.
    qd::test::PostgresServer server;
    QString desksUrl;
    if (postgres && history.isEmpty()) {
        const QString password = u"bench-pw"_s;
        if (!server.start() || !server.createRole(u"bench"_s, password) ||
            !server.createDatabase(u"history"_s, u"bench"_s) ||
            !server.createDatabase(u"desks"_s, u"bench"_s)) {
            std::fprintf(stderr, "PostgreSQL: %s\n", qPrintable(server.lastError()));
            return 1;
        }
        history = server.url(u"bench"_s, password, u"history"_s);
        desksUrl = server.url(u"bench"_s, password, u"desks"_s);
        std::printf("private PostgreSQL 15 server on port %d\n", int(server.port()));
    } else if (postgres) {
        desksUrl = history; // its rows of earlier runs would claim this run's customers
        std::printf("desks share %s: rows of an earlier run there stop this run's rows\n",
                    qPrintable(qd::SubmissionStore::displayLocation(history)));
    }

    QStringList labels;
    QList<Figures> columns;
    if (sqlite) {
        const QString folder = QDir(dataDir).filePath(u"sqlite"_s);
        QDir().mkpath(folder);
        const std::optional<Figures> f = benchBackend(u"SQLite"_s, folder, rows, customers);
        if (!f)
            return 1;
        labels << u"SQLite"_s;
        columns << *f;
    }
    if (postgres) {
        const std::optional<Figures> f = benchBackend(u"PostgreSQL"_s, history, rows, customers);
        if (!f)
            return 1;
        labels << u"PostgreSQL"_s;
        columns << *f;
    }
    if (columns.size() > 1)
        printSideBySide(labels, columns);

    if (desks.desks > 0) {
        desks.binDir = qEnvironmentVariableIsSet("QUALDESK_BIN_DIR")
                           ? qEnvironmentVariable("QUALDESK_BIN_DIR")
                           : QCoreApplication::applicationDirPath();
        desks.workDir = QDir(dataDir).filePath(u"desks"_s);
        if (!qEnvironmentVariableIsSet("QUALDESK_SOURCE_DIR"))
            qputenv("QUALDESK_SOURCE_DIR", QUALDESK_BENCH_SOURCE_DIR);
        std::printf(
            "\n== desks: %d qualdesk-cli bulk runs at once, %d rows each (desk d: customers from d * %d;"
            " StateOwnedEntity, --no-check, --concurrency %d); simulator latency 150-600 ms ==\n",
            desks.desks, desks.rowsPerDesk, desks.stride, desks.concurrency);
        QStringList deskLabels;
        QList<Figures> deskColumns;
        if (sqlite) {
            const qd::bench::DeskFigures d = qd::bench::runDesks(desks, {});
            if (!d.ok) {
                std::fprintf(stderr, "desks on SQLite: %s\n", qPrintable(d.error));
                return 1;
            }
            deskLabels << u"SQLite, a file each"_s;
            deskColumns << deskFigures(d);
        }
        if (postgres) {
            const qd::bench::DeskFigures d = qd::bench::runDesks(desks, desksUrl);
            if (!d.ok) {
                std::fprintf(stderr, "desks on PostgreSQL: %s\n", qPrintable(d.error));
                return 1;
            }
            deskLabels << u"PostgreSQL, shared"_s;
            deskColumns << deskFigures(d);
        }
        printSideBySide(deskLabels, deskColumns);
    }
    return 0;
}
