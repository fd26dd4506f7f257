#include "CommandContext.h"

#include "ExitCodes.h"
#include "auth/AuthSession.h"
#include "domain/QualificationRequest.h"
#include "i18n/LocaleFormat.h"

#include <QCommandLineParser>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace qd::cli {

CommandContext::CommandContext(Console &console, AppServices &services, const QCommandLineParser &parser,
                               QStringList arguments, QObject *parent)
    : QObject(parent), m_console(console), m_services(services), m_parser(parser),
      m_arguments(std::move(arguments))
{}

void CommandContext::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_exitCode = exitCode;
    emit finished(exitCode);
}

void CommandContext::usageError(const QString &message)
{
    m_console.error(message);
    finish(ExitUsage);
}

std::optional<TenantId> CommandContext::tenantIdArgument()
{
    if (m_arguments.size() != 1) {
        usageError(CliText::tr("Give exactly one customer tenant ID."));
        return std::nullopt;
    }
    const std::optional<TenantId> tenant = TenantId::parse(m_arguments.constFirst());
    if (!tenant)
        usageError(QualificationRequest::tenantIdIssue().message);
    return tenant;
}

bool CommandContext::noArguments(const QString &hint)
{
    if (m_arguments.isEmpty())
        return true;
    usageError(hint.isEmpty() ? CliText::tr("This command takes no arguments.") : hint);
    return false;
}

bool CommandContext::historyUsable(bool sending)
{
    if (m_services.isStoreOpen())
        return true;
    const QString reason = m_services.storeError().message;
    m_console.error(
        sending ? CliText::tr("The submission history cannot be used, so nothing was sent: %1").arg(reason)
                : reason);
    finish(ExitFailure);
    return false;
}

void CommandContext::apiError(const ApiError &error)
{
    m_console.error(error.userMessage());
    QStringList ids;
    if (!error.requestId.isEmpty())
        ids << CliText::tr("Request ID: %1").arg(error.requestId);
    if (!error.correlationId.isEmpty())
        ids << CliText::tr("Correlation ID: %1").arg(error.correlationId);
    if (!ids.isEmpty() && error.kind != ApiError::Kind::InvalidInput)
        m_console.message(ids.join("  "_L1));
    if (error.kind == ApiError::Kind::Authentication)
        m_console.message(m_services.usesStaticToken() ? CliText::tokenRejectedAdvice()
                                                       : CliText::loginAdvice());
    if (!error.detail.isEmpty())
        m_console.debug(error.detail);
    finish(ExitCodes::forError(error));
}

void CommandContext::notSignedIn(const QString &reason)
{
    if (!reason.isEmpty())
        m_console.error(reason);
    m_console.message(CliText::loginAdvice());
    finish(ExitNotSignedIn);
}

void CommandContext::withSignIn(std::function<void()> next)
{
    if (m_services.usesStaticToken()) {
        next();
        return;
    }
    AuthSession *session = m_services.authSession();
    if (session->isSignedIn()) {
        next();
        return;
    }

    // Exactly one of the session's end signals continues the command.
    auto done = std::make_shared<bool>(false);
    auto once = [done](auto f) {
        return [done, f](auto &&...args) {
            if (*done)
                return;
            *done = true;
            f(args...);
        };
    };

    if (settings().demo) {
        // The simulator approves the authorize step at once; a loopback "browser" follows its
        // redirect, so this is the production browser flow end to end.
        connect(session, &AuthSession::signedIn, this, once([next] { next(); }));
        connect(session, &AuthSession::signInFailed, this, once([this](const QString &message) {
                    m_console.error(CliText::tr("Signing in to the demo service failed: %1").arg(message));
                    finish(ExitFailure);
                }));
        session->signInWithBrowser(AuthSession::loopbackBrowser(m_services.network()));
        return;
    }

    connect(session, &AuthSession::restoreFinished, this, once([this, session, next](bool signedIn) {
                if (signedIn) {
                    next();
                    return;
                }
                QString reason = session->lastMessage();
                if (reason.isEmpty())
                    reason = AuthSession::reasonMessage(session->signOutReason());
                notSignedIn(reason);
            }));
    m_console.debug(CliText::tr("Restoring the stored sign-in."));
    session->restore();
}

QString CommandContext::formatDateTime(const QDateTime &utc) const
{
    return LocaleFormat::dateTime(utc, settings().locale());
}

QString CliText::loginAdvice()
{
    return tr("Sign in with: qualdesk-cli login (or qualdesk-cli login --device-code on a machine without a "
              "browser).");
}

QString CliText::tokenRejectedAdvice()
{
    return tr("The access token in QUALDESK_ACCESS_TOKEN was rejected. Set a valid token, or unset the "
              "variable and run: qualdesk-cli login");
}

} // namespace qd::cli
