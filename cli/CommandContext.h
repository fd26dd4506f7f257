#pragma once

#include "Console.h"
#include "domain/TenantId.h"
#include "partnercenter/ApiError.h"
#include "settings/AppServices.h"

#include <QCoreApplication>
#include <QObject>
#include <QStringList>
#include <functional>
#include <optional>

class QCommandLineParser;

namespace qd::cli {

// What a running command may use: the console, the core services, its parsed options and
// arguments. Also the receiver that keeps callbacks alive: a callback given `this` as context
// never runs after the command ended.
class CommandContext : public QObject
{
    Q_OBJECT
public:
    CommandContext(Console &console, AppServices &services, const QCommandLineParser &parser,
                   QStringList arguments, QObject *parent = nullptr);

    Console &console() const { return m_console; }
    AppServices &services() const { return m_services; }
    const AppSettings &settings() const { return m_services.settings(); }
    const QCommandLineParser &parser() const { return m_parser; }
    // Positional arguments after the command name.
    const QStringList &arguments() const { return m_arguments; }
    bool json() const { return m_console.json(); }

    // Ends the command. Later calls are ignored.
    void finish(int exitCode);
    bool isFinished() const { return m_finished; }
    int exitCode() const { return m_exitCode; }

    // Reports wrong usage (exit 2): the message, and where to read the command's help.
    void usageError(const QString &message);
    // The one customer tenant ID the command takes, or a usage error and nothing.
    std::optional<TenantId> tenantIdArgument();
    // False after a usage error when arguments were given (hint: what to use instead).
    bool noArguments(const QString &hint = {});
    // False after reporting (exit 4) that the history, opened before run(), cannot be used.
    // sending: the command would submit, so the message says nothing was sent.
    bool historyUsable(bool sending);
    // Reports a failed call with its exit code: the translated message (with the server's
    // reason), the IDs support asks for, and sign-in advice for authentication failures.
    void apiError(const ApiError &error);
    // Reports that nobody is signed in (exit 5), with advice to run `qualdesk-cli login`.
    void notSignedIn(const QString &reason);

    // Calls next once requests can carry a token: at once with QUALDESK_ACCESS_TOKEN, after
    // signing in against the simulator with --demo, otherwise after restoring the stored
    // sign-in from the keychain. Finishes with exit 5 when there is none.
    void withSignIn(std::function<void()> next);

    // Times and dates in the chosen language, in local time.
    QString formatDateTime(const QDateTime &utc) const;

signals:
    void finished(int exitCode);

private:
    Console &m_console;
    AppServices &m_services;
    const QCommandLineParser &m_parser;
    QStringList m_arguments;
    bool m_finished = false;
    int m_exitCode = 0;
};

// Texts shared by several commands.
class CliText
{
    Q_DECLARE_TR_FUNCTIONS(CliText)
public:
    static QString loginAdvice();
    static QString tokenRejectedAdvice();
};

} // namespace qd::cli
