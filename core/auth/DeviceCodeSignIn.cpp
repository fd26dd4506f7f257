#include "DeviceCodeSignIn.h"

#include "AuthHttp.h"
#include "AuthLog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
constexpr int SlowDownSecs = 5;       // RFC 8628 3.5: slow_down adds 5 seconds
constexpr int MaxTransientFailures = 3;

qint64 positiveInteger(const QJsonValue &value)
{
    if (value.isDouble() && value.toDouble() >= 1)
        return qint64(value.toDouble());
    if (value.isString())
        return value.toString().toLongLong();
    return 0;
}
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
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonObject object = document.object();
    const auto invalid = [this](QLatin1StringView field) {
        fail(SignInResult::Error::InvalidResponse,
             tr("The sign-in service's device code answer has no valid \"%1\".").arg(field));
    };
    if (!document.isObject()) {
        fail(SignInResult::Error::InvalidResponse,
             tr("The sign-in service's device code answer is not a JSON object."));
        return;
    }
    m_deviceCode = object.value("device_code"_L1).toString();
    if (m_deviceCode.isEmpty())
        return invalid("device_code"_L1);
    m_info.userCode = object.value("user_code"_L1).toString();
    if (m_info.userCode.isEmpty())
        return invalid("user_code"_L1);
    // v1 endpoints spell it verification_url.
    QString uri = object.value("verification_uri"_L1).toString();
    if (uri.isEmpty())
        uri = object.value("verification_url"_L1).toString();
    m_info.verificationUri = QUrl(uri, QUrl::StrictMode);
    if (!m_info.verificationUri.isValid() || m_info.verificationUri.host().isEmpty())
        return invalid("verification_uri"_L1);
    m_info.expiresInSecs = positiveInteger(object.value("expires_in"_L1));
    if (m_info.expiresInSecs <= 0)
        return invalid("expires_in"_L1);
    const QJsonValue interval = object.value("interval"_L1);
    if (!interval.isUndefined()) {
        const qint64 secs = positiveInteger(interval);
        if (secs <= 0 || secs > 300)
            return invalid("interval"_L1);
        m_info.intervalSecs = int(secs);
    }
    m_info.message = object.value("message"_L1).toString();

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
