#pragma once

#include "Command.h"

#include <memory>
#include <vector>

namespace qd::cli {

// Every command qualdesk-cli knows, in the order `--help` lists them.
class CommandRegistry
{
public:
    CommandRegistry();
    ~CommandRegistry();

    Command *find(const QString &name) const;
    const std::vector<std::unique_ptr<Command>> &commands() const { return m_commands; }

    template <typename T> void add() { m_commands.push_back(std::make_unique<T>()); }

private:
    std::vector<std::unique_ptr<Command>> m_commands;
};

} // namespace qd::cli
