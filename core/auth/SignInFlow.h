#pragma once

#include "AuthConfig.h"
#include "TokenResponse.h"

#include <QObject>
#include <QPointer>

class QNetworkAccessManager;

namespace qd {

// How an interactive sign-in ended.
struct SignInResult
{
    enum class Error
    {
        None,
        Configuration,   // no client ID, non-HTTPS authority, ...
        Cancelled,       // cancel() was called
        TimedOut,        // the user did not finish in time (closed the browser, walked away)
        StateMismatch,   // the redirect's state is not ours: possible forgery, nothing used
        AccessDenied,    // error=access_denied / authorization_declined
        MissingCode,     // redirect without code or error
        Expired,         // device code expired
        Network,         // the identity service could not be reached
        InvalidResponse, // a token or device-code answer that fails the checks
        ServerError,     // any other OAuth error answer
        ListenFailed,    // no loopback port for the redirect
    };

    Error error = Error::None;
    QString message;      // translated; empty on success
    TokenResponse tokens; // valid only on success
    bool ok() const { return error == Error::None; }
};

// What a token answer must contain for this configuration (refresh token with
// offline_access, ID token with openid, the resource scopes).
TokenResponse::Expectations tokenExpectations(const AuthConfig &config);

// One interactive sign-in attempt. Reports exactly one finished(), always after start()
// returned (so callers may connect afterwards). Deleting it cancels silently.
class SignInFlow : public QObject
{
    Q_OBJECT
public:
    SignInFlow(QNetworkAccessManager *network, AuthConfig config, QObject *parent = nullptr);

    const AuthConfig &config() const { return m_config; }
    // Starts the attempt; a configuration problem is reported through finished().
    virtual void start() = 0;
    // Stops waiting; finished() reports Cancelled unless it already ran.
    virtual void cancel() = 0;
    bool isFinished() const { return m_finished; }

signals:
    void finished(const qd::SignInResult &result);

protected:
    // Emits finished() once (queued, so never from inside start()); calls release() first.
    void finish(SignInResult result);
    // Stops timers, listeners and requests; called once when the attempt ends.
    virtual void release() {}
    // Turns an answer of the token endpoint into a result: tokens, or a typed failure.
    SignInResult resultFromTokenAnswer(int status, const QByteArray &body, const QString &networkError) const;
    void fail(SignInResult::Error error, const QString &message);
    QNetworkAccessManager *network() const;

private:
    QPointer<QNetworkAccessManager> m_network;
    AuthConfig m_config;
    bool m_finished = false;
};

} // namespace qd
