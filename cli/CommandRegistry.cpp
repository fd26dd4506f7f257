#include "CommandRegistry.h"

#include "commands/BulkCommand.h"
#include "commands/CustomerCommands.h"
#include "commands/HistoryCommands.h"
#include "commands/QualificationCommands.h"
#include "commands/QualifyCommand.h"
#include "commands/SignInCommands.h"

namespace qd::cli {

// One line per command; the order is the order of `--help`.
CommandRegistry::CommandRegistry()
{
    add<CustomerCommand>();
    add<SearchCommand>();
    add<QualificationsCommand>();
    add<ValidationCodesCommand>();
    add<QualifyCommand>();
    add<BulkCommand>();
    add<LoginCommand>();
    add<LogoutCommand>();
    add<WhoamiCommand>();
    add<HistoryCommand>();
    add<RefreshCommand>();
}

CommandRegistry::~CommandRegistry() = default;

Command *CommandRegistry::find(const QString &name) const
{
    for (const auto &command : m_commands) {
        if (command->name() == name)
            return command.get();
    }
    return nullptr;
}

} // namespace qd::cli
