#include "ApiCall.h"

#include "ApiLogging.h"
#include "TokenProvider.h"

#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
constexpr int kMaxRedirects = 5;

RetryPolicy::Settings policySettings(const ClientConfig &config)
{
    RetryPolicy::Settings s;
    s.maxRetries = std::max(0, config.maxRetries);
    s.baseDelayMs = std::max(0, config.retryBaseDelayMs);
    s.maxDelayMs = std::max(s.baseDelayMs, config.retryMaxDelayMs);
    s.maxRetryAfterMs = std::max(0, config.maxRetryAfterSecs) * 1000;
    return s;
}

ApiError protocolError(const QString &detail)
{
    ApiError e;
    e.kind = ApiError::Kind::Protocol;
    e.detail = detail;
    return e;
}
} // namespace

ApiCall::ApiCall(PartnerCenterClient *client, RequestSpec spec, const QString &requestId, Handler handler)
    : ApiJob(client), m_network(client->m_network), m_tokens(client->m_tokens),
      m_builder(client->m_config, std::move(spec), requestId),
      m_policy(policySettings(client->m_config), client->m_clock), m_handler(std::move(handler))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ApiCall::sendAttempt);
}

ApiCall::~ApiCall()
{
    disconnectRefresh();
    dropReply();
}

QString ApiCall::correlationId() const
{
    return m_echoedCorrelationId.isEmpty() ? m_builder.correlationId() : m_echoedCorrelationId;
}

void ApiCall::start()
{
    QMetaObject::invokeMethod(this, &ApiCall::begin, Qt::QueuedConnection);
}

void ApiCall::startNow()
{
    if (m_network && m_tokens && !m_tokens->accessToken().isEmpty() && m_builder.refusal().isEmpty()) {
        sendAttempt(); // whatever comes of it is reported from the event loop
        return;
    }
    start();
}

void ApiCall::failWithoutSending(const ApiError &error)
{
    QMetaObject::invokeMethod(
        this, [this, error] { finishWithError(error); }, Qt::QueuedConnection);
}

void ApiCall::abort()
{
    if (m_finished || m_abortRequested)
        return;
    m_abortRequested = true;
    m_retryTimer.stop();
    disconnectRefresh();
    dropReply();
    ApiError e;
    e.kind = ApiError::Kind::Cancelled;
    // Once a POST has left, cancelling does not undo it.
    e.mayHaveArrived = isPost() && m_sent;
    QMetaObject::invokeMethod(
        this, [this, e] { finishWithError(e); }, Qt::QueuedConnection);
}

void ApiCall::begin()
{
    if (m_finished || m_abortRequested)
        return;
    if (!m_network) {
        ApiError e;
        e.kind = ApiError::Kind::Network;
        e.detail = u"No network access"_s;
        finishWithError(e);
        return;
    }
    const QString refusal = m_builder.refusal();
    if (!refusal.isEmpty()) {
        qCWarning(lcApi).noquote() << "refused to send to"
                                   << m_builder.spec().url.toDisplayString(QUrl::RemoveQuery);
        finishWithError(ApiError::invalidInput(refusal));
        return;
    }
    sendAttempt();
}

void ApiCall::sendAttempt()
{
    if (m_finished || m_abortRequested)
        return;
    const QString token = m_tokens ? m_tokens->accessToken() : QString();
    if (token.isEmpty()) {
        ApiError e;
        e.kind = ApiError::Kind::Authentication;
        if (m_tokens && !m_refreshUsed) {
            // Nobody signed in yet, or the session only has a refresh token: ask once.
            m_refreshUsed = true;
            m_pendingUnauthorized = e;
            m_refreshConnection = connect(m_tokens, &TokenProvider::refreshFinished, this,
                                          &ApiCall::onRefreshFinished, Qt::SingleShotConnection);
            m_tokensGoneConnection =
                connect(m_tokens, &QObject::destroyed, this, [this] { onRefreshFinished(false, {}); });
            m_tokens->requestRefresh();
            return;
        }
        finishWithError(e);
        return;
    }
    m_usedToken = token;
    ++m_attempts;
    m_redirects = 0;
    m_authorizationSent = true;
    m_currentUrl = m_builder.spec().url;
    m_currentMethod = m_builder.spec().method;
    m_currentBody = m_builder.spec().body;
    send(m_builder.build(token), m_currentMethod, m_currentBody);
    if (!m_sent) {
        m_sent = true;
        emit sent();
    }
}

