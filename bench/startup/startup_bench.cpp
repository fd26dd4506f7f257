// Prints the median time from process start to the first painted main window for
// `qualdesk --demo` and for a minimal Qt Widgets window, their ratio, and the resident memory
// of the demo window once idle with a customer open. Figures only; no pass/fail.
//
// Usage: qualdesk-bench-startup [--runs N]   (needs a display: xvfb-run -a, or
//        QT_QPA_PLATFORM=offscreen)
#include "StartupProbe.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

// Runs the program once and returns the number after `key` on its stdout.
std::optional<double> runOnce(const QString &program, const QStringList &arguments, const QByteArray &key,
                              const QProcessEnvironment &baseEnvironment)
{
    QProcess process;
    QProcessEnvironment environment = baseEnvironment;
    // Taken as late as possible before the spawn; the child subtracts it from its own clock.
    environment.insert(u"QUALDESK_BENCH_T0_NS"_s, QString::number(qd::startup::monotonicNs()));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        std::fprintf(stderr, "%s: timed out\n", qPrintable(program));
        return std::nullopt;
    }
    for (const QByteArray &line : process.readAllStandardOutput().split('\n')) {
        if (line.startsWith(QByteArray(key + ' ')))
            return line.mid(key.size() + 1).trimmed().toDouble();
    }
    std::fprintf(stderr, "%s printed no %s (exit %d): %s\n", qPrintable(program), key.constData(),
                 process.exitCode(), process.readAllStandardError().right(400).constData());
    return std::nullopt;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2.0;
}

QString list(const QList<double> &values)
{
    QStringList parts;
    for (double v : values)
        parts << QString::number(v, 'f', 1);
    return parts.join(u", "_s);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int runs = 5;
    const QStringList args = QCoreApplication::arguments();
    const qsizetype at = args.indexOf(u"--runs"_s);
    if (at > 0 && at + 1 < args.size())
        runs = qMax(1, args.at(at + 1).toInt());

    const QDir bin(QCoreApplication::applicationDirPath());
    const QString qualdesk = bin.filePath(u"qualdesk"_s);
    const QString minimal = bin.filePath(u"qualdesk-bench-minimal-window"_s);

    // A fresh data folder and settings, so no saved layout or history changes the work done.
    QTemporaryDir home;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    environment.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
    environment.insert(u"QT_LOGGING_RULES"_s, u"qualdesk.*=false"_s);
    const QStringList demo{u"--demo"_s, u"--data-dir"_s, home.filePath(u"data"_s), u"--lang"_s, u"en"_s};

    // One unmeasured run of each warms the page cache, as on a machine where QualDesk is used daily.
    runOnce(minimal, {}, "first-paint-ms", environment);
    runOnce(qualdesk, demo + QStringList{u"--bench-startup"_s}, "first-paint-ms", environment);

    QList<double> app_ms, minimal_ms;
    for (int i = 0; i < runs; ++i) {
        // Interleaved, so a busy moment of the machine hits both alike.
        if (const auto v = runOnce(minimal, {}, "first-paint-ms", environment))
            minimal_ms << *v;
        if (const auto v =
                runOnce(qualdesk, demo + QStringList{u"--bench-startup"_s}, "first-paint-ms", environment))
            app_ms << *v;
    }
    if (app_ms.isEmpty() || minimal_ms.isEmpty()) {
        std::fprintf(stderr, "no measurements\n");
        return 1;
    }
    const double a = median(app_ms);
    const double m = median(minimal_ms);
    std::printf("start-up to first painted window, median of %d runs:\n", runs);
    std::printf("  qualdesk --demo        %8.1f ms   (%s)\n", a, qPrintable(list(app_ms)));
    std::printf("  minimal Qt window      %8.1f ms   (%s)\n", m, qPrintable(list(minimal_ms)));
    std::printf("  ratio                  %8.2f x\n", a / m);

    const auto rss = runOnce(qualdesk, demo + QStringList{u"--bench-memory"_s}, "rss-kb", environment);
    if (rss)
        std::printf("resident memory, demo window idle with a customer open: %.1f MB (VmRSS %.0f kB)\n",
                    *rss / 1024.0, *rss);
    std::fflush(stdout);
    return 0;
}
