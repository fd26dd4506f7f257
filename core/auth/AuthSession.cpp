#include "AuthSession.h"

#include "AuthHttp.h"
#include "AuthLog.h"
#include "TokenStore.h"

#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace qd {

AuthSession::AuthSession(QNetworkAccessManager *network, TokenStore *store, AuthConfig config,
                         const Clock *clock, QObject *parent)
    : TokenProvider(parent), m_network(network), m_store(store), m_config(std::move(config)),
      m_clock(clock ? clock : SystemClock::instance())
{
    m_expiryTimer.setSingleShot(true);
    connect(&m_expiryTimer, &QTimer::timeout, this, &AuthSession::checkExpiry);
}

AuthSession::~AuthSession()
{
    authhttp::cancel(m_refreshRequest);
}

void AuthSession::setConfig(const AuthConfig &config)
{
    const bool otherIdentity = config.authority != m_config.authority || config.clientId != m_config.clientId;
    m_config = config;
    if (!otherIdentity || (m_state == State::SignedOut && !m_flow))
        return;
    // The tokens belong to the old registration; its keychain entry stays for a switch back.
    ++m_generation;
    cancelSignIn();
    finishRefresh(false, reasonMessage(SignOutReason::UserSignedOut));
    finishRestore(false);
    clearTokens();
    m_reason = SignOutReason::None;
    setState(State::SignedOut);
    emit signedOut(m_reason, QString());
}

void AuthSession::adopt(const TokenResponse &tokens, std::function<void()> done)
{
    m_accessToken = tokens.accessToken;
    m_obtainedAt = m_clock->nowUtc();
    m_expiresAt = m_obtainedAt.addSecs(tokens.expiresInSecs);
    if (!tokens.claims.isEmpty()) {
        const bool changed = tokens.claims.preferredUsername != m_account.preferredUsername ||
                             tokens.claims.name != m_account.name ||
                             tokens.claims.tenantId != m_account.tenantId;
        m_account = tokens.claims;
        if (changed)
            emit accountChanged();
    }
    if (!tokens.refreshToken.isEmpty() && tokens.refreshToken != m_refreshToken) {
        // Rotation: the old refresh token is dead from now on, so the new one goes to the
        // keychain at once.
        m_refreshToken = tokens.refreshToken;
        persist(m_refreshToken, std::move(done));
    } else {
        done();
    }
    scheduleExpiryCheck();
}

void AuthSession::persist(const QString &refreshToken, std::function<void()> done)
{
    if (!m_store) {
        m_persistent = false;
        done();
        return;
    }
    const quint64 generation = m_generation;
    m_store->write(m_config.storageKey(), refreshToken,
                   [this, guard = QPointer<AuthSession>(this), generation,
                    done = std::move(done)](const TokenStore::Outcome &outcome) {
                       if (!guard || generation != m_generation)
                           return;
                       const bool wasPersistent = m_persistent;
                       m_persistent = outcome.ok();
                       if (!outcome.ok()) {
                           m_message = outcome.message;
                           // Said once, not again at every rotation.
                           if (wasPersistent)
                               emit keychainUnavailable(outcome.message);
                       }
                       done();
                   });
}

void AuthSession::restore()
{
    if (m_state == State::Restoring || m_state == State::SigningIn)
        return;
    if (m_state == State::SignedIn) {
        QMetaObject::invokeMethod(
            this, [this] { emit restoreFinished(true); }, Qt::QueuedConnection);
        return;
    }
    m_restoring = true;
    setState(State::Restoring);
    QString problem;
    if (!m_config.validate(&problem)) {
        QMetaObject::invokeMethod(
            this, [this, problem] { endSession(SignOutReason::RestoreFailed, problem, false); },
            Qt::QueuedConnection);
        return;
    }
    if (!m_store) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                endSession(SignOutReason::NoStoredSignIn, reasonMessage(SignOutReason::NoStoredSignIn),
                           false);
            },
            Qt::QueuedConnection);
        return;
    }
    const quint64 generation = m_generation;
    m_store->read(m_config.storageKey(), [this, guard = QPointer<AuthSession>(this),
                                          generation](const TokenStore::Outcome &outcome) {
        if (!guard || generation != m_generation)
            return;
        if (outcome.status == TokenStore::Status::NotFound || (outcome.ok() && outcome.secret.isEmpty())) {
            endSession(SignOutReason::NoStoredSignIn, reasonMessage(SignOutReason::NoStoredSignIn), false);
            return;
        }
        if (!outcome.ok()) {
            m_persistent = false;
            emit keychainUnavailable(outcome.message);
            endSession(SignOutReason::RestoreFailed, outcome.message, false);
            return;
        }
        m_persistent = true;
        m_refreshToken = outcome.secret;
        if (!m_network) {
            endSession(SignOutReason::RestoreFailed, authhttp::networkErrorMessage(tr("no network access")),
                       false);
            return;
        }
        startRefresh();
    });
}

BrowserSignIn *AuthSession::signInWithBrowser(BrowserOpener opener)
{
    auto *flow = new BrowserSignIn(m_network, m_config, std::move(opener), this);
    startFlow(flow);
    return flow;
}

DeviceCodeSignIn *AuthSession::signInWithDeviceCode()
{
    auto *flow = new DeviceCodeSignIn(m_network, m_config, this);
    startFlow(flow);
    return flow;
}

void AuthSession::startFlow(SignInFlow *flow)
{
    cancelSignIn();
    if (m_state == State::Restoring) {
        // An interactive sign-in wins over a silent restore still under way.
        ++m_generation;
        authhttp::cancel(m_refreshRequest);
        finishRefresh(false, reasonMessage(SignOutReason::SignInFailed));
        finishRestore(false);
    }
    m_flow = flow;
    connect(flow, &SignInFlow::finished, this, [this, flow](const SignInResult &result) {
        flow->deleteLater();
        if (m_flow != flow)
            return;
        m_flow = nullptr;
        onFlowFinished(result);
    });
    setState(State::SigningIn);
    flow->start();
}

