#include "AppSettings.h"

#include "NetworkSetup.h"
#include "history/SubmissionStore.h"

#include <QCommandLineParser>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace qd {

namespace Option {
constexpr auto BaseUrl = "base-url"_L1;
constexpr auto Authority = "authority"_L1;
constexpr auto ClientId = "client-id"_L1;
constexpr auto Lang = "lang"_L1;
constexpr auto DataDir = "data-dir"_L1;
constexpr auto Timeout = "timeout"_L1;
constexpr auto Proxy = "proxy"_L1;
constexpr auto CaFile = "ca-file"_L1;
constexpr auto History = "history"_L1;
constexpr auto Offline = "offline"_L1;
constexpr auto Demo = "demo"_L1;
constexpr auto Verbose = "verbose"_L1;
} // namespace Option

namespace {

// The first non-empty of: the option (when set), the environment variable, the settings key.
QString pick(const AppSettings::Sources &s, QLatin1StringView option, const QString &envVar,
             QLatin1StringView key)
{
    if (s.parser && s.parser->isSet(option))
        return s.parser->value(option).trimmed();
    const QString fromEnv = s.environment.value(envVar).trimmed();
    if (!fromEnv.isEmpty())
        return fromEnv;
    if (s.settings && !key.isEmpty())
        return s.settings->value(key).toString().trimmed();
    return {};
}

QUrl toUrl(const QString &text)
{
    QUrl url(text, QUrl::StrictMode);
    // Keep "https://host/organizations/" and "https://host/organizations" the same authority.
    return url.adjusted(QUrl::StripTrailingSlash);
}

} // namespace

QUrl AppSettings::defaultBaseUrl()
{
    return QUrl(u"https://api.partnercenter.microsoft.com"_s);
}

QUrl AppSettings::defaultAuthority()
{
    return QUrl(u"https://login.microsoftonline.com/organizations"_s);
}

EnvironmentKind AppSettings::environmentKind() const
{
    if (demo)
        return EnvironmentKind::Demo;
    return baseUrl.adjusted(QUrl::StripTrailingSlash) == defaultBaseUrl() ? EnvironmentKind::Production
                                                                          : EnvironmentKind::Custom;
}

QString AppSettings::environmentName(EnvironmentKind kind)
{
    switch (kind) {
    case EnvironmentKind::Production:
        return tr("Production");
    case EnvironmentKind::Demo:
        return tr("Demo (simulated Partner Center)");
    case EnvironmentKind::Custom:
        return tr("Custom server");
    }
    return {};
}

QString AppSettings::xLocale() const
{
    return language == "cs"_L1 ? u"cs-CZ"_s : u"en-US"_s;
}

QLocale AppSettings::locale() const
{
    return language == "cs"_L1 ? QLocale(QLocale::Czech, QLocale::Czechia)
                               : QLocale(QLocale::English, QLocale::UnitedStates);
}

QStringList AppSettings::validate() const
{
    QStringList problems = inputProblems;
    QString reason;
    if (!isAllowedEndpoint(baseUrl, &reason))
        problems << tr("Partner Center address: %1").arg(reason);
    if (!isAllowedEndpoint(authority, &reason))
        problems << tr("Sign-in authority: %1").arg(reason);
    if (dataDir.isEmpty())
        problems << tr("No data folder is configured.");
    problems << NetworkSetup::validate(proxy, caFile);
    if (!historyServer.isEmpty()) {
        if (const QString problem = SubmissionStore::checkServerLocation(historyServer); !problem.isEmpty())
            problems << problem;
    }
    return problems;
}

bool AppSettings::usesHistoryServer() const
{
    return !historyServer.isEmpty() && !offline;
}

QString AppSettings::historyLocation() const
{
    return usesHistoryServer() ? historyServer : historyDir();
}

QString AppSettings::historyDir() const
{
    if (dataDir.isEmpty() || !demo)
        return dataDir;
    return QDir(dataDir).filePath(u"demo"_s);
}

bool AppSettings::ensureHistoryDir(QString *errorMessage) const
{
    const QString dir = historyDir();
    if (!dir.isEmpty() && QDir().mkpath(dir))
        return true;
    if (errorMessage)
        *errorMessage = tr("The data folder \"%1\" cannot be created.").arg(QDir::toNativeSeparators(dir));
    return false;
}

void AppSettings::save(QSettings &settings) const
{
    settings.setValue(SettingsKey::BaseUrl, baseUrl.toString());
    settings.setValue(SettingsKey::Authority, authority.toString());
    settings.setValue(SettingsKey::ClientId, clientId);
    settings.setValue(SettingsKey::TimeoutSeconds, requestTimeoutMs / 1000);
    saveNetwork(settings);
    saveHistory(settings);
}

