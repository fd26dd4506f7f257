#include "SignInCommands.h"

#include "CommandContext.h"
#include "ExitCodes.h"
#include "TableFormatter.h"
#include "auth/AuthSession.h"
#include "auth/IdTokenClaims.h"
#include "submission/SubmissionService.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace qd::cli {

// ---- login ----

QString LoginCommand::summary() const
{
    return tr("Sign in as a partner user (browser, or --device-code).");
}

void LoginCommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOption(
        {u"device-code"_s, tr("Sign in on another device with a code instead of a browser here.")});
}

bool LoginCommand::openBrowser(const QUrl &url, const QProcessEnvironment &environment)
{
    const QString address = url.toString(QUrl::FullyEncoded);
    const QStringList browsers = environment.value(u"BROWSER"_s).split(u':', Qt::SkipEmptyParts);
    for (const QString &entry : browsers) {
        QStringList parts = QProcess::splitCommand(entry);
        if (parts.isEmpty())
            continue;
        const QString program = parts.takeFirst();
        bool substituted = false;
        for (QString &part : parts) {
            if (part.contains("%s"_L1)) {
                part.replace("%s"_L1, address);
                substituted = true;
            }
        }
        if (!substituted)
            parts << address;
        if (QProcess::startDetached(program, parts))
            return true;
    }
    const QString xdgOpen = QStandardPaths::findExecutable(u"xdg-open"_s);
    return !xdgOpen.isEmpty() && QProcess::startDetached(xdgOpen, {address});
}

void LoginCommand::run(CommandContext &ctx)
{
    if (!ctx.noArguments())
        return;
    AppServices &services = ctx.services();
    if (services.usesStaticToken())
        ctx.console().message(
            tr("Note: QUALDESK_ACCESS_TOKEN is set, so other commands use that token, not this sign-in."));

    if (ctx.settings().demo) {
        ctx.withSignIn([&ctx] {
            AuthSession *session = ctx.services().authSession();
            WhoamiCommand::printAccount(ctx, session->account(), u"demo"_s, session->isPersistent());
            ctx.finish(ExitOk);
        });
        return;
    }

    QString problem;
    if (!services.authConfig().validate(&problem)) {
        ctx.usageError(problem);
        return;
    }

    AuthSession *session = services.authSession();
    QObject::connect(session, &AuthSession::keychainUnavailable, &ctx, [&ctx](const QString &message) {
        ctx.console().message(tr("Warning: %1").arg(message));
    });
    QObject::connect(session, &AuthSession::signedIn, &ctx, [&ctx, session] {
        if (!session->isPersistent())
            ctx.console().message(
                tr("The sign-in could not be stored in the keychain; other commands will not see it."));
        WhoamiCommand::printAccount(ctx, session->account(), u"keychain"_s, session->isPersistent());
        ctx.finish(ExitOk);
    });
    QObject::connect(session, &AuthSession::signInFailed, &ctx, [&ctx](const QString &message) {
        ctx.console().error(tr("Sign-in failed: %1").arg(message));
        ctx.finish(ExitNotSignedIn);
    });

    if (ctx.parser().isSet(u"device-code"_s)) {
        DeviceCodeSignIn *flow = session->signInWithDeviceCode();
        QObject::connect(flow, &DeviceCodeSignIn::userCodeReady, &ctx, [&ctx](const DeviceCodeInfo &info) {
            ctx.console().message(tr("To sign in, open %1 in a browser and enter the code %2")
                                      .arg(info.verificationUri.toString(), info.userCode));
            ctx.console().message(tr("Waiting for the sign-in to finish…"));
        });
        return;
    }

    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    BrowserSignIn *flow = session->signInWithBrowser([&ctx, environment](const QUrl &url) {
        ctx.console().message(tr("Sign in in your browser. If it does not open, visit this address:"));
        ctx.console().message(url.toString(QUrl::FullyEncoded));
        const bool opened = openBrowser(url, environment);
        ctx.console().message(tr("Waiting for the sign-in to finish…"));
        return opened;
    });
    if (!flow)
        return;
    // No browser here (a jump host, a minimal desktop) or one that never comes back: the same
    // address works in a browser on any machine that can reach this one, or a code does.
    QObject::connect(flow, &BrowserSignIn::browserOpenFailed, &ctx, [&ctx](const QUrl &url) {
        ctx.console().message(tr("No browser could be opened. Open %1 in a browser yourself, or sign in "
                                 "with a code on any device: qualdesk-cli login --device-code")
                                  .arg(url.toString(QUrl::FullyEncoded)));
    });
    QObject::connect(flow, &BrowserSignIn::browserNotAnswering, &ctx, [&ctx](const QUrl &url) {
        ctx.console().message(
            tr("The browser has not answered. Open %1 in a browser yourself, or press "
               "Ctrl+C and sign in with a code on any device: qualdesk-cli login --device-code")
                .arg(url.toString(QUrl::FullyEncoded)));
    });
}

