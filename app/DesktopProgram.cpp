#include "DesktopProgram.h"

#include "SeedFixtures.h"
#include "SettingsDialog.h"
#include "StartupProbe.h"
#include "diagnostics/SingleInstance.h"
#include "i18n/LanguageManager.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace qd::desktop {

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Look up Partner Center customers, read their vetting status and submit qualifications."));
    parser.addHelpOption();
    parser.addVersionOption();
    AppSettings::addCommonOptions(parser);
    // For scripts/screenshot and bench/startup only.
    const auto hidden = [&](const QString &name, const QString &value = {}) {
        QCommandLineOption option(name, u"-"_s, value);
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(option);
    };
    hidden(u"screenshot"_s, u"FILE"_s);
    hidden(u"screenshot-state"_s, u"STATE"_s);
    hidden(u"bench-startup"_s);
    hidden(u"bench-memory"_s);
}

bool wantsDemo(const QSettings &settings, const AppSettings &resolved)
{
    if (resolved.demo)
        return true;
    const QVariant saved = settings.value(SettingsDialog::demoSettingsKey());
    if (saved.isValid())
        return saved.toBool();
    // What the options, the environment and the saved settings resolved to, whichever gave it.
    const bool configured = !resolved.clientId.isEmpty() ||
                            resolved.baseUrl != AppSettings::defaultBaseUrl() ||
                            resolved.authority != AppSettings::defaultAuthority();
    return !configured;
}

WindowAutomation::Fixtures demoFixtures()
{
    namespace f = sim::fixtures;
    WindowAutomation::Fixtures fixtures;
    fixtures.searchText = u"brno"_s;
    fixtures.customerSearchText = u"m"_s; // Masarykova univerzita, Ministerstvo vnitra, ...
    fixtures.customerId = f::kCustomerGccApproved;
    fixtures.refusedSearchText = u"litware"_s;
    fixtures.refusedCustomerId = f::kCustomerTaggingDenied;
    fixtures.submitCustomerId = f::kCustomerNoQualification2;
    fixtures.validationCode = f::kValidationCodeAvailable;
    // New for some, already held by one, refused for one, a duplicate and a typo.
    fixtures.bulkLines = {f::kCustomerNoQualification,
                          f::kCustomerNoQualification3,
                          f::kCustomerEducationApproved,
                          f::kCustomerGccInReview,
                          f::kCustomerSoe,
                          f::kCustomerTaggingDenied,
                          f::kCustomerNoQualification,
                          u"0b1e5d3c-9f00-4a7e-8c11"_s};
    fixtures.bulkQualification = u"StateOwnedEntity"_s;
    return fixtures;
}

void printLine(const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

bool onlyPrints(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "-?" || arg == "--help-all" || arg == "--version" ||
            arg == "-v")
            return true;
    }
    return false;
}

int printHelpOrVersion(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    AppSettings::applyApplicationIdentity();
    QSettings userSettings;
    LanguageManager languages(&userSettings);
    QCommandLineParser early;
    addOptions(early);
    early.parse(QCoreApplication::arguments());
    languages.applyStartupLanguage(early.value(u"lang"_s));
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(app); // prints and exits
    return 0;
}

bool readAutomation(const QCommandLineParser &parser, const AppSettings &settings, Automation *run)
{
    run->benchStartup = parser.isSet(u"bench-startup"_s);
    run->benchMemory = parser.isSet(u"bench-memory"_s);
    run->screenshot = parser.value(u"screenshot"_s);
    if (parser.isSet(u"screenshot-state"_s) &&
        !WindowAutomation::stateFromName(parser.value(u"screenshot-state"_s), &run->state)) {
        std::fputs(
            "unknown --screenshot-state (signed-out, customer, form-error, submitted, history, bulk)\n",
            stderr);
        return false;
    }
    if (run->automated() && !settings.demo) {
        std::fputs("--screenshot and --bench-memory need --demo\n", stderr);
        return false;
    }
    return true;
}

bool handedOver(const AppSettings &settings, std::unique_ptr<SingleInstance> *instance)
{
    *instance = std::make_unique<SingleInstance>(settings.historyDir());
    if ((*instance)->listen())
        return false;
    if ((*instance)->handedOver()) {
        printLine(QCoreApplication::translate(
            "main",
            "QualDesk is already running with this data folder; its window was brought to the front."));
        return true;
    }
    std::fputs(qPrintable(u"single instance: "_s + (*instance)->errorString() + u'\n'), stderr);
    return false;
}

void finishAutomation(MainWindow *window, const Automation &run, bool ok, const QString &error)
{
    const QString &screenshot = run.screenshot;
    const bool benchMemory = run.benchMemory;
    if (!ok) {
        std::fputs(qPrintable(u"automation failed: "_s + error + u'\n'), stderr);
        if (!screenshot.isEmpty()) // what the window showed when it got stuck
            WindowAutomation::grab(window, screenshot);
        QApplication::exit(1);
        return;
    }
    if (!screenshot.isEmpty()) {
        QString grabError;
        if (!WindowAutomation::grab(window, screenshot, &grabError)) {
            std::fputs(qPrintable(grabError + u'\n'), stderr);
            QApplication::exit(1);
            return;
        }
    }
    if (benchMemory) {
        // Measured once the window has been idle for a moment with the customer open.
        QTimer::singleShot(1500, qApp, [] {
            printLine(u"rss-kb %1"_s.arg(startup::residentKb()));
            QApplication::exit(0);
        });
        return;
    }
    QApplication::exit(0);
}

} // namespace qd::desktop
