// `qualdesk`: the desktop program. Only wiring: options, language, services, the window.
#include "MainWindow.h"
#include "SeedFixtures.h"
#include "SettingsDialog.h"
#include "Simulator.h"
#include "StartupProbe.h"
#include "WindowAutomation.h"
#include "auth/AuthSession.h"
#include "diagnostics/SingleInstance.h"
#include "history/SubmissionStore.h"
#include "i18n/LanguageManager.h"
#include "settings/AppServices.h"
#include "settings/AppSettings.h"
#include "settings/MemoryTokenStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Look up Partner Center customers, read their vetting status and submit qualifications."));
    parser.addHelpOption();
    parser.addVersionOption();
    qd::AppSettings::addCommonOptions(parser);
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

// Demo unless a real environment is configured: --demo, the choice saved in Settings, or a
// first run with no client ID and no address given (so a newcomer sees the whole flow).
bool wantsDemo(const QSettings &settings, const qd::AppSettings &resolved)
{
    if (resolved.demo)
        return true;
    const QVariant saved = settings.value(qd::SettingsDialog::demoSettingsKey());
    if (saved.isValid())
        return saved.toBool();
    // What the options, the environment and the saved settings resolved to, whichever gave it.
    const bool configured = !resolved.clientId.isEmpty() || resolved.baseUrl != qd::AppSettings::defaultBaseUrl()
        || resolved.authority != qd::AppSettings::defaultAuthority();
    return !configured;
}

qd::WindowAutomation::Fixtures demoFixtures()
{
    namespace f = qd::sim::fixtures;
    qd::WindowAutomation::Fixtures fixtures;
    fixtures.searchText = u"brno"_s;
    fixtures.customerSearchText = u"m"_s; // Masarykova univerzita, Ministerstvo vnitra, ...
    fixtures.customerId = f::kCustomerGccApproved;
    fixtures.refusedSearchText = u"litware"_s;
    fixtures.refusedCustomerId = f::kCustomerTaggingDenied;
    fixtures.submitCustomerId = f::kCustomerNoQualification2;
    fixtures.validationCode = f::kValidationCodeAvailable;
    // New for some, already held by one, refused for one, a duplicate and a typo.
    fixtures.bulkLines = {f::kCustomerNoQualification, f::kCustomerNoQualification3, f::kCustomerEducationApproved,
                          f::kCustomerGccInReview, f::kCustomerSoe, f::kCustomerTaggingDenied,
                          f::kCustomerNoQualification, u"0b1e5d3c-9f00-4a7e-8c11"_s};
    fixtures.bulkQualification = u"StateOwnedEntity"_s;
    return fixtures;
}

void printLine(const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

// --help and --version print and leave without a display.
bool onlyPrints(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "-?" || arg == "--help-all" || arg == "--version" || arg == "-v")
            return true;
    }
    return false;
}

