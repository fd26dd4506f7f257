#include "AuthHttp.h"
#include "AuthLog.h"
#include "AuthSession.h"

#include <QNetworkAccessManager>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

// The session's access token kept fresh: when a refresh is due, how it is asked for, and what
// the identity service's answer does to the session.
namespace qd {

namespace {
constexpr int RetryAfterFailureSecs = 30; // a failed background refresh is retried after this
}

QDateTime AuthSession::refreshDueAt() const
{
    if (m_state != State::SignedIn || !m_expiresAt.isValid() || m_refreshToken.isEmpty())
        return {};
    const qint64 lifetime = m_obtainedAt.secsTo(m_expiresAt);
    const qint64 margin = std::min<qint64>(m_refreshMarginSecs, lifetime / 2);
    QDateTime due = m_expiresAt.addSecs(-margin);
    if (m_retryAt.isValid() && m_retryAt > due)
        due = m_retryAt;
    return due;
}

void AuthSession::setExpiryCheckIntervalMs(int ms)
{
    m_expiryCheckIntervalMs = std::max(1, ms);
    scheduleExpiryCheck();
}

QString AuthSession::accessToken() const
{
    // Also while a new interactive sign-in runs on top of a valid one: work goes on meanwhile.
    return m_accessToken;
}

void AuthSession::requestRefresh()
{
    if (m_refreshing)
        return; // joins the refresh under way
    const bool haveSession = m_state == State::SignedIn || m_state == State::SigningIn;
    if (m_refreshToken.isEmpty() || !haveSession || !m_network) {
        m_refreshing = true;
        const QString message =
            m_message.isEmpty() ? reasonMessage(SignOutReason::NoStoredSignIn) : m_message;
        QMetaObject::invokeMethod(
            this, [this, message] { finishRefresh(false, message); }, Qt::QueuedConnection);
        return;
    }
    startRefresh();
}

void AuthSession::startRefresh()
{
    m_refreshing = true;
    QUrlQuery form;
    form.addQueryItem(u"client_id"_s, m_config.clientId);
    form.addQueryItem(u"grant_type"_s, u"refresh_token"_s);
    form.addQueryItem(u"refresh_token"_s, m_refreshToken);
    form.addQueryItem(u"scope"_s, m_config.scope);
    const quint64 generation = m_generation;
    qCInfo(lcAuth) << "refreshing the access token";
    m_refreshRequest = authhttp::postForm(
        m_network, m_config.tokenUrl(), form, m_config.requestTimeoutMs,
        [this, generation](int status, const QByteArray &body, const QString &networkError) {
            onRefreshAnswer(generation, status, body, networkError);
        });
}

void AuthSession::onRefreshAnswer(quint64 generation, int status, const QByteArray &body,
                                  const QString &networkError)
{
    m_refreshRequest = nullptr;
    if (generation != m_generation)
        return; // signed out or in again meanwhile; that already answered the waiters

    const auto transientFailure = [this](const QString &message) {
        qCInfo(lcAuth) << "refresh failed for now; the session is kept";
        if (m_restoring) {
            endSession(SignOutReason::RestoreFailed, message, false);
            return;
        }
        m_retryAt = m_clock->nowUtc().addSecs(RetryAfterFailureSecs);
        m_message = message;
        finishRefresh(false, message);
        scheduleExpiryCheck();
    };

    if (status == 0 || status >= 500) {
        transientFailure(status == 0 ? networkError : OAuthError::parse(body).userMessage());
        return;
    }
    if (status == 200) {
        // A refresh need not repeat the refresh or ID token; the old ones stay then.
        TokenResponse::Expectations expect = tokenExpectations(m_config);
        expect.refreshToken = false;
        expect.idToken = false;
        QString problem;
        const auto tokens = TokenResponse::parse(body, expect, &problem);
        if (!tokens) {
            qCWarning(lcAuth) << "refresh answer rejected:" << problem;
            transientFailure(problem);
            return;
        }
        adopt(*tokens, [this] {
            m_retryAt = QDateTime();
            if (m_restoring) {
                m_reason = SignOutReason::None;
                setState(State::SignedIn);
                finishRefresh(true, QString());
                emit signedIn();
                finishRestore(true);
            } else {
                finishRefresh(true, QString());
            }
        });
        return;
    }

    const OAuthError error = OAuthError::parse(body);
    if (!error.needsInteractiveSignIn()) {
        transientFailure(error.userMessage());
        return;
    }
    SignOutReason reason = SignOutReason::SessionExpired;
    if (error.isMfaRequired())
        reason = SignOutReason::MfaRequired;
    else if (error.error != "invalid_grant"_L1)
        reason = SignOutReason::InteractionRequired;
    qCInfo(lcAuth) << "refresh refused:" << error.error << error.codes << "- signing out";
    endSession(reason, error.userMessage(), true);
}

void AuthSession::scheduleExpiryCheck()
{
    const QDateTime due = refreshDueAt();
    if (!due.isValid()) {
        m_expiryTimer.stop();
        return;
    }
    // Never sleep longer than the check interval: the machine may be suspended meanwhile and
    // a timer does not count that time, the clock does.
    const qint64 untilDue = m_clock->nowUtc().msecsTo(due);
    m_expiryTimer.start(int(std::clamp<qint64>(untilDue, 0, m_expiryCheckIntervalMs)));
}

void AuthSession::checkExpiry()
{
    const QDateTime due = refreshDueAt();
    if (!due.isValid())
        return;
    if (m_clock->nowUtc() >= due && !m_refreshing && m_network) {
        qCInfo(lcAuth) << "access token close to expiry";
        startRefresh();
        return;
    }
    if (!m_refreshing)
        scheduleExpiryCheck();
}

} // namespace qd
