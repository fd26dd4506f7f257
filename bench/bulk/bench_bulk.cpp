// Throughput of a bulk run: QualDesk's engine (history written before every send, outcomes
// recorded, bounded concurrency) against `curl --parallel --parallel-max N` sending the same
// POSTs, to a qualdesk-sim process, once without added latency and once with 50 ms per POST.
// Every row is a distinct customer of a generated seed, so every request really creates a
// qualification on both sides. Prints figures only.
//
//   bench_bulk [--rows N] [--concurrency N] [--latency MS] [--repeat N] [--client]
//   (defaults 5000 rows, 4 at once, both 0 and 50 ms; QUALDESK_BENCH_ROWS too). --repeat runs
//   both sides N times in turn and compares the medians (a shared machine's speed drifts).
//   --engine-only runs QualDesk's side alone (to profile it).
//   --client adds the Partner Center client alone (no history, no engine) as the floor of what
//   the engine can reach. Each side's line also gives this process's CPU time per row (all its
//   threads), a steadier figure than the rate on a machine whose other tenants come and go, and
//   for the engine the part spent on the thread that sends (the rest is the history's threads).

#include "BenchCpu.h"
#include "BenchSim.h"
#include "history/SubmissionStore.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h"
#include "submission/BulkRun.h"
#include "submission/SubmissionService.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QUuid>
#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace qd;
using qd::bench::benchCustomerId;
using qd::bench::BenchSim;
using qd::bench::childrenCpuUs;
using qd::bench::processCpuUs;
using qd::bench::threadCpuUs;

