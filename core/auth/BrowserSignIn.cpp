#include "BrowserSignIn.h"

#include "AuthHttp.h"
#include "AuthLog.h"

#include <QUrlQuery>
#include <cmath>

using namespace Qt::StringLiterals;

namespace qd {

BrowserSignIn::BrowserSignIn(QNetworkAccessManager *network, AuthConfig config, Opener opener,
                             QObject *parent)
    : SignInFlow(network, std::move(config), parent), m_opener(std::move(opener))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        const int minutes = std::max(1, int(std::ceil(m_timeout.interval() / 60000.0)));
        fail(SignInResult::Error::TimedOut,
             tr("The sign-in was not completed within %n minute(s). If the browser window was "
                "closed, start the sign-in again.",
                nullptr, minutes));
    });
    m_noAnswer.setSingleShot(true);
    connect(&m_noAnswer, &QTimer::timeout, this, [this] {
        if (isFinished())
            return;
        qCInfo(lcAuth) << "the browser has not reached the redirect; the address is shown instead";
        emit browserNotAnswering(m_authorizationUrl);
    });
}

BrowserSignIn::~BrowserSignIn()
{
    authhttp::cancel(m_request);
}

void BrowserSignIn::start()
{
    QString problem;
    if (!config().validate(&problem)) {
        fail(SignInResult::Error::Configuration, problem);
        return;
    }
    m_receiver = new LoopbackReceiver([this](const QUrlQuery &query) { return onRedirect(query); }, this);
    if (!m_receiver->listen(&problem)) {
        fail(SignInResult::Error::ListenFailed, problem);
        return;
    }
    m_redirectUri =
        m_receiver->redirectUri(config().redirectHost == "127.0.0.1"_L1 ? u"127.0.0.1"_s : u"localhost"_s);
    m_pkce = Pkce::generate(); // fresh for every attempt
    m_state = OAuthState::generate();

    QUrlQuery query;
    query.addQueryItem(u"client_id"_s, config().clientId);
    query.addQueryItem(u"response_type"_s, u"code"_s);
    query.addQueryItem(u"redirect_uri"_s, m_redirectUri.toString());
    query.addQueryItem(u"response_mode"_s, u"query"_s);
    query.addQueryItem(u"scope"_s, config().scope);
    query.addQueryItem(u"state"_s, m_state);
    query.addQueryItem(u"code_challenge"_s, QString::fromLatin1(m_pkce.challenge));
    query.addQueryItem(u"code_challenge_method"_s, Pkce::method());
    m_authorizationUrl = config().authorizeUrl();
    // Every reserved character percent-encoded, so the values survive any parser.
    m_authorizationUrl.setQuery(QString::fromLatin1(authhttp::encodeForm(query)), QUrl::StrictMode);

    m_timeout.start(m_timeoutMs > 0 ? m_timeoutMs : config().browserTimeoutMs);
    qCInfo(lcAuth) << "browser sign-in started against" << config().authority.toString();
    // Opened from the event loop, so callers can connect to the signals after start().
    QMetaObject::invokeMethod(this, &BrowserSignIn::openBrowser, Qt::QueuedConnection);
}

void BrowserSignIn::openBrowser()
{
    if (isFinished())
        return;
    emit authorizationUrlReady(m_authorizationUrl);
    if (isFinished())
        return; // a receiver of the signal cancelled
    if (!m_opener || !m_opener(m_authorizationUrl)) {
        qCInfo(lcAuth) << "no browser could be opened; the address is shown instead";
        emit browserOpenFailed(m_authorizationUrl);
        return;
    }
    const int noAnswerMs = m_noAnswerMs >= 0 ? m_noAnswerMs : config().browserNoAnswerMs;
    if (noAnswerMs > 0 && !m_browserAnswered)
        m_noAnswer.start(noAnswerMs);
}

void BrowserSignIn::cancel()
{
    fail(SignInResult::Error::Cancelled, tr("The sign-in was cancelled."));
}

void BrowserSignIn::release()
{
    m_timeout.stop();
    m_noAnswer.stop();
    authhttp::cancel(m_request);
    m_request = nullptr;
    if (m_receiver)
        m_receiver->close();
}

LoopbackReceiver::Page BrowserSignIn::onRedirect(const QUrlQuery &query)
{
    const auto failurePage = [](const QString &text) {
        return LoopbackReceiver::Page{false, tr("QualDesk sign-in failed"), text};
    };
    m_browserAnswered = true; // the browser has come back, whatever it brings
    m_noAnswer.stop();
    if (isFinished() || m_codeReceived) {
        return failurePage(tr("This sign-in attempt has already ended. You can close this window."));
    }

    const QString state = query.queryItemValue(u"state"_s, QUrl::FullyDecoded);
    if (!OAuthState::matches(m_state, state)) {
        qCWarning(lcAuth) << "redirect with a state that is not ours was refused";
        const QString text = tr("The answer from the sign-in page does not belong to this sign-in "
                                "attempt, so it was not used. Please sign in again.");
        fail(SignInResult::Error::StateMismatch, text);
        return failurePage(text);
    }

    const QString error = query.queryItemValue(u"error"_s, QUrl::FullyDecoded);
    if (!error.isEmpty()) {
        OAuthError oauth;
        oauth.error = error;
        oauth.description = query.queryItemValue(u"error_description"_s, QUrl::FullyDecoded);
        const bool denied = error == "access_denied"_L1;
        const QString text =
            denied ? tr("The sign-in was cancelled or declined in the browser.") : oauth.userMessage();
        fail(denied ? SignInResult::Error::AccessDenied : SignInResult::Error::ServerError, text);
        return failurePage(text);
    }

    const QString code = query.queryItemValue(u"code"_s, QUrl::FullyDecoded);
    if (code.isEmpty()) {
        const QString text = tr("The sign-in page returned without an authorization code. "
                                "Please sign in again.");
        fail(SignInResult::Error::MissingCode, text);
        return failurePage(text);
    }

    m_codeReceived = true;
    m_timeout.stop();
    emit exchangingCode();
    exchange(code);
    return {true, tr("Signed in to QualDesk"), tr("You can close this window and return to QualDesk.")};
}

void BrowserSignIn::exchange(const QString &code)
{
    if (!network()) {
        fail(SignInResult::Error::Network, authhttp::networkErrorMessage(tr("no network access")));
        return;
    }
    QUrlQuery form;
    form.addQueryItem(u"client_id"_s, config().clientId);
    form.addQueryItem(u"grant_type"_s, u"authorization_code"_s);
    form.addQueryItem(u"code"_s, code);
    form.addQueryItem(u"redirect_uri"_s, m_redirectUri.toString());
    form.addQueryItem(u"code_verifier"_s, QString::fromLatin1(m_pkce.verifier));
    form.addQueryItem(u"scope"_s, config().scope);
    m_request = authhttp::postForm(network(), config().tokenUrl(), form, config().requestTimeoutMs,
                                   [this](int status, const QByteArray &body, const QString &networkError) {
                                       m_request = nullptr;
                                       finish(resultFromTokenAnswer(status, body, networkError));
                                   });
}

} // namespace qd
