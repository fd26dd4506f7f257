// qualdesk-sim: the simulated Partner Center and sign-in service as a standalone program.
#include "Simulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    // Only async-signal-safe work here: wake the event loop through the socket pair.
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalFds[0], &byte, 1);
}

void quitOnTermination(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [notifier] {
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(g_signalFds[1], &byte, 1);
        notifier->setEnabled(false);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}

// The program's own messages; lupdate-friendly (the simulator is developer-facing, so English).
struct SimProgram
{
    Q_DECLARE_TR_FUNCTIONS(SimProgram)
};

int fail(const QString &message)
{
    std::fprintf(stderr, "qualdesk-sim: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"qualdesk-sim"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(QUALDESK_VERSION));

    const qd::sim::SimulatorOptions defaults; // the options' defaults are the simulator's own
    QCommandLineParser parser;
    parser.setApplicationDescription(
        SimProgram::tr("A local Partner Center and sign-in service for QualDesk tests and demos."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption port(u"port"_s, SimProgram::tr("Port to listen on; 0 picks a free one."), u"N"_s,
                                  u"0"_s);
    const QCommandLineOption address(
        u"address"_s, SimProgram::tr("Address to listen on (loopback by default)."), u"A"_s, u"127.0.0.1"_s);
    const QCommandLineOption allowRemote(u"allow-remote"_s,
                                         SimProgram::tr("Allow a non-loopback --address."));
    const QCommandLineOption seed(
        u"seed"_s, SimProgram::tr("Seed data file (JSON) instead of the built-in one."), u"FILE"_s);
    const QCommandLineOption vettingDelay(u"vetting-delay-ms"_s,
                                          SimProgram::tr("Time from InReview to the vetting result."), u"N"_s,
                                          QString::number(defaults.vettingDelayMs));
    const QCommandLineOption noMfa(u"no-mfa"_s, SimProgram::tr("Accept access tokens without MFA."));
    const QCommandLineOption token(
        u"token"_s, SimProgram::tr("Accept this fixed access token (with MFA, never expires)."), u"TOKEN"_s);
    const QCommandLineOption pageSize(u"page-size"_s, SimProgram::tr("Default customers page size."), u"N"_s,
                                      QString::number(defaults.pageSize));
    const QCommandLineOption deviceInterval(u"device-code-interval"_s,
                                            SimProgram::tr("Device flow polling interval in seconds."),
                                            u"SECONDS"_s, QString::number(defaults.deviceCodeIntervalSecs));
    const QCommandLineOption throttle(
        u"throttle-per-minute"_s,
        SimProgram::tr("Throttle like Partner Center: at most N qualification POSTs a minute per bucket (a "
                       "token bucket holding one second's worth, at least 1); over it, 429 with Retry-After. "
                       "0 switches it off."),
        u"N"_s, u"0"_s);
    const QCommandLineOption throttleScope(
        u"throttle-scope"_s, SimProgram::tr("One throttle bucket per partner, or per partner and customer."),
        u"partner|customer"_s, u"partner"_s);
    const QCommandLineOption throttleReads(
        u"throttle-reads"_s, SimProgram::tr("GET requests under /v1 take throttle tokens too."));
    const QCommandLineOption latency(
        u"latency"_s,
        SimProgram::tr("Delay every answer (but /_sim) by a uniform random time of MIN to MAX "
                       "milliseconds, e.g. 150-600; one number for a fixed delay."),
        u"MIN-MAX"_s);
    const QCommandLineOption tls(u"tls"_s,
                                 SimProgram::tr("Serve HTTPS with a throwaway CA and certificate for "
                                                "127.0.0.1/localhost made at start (needs openssl); "
                                                "prints \"ca-file PATH\" before \"listening on\"."));
    const QCommandLineOption caOut(
        u"ca-out"_s, SimProgram::tr("With --tls: also write the CA certificate (PEM) to FILE."), u"FILE"_s);
    parser.addOptions({port, address, allowRemote, seed, vettingDelay, noMfa, token, pageSize, deviceInterval,
                       throttle, throttleScope, throttleReads, latency, tls, caOut});
    parser.process(app);

    qd::sim::SimulatorOptions options;
    bool ok = false;
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535)
        return fail(SimProgram::tr("--port must be a number from 0 to 65535."));
    options.port = quint16(portValue);
    if (!options.address.setAddress(parser.value(address)))
        return fail(SimProgram::tr("--address must be an IP address."));
    if (!options.address.isLoopback() && !parser.isSet(allowRemote))
        return fail(SimProgram::tr("Refusing to listen on a non-loopback address without --allow-remote."));
    options.seedFile = parser.value(seed);
    options.vettingDelayMs = parser.value(vettingDelay).toInt(&ok);
    if (!ok || options.vettingDelayMs < 0)
        return fail(SimProgram::tr("--vetting-delay-ms must be a number of milliseconds."));
    options.pageSize = parser.value(pageSize).toInt(&ok);
    if (!ok || options.pageSize < 1)
        return fail(SimProgram::tr("--page-size must be a positive number."));
    options.deviceCodeIntervalSecs = parser.value(deviceInterval).toInt(&ok);
    if (!ok || options.deviceCodeIntervalSecs < 0)
        return fail(SimProgram::tr("--device-code-interval must be a number of seconds."));
    options.requireMfa = !parser.isSet(noMfa);
    options.throttlePerMinute = parser.value(throttle).toInt(&ok);
    if (!ok || options.throttlePerMinute < 0)
        return fail(SimProgram::tr("--throttle-per-minute must be a number of requests (0 for none)."));
    const QString scope = parser.value(throttleScope);
    if (scope != u"partner"_s && scope != u"customer"_s)
        return fail(SimProgram::tr("--throttle-scope must be partner or customer."));
    options.throttlePerCustomer = scope == u"customer"_s;
    options.throttleCountsReads = parser.isSet(throttleReads);
    if (parser.isSet(latency)) {
        const QStringList range = parser.value(latency).split(u'-');
        bool minOk = false;
        bool maxOk = false;
        options.latencyMinMs = range.value(0).toInt(&minOk);
        options.latencyMaxMs = range.size() == 2 ? range.value(1).toInt(&maxOk) : options.latencyMinMs;
        if (range.size() == 1)
            maxOk = minOk;
        if (range.size() > 2 || !minOk || !maxOk || options.latencyMinMs < 0 ||
            options.latencyMaxMs < options.latencyMinMs)
            return fail(SimProgram::tr("--latency must be MIN-MAX milliseconds, e.g. 150-600."));
    }
    options.tls = parser.isSet(tls);
    options.caOutFile = parser.value(caOut);
    if (!options.caOutFile.isEmpty() && !options.tls)
        return fail(SimProgram::tr("--ca-out needs --tls."));

    quitOnTermination(app); // before listening: whoever reads our line may stop us at once
    qd::sim::Simulator simulator(options);
    for (const QString &fixed : parser.values(token))
        simulator.addFixedAccessToken(fixed);
    if (!simulator.listen())
        return fail(simulator.errorString());

    // Scripts wait for exactly this line; with --tls the CA file comes first, so it is known by then.
    if (options.tls)
        std::printf("ca-file %s\n", qPrintable(simulator.caCertificateFile()));
    std::printf("listening on %s\n", qPrintable(simulator.baseUrl().toString()));
    std::fflush(stdout);
    return app.exec();
}
