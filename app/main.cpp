// `qualdesk`: only wiring: options, language, the window, then DesktopServices after its first paint.
#include "DesktopProgram.h"
#include "DesktopServices.h"
#include "MainWindow.h"
#include "StartupDeferrals.h"
#include "StartupProbe.h"
#include "diagnostics/SingleInstance.h"
#include "i18n/LanguageManager.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>
#include <memory>
using namespace Qt::StringLiterals;
using namespace qd;

int main(int argc, char *argv[])
{
    if (desktop::onlyPrints(argc, argv))
        return desktop::printHelpOrVersion(argc, argv);
    QApplication app(argc, argv);
    QApplication::setStyle(new startup::DeferredIconStyle); // as it would be; one icon made later
    AppSettings::applyApplicationIdentity();
    QApplication::setApplicationDisplayName(u"QualDesk"_s);
    QLoggingCategory::setFilterRules(u"qualdesk.*=false"_s); // --verbose, QT_LOGGING_RULES win

    QSettings userSettings;
    LanguageManager languages(&userSettings);
    QCommandLineParser parser;
    desktop::addOptions(parser);
    parser.parse(QApplication::arguments());
    languages.applyStartupLanguage(parser.value(u"lang"_s)); // first, so errors already speak it
    parser.process(app);                                     // unknown options end here

    AppSettings::Sources sources;
    sources.parser = &parser;
    sources.settings = &userSettings;
    AppSettings settings = AppSettings::resolve(sources);
    settings.demo = desktop::wantsDemo(userSettings, settings);
    settings.language = languages.language();
    if (settings.verbose)
        QLoggingCategory::setFilterRules(u"qualdesk.*=true"_s);

    desktop::Automation run;
    if (!desktop::readAutomation(parser, settings, &run))
        return 2;
    // One window per data folder: a second launch brings the running one to the front.
    std::unique_ptr<SingleInstance> instance;
    if (!run.automated() && !run.benchStartup && desktop::handedOver(settings, &instance))
        return 0;

    DesktopServices services; // declared before the window, so the window goes first
    MainWindow window;
    MainWindowServices parts;
    parts.settings = settings;
    parts.language = &languages;
    window.setServices(parts);
    if (run.automated())
        window.resize(1180, 760);
    if (instance)
        QObject::connect(instance.get(), &SingleInstance::activationRequested, &window,
                         &MainWindow::bringToFront);
    WindowAutomation automation(&window, desktop::demoFixtures());

    // The window is shown first; the services (simulator, network, history) start right after its
    // first paint, so it appears at once instead of after all of that.
    const auto startServices = [&] {
        if (!services.start(settings, &languages)) {
            std::fputs(qPrintable(services.error() + u'\n'), stderr);
            QMessageBox::critical(&window, u"QualDesk"_s, services.error());
            QApplication::exit(2);
            return;
        }
        window.setServices(services.windowServices());
        if (settings.demo && !(run.automated() && run.state == WindowAutomation::State::SignedOut))
            window.signIn();
        else if (!settings.demo)
            services.services()->authSession()->restore();
        if (run.automated())
            automation.run(run.state, [&](bool ok, const QString &error) {
                desktop::finishAutomation(&window, run, ok, error);
            });
    };
    window.installEventFilter(new startup::FirstPaintProbe(
        [&] {
            if (run.benchStartup) {
                desktop::printLine(u"first-paint-ms %1"_s.arg(startup::msSinceProcessStart(), 0, 'f', 1));
                QTimer::singleShot(0, qApp, [] { QApplication::exit(0); });
                return;
            }
            QTimer::singleShot(0, &window, startServices);
        },
        &window));
    window.show();
    return QApplication::exec();
}