namespace {

struct Measured
{
    double seconds = 0;
    int ok = 0;           // rows accepted / requests answered 201
    double prepareMs = 0; // QualDesk only: storing the rows before the first send
    double cpuUs = 0;     // this process's CPU time (all its threads) per row; for curl, curl's
    double mainCpuUs = 0; // of which the thread that sends (the caller's), per row
};

Measured runEngine(const QUrl &baseUrl, int rows, int concurrency)
{
    QTemporaryDir data;
    SubmissionStore store;
    if (!store.open(data.path())) {
        std::fprintf(stderr, "cannot open history: %s\n", qPrintable(store.lastError().detail));
        return {};
    }
    StaticTokenProvider tokens(QString::fromLatin1(BenchSim::kToken));
    ClientConfig config;
    config.baseUrl = baseUrl;
    PartnerCenterClient client(&tokens, config);
    SubmissionService service(&client, &store, [] { return SubmitterIdentity{u"bench@example.com"_s, {}}; });

    QList<BulkRow> input;
    input.reserve(rows);
    for (int i = 0; i < rows; ++i)
        input.append({i + 2, benchCustomerId(i), u"StateOwnedEntity"_s, {}, {}, {}, {}});
    const QList<CheckedRow> checked = BulkValidator::validate(input);

    BulkRun run(&service);
    run.setConcurrency(concurrency);
    QEventLoop loop;
    Measured m;
    QElapsedTimer timer;
    const double cpuStart = processCpuUs();
    const double mainCpuStart = threadCpuUs();
    QObject::connect(&run, &BulkRun::stateChanged, &run, [&](BulkRun::State state) {
        if (state == BulkRun::State::Running && m.prepareMs == 0)
            m.prepareMs = double(timer.nsecsElapsed()) / 1e6;
    });
    QObject::connect(&run, &BulkRun::finished, &loop, &QEventLoop::quit);
    timer.start();
    if (!run.start(checked)) {
        std::fprintf(stderr, "run did not start: %s\n", qPrintable(run.errorString()));
        return {};
    }
    loop.exec();
    m.seconds = double(timer.nsecsElapsed()) / 1e9;
    m.cpuUs = (processCpuUs() - cpuStart) / rows;
    m.mainCpuUs = (threadCpuUs() - mainCpuStart) / rows;
    m.ok = run.summary().counts.accepted;
    return m;
}

// The Partner Center client alone (no history, no engine), as a floor for the engine's cost.
Measured runClient(const QUrl &baseUrl, int rows, int concurrency)
{
    StaticTokenProvider tokens(QString::fromLatin1(BenchSim::kToken));
    ClientConfig config;
    config.baseUrl = baseUrl;
    PartnerCenterClient client(&tokens, config);
    QualificationRequest request;
    request.type = QualificationType::StateOwnedEntity;
    QEventLoop loop;
    Measured m;
    int next = 0, inFlight = 0;
    std::function<void()> pump = [&] {
        while (inFlight < concurrency && next < rows) {
            ++inFlight;
            client.createQualification(qd::TenantId::fromText(benchCustomerId(next++)), request, {}, &loop,
                                       [&](const Result<QList<CustomerQualification>> &r) {
                                           --inFlight;
                                           m.ok += r.ok() ? 1 : 0;
                                           pump();
                                       });
        }
        if (inFlight == 0 && next == rows)
            loop.quit();
    };
    QElapsedTimer timer;
    timer.start();
    const double cpuStart = processCpuUs();
    pump();
    loop.exec();
    m.seconds = double(timer.nsecsElapsed()) / 1e9;
    m.cpuUs = (processCpuUs() - cpuStart) / rows;
    return m;
}

Measured runCurl(const QUrl &baseUrl, int rows, int concurrency)
{
    QTemporaryDir dir;
    QFile config(dir.filePath(u"requests.curl"_s));
    if (!config.open(QIODevice::WriteOnly))
        return {};
    const QByteArray token = BenchSim::kToken;
    for (int i = 0; i < rows; ++i) {
        const QByteArray url =
            baseUrl.resolved(QUrl(u"/v1/customers/%1/qualifications"_s.arg(benchCustomerId(i)))).toEncoded();
        const QByteArray id = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        if (i > 0)
            config.write("next\n"); // between requests only: a trailing one is an empty transfer
        config.write("url = \"" + url +
                     "\"\nrequest = \"POST\"\n"
                     "header = \"Authorization: Bearer " +
                     token +
                     "\"\n"
                     "header = \"Content-Type: application/json\"\nheader = \"Accept: application/json\"\n"
                     "header = \"MS-RequestId: " +
                     id + "\"\nheader = \"MS-CorrelationId: " + id +
                     "\"\n"
                     "data = \"{\\\"qualification\\\":\\\"StateOwnedEntity\\\"}\"\n"
                     "output = \"/dev/null\"\nwrite-out = \"%{http_code}\\n\"\n");
    }
    config.close();
    QProcess curl;
    const double cpuStart = childrenCpuUs(); // the simulator ends later: this is curl's alone
    QElapsedTimer timer;
    timer.start();
    curl.start(u"curl"_s, {u"--silent"_s, u"--parallel"_s, u"--parallel-max"_s, QString::number(concurrency),
                           u"--config"_s, config.fileName()});
    if (!curl.waitForStarted(10000) || !curl.waitForFinished(30 * 60 * 1000)) {
        std::fprintf(stderr, "curl did not run\n");
        return {};
    }
    Measured m;
    m.seconds = double(timer.nsecsElapsed()) / 1e9;
    m.ok = int(curl.readAllStandardOutput().count("201"));
    m.cpuUs = (childrenCpuUs() - cpuStart) / rows;
    return m;
}

void report(const char *who, const Measured &m, int rows, const char *unit)
{
    std::printf("  %-9s %8.1f rows/s   %6.2f s   %d/%d %s", who, m.seconds > 0 ? rows / m.seconds : 0.0,
                m.seconds, m.ok, rows, unit);
    if (m.cpuUs > 0)
        std::printf("; %.0f us CPU per row", m.cpuUs);
    if (m.mainCpuUs > 0)
        std::printf(" (%.0f on the sending thread)", m.mainCpuUs);
    std::printf("\n");
    std::fflush(stdout);
}

} // namespace

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // As in the programs: no logging unless asked for (a line per request would be measured too).
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(u"qualdesk.*=false"_s);
    QCommandLineParser parser;
    parser.addOptions(
        {{u"rows"_s, u"Rows per run (default 5000)."_s, u"N"_s},
         {u"concurrency"_s, u"Requests at once for both sides (default 4)."_s, u"N"_s},
         {u"latency"_s, u"Only this added POST latency (default: 0, then 50)."_s, u"MS"_s},
         {u"repeat"_s, u"Rounds per latency, each side in turn; medians compared (default 1)."_s, u"N"_s},
         {u"client"_s, u"Also measure the Partner Center client alone."_s},
         {u"engine-only"_s, u"Run QualDesk's engine only (for a profiler); no ratio."_s}});
    parser.addHelpOption();
    parser.process(app);
    int rows = qEnvironmentVariableIntValue("QUALDESK_BENCH_ROWS");
    if (parser.isSet(u"rows"_s))
        rows = parser.value(u"rows"_s).toInt();
    if (rows <= 0)
        rows = 5000;
    const int concurrency =
        parser.isSet(u"concurrency"_s) ? qMax(1, parser.value(u"concurrency"_s).toInt()) : 4;
    const int repeat = parser.isSet(u"repeat"_s) ? qBound(1, parser.value(u"repeat"_s).toInt(), 50) : 1;

    std::printf("bulk run of %d rows, concurrency %d, against a qualdesk-sim process\n", rows, concurrency);
    QList<int> latencies{0, 50};
    if (parser.isSet(u"latency"_s))
        latencies = {qMax(0, parser.value(u"latency"_s).toInt())};
    const bool engineOnly = parser.isSet(u"engine-only"_s);
    const bool withClient = parser.isSet(u"client"_s) || qEnvironmentVariableIsSet("QUALDESK_BENCH_CLIENT");
    for (const int latency : std::as_const(latencies)) {
        std::printf("POST latency %d ms:\n", latency);
        QList<double> engineRates, curlRates;
        for (int round = 1; round <= repeat; ++round) {
            if (repeat > 1)
                std::printf(" round %d of %d\n", round, repeat);
            Measured engine, curl;
            {
                BenchSim sim;
                if (!sim.start(rows, latency)) {
                    std::fprintf(stderr, "qualdesk-sim did not start\n");
                    return 1;
                }
                engine = runEngine(sim.baseUrl(), rows, concurrency);
                engine.ok = qMin(engine.ok, sim.createdOnce(rows));
            }
            report("QualDesk", engine, rows, "accepted, created once");
            std::printf("  %-9s %8.1f ms storing the rows before the first send\n", "", engine.prepareMs);
            if (engineOnly)
                continue;
            {
                BenchSim sim; // a fresh simulator: the same customers, none qualified yet
                if (!sim.start(rows, latency)) {
                    std::fprintf(stderr, "qualdesk-sim did not start\n");
                    return 1;
                }
                curl = runCurl(sim.baseUrl(), rows, concurrency);
            }
            report("curl", curl, rows, "answered 201");
            if (withClient) {
                BenchSim sim;
                if (sim.start(rows, latency))
                    report("client", runClient(sim.baseUrl(), rows, concurrency), rows,
                           "created (client only, no history)");
            }
            // Only complete runs count: a row not accepted exactly once is a failure, not a figure.
            engineRates.append(engine.seconds > 0 && engine.ok == rows ? rows / engine.seconds : 0);
            curlRates.append(curl.seconds > 0 && curl.ok == rows ? rows / curl.seconds : 0);
        }
        if (engineOnly)
            continue;
        const double e = median(engineRates), c = median(curlRates);
        if (repeat > 1)
            std::printf("  medians: QualDesk %.1f rows/s, curl %.1f rows/s\n", e, c);
        std::printf("  ratio QualDesk/curl throughput: %.2f (target >= 1.00)\n", c > 0 ? e / c : 0.0);
    }
    return 0;
}
