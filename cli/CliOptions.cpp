#include "CliOptions.h"

#include "Command.h"
#include "CommandRegistry.h"
#include "ExitCodes.h"
#include "TableFormatter.h"
#include "settings/AppSettings.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace qd::cli {

namespace {

// QCommandLineParser's own help minus its first "Usage:" line, which we write ourselves.
QString optionsPart(const QCommandLineParser &parser)
{
    QString text = parser.helpText();
    const qsizetype firstBreak = text.indexOf(u'\n');
    text = firstBreak < 0 ? QString() : text.mid(firstBreak + 1);
    while (text.startsWith(u'\n'))
        text.remove(0, 1);
    return text;
}

} // namespace

void CliOptions::addGlobalOptions(QCommandLineParser &parser)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    AppSettings::addCommonOptions(parser);
    parser.addOptions({
        {u"json"_s, tr("Print results as JSON on standard output.")},
        {{u"h"_s, u"help"_s}, tr("Show help (for a command: qualdesk-cli COMMAND --help).")},
        {u"version"_s, tr("Show the version.")},
    });
}

CliOptions::Global CliOptions::parseGlobal(QCommandLineParser &parser, const QStringList &arguments)
{
    addGlobalOptions(parser);
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    Global g;
    g.ok = parser.parse(arguments);
    if (!g.ok) {
        g.error = parser.errorText();
        return g;
    }
    g.help = parser.isSet(u"help"_s);
    g.version = parser.isSet(u"version"_s);
    const QStringList positionals = parser.positionalArguments();
    if (!positionals.isEmpty())
        g.command = positionals.constFirst();
    return g;
}

bool CliOptions::parseCommand(QCommandLineParser &parser, const Command &command,
                              const QStringList &arguments, QStringList *positionals, QString *error)
{
    addGlobalOptions(parser);
    command.addOptions(parser);
    if (!parser.parse(arguments)) {
        if (error)
            *error = parser.errorText();
        return false;
    }
    QStringList rest = parser.positionalArguments();
    // The first positional is the command word itself (the global parse found it there).
    if (!rest.isEmpty())
        rest.removeFirst();
    if (positionals)
        *positionals = rest;
    return true;
}

QString CliOptions::globalHelp(QCommandLineParser &parser, const CommandRegistry &registry)
{
    QString text = tr("Usage: qualdesk-cli [options] COMMAND [arguments]") + u"\n\n"_s +
                   tr("Look up Partner Center customers, read their qualifications and submit new ones.") +
                   u"\n\n"_s + tr("Commands:") + u'\n';
    int width = 0;
    for (const auto &command : registry.commands())
        width = std::max(width, TableFormatter::displayWidth(command->name()));
    for (const auto &command : registry.commands()) {
        text += "  "_L1 + TableFormatter::pad(command->name(), width) + "  "_L1 + command->summary() + u'\n';
        const QStringList lines = command->synopsis().split(u'\n', Qt::SkipEmptyParts);
        for (const QString &line : lines)
            text += "  "_L1 + QString(width + 4, u' ') + command->name() + u' ' + line + u'\n';
    }
    text += u'\n' + optionsPart(parser);
    if (!text.endsWith(u'\n'))
        text += u'\n';
    text += u'\n' + tr("Environment:") + u'\n' +
            tr("  QUALDESK_ACCESS_TOKEN  a bearer token for automation; when set, the stored sign-in is not "
               "used") +
            u'\n' +
            tr("  QUALDESK_BASE_URL, QUALDESK_AUTHORITY, QUALDESK_CLIENT_ID, QUALDESK_DATA_DIR, "
               "QUALDESK_TIMEOUT") +
            u'\n' + tr("                         defaults for the options of the same name") + u'\n';
    text += u'\n' + ExitCodes::help();
    return text;
}

QString CliOptions::commandHelp(QCommandLineParser &parser, const Command &command)
{
    QString text;
    const QStringList lines = command.synopsis().split(u'\n', Qt::SkipEmptyParts);
    if (lines.isEmpty())
        text = tr("Usage: qualdesk-cli [options] %1").arg(command.name()) + u'\n';
    for (const QString &line : lines)
        text += tr("Usage: qualdesk-cli [options] %1").arg(command.name() + u' ' + line) + u'\n';
    text += u'\n' + command.summary() + u"\n\n"_s + optionsPart(parser);
    if (!text.endsWith(u'\n'))
        text += u'\n';
    text += u'\n' + ExitCodes::help();
    return text;
}

QString CliOptions::helpHint(const QString &command)
{
    return command.isEmpty() ? tr("Run qualdesk-cli --help for the commands and options.")
                             : tr("Run qualdesk-cli %1 --help for its options.").arg(command);
}

} // namespace qd::cli
