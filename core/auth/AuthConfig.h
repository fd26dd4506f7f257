#pragma once

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

class QSettings;

namespace qd {

// Where and as whom QualDesk signs in: the identity authority, the partner's own app
// registration (client ID) and the scope. No client ID is shipped.
struct AuthConfig
{
    Q_DECLARE_TR_FUNCTIONS(AuthConfig)
public:
    static QUrl defaultAuthority(); // https://login.microsoftonline.com/organizations
    static QString defaultScope();  // Partner Center user_impersonation offline_access openid profile

    // Keys read from QSettings.
    static QString authoritySettingsKey(); // "auth/authority"
    static QString clientIdSettingsKey();  // "auth/clientId"

    QUrl authority = defaultAuthority();
    QString clientId;
    QString scope = defaultScope();
    // Host of the loopback redirect URI: "localhost" (what the Entra portal registers for
    // "Mobile and desktop" apps; the port is not compared) or "127.0.0.1".
    QString redirectHost = QStringLiteral("localhost");
    int requestTimeoutMs = 30000;         // per HTTP request to the identity service
    int browserTimeoutMs = 5 * 60 * 1000; // how long the browser step may take
    // How long after the browser was opened the loopback redirect may stay silent before the
    // address and the device-code sign-in are offered (the flow keeps waiting); 0: never.
    int browserNoAnswerMs = 30000;

    // Resolution order: command line (non-empty arguments) > environment (QUALDESK_AUTHORITY,
    // QUALDESK_CLIENT_ID) > settings > defaults. An authority given as text that is not a
    // valid URL is kept as given so validate() can report it.
    static AuthConfig
    resolve(const QString &authorityArgument, const QString &clientIdArgument, const QSettings &settings,
            const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    // Same, with the application's default QSettings.
    static AuthConfig resolve(const QString &authorityArgument = {}, const QString &clientIdArgument = {});
    // Stores authority and client ID (the settings dialog uses it).
    void save(QSettings &settings) const;

    // True when sign-in can start; otherwise error gets a translated sentence
    // ("No client ID is configured...", "The sign-in authority must use HTTPS...").
    bool validate(QString *error = nullptr) const;

    QUrl authorizeUrl() const;  // {authority}/oauth2/v2.0/authorize
    QUrl tokenUrl() const;      // {authority}/oauth2/v2.0/token
    QUrl deviceCodeUrl() const; // {authority}/oauth2/v2.0/devicecode

    // offline_access was requested, so the token response must carry a refresh token.
    bool requestsOfflineAccess() const;
    // openid was requested, so the token response must carry an ID token.
    bool requestsOpenId() const;
    // The resource scopes (not offline_access/openid/profile/email) the access token is for.
    QStringList resourceScopes() const;

    // The keychain key of the stored sign-in: one per authority and client ID.
    QString storageKey() const;
};

} // namespace qd