void ApiCall::send(const QNetworkRequest &request, const QByteArray &method, const QByteArray &body)
{
    qCDebug(lcApi).noquote() << method << request.url().path() << "request" << requestId() << "attempt"
                             << m_attempts;
    // Every attempt, and any resend Qt makes of it on a dropped kept-alive connection, carries
    // the same MS-RequestId, so Partner Center does a repeated POST's work once.
    if (method == "GET")
        m_reply = m_network->get(request);
    else if (method == "POST")
        m_reply = m_network->post(request, body);
    else
        m_reply = m_network->sendCustomRequest(request, method, body);
    connect(m_reply, &QNetworkReply::finished, this, &ApiCall::onReplyFinished);
}

namespace {
// The request cannot have reached the server: no connection to it was made.
bool neverLeft(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        return true;
    default:
        return false;
    }
}

ApiError::Obstacle obstacleOf(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return ApiError::Obstacle::ProxyRefusedCredentials;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownProxyError:
        return ApiError::Obstacle::ProxyUnreachable;
    case QNetworkReply::SslHandshakeFailedError:
        return ApiError::Obstacle::UntrustedCertificate;
    default:
        return ApiError::Obstacle::None;
    }
}

// "host:port" of the proxy a request to url goes through; empty when it goes direct.
QString proxyFor(const QNetworkAccessManager *network, const QUrl &url)
{
    QNetworkProxy proxy = network ? network->proxy() : QNetworkProxy();
    if (proxy.type() == QNetworkProxy::DefaultProxy)
        proxy = QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(url)).value(0);
    if (proxy.type() == QNetworkProxy::NoProxy || proxy.hostName().isEmpty())
        return {};
    return proxy.hostName() + u':' + QString::number(proxy.port());
}

// Qt sometimes reports a body cut short by a closed connection as NoError; a body shorter than
// its (uncompressed) Content-Length is a lost answer, not a protocol error.
bool cutShort(const QNetworkReply *reply, const QByteArray &body)
{
    const QVariant declared = reply->header(QNetworkRequest::ContentLengthHeader);
    const QByteArray encoding = reply->rawHeader("Content-Encoding").trimmed().toLower();
    return declared.isValid() && (encoding.isEmpty() || encoding == "identity") &&
           body.size() < declared.toLongLong();
}
} // namespace

