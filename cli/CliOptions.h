#pragma once

#include <QCoreApplication>
#include <QStringList>

class QCommandLineParser;

namespace qd::cli {

class Command;
class CommandRegistry;

// Command-line parsing in two steps: the global options up to the command word, then the
// command's own parse of everything (so common options may also follow the command).
class CliOptions
{
    Q_DECLARE_TR_FUNCTIONS(CliOptions)
public:
    // The options every command takes: AppSettings' common ones, --json, --help, --version.
    static void addGlobalOptions(QCommandLineParser &parser);

    struct Global
    {
        bool ok = true;
        QString error;   // translated, when !ok
        QString command; // the first positional argument; empty when none
        bool help = false;
        bool version = false;
    };
    // Parses arguments (argv, program name first) up to the command word. parser gets the
    // global options and keeps the result, so settings can be resolved from it.
    static Global parseGlobal(QCommandLineParser &parser, const QStringList &arguments);

    // Parses arguments for command: global options plus its own, anywhere on the line.
    // positionals: the arguments after the command word. False with a translated error.
    static bool parseCommand(QCommandLineParser &parser, const Command &command, const QStringList &arguments,
                             QStringList *positionals, QString *error);

    // Full `qualdesk-cli --help`: usage, commands, options, environment, exit codes.
    static QString globalHelp(QCommandLineParser &parser, const CommandRegistry &registry);
    // `qualdesk-cli COMMAND --help`.
    static QString commandHelp(QCommandLineParser &parser, const Command &command);
    // One line pointing at --help, for usage errors.
    static QString helpHint(const QString &command = {});
};

} // namespace qd::cli
