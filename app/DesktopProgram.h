#pragma once

#include "WindowAutomation.h"
#include "settings/AppSettings.h"

class QCommandLineParser;
class QSettings;
class QWidget;

#include <memory>

namespace qd {
class MainWindow;
class SingleInstance;
} // namespace qd

// What `qualdesk`'s main() needs besides wiring: its options, the demo decision, --help without
// a display, and the automated runs of scripts/screenshot and bench/startup.
namespace qd::desktop {

void addOptions(QCommandLineParser &parser);
// Demo unless a real environment is configured: --demo, the choice saved in Settings, or a first
// run with no client ID and no address given (so a newcomer sees the whole flow).
bool wantsDemo(const QSettings &settings, const AppSettings &resolved);
// --help and --version print and leave without a display: true when asked for, then run
// printHelpOrVersion().
bool onlyPrints(int argc, char *argv[]);
int printHelpOrVersion(int argc, char *argv[]);
void printLine(const QString &line);

// The hidden options of scripts/screenshot and bench/startup.
struct Automation
{
    bool benchStartup = false; // print the time to the first paint and leave
    bool benchMemory = false;  // print the resident memory with a customer open and leave
    QString screenshot;        // drive the demo window to `state` and save it here
    WindowAutomation::State state = WindowAutomation::State::Customer;
    bool automated() const { return !screenshot.isEmpty() || benchMemory; }
};
// False (after saying why on stderr) for a state that does not exist or automation without demo.
bool readAutomation(const QCommandLineParser &parser, const AppSettings &settings, Automation *run);
// True when another window already runs on this data folder and was brought to the front;
// otherwise *instance listens for later launches.
bool handedOver(const AppSettings &settings, std::unique_ptr<SingleInstance> *instance);

WindowAutomation::Fixtures demoFixtures();
// After an automated run: the screenshot (if asked for), the memory figure, the exit code.
void finishAutomation(MainWindow *window, const Automation &run, bool ok, const QString &error);

} // namespace qd::desktop
