#include "ProxyAuthenticator.h"

#include "NetworkSetup.h"
#include "auth/TokenStore.h"

#include <QAuthenticator>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace qd {

ProxyAuthenticator::ProxyAuthenticator(QNetworkAccessManager *network, TokenStore *keychain, QObject *parent)
    : QObject(parent), m_keychain(keychain)
{
    connect(network, &QNetworkAccessManager::proxyAuthenticationRequired, this,
            &ProxyAuthenticator::onRequired);
    // Any answer that got past the proxy starts the count again.
    connect(network, &QNetworkAccessManager::finished, this, [this](QNetworkReply *reply) {
        if (reply->error() != QNetworkReply::ProxyAuthenticationRequiredError)
            m_attempts.clear();
    });
}

void ProxyAuthenticator::preload(const QNetworkProxy &proxy)
{
    const QString name = NetworkSetup::proxyName(proxy);
    if (name.isEmpty() || !m_keychain)
        return;
    m_keychain->read(keyFor(name),
                     [this, guard = QPointer<ProxyAuthenticator>(this), name](const TokenStore::Outcome &o) {
                         if (!guard || !o.ok())
                             return;
                         const qsizetype cut = o.secret.indexOf(u'\n');
                         if (cut <= 0)
                             return;
                         m_remembered.insert(name, {o.secret.left(cut), o.secret.mid(cut + 1), true});
                     });
}

void ProxyAuthenticator::onRequired(const QNetworkProxy &proxy, QAuthenticator *authenticator)
{
    const QString name = NetworkSetup::proxyName(proxy);
    const int attempt = ++m_attempts[name];
    if (attempt > MaxAttempts) {
        emit gaveUp(name);
        return; // left empty: the request ends with ProxyAuthenticationRequiredError
    }
    if (attempt == 1 && m_remembered.contains(name)) {
        const Credentials &c = m_remembered.value(name);
        if (c.user != proxy.user() || c.password != proxy.password()) {
            authenticator->setUser(c.user);
            authenticator->setPassword(c.password);
            return;
        }
    }
    Credentials answer;
    if (!m_prompter || !m_prompter(name, attempt, &answer)) {
        m_attempts[name] = MaxAttempts;
        emit gaveUp(name);
        return;
    }
    authenticator->setUser(answer.user);
    authenticator->setPassword(answer.password);
    if (answer.remember && m_keychain) {
        m_remembered.insert(name, answer);
        m_keychain->write(keyFor(name), answer.user + u'\n' + answer.password,
                          [](const TokenStore::Outcome &) {});
    }
}

} // namespace qd
