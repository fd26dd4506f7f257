#include "SignInFlow.h"

#include "AuthLog.h"

#include <QNetworkAccessManager>

namespace qd {

TokenResponse::Expectations tokenExpectations(const AuthConfig &config)
{
    TokenResponse::Expectations expect;
    expect.refreshToken = config.requestsOfflineAccess();
    expect.idToken = config.requestsOpenId();
    expect.resourceScopes = config.resourceScopes();
    return expect;
}

SignInFlow::SignInFlow(QNetworkAccessManager *network, AuthConfig config, QObject *parent)
    : QObject(parent), m_network(network), m_config(std::move(config))
{}

QNetworkAccessManager *SignInFlow::network() const
{
    return m_network.data();
}

void SignInFlow::finish(SignInResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    release();
    if (result.ok())
        qCInfo(lcAuth) << metaObject()->className() << "succeeded";
    else
        qCInfo(lcAuth) << metaObject()->className() << "failed:" << int(result.error);
    QMetaObject::invokeMethod(
        this, [this, result = std::move(result)] { emit finished(result); }, Qt::QueuedConnection);
}

void SignInFlow::fail(SignInResult::Error error, const QString &message)
{
    SignInResult result;
    result.error = error;
    result.message = message;
    finish(std::move(result));
}

SignInResult SignInFlow::resultFromTokenAnswer(int status, const QByteArray &body,
                                               const QString &networkError) const
{
    SignInResult result;
    if (status == 0) {
        result.error = SignInResult::Error::Network;
        result.message = networkError;
        return result;
    }
    if (status == 200) {
        QString problem;
        if (auto tokens = TokenResponse::parse(body, tokenExpectations(m_config), &problem)) {
            result.tokens = std::move(*tokens);
            return result;
        }
        result.error = SignInResult::Error::InvalidResponse;
        result.message = problem;
        return result;
    }
    const OAuthError error = OAuthError::parse(body);
    result.error = error.error == QLatin1StringView("access_denied") ||
                           error.error == QLatin1StringView("authorization_declined")
                       ? SignInResult::Error::AccessDenied
                       : SignInResult::Error::ServerError;
    result.message = error.userMessage();
    return result;
}

} // namespace qd