void AppSettings::saveNetwork(QSettings &settings) const
{
    // A proxy password belongs in the keychain (the proxy dialog's "remember"), never here.
    const QUrl proxyUrl(proxy.contains("://"_L1) ? proxy : u"http://"_s + proxy, QUrl::StrictMode);
    const bool hasPassword = proxyUrl.isValid() && !proxyUrl.password().isEmpty();
    settings.setValue(SettingsKey::Proxy,
                      hasPassword ? proxyUrl.adjusted(QUrl::RemovePassword).toString() : proxy);
    settings.setValue(SettingsKey::CaFile, caFile);
}

void AppSettings::saveHistory(QSettings &settings) const
{
    // The server's password belongs in the keychain, never here.
    const QUrl server(historyServer);
    settings.setValue(SettingsKey::History,
                      server.password().isEmpty() ? historyServer : server.toString(QUrl::RemovePassword));
    settings.setValue(SettingsKey::HistoryOffline, offline);
}

AppSettings AppSettings::resolve(const Sources &s)
{
    AppSettings a;
    const QString base = pick(s, Option::BaseUrl, u"QUALDESK_BASE_URL"_s, SettingsKey::BaseUrl);
    if (!base.isEmpty())
        a.baseUrl = toUrl(base);
    const QString authority = pick(s, Option::Authority, u"QUALDESK_AUTHORITY"_s, SettingsKey::Authority);
    if (!authority.isEmpty())
        a.authority = toUrl(authority);
    a.clientId = pick(s, Option::ClientId, u"QUALDESK_CLIENT_ID"_s, SettingsKey::ClientId);

    QString dir = pick(s, Option::DataDir, u"QUALDESK_DATA_DIR"_s, {});
    if (dir.isEmpty())
        dir = s.defaultDataDir;
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    a.dataDir = dir.isEmpty() ? QString() : QDir::cleanPath(QDir(dir).absolutePath());

    // Language: --lang, otherwise the environment's locale. The window's saved Language menu
    // choice is the window's own (LanguageManager applies it there); a script gets what its
    // environment says. QUALDESK_* has no say here: the locale variables already are the
    // environment.
    QString lang;
    if (s.parser && s.parser->isSet(Option::Lang)) {
        const QString given = s.parser->value(Option::Lang);
        lang = normalizeLanguage(given);
        if (lang.isEmpty())
            a.inputProblems << tr("Unsupported language \"%1\": use cs or en.").arg(given);
    }
    if (lang.isEmpty())
        lang = languageFromEnvironment(s.environment);
    a.language = lang;

    const QString timeout = pick(s, Option::Timeout, u"QUALDESK_TIMEOUT"_s, SettingsKey::TimeoutSeconds);
    if (!timeout.isEmpty()) {
        bool ok = false;
        const int seconds = timeout.toInt(&ok);
        if (ok && seconds > 0 && seconds <= 3600)
            a.requestTimeoutMs = seconds * 1000;
        else
            a.inputProblems
                << tr("The request timeout must be a number of seconds between 1 and 3600, not \"%1\".")
                       .arg(timeout);
    }

    a.proxy = pick(s, Option::Proxy, u"QUALDESK_PROXY"_s, SettingsKey::Proxy);
    a.caFile = pick(s, Option::CaFile, u"QUALDESK_CA_FILE"_s, SettingsKey::CaFile);
    if (!a.caFile.isEmpty())
        a.caFile = QDir::cleanPath(QDir(a.caFile).absolutePath());
    // How long the browser may stay silent before the address and a code are offered.
    bool waitOk = false;
    const double wait = s.environment.value(u"QUALDESK_BROWSER_WAIT"_s).trimmed().toDouble(&waitOk);
    if (waitOk && wait >= 0 && wait <= 3600)
        a.browserWaitMs = int(wait * 1000);

    a.historyServer = pick(s, Option::History, u"QUALDESK_HISTORY"_s, SettingsKey::History);
    if (a.historyServer.compare(u"local"_s, Qt::CaseInsensitive) == 0)
        a.historyServer.clear(); // --history local: this desk's own file, whatever is saved
    const QString offline = s.environment.value(u"QUALDESK_OFFLINE"_s).trimmed();
    a.offline = (s.parser && s.parser->isSet(Option::Offline)) || (!offline.isEmpty() && offline != u"0"_s) ||
                (s.settings && s.settings->value(SettingsKey::HistoryOffline).toBool());

    a.demo = s.parser && s.parser->isSet(Option::Demo);
    // Simulated submissions never go to the team's real history: --demo uses a server only
    // when one is given for this run (--history, QUALDESK_HISTORY), never the saved one.
    if (a.demo && !(s.parser && s.parser->isSet(Option::History)) &&
        s.environment.value(u"QUALDESK_HISTORY"_s).trimmed().isEmpty())
        a.historyServer.clear();
    a.verbose = s.parser && s.parser->isSet(Option::Verbose);
    return a;
}

