#include "AuthConfig.h"

#include <QHostAddress>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace qd {

namespace {

bool isLoopbackHost(const QString &host)
{
    if (host.compare("localhost"_L1, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// A URL given in settings or the environment, kept even when it does not parse so that
// validate() can name it.
QUrl urlFromText(const QString &text)
{
    return QUrl(text.trimmed(), QUrl::StrictMode);
}

QUrl endpoint(const QUrl &authority, QStringView tail)
{
    QUrl url = authority;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + tail);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

} // namespace

QUrl AuthConfig::defaultAuthority()
{
    return QUrl(u"https://login.microsoftonline.com/organizations"_s);
}

QString AuthConfig::defaultScope()
{
    return u"https://api.partnercenter.microsoft.com/user_impersonation offline_access openid profile"_s;
}

QString AuthConfig::authoritySettingsKey()
{
    return u"auth/authority"_s;
}

QString AuthConfig::clientIdSettingsKey()
{
    return u"auth/clientId"_s;
}

AuthConfig AuthConfig::resolve(const QString &authorityArgument, const QString &clientIdArgument,
                               const QSettings &settings, const QProcessEnvironment &environment)
{
    const auto pick = [&](const QString &argument, const QString &envName, const QString &key) {
        if (!argument.trimmed().isEmpty())
            return argument.trimmed();
        const QString fromEnv = environment.value(envName).trimmed();
        if (!fromEnv.isEmpty())
            return fromEnv;
        return settings.value(key).toString().trimmed();
    };

    AuthConfig config;
    const QString authority = pick(authorityArgument, u"QUALDESK_AUTHORITY"_s, authoritySettingsKey());
    if (!authority.isEmpty())
        config.authority = urlFromText(authority);
    config.clientId = pick(clientIdArgument, u"QUALDESK_CLIENT_ID"_s, clientIdSettingsKey());
    return config;
}

AuthConfig AuthConfig::resolve(const QString &authorityArgument, const QString &clientIdArgument)
{
    const QSettings settings;
    return resolve(authorityArgument, clientIdArgument, settings);
}

void AuthConfig::save(QSettings &settings) const
{
    settings.setValue(authoritySettingsKey(), authority.toString());
    settings.setValue(clientIdSettingsKey(), clientId);
}

bool AuthConfig::validate(QString *error) const
{
    const auto failWith = [error](const QString &text) {
        if (error)
            *error = text;
        return false;
    };
    if (clientId.trimmed().isEmpty()) {
        return failWith(tr("No client ID is configured. Register QualDesk as a \"Mobile and desktop\" "
                           "application in your partner tenant and set its client ID in the settings, "
                           "with --client-id or in QUALDESK_CLIENT_ID."));
    }
    if (!authority.isValid() || authority.host().isEmpty() || authority.isRelative()) {
        return failWith(tr("The sign-in authority \"%1\" is not a valid address.").arg(authority.toString()));
    }
    const QString scheme = authority.scheme().toLower();
    const bool https = scheme == "https"_L1;
    const bool loopbackHttp = scheme == "http"_L1 && isLoopbackHost(authority.host());
    if (!https && !loopbackHttp) {
        return failWith(tr("The sign-in authority \"%1\" must use HTTPS.").arg(authority.toString()));
    }
    if (scope.trimmed().isEmpty())
        return failWith(tr("No sign-in scope is configured."));
    return true;
}

QUrl AuthConfig::authorizeUrl() const
{
    return endpoint(authority, u"/oauth2/v2.0/authorize");
}

QUrl AuthConfig::tokenUrl() const
{
    return endpoint(authority, u"/oauth2/v2.0/token");
}

QUrl AuthConfig::deviceCodeUrl() const
{
    return endpoint(authority, u"/oauth2/v2.0/devicecode");
}

static QStringList scopeItems(const QString &scope)
{
    return scope.split(u' ', Qt::SkipEmptyParts);
}

bool AuthConfig::requestsOfflineAccess() const
{
    return scopeItems(scope).contains("offline_access"_L1, Qt::CaseInsensitive);
}

bool AuthConfig::requestsOpenId() const
{
    return scopeItems(scope).contains("openid"_L1, Qt::CaseInsensitive);
}

QStringList AuthConfig::resourceScopes() const
{
    static const QStringList identityScopes = {u"offline_access"_s, u"openid"_s, u"profile"_s, u"email"_s};
    QStringList result;
    for (const QString &item : scopeItems(scope)) {
        if (!identityScopes.contains(item, Qt::CaseInsensitive))
            result << item;
    }
    return result;
}

QString AuthConfig::storageKey() const
{
    QUrl normalized = authority.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
    normalized.setScheme(normalized.scheme().toLower());
    normalized.setHost(normalized.host().toLower());
    return u"refresh-token:"_s + clientId.trimmed() + u'@' + normalized.toString();
}

} // namespace qd
