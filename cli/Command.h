#pragma once

#include <QString>

class QCommandLineParser;

namespace qd::cli {

class CommandContext;

// One `qualdesk-cli COMMAND`. A command adds its own options, checks its arguments, then does
// its work asynchronously and ends with CommandContext::finish(exitCode) exactly once.
// Adding a command: a new Command subclass in its own file, plus one line in CommandRegistry.cpp.
class Command
{
public:
    virtual ~Command() = default;

    // The word on the command line ("customer", "qualify", ...).
    virtual QString name() const = 0;
    // Arguments and options after the name, for help ("TENANT_ID", "PREFIX [--domain]").
    virtual QString synopsis() const = 0;
    // One translated line for the command list.
    virtual QString summary() const = 0;
    // Options only this command takes (the common ones are always there).
    virtual void addOptions(QCommandLineParser &parser) const { Q_UNUSED(parser); }
    // Whether the command needs the history (opened before run()).
    virtual bool needsHistory() const { return false; }

    virtual void run(CommandContext &context) = 0;
};

} // namespace qd::cli