void AppSettings::applyApplicationIdentity()
{
    QCoreApplication::setOrganizationName(u"QualDesk"_s);
    QCoreApplication::setOrganizationDomain(u"qualdesk.org"_s);
    QCoreApplication::setApplicationName(u"QualDesk"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(QUALDESK_VERSION));
}

void AppSettings::addCommonOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QString(Option::BaseUrl),
         tr("Partner Center address (default %1; environment QUALDESK_BASE_URL).")
             .arg(defaultBaseUrl().toString()),
         tr("URL")},
        {QString(Option::Authority),
         tr("Sign-in authority (default %1; environment QUALDESK_AUTHORITY).")
             .arg(defaultAuthority().toString()),
         tr("URL")},
        {QString(Option::ClientId),
         tr("Application (client) ID of your app registration (environment QUALDESK_CLIENT_ID)."), tr("ID")},
        {QString(Option::Lang), tr("Language of messages: cs or en (default: the system's)."), tr("LANG")},
        {QString(Option::DataDir), tr("Folder for the submission history (environment QUALDESK_DATA_DIR)."),
         tr("DIR")},
        {QString(Option::Timeout),
         tr("Timeout of one network request, in seconds (default %1).").arg(DefaultTimeoutSeconds),
         tr("SECONDS")},
        {QString(Option::Proxy),
         tr("Proxy: system (default), none, or a URL such as http://user:password@proxy:3128 "
            "(environment QUALDESK_PROXY)."),
         tr("URL")},
        {QString(Option::CaFile),
         tr("PEM file of extra CA certificates to trust, such as a company proxy's (environment "
            "QUALDESK_CA_FILE)."),
         tr("FILE")},
        {QString(Option::History),
         tr("A team's history server, such as postgresql://user@host:5432/database, or local for this "
            "computer's own history (environment QUALDESK_HISTORY). The password comes from the keychain, "
            "~/.pgpass or the URL."),
         tr("URL")},
        {QString(Option::Offline),
         tr("Work offline: keep new submissions in this computer's history and push them to the team's "
            "history server once it can be reached again (environment QUALDESK_OFFLINE=1).")},
        {QString(Option::Demo), tr("Use a built-in simulated Partner Center instead of the real one.")},
        {QString(Option::Verbose), tr("Print diagnostic messages (never any token).")},
    });
}

QString AppSettings::normalizeLanguage(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == "cs"_L1 || t.startsWith("cs_"_L1) || t.startsWith("cs-"_L1) || t.startsWith("cs."_L1) ||
        t == "czech"_L1 || t == u"čeština"_s)
        return u"cs"_s;
    if (t == "en"_L1 || t.startsWith("en_"_L1) || t.startsWith("en-"_L1) || t.startsWith("en."_L1) ||
        t == "english"_L1)
        return u"en"_s;
    return {};
}

QString AppSettings::languageFromEnvironment(const QProcessEnvironment &environment)
{
    // The POSIX order: LANGUAGE (a list) wins, then LC_ALL, LC_MESSAGES, LANG.
    for (const QString &var : {u"LANGUAGE"_s, u"LC_ALL"_s, u"LC_MESSAGES"_s, u"LANG"_s}) {
        const QString value = environment.value(var).trimmed();
        if (value.isEmpty())
            continue;
        const QString first = value.section(u':', 0, 0);
        // "C" or "POSIX" states no language: English.
        return normalizeLanguage(first) == "cs"_L1 ? u"cs"_s : u"en"_s;
    }
    return u"en"_s;
}

bool AppSettings::isLoopbackHost(const QString &host)
{
    const QString h = host.toLower();
    if (h == "localhost"_L1 || h == "::1"_L1 || h == "[::1]"_L1)
        return true;
    // 127.0.0.0/8, written as four decimal parts.
    const QStringList parts = h.split(u'.');
    if (parts.size() != 4 || parts.first() != "127"_L1)
        return false;
    for (const QString &p : parts) {
        bool ok = false;
        const int n = p.toInt(&ok);
        if (!ok || n < 0 || n > 255)
            return false;
    }
    return true;
}

bool AppSettings::isAllowedEndpoint(const QUrl &url, QString *reason)
{
    const QString shown = url.toDisplayString();
    QString why;
    if (!url.isValid() || url.host().isEmpty())
        why = tr("\"%1\" is not a valid address.").arg(shown);
    else if (url.scheme() == "https"_L1)
        return true;
    else if (url.scheme() == "http"_L1 && isLoopbackHost(url.host()))
        return true;
    else if (url.scheme() == "http"_L1)
        why = tr("\"%1\" must use HTTPS (plain HTTP is allowed only for this computer).").arg(shown);
    else
        why = tr("\"%1\" must be an https:// address.").arg(shown);
    if (reason)
        *reason = why;
    return false;
}

} // namespace qd