void ApiCall::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError netError = reply->error();
    const QByteArray body = reply->readAll();
    m_echoedCorrelationId = QString::fromLatin1(reply->rawHeader("MS-CorrelationId").trimmed());

    // A whole answer, or an error status whose body was cut short (the status is what counts).
    const bool truncated = cutShort(reply, body);
    // A proxy's own answer (407 and the like) is not Partner Center's.
    ApiError::Obstacle obstacle =
        status == 407 ? ApiError::Obstacle::ProxyRefusedCredentials : obstacleOf(netError);
    // Through a plain HTTP proxy, Qt reports a proxy that refuses or is not found as if it
    // were the server.
    const QString viaProxy = proxyFor(m_network, m_currentUrl);
    if (!viaProxy.isEmpty() &&
        (netError == QNetworkReply::ConnectionRefusedError || netError == QNetworkReply::HostNotFoundError))
        obstacle = ApiError::Obstacle::ProxyUnreachable;
    // Partner Center challenges with Bearer only; a Basic challenge on the way is a proxy's
    // refusal of the credentials it was given (tinyproxy answers them with 401, not 407).
    if (!viaProxy.isEmpty() && status == 401 &&
        reply->rawHeader("WWW-Authenticate").trimmed().toLower().startsWith("basic"))
        obstacle = ApiError::Obstacle::ProxyRefusedCredentials;
    const bool complete = status > 0 && obstacle == ApiError::Obstacle::None &&
                          (status >= 300 || (netError == QNetworkReply::NoError && !truncated));
    if (complete) {
        qCInfo(lcApi).noquote() << m_currentMethod << m_currentUrl.path() << status << "request"
                                << requestId() << "attempt" << m_attempts;
    } else {
        qCWarning(lcApi).noquote() << m_currentMethod << m_currentUrl.path()
                                   << "failed:" << reply->errorString() << "request" << requestId()
                                   << "attempt" << m_attempts;
    }

    if (!complete) {
        // No answer, or a 2xx cut short: a connection problem. An OperationCanceledError we did
        // not cause ourselves (abort() drops the reply first) is the transfer timeout.
        const bool timedOut =
            netError == QNetworkReply::TimeoutError || netError == QNetworkReply::OperationCanceledError;
        // Stopped on the way (no connection, the proxy refused it): Partner Center never saw it.
        if (isPost() && !neverLeft(netError) && obstacle == ApiError::Obstacle::None)
            m_mayHaveArrived = true;
        ApiError e;
        e.kind = ApiError::Kind::Network;
        e.timedOut = timedOut;
        e.obstacle = obstacle;
        if (e.obstacle == ApiError::Obstacle::ProxyUnreachable ||
            e.obstacle == ApiError::Obstacle::ProxyRefusedCredentials)
            e.proxy = viaProxy;
        e.detail = truncated && netError == QNetworkReply::NoError ? u"The answer was cut short"_s
                                                                   : reply->errorString();
        QNetworkReply::NetworkError cause =
            netError == QNetworkReply::NoError ? QNetworkReply::RemoteHostClosedError : netError;
        if (obstacle == ApiError::Obstacle::ProxyRefusedCredentials)
            cause = QNetworkReply::ProxyAuthenticationRequiredError; // asking again would not help
        failOrRetry(timedOut ? AttemptOutcome::timeout() : AttemptOutcome::network(cause), e);
        return;
    }
    if (status >= 300 && status < 400 && status != 304) {
        followRedirect(reply, status);
        return;
    }
    if (status >= 200 && status < 300) {
        finish({status, body, {}, requestId(), correlationId()});
        return;
    }
    ApiError e = ApiError::fromHttp(status, body, requestId(), correlationId());
    if (status == 401) {
        handleUnauthorized(e, reply->rawHeader("WWW-Authenticate"));
        return;
    }
    if (isPost() && status >= 500)
        m_mayHaveArrived = true; // the server had it; whether it did the work is not known
    failOrRetry(AttemptOutcome::http(status, reply->rawHeader("Retry-After"), e.serverRetryable), e);
}

void ApiCall::followRedirect(QNetworkReply *reply, int status)
{
    const QUrl location = QUrl::fromEncoded(reply->rawHeader("Location").trimmed());
    if (location.isEmpty()) {
        finishWithError(ApiError::fromHttp(status, {}, requestId(), correlationId()));
        return;
    }
    const QUrl target = reply->url().resolved(location);
    QString refusal = RequestBuilder::redirectRefusal(reply->url(), target);
    if (refusal.isEmpty() && ++m_redirects > kMaxRedirects)
        refusal = u"Too many redirects"_s;
    if (!refusal.isEmpty()) {
        qCWarning(lcApi).noquote() << "redirect not followed:" << target.toDisplayString(QUrl::RemoveQuery);
        ApiError e = protocolError(refusal);
        e.httpStatus = status;
        finishWithError(e);
        return;
    }
    // 303, and 301/302 after a POST, continue as a GET without the body (what browsers do).
    const bool toGet = status == 303 || ((status == 301 || status == 302) && m_currentMethod == "POST");
    if (toGet) {
        m_currentMethod = "GET";
        m_currentBody.clear();
    }
    m_currentUrl = target;
    m_authorizationSent = m_builder.sendsAuthorizationTo(target);
    send(m_builder.buildRedirect(target, m_usedToken, !toGet), m_currentMethod, m_currentBody);
}

