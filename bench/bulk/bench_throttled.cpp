// What a user feels of a bulk run against a Partner Center that behaves like the real one:
// answers after 150-600 ms and a write throttle per partner (a token bucket, 429 + Retry-After).
// QualDesk's engine (history written before every send, outcomes recorded, the pace learnt from
// the 429s) against `curl --parallel --parallel-max N --retry` (which waits each Retry-After) at
// fixed concurrency 4 and 16, over the same requests to a fresh qualdesk-sim process each.
//
// Per side: time to finish, rows a minute, share of the ceiling (what the throttle lets through
// in that time: its rate plus its burst), 429s received and their share of all requests, CPU
// per row, and for QualDesk the longest stall of the event loop it runs on (the window's).
//
//   bench_throttled [--rows N] [--per-minute N] [--latency MIN-MAX] [--concurrency N] [--no-curl]
//   (defaults 5000 rows, 600 a minute, 150-600 ms, QualDesk at 6 at once). Prints figures only.

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
#include <QUuid>
#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace qd;
using qd::bench::benchCustomerId;
using qd::bench::BenchSim;
using qd::bench::childrenCpuUs;
using qd::bench::processCpuUs;

namespace {

struct Measured
{
    double seconds = 0;
    int ok = 0;
    int requests = 0;
    int throttled = 0;
    double cpuUs = 0;
    double stallMs = -1;
    double finalPace = 0;
};

Measured runEngine(BenchSim &sim, int rows, int concurrency)
{
    QTemporaryDir data;
    SubmissionStore store;
    if (!store.open(data.path())) {
        std::fprintf(stderr, "cannot open history: %s\n", qPrintable(store.lastError().detail));
        return {};
    }
    StaticTokenProvider tokens(QString::fromLatin1(BenchSim::kToken));
    ClientConfig config;
    config.baseUrl = sim.baseUrl();
    PartnerCenterClient client(&tokens, config);
    SubmissionService service(&client, &store, [] { return SubmitterIdentity{u"bench@example.com"_s, {}}; });
    QList<BulkRow> input;
    for (int i = 0; i < rows; ++i)
        input.append({i + 2, benchCustomerId(i), u"StateOwnedEntity"_s, {}, {}, {}, {}});
    BulkRun run(&service);
    run.setConcurrency(concurrency);

    // The event loop's longest stall: the gap between ticks of a 5 ms timer, beyond its interval.
    QElapsedTimer sinceTick;
    qint64 worstNs = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        worstNs = std::max(worstNs, sinceTick.nsecsElapsed() - 5'000'000);
        sinceTick.restart();
    });

    QEventLoop loop;
    QObject::connect(&run, &BulkRun::finished, &loop, &QEventLoop::quit);
    QElapsedTimer timer;
    const double cpuStart = processCpuUs();
    timer.start();
    sinceTick.start();
    tick.start();
    if (!run.start(BulkValidator::validate(input))) {
        std::fprintf(stderr, "run did not start: %s\n", qPrintable(run.errorString()));
        return {};
    }
    loop.exec();
    Measured m;
    m.seconds = double(timer.nsecsElapsed()) / 1e9;
    m.cpuUs = (processCpuUs() - cpuStart) / rows;
    m.stallMs = double(worstNs) / 1e6;
    m.ok = std::min(run.summary().counts.accepted, sim.createdOnce(rows));
    m.requests = sim.requests();
    m.throttled = sim.throttled();
    m.finalPace = run.progress().pacePerMinute;
    return m;
}

Measured runCurl(BenchSim &sim, int rows, int concurrency)
{
    QTemporaryDir dir;
    QFile config(dir.filePath(u"requests.curl"_s));
    if (!config.open(QIODevice::WriteOnly))
        return {};
    for (int i = 0; i < rows; ++i) {
        const QByteArray url =
            sim.baseUrl()
                .resolved(QUrl(u"/v1/customers/%1/qualifications"_s.arg(benchCustomerId(i))))
                .toEncoded();
        const QByteArray id = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        if (i > 0)
            config.write("next\n");
        config.write("url = \"" + url + "\"\nrequest = \"POST\"\nheader = \"Authorization: Bearer " +
                     QByteArray(BenchSim::kToken) +
                     "\"\nheader = \"Content-Type: application/json\"\n"
                     "header = \"MS-RequestId: " +
                     id + "\"\nheader = \"MS-CorrelationId: " + id +
                     "\"\n"
                     "data = \"{\\\"qualification\\\":\\\"StateOwnedEntity\\\"}\"\n"
                     "output = \"" +
                     dir.filePath(u"r%1"_s.arg(i)).toUtf8() +
                     "\"\nwrite-out = \"%{http_code}\\n\"\n"
                     // per transfer: options before --config would reach only the first one; a
                     // retry truncates the output, which /dev/null refuses (curl then gives up)
                     "retry = 1000\n");
    }
    config.close();
    QProcess curl;
    const double cpuStart = childrenCpuUs();
    QElapsedTimer timer;
    timer.start();
    // retry (in each transfer) retries a 429 after its Retry-After (curl 7.66+).
    curl.start(u"curl"_s, {u"--silent"_s, u"--parallel"_s, u"--parallel-max"_s, QString::number(concurrency),
                           u"--config"_s, config.fileName()});
    if (!curl.waitForStarted(10000) || !curl.waitForFinished(3 * 3600 * 1000)) {
        std::fprintf(stderr, "curl did not run\n");
        return {};
    }
    Measured m;
    m.seconds = double(timer.nsecsElapsed()) / 1e9;
    m.cpuUs = (childrenCpuUs() - cpuStart) / rows;
    m.ok = std::min(int(curl.readAllStandardOutput().count("201")), sim.createdOnce(rows));
    m.requests = sim.requests();
    m.throttled = sim.throttled();
    return m;
}

