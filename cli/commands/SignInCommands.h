#pragma once

#include "Command.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QUrl>

namespace qd {
struct IdTokenClaims;
}

namespace qd::cli {

// login [--device-code]: interactive sign-in; the refresh token goes to the keychain.
class LoginCommand final : public Command
{
    Q_DECLARE_TR_FUNCTIONS(LoginCommand)
public:
    QString name() const override { return QStringLiteral("login"); }
    QString synopsis() const override { return QStringLiteral("[--device-code]"); }
    QString summary() const override;
    void addOptions(QCommandLineParser &parser) const override;
    void run(CommandContext &context) override;

    // Opens url with $BROWSER (a ':'-separated list of commands, "%s" replaced by the URL)
    // or xdg-open, detached. False when none could be started.
    static bool openBrowser(const QUrl &url, const QProcessEnvironment &environment);
};

// logout: forgets the stored sign-in.
class LogoutCommand final : public Command
{
    Q_DECLARE_TR_FUNCTIONS(LogoutCommand)
public:
    QString name() const override { return QStringLiteral("logout"); }
    QString synopsis() const override { return {}; }
    QString summary() const override;
    void run(CommandContext &context) override;
};

// whoami: who is signed in, against which Partner Center.
class WhoamiCommand final : public Command
{
    Q_DECLARE_TR_FUNCTIONS(WhoamiCommand)
public:
    QString name() const override { return QStringLiteral("whoami"); }
    QString synopsis() const override { return {}; }
    QString summary() const override;
    void run(CommandContext &context) override;

    // Prints the account (table or JSON); shared with login.
    static void printAccount(CommandContext &ctx, const IdTokenClaims &account, const QString &source,
                             bool persistent);
};

} // namespace qd::cli