void ApiCall::handleUnauthorized(ApiError error, const QByteArray &wwwAuthenticate)
{
    if (wwwAuthenticate.toLower().contains("mfa"))
        error.mfaRequired = true;
    // A 401 from a host we sent no token to, or after the one refresh: refreshing cannot help.
    if (!m_authorizationSent || m_refreshUsed || !m_tokens) {
        finishWithError(error);
        return;
    }
    m_refreshUsed = true;
    m_pendingUnauthorized = error;
    const QString current = m_tokens->accessToken();
    if (!current.isEmpty() && current != m_usedToken) {
        // Another call refreshed meanwhile: replay with the new token.
        sendAttempt();
        return;
    }
    qCInfo(lcApi).noquote() << "401, asking for a new token; request" << requestId();
    m_refreshConnection = connect(m_tokens, &TokenProvider::refreshFinished, this,
                                  &ApiCall::onRefreshFinished, Qt::SingleShotConnection);
    m_tokensGoneConnection =
        connect(m_tokens, &QObject::destroyed, this, [this] { onRefreshFinished(false, {}); });
    m_tokens->requestRefresh();
}

void ApiCall::onRefreshFinished(bool ok, const QString &message)
{
    disconnectRefresh();
    if (m_finished || m_abortRequested)
        return;
    if (ok && m_tokens && !m_tokens->accessToken().isEmpty()) {
        sendAttempt(); // the same MS-RequestId; not counted as a retry
        return;
    }
    ApiError e = m_pendingUnauthorized;
    if (!message.isEmpty())
        e.detail = message;
    finishWithError(e);
}

void ApiCall::failOrRetry(const AttemptOutcome &outcome, ApiError error)
{
    const RetryDecision decision = m_policy.decide(outcome, m_retries);
    if (decision.retryAfterMs >= 0)
        error.retryAfterSeconds = (decision.retryAfterMs + 999) / 1000;
    error.requestId = requestId();
    error.correlationId = correlationId();
    if (!decision.retry) {
        finishWithError(error);
        return;
    }
    ++m_retries;
    qCInfo(lcApi).noquote() << "retry" << m_retries << "in" << decision.delayMs << "ms; request"
                            << requestId();
    emit retrying(m_retries, decision.delayMs, error);
    if (!m_finished && !m_abortRequested)
        m_retryTimer.start(decision.delayMs);
}

void ApiCall::finishWithError(ApiError error)
{
    if (error.requestId.isEmpty())
        error.requestId = requestId();
    if (error.correlationId.isEmpty())
        error.correlationId = correlationId();
    if (isPost() && m_mayHaveArrived)
        error.mayHaveArrived = true;
    finish({error.httpStatus, {}, error, error.requestId, error.correlationId});
}

void ApiCall::finish(const ApiResponse &response)
{
    if (m_finished)
        return;
    m_finished = true;
    m_retryTimer.stop();
    disconnectRefresh();
    if (response.error.isError()) {
        qCInfo(lcApi).noquote() << m_builder.spec().method << m_builder.spec().url.path() << "failed as"
                                << ApiError::kindName(response.error.kind) << "request" << requestId();
    }
    const Handler handler = std::move(m_handler);
    m_handler = nullptr;
    // The handler may delete the client, and with it this job.
    const QPointer<ApiCall> self(this);
    if (handler)
        handler(response);
    if (!self)
        return;
    emit finished();
    deleteLater();
}

void ApiCall::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

void ApiCall::disconnectRefresh()
{
    disconnect(m_refreshConnection);
    disconnect(m_tokensGoneConnection);
    m_refreshConnection = {};
    m_tokensGoneConnection = {};
}

} // namespace qd
