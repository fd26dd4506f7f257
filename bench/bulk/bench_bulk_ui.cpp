// The longest stall of the window's event loop while the Bulk tab runs 5,000 rows against a
// qualdesk-sim process: the real MainWindow (its History tab follows every change too), a
// 1 ms timer as the probe. Also the stalls while the file is loaded and checked. Prints
// figures only.
//
//   bench_bulk_ui [--rows N] [--latency-ms N] [--no-check]   (defaults 5000, 0; offscreen)

#include "BenchSim.h"
#include "BulkPanel.h"
#include "BulkResultsModel.h"
#include "MainWindow.h"
#include "directory/CustomerDirectory.h"
#include "history/SubmissionStore.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h"
#include "submission/SubmissionService.h"

#include <QApplication>
#include <QCheckBox>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTabWidget>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace qd;
using qd::bench::benchCustomerId;
using qd::bench::BenchSim;

namespace {

// Measures the longest gap between two turns of the event loop.
class StallProbe
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (now - m_last > m_longestNs) {
                m_longestNs = now - m_last;
                m_longestEndNs = now;
            }
            m_last = now;
        });
    }
    void start()
    {
        m_longestNs = 0;
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    double stopMs()
    {
        m_timer.stop();
        return double(m_longestNs) / 1e6;
    }
    // When the longest stall began, in seconds since start().
    double longestAtSecs() const { return double(m_longestEndNs - m_longestNs) / 1e9; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longestNs = 0;
    qint64 m_longestEndNs = 0;
};

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

struct Figures
{
    double checkSecs = 0, checkStall = 0, runSecs = 0, runStall = 0, runStallAt = 0;
    BulkSummary summary;
    bool ok = false;
};

// One load + check + run in the Bulk tab: inside the real MainWindow (whose History tab follows
// every change too) or the Bulk panel alone.
Figures measure(int rows, int latency, bool check, bool inWindow)
{
    Figures fig;
    BenchSim sim;
    if (!sim.start(rows, latency)) {
        std::fprintf(stderr, "qualdesk-sim did not start\n");
        return fig;
    }
    QTemporaryDir data;
    SubmissionStore store;
    if (!store.open(data.path()))
        return fig;
    StaticTokenProvider tokens(QString::fromLatin1(BenchSim::kToken));
    ClientConfig config;
    config.baseUrl = sim.baseUrl();
    PartnerCenterClient client(&tokens, config);
    SubmissionService service(&client, &store, [] { return SubmitterIdentity{u"bench@example.com"_s, {}}; });
    CustomerDirectory directory(&client);
    ValidationCodeSource codes(&client);

    std::unique_ptr<MainWindow> window;
    std::unique_ptr<BulkPanel> alone;
    BulkPanel *panel = nullptr;
    if (inWindow) {
        window = std::make_unique<MainWindow>();
        MainWindowServices services;
        services.directory = &directory;
        services.validationCodes = &codes;
        services.submissions = &service;
        services.store = &store;
        window->setServices(services);
        window->resize(1200, 800);
        window->show();
        panel = window->findChild<BulkPanel *>(u"bulkPanel"_s);
        auto *tabs = window->findChild<QTabWidget *>(u"mainTabWidget"_s);
        if (!panel || !tabs)
            return fig;
        tabs->setCurrentWidget(panel->parentWidget());
    } else {
        alone = std::make_unique<BulkPanel>();
        alone->setService(&service, &directory, &codes);
        alone->resize(1200, 800);
        alone->show();
        panel = alone.get();
    }
    panel->findChild<QCheckBox *>(u"checkExistingCheckBox"_s)->setChecked(check);

    const QString csv = data.filePath(u"rows.csv"_s);
    {
        QFile f(csv);
        if (!f.open(QIODevice::WriteOnly))
            return fig;
        f.write("tenantId;qualification;segment;website\r\n");
        for (int i = 0; i < rows; ++i)
            f.write(benchCustomerId(i).toLatin1() + (i % 2 ? ";Education;K12;school.cz\r\n" : ";soe;;\r\n"));
    }
    QCoreApplication::processEvents();

    StallProbe probe;
    QElapsedTimer timer;
    probe.start();
    timer.start();
    // Loading runs inside one event (as a drop does), so its own time is the stall it causes.
    QTimer::singleShot(0, panel, [&] { panel->loadFile(csv); });
    if (!waitFor([&] { return panel->model()->rowCount() == rows && !panel->isChecking(); }, 30 * 60 * 1000))
        return fig;
    fig.checkStall = probe.stopMs();
    fig.checkSecs = double(timer.nsecsElapsed()) / 1e9;

    auto *start = panel->findChild<QPushButton *>(u"startButton"_s);
    probe.start();
    timer.restart();
    QTimer::singleShot(0, start, &QPushButton::click);
    if (!waitFor([&] { return panel->run() && panel->run()->state() == BulkRun::State::Finished; },
                 60 * 60 * 1000))
        return fig;
    fig.runStall = probe.stopMs();
    fig.runStallAt = probe.longestAtSecs();
    fig.runSecs = double(timer.nsecsElapsed()) / 1e9;
    fig.summary = panel->run()->summary();
    fig.ok = fig.summary.counts.accepted == rows;
    return fig;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", home.filePath(u"config"_s).toLocal8Bit()); // window layout stays out of ~
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{u"rows"_s, u"Rows (default 5000)."_s, u"N"_s},
                       {u"latency-ms"_s, u"Latency added to every POST (default 0)."_s, u"N"_s},
                       {u"no-check"_s, u"Skip the read pass before the run."_s}});
    parser.addHelpOption();
    parser.process(app);
    const int rows = parser.isSet(u"rows"_s) ? qMax(1, parser.value(u"rows"_s).toInt()) : 5000;
    const int latency = parser.value(u"latency-ms"_s).toInt();

    const bool check = !parser.isSet(u"no-check"_s);
    std::printf("Bulk tab, %d rows, POST latency %d ms, offscreen, %s\n", rows, latency,
                check ? "with the read pass" : "no read pass");
    bool ok = true;
    for (const bool inWindow : {false, true}) {
        const Figures f = measure(rows, latency, check, inWindow);
        ok = ok && f.ok;
        std::printf("  %s:\n", inWindow ? "in the MainWindow (History tab live too)" : "Bulk panel alone");
        std::printf("    load + check %7.2f s, longest event-loop stall %7.1f ms\n", f.checkSecs,
                    f.checkStall);
        std::printf("    run          %7.2f s, longest event-loop stall %7.1f ms (target < 50 ms) at %.2f s; "
                    "%.1f rows/s, %d accepted\n",
                    f.runSecs, f.runStall, f.runStallAt, f.runSecs > 0 ? rows / f.runSecs : 0.0,
                    f.summary.counts.accepted);
        std::fflush(stdout);
    }
    return ok ? 0 : 2;
}
