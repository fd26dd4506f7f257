#include "CliApp.h"

#include "CliOptions.h"
#include "CommandContext.h"
#include "CommandRegistry.h"
#include "ExitCodes.h"
#include "Simulator.h"
#include "i18n/LanguageManager.h"
#include "settings/AppServices.h"
#include "settings/MemoryTokenStore.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QSettings>
#include <memory>

using namespace Qt::StringLiterals;

namespace qd::cli {

namespace {

AppSettings resolveSettings(const QCommandLineParser &parser, const QProcessEnvironment &environment,
                            const QSettings &settings)
{
    AppSettings::Sources sources;
    sources.parser = &parser;
    sources.environment = environment;
    sources.settings = &settings;
    return AppSettings::resolve(sources);
}

} // namespace

CliApp::CliApp(Console &console) : m_console(console) {}

int CliApp::run(const QStringList &arguments, const QProcessEnvironment &environment)
{
    // Core logging is for diagnosis (--verbose turns it on below); a script's stderr gets only
    // our own messages.
    QLoggingCategory::setFilterRules(u"qualdesk.*=false"_s);
    const QSettings userSettings;
    // Translations before any text is made: help and errors come out in the chosen language.
    LanguageManager languages;
    const CommandRegistry registry;

    QCommandLineParser global;
    const CliOptions::Global g = CliOptions::parseGlobal(global, arguments);
    languages.apply(resolveSettings(global, environment, userSettings).language);
    if (!g.ok) {
        m_console.error(g.error);
        m_console.message(CliOptions::helpHint());
        return ExitUsage;
    }
    if (g.version) {
        m_console.print(u"qualdesk-cli "_s + QCoreApplication::applicationVersion() + u'\n');
        return ExitOk;
    }
    if (g.command.isEmpty()) {
        QCommandLineParser help;
        CliOptions::addGlobalOptions(help);
        if (g.help) {
            m_console.print(CliOptions::globalHelp(help, registry));
            return ExitOk;
        }
        m_console.error(tr("No command given."));
        m_console.message(CliOptions::helpHint());
        return ExitUsage;
    }
    Command *command = registry.find(g.command);
    if (!command) {
        m_console.error(tr("Unknown command \"%1\".").arg(g.command));
        m_console.message(CliOptions::helpHint());
        return ExitUsage;
    }

    // The command's own parse sees options anywhere on the line; a --lang after the command
    // word changes the language, so parse again once it is applied (help texts follow it).
    auto parser = std::make_unique<QCommandLineParser>();
    QStringList positionals;
    QString error;
    bool parsed = CliOptions::parseCommand(*parser, *command, arguments, &positionals, &error);
    AppSettings settings = resolveSettings(*parser, environment, userSettings);
    if (parsed && settings.language != languages.language()) {
        languages.apply(settings.language);
        parser = std::make_unique<QCommandLineParser>();
        parsed = CliOptions::parseCommand(*parser, *command, arguments, &positionals, &error);
    }
    if (!parsed) {
        m_console.error(error);
        m_console.message(CliOptions::helpHint(command->name()));
        return ExitUsage;
    }
    if (parser->isSet(u"help"_s)) {
        m_console.print(CliOptions::commandHelp(*parser, *command));
        return ExitOk;
    }
    m_console.setJson(parser->isSet(u"json"_s));
    m_console.setVerbose(settings.verbose);
    if (settings.verbose)
        QLoggingCategory::setFilterRules(u"qualdesk.*=true"_s);

    // --demo: an in-process simulator plays Partner Center and the identity service.
    std::unique_ptr<sim::Simulator> simulator;
    std::unique_ptr<MemoryTokenStore> demoTokens;
    if (settings.demo) {
        simulator = std::make_unique<sim::Simulator>();
        if (!simulator->listen()) {
            m_console.error(tr("The demo service could not start: %1").arg(simulator->errorString()));
            return ExitFailure;
        }
        settings.baseUrl = simulator->baseUrl();
        settings.authority = simulator->authority();
        settings.clientId = simulator->demoClientId();
        demoTokens = std::make_unique<MemoryTokenStore>();
        m_console.debug(tr("Demo Partner Center at %1").arg(settings.baseUrl.toString()));
    }

    const QStringList problems = settings.validate();
    if (!problems.isEmpty()) {
        for (const QString &problem : problems)
            m_console.error(problem);
        return ExitUsage;
    }

    AppServices::Options options;
    // In demo the simulator issues its own tokens; a token from the environment means nothing to it.
    if (!settings.demo)
        options.staticAccessToken = environment.value(u"QUALDESK_ACCESS_TOKEN"_s).trimmed();
    options.tokenStore = demoTokens.get();
    AppServices services(settings, options);
    m_console.debug(options.staticAccessToken.isEmpty()
                        ? tr("Using the stored sign-in.")
                        : tr("Using the access token from QUALDESK_ACCESS_TOKEN."));

    if (command->needsHistory()) {
        services.store();
        if (services.isStoreOpen()) {
            const QString notice = services.store()->openNotice();
            if (!notice.isEmpty())
                m_console.message(notice);
        }
    }

    CommandContext context(m_console, services, *parser, positionals);
    QEventLoop loop;
    QObject::connect(&context, &CommandContext::finished, &loop, &QEventLoop::quit);
    command->run(context);
    if (!context.isFinished())
        loop.exec();
    return context.exitCode();
}

} // namespace qd::cli
