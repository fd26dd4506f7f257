#pragma once

#include "Console.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QStringList>

namespace qd::cli {

// The whole run of one qualdesk-cli invocation: parse, choose the language, resolve settings,
// start the demo simulator when asked, wire the core, run the command, return its exit code.
class CliApp
{
    Q_DECLARE_TR_FUNCTIONS(CliApp)
public:
    explicit CliApp(Console &console);
    // arguments: argv, program name first. Spins an event loop until the command ends.
    int run(const QStringList &arguments,
            const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

private:
    Console &m_console;
};

} // namespace qd::cli
