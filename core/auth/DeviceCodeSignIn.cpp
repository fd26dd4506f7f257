#include "DeviceCodeSignIn.h"

#include "AuthHttp.h"
#include "AuthLog.h"

#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
constexpr int SlowDownSecs = 5; // RFC 8628 3.5: slow_down adds 5 seconds
constexpr int MaxTransientFailures = 3;
} // namespace

DeviceCodeSignIn::DeviceCodeSignIn(QNetworkAccessManager *network, AuthConfig config, QObject *parent)
    : SignInFlow(network, std::move(config), parent)
{
    m_pollTimer.setSingleShot(true);
    // A coarse timer may fire 5 % early, and the service answers slow_down to early polls.
    m_pollTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_pollTimer, &QTimer::timeout, this, &DeviceCodeSignIn::poll);
}

DeviceCodeSignIn::~DeviceCodeSignIn()
{
    authhttp::cancel(m_request);
}

void DeviceCodeSignIn::start()
{
    QString problem;
    if (!config().validate(&problem)) {
        fail(SignInResult::Error::Configuration, problem);
        return;
    }
    if (!network()) {
        fail(SignInResult::Error::Network, authhttp::networkErrorMessage(tr("no network access")));
        return;
    }
    QUrlQuery form;
    form.addQueryItem(u"client_id"_s, config().clientId);
    form.addQueryItem(u"scope"_s, config().scope);
    qCInfo(lcAuth) << "device code sign-in started against" << config().authority.toString();
    m_request = authhttp::postForm(network(), config().deviceCodeUrl(), form, config().requestTimeoutMs,
                                   [this](int status, const QByteArray &body, const QString &error) {
                                       m_request = nullptr;
                                       onDeviceCode(status, body, error);
                                   });
}

void DeviceCodeSignIn::cancel()
{
    fail(SignInResult::Error::Cancelled, tr("The sign-in was cancelled."));
}

void DeviceCodeSignIn::release()
{
    m_pollTimer.stop();
    authhttp::cancel(m_request);
    m_request = nullptr;
}

void DeviceCodeSignIn::onDeviceCode(int status, const QByteArray &body, const QString &networkError)
{
    if (status == 0) {
        fail(SignInResult::Error::Network, networkError);
        return;
    }
    if (status != 200) {
        fail(SignInResult::Error::ServerError, OAuthError::parse(body).userMessage());
        return;
    }
    QString problem;
    const std::optional<DeviceCodeAnswer> answer = DeviceCodeAnswer::parse(body, &problem);
    if (!answer) {
        fail(SignInResult::Error::InvalidResponse, problem);
        return;
    }
    m_deviceCode = answer->deviceCode;
    m_info = answer->info;

    m_elapsed.start();
    emit userCodeReady(m_info);
    if (!isFinished())
        scheduleNextPoll();
}

void DeviceCodeSignIn::scheduleNextPoll()
{
    m_pollTimer.start(m_info.intervalSecs * m_secondMs);
}

void DeviceCodeSignIn::poll()
{
    if (isFinished())
        return;
    if (m_elapsed.elapsed() >= m_info.expiresInSecs * m_secondMs) {
        fail(SignInResult::Error::Expired,
             tr("The sign-in code expired before it was used. Please start again."));
        return;
    }
    QUrlQuery form;
    form.addQueryItem(u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s);
    form.addQueryItem(u"client_id"_s, config().clientId);
    form.addQueryItem(u"device_code"_s, m_deviceCode);
    m_request = authhttp::postForm(network(), config().tokenUrl(), form, config().requestTimeoutMs,
                                   [this](int status, const QByteArray &body, const QString &error) {
                                       m_request = nullptr;
                                       onPollAnswer(status, body, error);
                                   });
}

void DeviceCodeSignIn::onPollAnswer(int status, const QByteArray &body, const QString &networkError)
{
    if (status == 200) {
        finish(resultFromTokenAnswer(status, body, networkError));
        return;
    }
    // A blip during a long wait should not end the attempt; several in a row do.
    if (status == 0 || status >= 500) {
        if (++m_transientFailures >= MaxTransientFailures) {
            finish(resultFromTokenAnswer(status, body, networkError));
            return;
        }
        scheduleNextPoll();
        return;
    }
    m_transientFailures = 0;

    const OAuthError error = OAuthError::parse(body);
    if (error.error == "authorization_pending"_L1) {
        emit pollPending(false);
        scheduleNextPoll();
    } else if (error.error == "slow_down"_L1) {
        m_info.intervalSecs += SlowDownSecs;
        qCInfo(lcAuth) << "device code polling slowed down to" << m_info.intervalSecs << "s";
        emit pollPending(true);
        scheduleNextPoll();
    } else if (error.error == "authorization_declined"_L1 || error.error == "access_denied"_L1) {
        fail(SignInResult::Error::AccessDenied, tr("The sign-in was declined."));
    } else if (error.error == "expired_token"_L1) {
        fail(SignInResult::Error::Expired,
             tr("The sign-in code expired before it was used. Please start again."));
    } else {
        // bad_verification_code and anything unexpected end the attempt with the reason.
        fail(SignInResult::Error::ServerError, error.userMessage());
    }
}

} // namespace qd
