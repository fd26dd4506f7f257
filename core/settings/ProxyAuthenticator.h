#pragma once

#include <QHash>
#include <QNetworkProxy>
#include <QObject>
#include <QPointer>
#include <functional>

class QAuthenticator;
class QNetworkAccessManager;

namespace qd {

class TokenStore;

// Answers a proxy's request for credentials (HTTP 407: Basic, NTLM, Negotiate, as Qt offers
// them). In order: the user name and password of the proxy URL (Qt sends those itself), the
// ones remembered in the keychain, then a person through the prompter (the window's dialog).
// After MaxAttempts refusals of one proxy it stops answering, so the request fails with a
// message that names the proxy. Nothing of it goes to QSettings or a log.
class ProxyAuthenticator : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxAttempts = 3;

    struct Credentials
    {
        QString user;
        QString password;
        bool remember = false; // keep them in the keychain
    };
    // Asks for credentials for proxyName ("host:port"); false when the person cancels.
    // attempt counts from 1. Runs inside Qt's signal, so it may show a modal dialog.
    using Prompter = std::function<bool(const QString &proxyName, int attempt, Credentials *credentials)>;

    ProxyAuthenticator(QNetworkAccessManager *network, TokenStore *keychain, QObject *parent = nullptr);

    void setPrompter(Prompter prompter) { m_prompter = std::move(prompter); }
    // Reads what the keychain remembers for proxy, so a later 407 can be answered at once (the
    // keychain answers asynchronously, Qt's signal wants an answer now).
    void preload(const QNetworkProxy &proxy);
    bool hasRemembered(const QString &proxyName) const { return m_remembered.contains(proxyName); }

    static QString keyFor(const QString &proxyName) { return QStringLiteral("proxy:") + proxyName; }

signals:
    // A proxy refused MaxAttempts times, or the person cancelled.
    void gaveUp(const QString &proxyName);

private:
    void onRequired(const QNetworkProxy &proxy, QAuthenticator *authenticator);

    QPointer<TokenStore> m_keychain;
    Prompter m_prompter;
    QHash<QString, int> m_attempts;
    QHash<QString, Credentials> m_remembered;
};

} // namespace qd