// ---- logout ----

QString LogoutCommand::summary() const
{
    return tr("Sign out and forget the stored sign-in.");
}

void LogoutCommand::run(CommandContext &ctx)
{
    if (!ctx.noArguments())
        return;
    if (ctx.services().authConfig().clientId.isEmpty() && !ctx.settings().demo) {
        // Without a client ID there is no stored sign-in to name.
        ctx.console().print(tr("Not signed in.") + u'\n');
        ctx.finish(ExitOk);
        return;
    }
    AuthSession *session = ctx.services().authSession();
    QObject::connect(session, &AuthSession::signedOut, &ctx,
                     [&ctx](AuthSession::SignOutReason, const QString &message) {
                         Q_UNUSED(message);
                         if (ctx.json())
                             ctx.console().printJson(QJsonObject{{u"signedIn"_s, false}});
                         else
                             ctx.console().print(tr("Signed out.") + u'\n');
                         ctx.finish(ExitOk);
                     });
    session->signOut();
}

// ---- whoami ----

QString WhoamiCommand::summary() const
{
    return tr("Show who is signed in and which Partner Center is used.");
}

void WhoamiCommand::printAccount(CommandContext &ctx, const IdTokenClaims &account, const QString &source,
                                 bool persistent)
{
    const AppSettings &settings = ctx.settings();
    if (ctx.json()) {
        auto orNull = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
        ctx.console().printJson(QJsonObject{
            {u"signedIn"_s, true},
            {u"name"_s, orNull(account.name)},
            {u"upn"_s, orNull(account.preferredUsername)},
            {u"tenantId"_s, orNull(account.tenantId)},
            {u"source"_s, source},
            {u"persistent"_s, persistent},
            {u"environment"_s,
             QString(settings.environmentKind() == EnvironmentKind::Demo         ? "demo"_L1
                     : settings.environmentKind() == EnvironmentKind::Production ? "production"_L1
                                                                                 : "custom"_L1)},
            {u"baseUrl"_s, settings.baseUrl.toString()},
            {u"authority"_s, settings.authority.toString()},
        });
        return;
    }
    QList<QPair<QString, QString>> rows;
    if (!account.name.isEmpty())
        rows.append({tr("Name"), account.name});
    if (!account.preferredUsername.isEmpty())
        rows.append({tr("User"), account.preferredUsername});
    if (!account.tenantId.isEmpty())
        rows.append({tr("Partner tenant"), account.tenantId});
    rows.append({tr("Signed in with"), source == "environment"_L1
                                           ? tr("access token from QUALDESK_ACCESS_TOKEN")
                                       : source == "demo"_L1 ? tr("demo sign-in")
                                       : persistent          ? tr("stored sign-in (keychain)")
                                                             : tr("sign-in for this process only")});
    rows.append({tr("Environment"), AppSettings::environmentName(settings.environmentKind())});
    rows.append({tr("Partner Center"), settings.baseUrl.toString()});
    if (source != "environment"_L1)
        rows.append({tr("Sign-in authority"), settings.authority.toString()});
    ctx.console().print(TableFormatter::keyValue(rows));
}

void WhoamiCommand::run(CommandContext &ctx)
{
    if (!ctx.noArguments())
        return;
    if (ctx.services().usesStaticToken()) {
        // The token is not checked here; an opaque token names nobody.
        const SubmitterIdentity who = ctx.services().identity();
        IdTokenClaims claims;
        claims.preferredUsername = who.user;
        claims.tenantId = who.partnerTenant;
        printAccount(ctx, claims, u"environment"_s, false);
        ctx.finish(ExitOk);
        return;
    }
    ctx.withSignIn([&ctx] {
        AuthSession *session = ctx.services().authSession();
        printAccount(ctx, session->account(), ctx.settings().demo ? u"demo"_s : u"keychain"_s,
                     session->isPersistent());
        ctx.finish(ExitOk);
    });
}

} // namespace qd::cli