void AuthSession::cancelSignIn()
{
    if (SignInFlow *flow = m_flow.data()) {
        m_flow = nullptr;
        flow->disconnect(this);
        flow->cancel();
        flow->deleteLater();
        setState(m_accessToken.isEmpty() ? State::SignedOut : State::SignedIn);
    }
}

void AuthSession::onFlowFinished(const SignInResult &result)
{
    if (!result.ok()) {
        m_message = result.message;
        if (m_accessToken.isEmpty()) {
            m_reason = SignOutReason::SignInFailed;
            setState(State::SignedOut);
        } else {
            setState(State::SignedIn); // the earlier sign-in is still good
        }
        emit signInFailed(result.message);
        return;
    }
    // New tokens replace whatever was there; a refresh of the old ones is moot.
    ++m_generation;
    authhttp::cancel(m_refreshRequest);
    m_refreshRequest = nullptr;
    m_refreshToken.clear();
    m_message.clear();
    m_retryAt = QDateTime();
    m_account = {};
    m_persistent = true; // a new sign-in tries the keychain afresh and reports it again
    adopt(result.tokens, [this] {
        m_reason = SignOutReason::None;
        setState(State::SignedIn);
        qCInfo(lcAuth) << "signed in" << (m_persistent ? "(kept in the keychain)" : "(for this run only)");
        finishRefresh(true, QString());
        emit signedIn();
    });
}

void AuthSession::signOut()
{
    ++m_generation;
    cancelSignIn();
    authhttp::cancel(m_refreshRequest);
    m_refreshRequest = nullptr;
    const QString message = reasonMessage(SignOutReason::UserSignedOut);
    finishRefresh(false, message);
    clearTokens();
    m_reason = SignOutReason::UserSignedOut;
    m_message.clear();
    setState(State::SignedOut);
    finishRestore(false);
    qCInfo(lcAuth) << "signing out";
    if (!m_store) {
        QMetaObject::invokeMethod(
            this, [this] { emit signedOut(SignOutReason::UserSignedOut, QString()); }, Qt::QueuedConnection);
        return;
    }
    m_store->remove(m_config.storageKey(),
                    [this, guard = QPointer<AuthSession>(this)](const TokenStore::Outcome &outcome) {
                        if (!guard)
                            return;
                        if (!outcome.ok() && outcome.status != TokenStore::Status::NotFound)
                            m_message = outcome.message;
                        emit signedOut(SignOutReason::UserSignedOut, m_message);
                    });
}

void AuthSession::requireInteractiveSignIn(SignOutReason reason)
{
    endSession(reason, reasonMessage(reason), true);
}

void AuthSession::endSession(SignOutReason reason, const QString &message, bool forgetStored)
{
    ++m_generation;
    authhttp::cancel(m_refreshRequest);
    m_refreshRequest = nullptr;
    clearTokens();
    m_reason = reason;
    m_message = message;
    finishRefresh(false, message);
    if (m_flow) {
        // An interactive sign-in is under way (the browser is open): it decides what comes
        // next. The old session's end is not announced over it; its dead secret still goes.
        qCInfo(lcAuth) << "the earlier session ended during an interactive sign-in";
        if (forgetStored && m_store)
            m_store->remove(m_config.storageKey(), [](const TokenStore::Outcome &) {});
        return;
    }
    setState(State::SignedOut);
    const auto announce = [this, reason, message] {
        emit signedOut(reason, message);
        finishRestore(false);
    };
    if (!forgetStored || !m_store) {
        announce();
        return;
    }
    // The stored refresh token is refused for good: keep no dead secret around.
    m_store->remove(m_config.storageKey(),
                    [guard = QPointer<AuthSession>(this), announce](const TokenStore::Outcome &) {
                        if (guard)
                            announce();
                    });
}

void AuthSession::finishRefresh(bool ok, const QString &message)
{
    if (!m_refreshing)
        return;
    m_refreshing = false;
    emit refreshFinished(ok, message);
}

void AuthSession::finishRestore(bool ok)
{
    if (!m_restoring)
        return;
    m_restoring = false;
    emit restoreFinished(ok);
}

void AuthSession::clearTokens()
{
    m_accessToken.clear();
    m_refreshToken.clear();
    m_expiresAt = QDateTime();
    m_obtainedAt = QDateTime();
    m_retryAt = QDateTime();
    m_expiryTimer.stop();
    if (!m_account.isEmpty()) {
        m_account = {};
        emit accountChanged();
    }
}

void AuthSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    qCDebug(lcAuth) << "state" << state;
    emit stateChanged(state);
    scheduleExpiryCheck();
}

QString AuthSession::reasonMessage(SignOutReason reason)
{
    switch (reason) {
    case SignOutReason::None:
        return {};
    case SignOutReason::NoStoredSignIn:
        return tr("Nobody is signed in. Please sign in.");
    case SignOutReason::UserSignedOut:
        return tr("You are signed out.");
    case SignOutReason::SessionExpired:
        return tr("Your sign-in has expired or was revoked. Please sign in again.");
    case SignOutReason::InteractionRequired:
        return tr("The sign-in service needs you to sign in again.");
    case SignOutReason::MfaRequired:
        return tr("Partner Center requires multi-factor authentication. Please sign in again and "
                  "complete the verification.");
    case SignOutReason::RestoreFailed:
        return tr("The saved sign-in could not be used. Please sign in again.");
    case SignOutReason::SignInFailed:
        return tr("The sign-in did not complete.");
    }
    return {};
}

} // namespace qd
