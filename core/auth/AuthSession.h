#pragma once

#include "AuthConfig.h"
#include "BrowserSignIn.h"
#include "DeviceCodeSignIn.h"
#include "IdTokenClaims.h"
#include "TokenResponse.h"
#include "domain/Clock.h"
#include "partnercenter/TokenProvider.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>
#include <functional>

class QNetworkAccessManager;

namespace qd {

class TokenStore;

// The signed-in partner user. Holds the access token in memory only; the refresh token goes
// to the keychain (TokenStore) and is replaced there at once whenever the service rotates it.
// Refreshes shortly before expiry and when Partner Center answers 401 (requestRefresh);
// concurrent requests join one refresh. When a refresh is refused for good (invalid_grant,
// interaction_required, MFA now required) the session ends with a reason and a message.
class AuthSession : public TokenProvider
{
    Q_OBJECT
public:
    enum class State
    {
        SignedOut,
        Restoring, // reading the keychain and refreshing silently
        SigningIn, // an interactive flow is running
        SignedIn,  // an access token is available (a refresh may be under way)
    };
    Q_ENUM(State)

    enum class SignOutReason
    {
        None,                // never signed in during this run
        NoStoredSignIn,      // restore() found nothing in the keychain
        UserSignedOut,       // signOut()
        SessionExpired,      // the refresh token was refused (invalid_grant, revoked, expired)
        InteractionRequired, // the service wants the user back (interaction_required, consent)
        MfaRequired,         // multi-factor authentication is now required
        RestoreFailed,       // keychain unavailable or the service unreachable during restore()
        SignInFailed,        // the last interactive sign-in failed (see lastMessage())
    };
    Q_ENUM(SignOutReason)

    using BrowserOpener = BrowserSignIn::Opener;

    // network and store must outlive the session. clock decides when to refresh.
    AuthSession(QNetworkAccessManager *network, TokenStore *store, AuthConfig config,
                const Clock *clock = SystemClock::instance(), QObject *parent = nullptr);
    ~AuthSession() override;

    const AuthConfig &config() const { return m_config; }
    // Takes effect for the next sign-in or restore; signs out of the current one first when
    // the authority or client ID differ.
    void setConfig(const AuthConfig &config);

    State state() const { return m_state; }
    bool isSignedIn() const { return m_state == State::SignedIn; }
    bool isRefreshing() const { return m_refreshing; }
    SignOutReason signOutReason() const { return m_reason; }
    // The last failure or notice in the user's language (sign-in failed, session expired,
    // keychain unavailable). Empty when there is nothing to say.
    QString lastMessage() const { return m_message; }
    // Who is signed in (name, UPN, partner tenant); empty when signed out.
    IdTokenClaims account() const { return m_account; }
    // False when the keychain was unavailable: the sign-in lasts for this process only.
    bool isPersistent() const { return m_persistent; }
    QDateTime accessTokenExpiresAt() const { return m_expiresAt; }
    // When the next silent refresh is due (invalid when signed out).
    QDateTime refreshDueAt() const;

    // Refresh this many seconds before expiry (default 300; at most half the lifetime).
    void setRefreshMarginSecs(int secs) { m_refreshMarginSecs = secs; }
    // How often the expiry is re-checked against the clock at most (default 60 s). Tests
    // with a manual clock make it short; a long sleep of the machine is caught too.
    void setExpiryCheckIntervalMs(int ms);

    // TokenProvider. The access token is empty when nobody is signed in.
    QString accessToken() const override;
    void requestRefresh() override;

    // Reads the stored refresh token and refreshes silently. Ends in signedIn() or
    // signedOut(NoStoredSignIn / SessionExpired / RestoreFailed ...), then restoreFinished().
    void restore();
    // Starts an interactive sign-in; the session owns the returned flow (valid until it
    // finishes). Any running flow is cancelled first. Ends in signedIn() or signInFailed().
    BrowserSignIn *signInWithBrowser(BrowserOpener opener);
    DeviceCodeSignIn *signInWithDeviceCode();
    void cancelSignIn();
    // Forgets the in-memory tokens at once and deletes the keychain entry; signedOut()
    // follows when the keychain answered.
    void signOut();
    // Partner Center refused the token for a reason a refresh cannot fix (MFA required):
    // forget the tokens and ask for an interactive sign-in.
    void requireInteractiveSignIn(SignOutReason reason = SignOutReason::MfaRequired);

    // For --demo against the simulator, whose authorize endpoint approves at once: an opener
    // that fetches the URL and follows the redirect to the loopback listener, like a browser.
    static BrowserOpener loopbackBrowser(QNetworkAccessManager *network);
    // Translated text for a reason.
    static QString reasonMessage(SignOutReason reason);

signals:
    void stateChanged(qd::AuthSession::State state);
    // A sign-in or restore completed and its refresh token was handed to the keychain.
    void signedIn();
    void signInFailed(const QString &message);
    void signedOut(qd::AuthSession::SignOutReason reason, const QString &message);
    void restoreFinished(bool signedIn);
    void accountChanged();
    // The keychain could not be used; the sign-in lasts for this process only.
    void keychainUnavailable(const QString &message);

private:
    void startFlow(SignInFlow *flow);
    void onFlowFinished(const SignInResult &result);
    void startRefresh();
    void onRefreshAnswer(quint64 generation, int status, const QByteArray &body, const QString &networkError);
    // Takes new tokens; persists a new refresh token, then calls done.
    void adopt(const TokenResponse &tokens, std::function<void()> done);
    void persist(const QString &refreshToken, std::function<void()> done);
    void endSession(SignOutReason reason, const QString &message, bool forgetStored);
    void finishRefresh(bool ok, const QString &message);
    void finishRestore(bool ok);
    void clearTokens();
    void setState(State state);
    void scheduleExpiryCheck();
    void checkExpiry();

    QPointer<QNetworkAccessManager> m_network;
    QPointer<TokenStore> m_store;
    AuthConfig m_config;
    const Clock *m_clock;

    State m_state = State::SignedOut;
    SignOutReason m_reason = SignOutReason::None;
    QString m_message;
    IdTokenClaims m_account;
    bool m_persistent = true;

    QString m_accessToken;  // memory only
    QString m_refreshToken; // memory copy of what the keychain holds
    QDateTime m_expiresAt;
    QDateTime m_obtainedAt;
    QDateTime m_retryAt; // after a failed background refresh: not before this

    bool m_refreshing = false;
    bool m_restoring = false;
    quint64 m_generation = 0; // bumps on sign-out/sign-in so late answers are dropped
    QPointer<QObject> m_refreshRequest;
    QPointer<SignInFlow> m_flow;

    int m_refreshMarginSecs = 300;
    int m_expiryCheckIntervalMs = 60000;
    QTimer m_expiryTimer;
};

} // namespace qd