void report(const char *who, const Measured &m, int rows, int perMinute, int burst)
{
    const double ceilingRows = perMinute * m.seconds / 60.0 + burst;
    const int throttled = m.throttled;
    std::printf("| %-16s | %8.1f | %8.0f | %6.1f %% | %6d | %5.2f %% | %6.0f | %s |\n", who, m.seconds,
                m.seconds > 0 ? m.ok * 60.0 / m.seconds : 0.0,
                ceilingRows > 0 ? 100.0 * m.ok / ceilingRows : 0.0, throttled,
                m.requests > 0 ? 100.0 * throttled / m.requests : 0.0, m.cpuUs,
                m.stallMs >= 0 ? qPrintable(u"%1 ms"_s.arg(m.stallMs, 0, 'f', 1)) : "-");
    if (m.ok != rows)
        std::printf("|   (only %d of %d rows created exactly once) |\n", m.ok, rows);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(u"qualdesk.*=false"_s);
    QCommandLineParser parser;
    parser.addOptions(
        {{u"rows"_s, u"Rows per run (default 5000)."_s, u"N"_s},
         {u"per-minute"_s, u"The simulator's write limit a minute (default 600)."_s, u"N"_s},
         {u"latency"_s, u"The simulator's answer time range (default 150-600)."_s, u"MIN-MAX"_s},
         {u"concurrency"_s, u"QualDesk's requests at once (default 6)."_s, u"N"_s},
         {u"no-curl"_s, u"QualDesk only."_s},
         {u"curl-only"_s, u"The curl runs only."_s}});
    parser.addHelpOption();
    parser.process(app);
    int rows = parser.isSet(u"rows"_s) ? parser.value(u"rows"_s).toInt()
                                       : qEnvironmentVariableIntValue("QUALDESK_BENCH_ROWS");
    if (rows <= 0)
        rows = 5000;
    const int perMinute =
        parser.isSet(u"per-minute"_s) ? qMax(1, parser.value(u"per-minute"_s).toInt()) : 600;
    const QString latency = parser.isSet(u"latency"_s) ? parser.value(u"latency"_s) : u"150-600"_s;
    const int concurrency =
        parser.isSet(u"concurrency"_s) ? qBound(1, parser.value(u"concurrency"_s).toInt(), 64) : 6;
    const int burst = qMax(1, perMinute / 60); // the simulator's bucket holds one second of its rate
    const QStringList simArgs{u"--throttle-per-minute"_s, QString::number(perMinute), u"--latency"_s,
                              latency};

    std::printf(
        "%d rows, throttle %d writes/min (burst %d), latency %s ms, against qualdesk-sim processes\n\n", rows,
        perMinute, burst, qPrintable(latency));
    std::printf("| %-16s | %8s | %8s | %8s | %6s | %7s | %6s | %s |\n", "client", "time s", "rows/min",
                "ceiling", "429s", "429 %", "us/row", "longest stall");
    std::printf("|------------------|----------|----------|----------|--------|---------|--------|-----------"
                "----|\n");
    const auto side = [&](const char *who, auto &&run) {
        BenchSim sim;
        if (!sim.start(rows, 0, simArgs)) {
            std::fprintf(stderr, "qualdesk-sim did not start\n");
            std::exit(1);
        }
        report(who, run(sim), rows, perMinute, burst);
    };
    Measured engine;
    if (!parser.isSet(u"curl-only"_s)) {
        side(qPrintable(u"QualDesk (%1)"_s.arg(concurrency)), [&](BenchSim &sim) {
            engine = runEngine(sim, rows, concurrency);
            return engine;
        });
    }
    if (!parser.isSet(u"no-curl"_s)) {
        side("curl --parallel 4", [&](BenchSim &sim) { return runCurl(sim, rows, 4); });
        side("curl --parallel 16", [&](BenchSim &sim) { return runCurl(sim, rows, 16); });
    }
    std::printf("\nQualDesk's pace at the end: %.0f requests/min\n", engine.finalPace);
    return 0;
}