int printHelpOrVersion(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qd::AppSettings::applyApplicationIdentity();
    QSettings userSettings;
    qd::LanguageManager languages(&userSettings);
    QCommandLineParser early;
    addOptions(early);
    early.parse(QCoreApplication::arguments());
    languages.applyStartupLanguage(early.value(u"lang"_s));
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(app); // prints and exits
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    if (onlyPrints(argc, argv))
        return printHelpOrVersion(argc, argv);
    QApplication app(argc, argv);
    qd::AppSettings::applyApplicationIdentity();
    QApplication::setApplicationDisplayName(u"QualDesk"_s);
    // Diagnostic logging is off unless --verbose asks for it; QT_LOGGING_RULES still wins.
    QLoggingCategory::setFilterRules(u"qualdesk.*=false"_s);

    QSettings userSettings;
    qd::LanguageManager languages(&userSettings);
    {
        // --lang first, so --help already speaks it.
        QCommandLineParser early;
        addOptions(early);
        early.parse(QApplication::arguments());
        languages.applyStartupLanguage(early.value(u"lang"_s));
    }
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(app); // --help, --version and unknown options end here

    qd::AppSettings::Sources sources;
    sources.parser = &parser;
    sources.settings = &userSettings;
    qd::AppSettings settings = qd::AppSettings::resolve(sources);
    settings.demo = wantsDemo(userSettings, settings);
    settings.language = languages.language();
    if (settings.verbose)
        QLoggingCategory::setFilterRules(u"qualdesk.*=true"_s);

    const bool benchStartup = parser.isSet(u"bench-startup"_s);
    const bool benchMemory = parser.isSet(u"bench-memory"_s);
    const QString screenshot = parser.value(u"screenshot"_s);
    qd::WindowAutomation::State state = qd::WindowAutomation::State::Customer;
    if (parser.isSet(u"screenshot-state"_s)
        && !qd::WindowAutomation::stateFromName(parser.value(u"screenshot-state"_s), &state)) {
        std::fputs("unknown --screenshot-state (signed-out, customer, form-error, submitted, history, bulk)\n", stderr);
        return 2;
    }
    const bool automated = !screenshot.isEmpty() || benchMemory;
    if (automated && !settings.demo) {
        std::fputs("--screenshot and --bench-memory need --demo\n", stderr);
        return 2;
    }

    // One window per data folder: a second launch brings the running one to the front.
    std::unique_ptr<qd::SingleInstance> instance;
    if (!automated && !benchStartup) {
        instance = std::make_unique<qd::SingleInstance>(settings.historyDir());
        if (!instance->listen()) {
            if (instance->handedOver()) {
                printLine(QCoreApplication::translate("main", "QualDesk is already running with this data folder; its window was brought to the front."));
                return 0;
            }
            std::fputs(qPrintable(u"single instance: "_s + instance->errorString() + u'\n'), stderr);
        }
    }

    // Declared before the window, so the window goes first and the simulator last.
    std::unique_ptr<qd::sim::Simulator> simulator; // --demo: Partner Center and sign-in, in-process
    std::unique_ptr<qd::MemoryTokenStore> demoTokens;
    std::unique_ptr<qd::AppServices> services;

    // The window is shown first and the services (simulator, network, history) are started
    // right after its first paint, so it appears at once instead of after all of that.
    qd::MainWindow window;
    qd::MainWindowServices parts;
    parts.settings = settings;
    parts.language = &languages;
    window.setServices(parts);
    if (automated)
        window.resize(1180, 760);

    if (instance)
        QObject::connect(instance.get(), &qd::SingleInstance::activationRequested, &window, &qd::MainWindow::bringToFront);

    qd::WindowAutomation automation(&window, demoFixtures());
    const auto finishAutomation = [&](bool ok, const QString &error) {
        if (!ok) {
            std::fputs(qPrintable(u"automation failed: "_s + error + u'\n'), stderr);
            if (!screenshot.isEmpty()) // what the window showed when it got stuck
                qd::WindowAutomation::grab(&window, screenshot);
            QApplication::exit(1);
            return;
        }
        if (!screenshot.isEmpty()) {
            QString grabError;
            if (!qd::WindowAutomation::grab(&window, screenshot, &grabError)) {
                std::fputs(qPrintable(grabError + u'\n'), stderr);
                QApplication::exit(1);
                return;
            }
        }
        if (benchMemory) {
            // Measured once the window has been idle for a moment with the customer open.
            QTimer::singleShot(1500, qApp, [] {
                printLine(u"rss-kb %1"_s.arg(qd::startup::residentKb()));
                QApplication::exit(0);
            });
            return;
        }
        QApplication::exit(0);
    };

    const auto fail = [](const QString &message) {
        std::fputs(qPrintable(message + u'\n'), stderr);
        QMessageBox::critical(nullptr, u"QualDesk"_s, message);
        QApplication::exit(2);
    };
    const auto startServices = [&] {
        if (settings.demo) {
            simulator = std::make_unique<qd::sim::Simulator>();
            if (!simulator->listen()) {
                fail(QCoreApplication::translate("main", "The demo service could not start: %1").arg(simulator->errorString()));
                return;
            }
            settings.baseUrl = simulator->baseUrl();
            settings.authority = simulator->authority();
            settings.clientId = simulator->demoClientId();
            demoTokens = std::make_unique<qd::MemoryTokenStore>();
        }
        if (const QStringList problems = settings.validate(); !problems.isEmpty()) {
            fail(problems.join(u'\n'));
            return;
        }
        qd::AppServices::Options options;
        options.tokenStore = demoTokens.get();
        services = std::make_unique<qd::AppServices>(settings, options);
        QObject::connect(&languages, &qd::LanguageManager::languageChanged, services.get(),
                         &qd::AppServices::setLanguage);
        parts.settings = settings;
        parts.session = services->authSession();
        parts.client = services->client();
        parts.store = services->store();
        parts.storeProblem = services->isStoreOpen() ? QString() : services->storeError().message;
        parts.submissions = services->submissions();
        parts.diagnostics = services->diagnostics();
        parts.proxyAuthenticator = services->proxyAuthenticator();
        parts.diagnosticsContext = [&services] { return services->diagnosticsContext(); };
        if (settings.demo) // the simulator approves at once; the app follows its redirect itself
            parts.browserOpener = qd::AuthSession::loopbackBrowser(services->network());
        window.setServices(parts);

        const bool stayOut = !screenshot.isEmpty() && state == qd::WindowAutomation::State::SignedOut;
        if (settings.demo && !stayOut)
            window.signIn();
        else if (!settings.demo)
            parts.session->restore();
        if (automated)
            automation.run(state, finishAutomation);
    };

    window.installEventFilter(new qd::startup::FirstPaintProbe([&] {
        if (benchStartup) {
            printLine(u"first-paint-ms %1"_s.arg(qd::startup::msSinceProcessStart(), 0, 'f', 1));
            QTimer::singleShot(0, qApp, [] { QApplication::exit(0); });
            return;
        }
        QTimer::singleShot(0, &window, startServices);
    }, &window));
    window.show();
    return QApplication::exec();
}
