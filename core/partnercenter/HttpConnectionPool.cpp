#include "HttpConnectionPool.h"

#include "ApiLogging.h"

#include <QCoreApplication>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace qd {

namespace {

QNetworkReply::NetworkError networkError(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QNetworkReply::ConnectionRefusedError;
    case QAbstractSocket::RemoteHostClosedError:
        return QNetworkReply::RemoteHostClosedError;
    case QAbstractSocket::HostNotFoundError:
        return QNetworkReply::HostNotFoundError;
    case QAbstractSocket::SocketTimeoutError:
        return QNetworkReply::TimeoutError;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return QNetworkReply::SslHandshakeFailedError;
    case QAbstractSocket::ProxyConnectionRefusedError:
        return QNetworkReply::ProxyConnectionRefusedError;
    case QAbstractSocket::ProxyConnectionClosedError:
        return QNetworkReply::ProxyConnectionClosedError;
    case QAbstractSocket::ProxyNotFoundError:
        return QNetworkReply::ProxyNotFoundError;
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        return QNetworkReply::ProxyAuthenticationRequiredError;
    case QAbstractSocket::ProxyConnectionTimeoutError:
        return QNetworkReply::ProxyTimeoutError;
    case QAbstractSocket::ProxyProtocolError:
        return QNetworkReply::UnknownProxyError;
    default:
        return QNetworkReply::UnknownNetworkError;
    }
}

bool isIdempotent(const QByteArray &method)
{
    return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

bool isHeaderSafe(const QByteArray &text)
{
    return !text.contains('\r') && !text.contains('\n') && !text.contains('\0');
}

} // namespace

// One keep-alive connection to one origin, carrying one exchange at a time.
class HttpConnection : public QObject
{
    friend class HttpConnectionPool;

public:
    HttpConnection(HttpConnectionPool *pool, const QString &origin, const QUrl &url);

    bool isBusy() const { return m_exchange != nullptr; }
    void start(HttpExchange *exchange);
    // The exchange was aborted or deleted by its caller: this connection is out of step for good.
    void abandon();

private:
    void onReady();
    void writeRequest();
    void onReadyRead();
    void onBytesWritten();
    void onClosedByPeer();
    void onError(QAbstractSocket::SocketError error);
    void onTimer();
    void complete(bool reusable);
    void fail(QNetworkReply::NetworkError error, const QString &message);
    HttpExchange *detach();
    void close();

    HttpConnectionPool *m_pool;
    QString m_origin;
    QAbstractSocket *m_socket;
    QPointer<HttpExchange> m_exchange;
    QTimer m_timer; // the silence limit of the exchange, or the idle limit between exchanges
    bool m_ready = false;
    bool m_used =
        false; // has carried a whole exchange: a close before the next answer may be stale keep-alive
    bool m_closed = false;
};

HttpConnection::HttpConnection(HttpConnectionPool *pool, const QString &origin, const QUrl &url)
    : QObject(pool), m_pool(pool), m_origin(origin)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimer);
    const bool tls = url.scheme().compare(u"https"_s, Qt::CaseInsensitive) == 0;
    if (tls) {
        auto *ssl = new QSslSocket(this);
        QSslConfiguration config = ssl->sslConfiguration();
        config.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});
        ssl->setSslConfiguration(config);
        m_socket = ssl;
        connect(ssl, &QSslSocket::encrypted, this, &HttpConnection::onReady);
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QAbstractSocket::connected, this, &HttpConnection::onReady);
    }
    connect(m_socket, &QIODevice::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QIODevice::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpConnection::onClosedByPeer);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &HttpConnection::onError);

    const quint16 port = quint16(url.port(tls ? 443 : 80));
    if (tls) {
        if (!QSslSocket::supportsSsl()) {
            QMetaObject::invokeMethod(
                this,
                [this] {
                    fail(QNetworkReply::SslHandshakeFailedError,
                         QCoreApplication::translate("qd::HttpConnectionPool",
                                                     "TLS is not available on this system."));
                },
                Qt::QueuedConnection);
            return;
        }
        static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(url.host(), port);
    } else {
        m_socket->connectToHost(url.host(), port);
    }
}

void HttpConnection::start(HttpExchange *exchange)
{
    m_exchange = exchange;
    exchange->m_connection = this;
    m_timer.stop();
    if (exchange->m_timeoutMs > 0)
        m_timer.start(exchange->m_timeoutMs);
    if (m_ready)
        writeRequest();
}

void HttpConnection::writeRequest()
{
    m_exchange->m_written = true;
    m_socket->write(m_exchange->m_wire);
    // Out now rather than on the socket's next write notification: one turn of the event loop
    // (and a poll) less between an answer and the next request.
    m_socket->flush();
}

void HttpConnection::abandon()
{
    detach();
    close();
}

void HttpConnection::onReady()
{
    if (m_closed)
        return;
    m_ready = true;
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_exchange)
        writeRequest();
}

void HttpConnection::onReadyRead()
{
    if (m_closed)
        return;
    const QByteArray data = m_socket->readAll();
    if (data.isEmpty())
        return;
    if (!m_exchange) { // bytes nobody asked for: the connection is out of step
        close();
        return;
    }
    if (m_timer.isActive())
        m_timer.start();
    HttpResponseParser &parser = m_exchange->m_parser;
    const qsizetype used = parser.feed(data);
    if (parser.hasFailed()) {
        qCWarning(lcApi).noquote() << "unreadable answer from" << m_origin << ':' << parser.failure();
        fail(QNetworkReply::ProtocolFailure,
             QCoreApplication::translate("qd::HttpConnectionPool", "The server's answer is not valid HTTP."));
        return;
    }
    if (parser.isDone())
        complete(used == data.size() && parser.keepAlive());
}

void HttpConnection::onBytesWritten()
{
    if (m_exchange && m_timer.isActive())
        m_timer.start();
}

void HttpConnection::onClosedByPeer()
{
    if (m_closed)
        return;
    if (m_socket->bytesAvailable() > 0)
        onReadyRead(); // what came with the close
    if (m_closed)
        return;
    if (!m_exchange) {
        close();
        return;
    }
    HttpResponseParser &parser = m_exchange->m_parser;
    if (parser.nothingReceived() && m_used && isIdempotent(m_exchange->m_method) && !m_exchange->m_resent) {
        // The server closed a kept-alive connection as the request went out: a GET is simply
        // sent once more on a fresh connection.
        HttpExchange *exchange = detach();
        exchange->m_resent = true;
        exchange->m_parser = HttpResponseParser(exchange->m_method != "HEAD");
        HttpConnectionPool *pool = m_pool;
        const QString origin = m_origin;
        close();
        pool->m_origins[origin].queue.push_front(exchange);
        pool->dispatch(origin);
        return;
    }
    parser.finishOnClose();
    if (parser.isDone()) {
        complete(false);
        return;
    }
    fail(QNetworkReply::RemoteHostClosedError,
         parser.nothingReceived()
             ? QCoreApplication::translate("qd::HttpConnectionPool",
                                           "The server closed the connection without answering.")
             : QCoreApplication::translate(
                   "qd::HttpConnectionPool",
                   "The server closed the connection before the answer was complete."));
}

void HttpConnection::onError(QAbstractSocket::SocketError error)
{
    if (m_closed)
        return;
    if (error == QAbstractSocket::RemoteHostClosedError) {
        onClosedByPeer();
        return;
    }
    if (!m_exchange) {
        close();
        return;
    }
    fail(networkError(error), m_socket->errorString());
}

void HttpConnection::onTimer()
{
    if (m_closed)
        return;
    if (!m_exchange) { // idle for too long
        close();
        return;
    }
    fail(QNetworkReply::TimeoutError,
         QCoreApplication::translate("qd::HttpConnectionPool", "The server did not answer in time."));
}

void HttpConnection::complete(bool reusable)
{
    HttpExchange *exchange = detach();
    m_used = true;
    HttpConnectionPool *pool = m_pool;
    const QString origin = m_origin;
    if (reusable && m_pool->m_idleTimeoutMs > 0)
        m_timer.start(m_pool->m_idleTimeoutMs);
    else if (!reusable)
        close();
    pool->finishLater(exchange, QNetworkReply::NoError, {});
    pool->dispatch(origin);
}

void HttpConnection::fail(QNetworkReply::NetworkError error, const QString &message)
{
    HttpExchange *exchange = detach();
    HttpConnectionPool *pool = m_pool;
    const QString origin = m_origin;
    close();
    if (exchange)
        pool->finishLater(exchange, error, message);
    pool->dispatch(origin);
}

HttpExchange *HttpConnection::detach()
{
    m_timer.stop();
    HttpExchange *exchange = m_exchange;
    m_exchange = nullptr;
    if (exchange)
        exchange->m_connection = nullptr;
    return exchange;
}

void HttpConnection::close()
{
    if (m_closed)
        return;
    m_closed = true;
    m_timer.stop();
    m_socket->disconnect(this);
    m_socket->abort();
    m_pool->remove(this);
}

HttpExchange::HttpExchange(HttpConnectionPool *pool) : QObject(pool) {}

HttpExchange::~HttpExchange()
{
    if (m_connection)
        m_connection->abandon();
}

void HttpExchange::abort()
{
    if (m_finished || m_aborted)
        return;
    m_aborted = true;
    if (m_connection)
        m_connection->abandon(); // a request half-way is never followed by another on the same connection
}

HttpConnectionPool::HttpConnectionPool(QObject *parent) : QObject(parent) {}

HttpConnectionPool::~HttpConnectionPool()
{
    // Connections first, so exchanges deleted after them find none to abandon.
    for (Origin &origin : m_origins) {
        for (HttpConnection *connection : std::as_const(origin.connections))
            delete connection;
        origin.connections.clear();
    }
}

void HttpConnectionPool::setMaxConnectionsPerOrigin(int n)
{
    m_maxPerOrigin = std::max(1, n);
}

int HttpConnectionPool::connectionCount() const
{
    int n = 0;
    for (const Origin &origin : m_origins)
        n += int(origin.connections.size());
    return n;
}

HttpExchange *HttpConnectionPool::send(const QNetworkRequest &request, const QByteArray &method,
                                       const QByteArray &body)
{
    auto *exchange = new HttpExchange(this);
    const QUrl url = request.url();
    exchange->m_url = url;
    exchange->m_method = method;
    exchange->m_timeoutMs = request.transferTimeout();
    exchange->m_parser = HttpResponseParser(method != "HEAD");

    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"http"_s && scheme != u"https"_s)) {
        finishLater(exchange, QNetworkReply::ProtocolUnknownError,
                    QCoreApplication::translate("qd::HttpConnectionPool",
                                                "Only http and https addresses can be requested."));
        return exchange;
    }
    const int port = url.port(scheme == u"https"_s ? 443 : 80);
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    if (url.port() != -1)
        host += ':' + QByteArray::number(port);

    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();

    QByteArray &wire = exchange->m_wire;
    wire.reserve(512 + body.size());
    wire += method + ' ' + target + " HTTP/1.1\r\nHost: " + host + "\r\n";
    bool safe = isHeaderSafe(method) && !method.contains(' ');
    for (const QByteArray &name : request.rawHeaderList()) {
        const QByteArray lower = name.toLower();
        if (lower == "host" || lower == "content-length" || lower == "transfer-encoding" ||
            lower == "connection")
            continue;
        const QByteArray value = request.rawHeader(name);
        safe = safe && isHeaderSafe(name) && !name.contains(':') && isHeaderSafe(value);
        wire += name + ": " + value + "\r\n";
    }
    if (!safe) {
        finishLater(
            exchange, QNetworkReply::ProtocolInvalidOperationError,
            QCoreApplication::translate("qd::HttpConnectionPool",
                                        "The request has a line break in a header; it was not sent."));
        return exchange;
    }
    if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH")
        wire += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    wire += "\r\n";
    wire += body;

    exchange->m_origin = scheme + u"://"_s + url.host().toLower() + u':' + QString::number(port);
    m_origins[exchange->m_origin].queue.push_back(exchange);
    dispatch(exchange->m_origin);
    return exchange;
}

void HttpConnectionPool::dispatch(const QString &key)
{
    for (;;) {
        const auto it = m_origins.find(key);
        if (it == m_origins.end())
            return;
        Origin &origin = *it;
        while (!origin.queue.empty() && (!origin.queue.front() || origin.queue.front()->m_aborted))
            origin.queue.pop_front();
        if (origin.queue.empty()) {
            if (origin.connections.isEmpty())
                m_origins.erase(it);
            return;
        }
        HttpConnection *free = nullptr;
        for (HttpConnection *connection : std::as_const(origin.connections)) {
            if (!connection->isBusy()) {
                free = connection;
                break;
            }
        }
        if (!free) {
            if (origin.connections.size() >= m_maxPerOrigin)
                return;
            free = new HttpConnection(this, key, origin.queue.front()->m_url);
            origin.connections.append(free);
        }
        HttpExchange *exchange = origin.queue.front();
        origin.queue.pop_front();
        free->start(exchange);
    }
}

void HttpConnectionPool::remove(HttpConnection *connection)
{
    const auto it = m_origins.find(connection->m_origin);
    if (it != m_origins.end()) {
        it->connections.removeOne(connection);
        if (it->connections.isEmpty() && it->queue.empty())
            m_origins.erase(it);
    }
    connection->deleteLater(); // it may be in the middle of its own socket's signal
}

void HttpConnectionPool::finishLater(HttpExchange *exchange, QNetworkReply::NetworkError error,
                                     const QString &errorString)
{
    // The exchange's state is final now; its signal comes from the event loop, so whatever the
    // receiver does (send more, delete the client) never runs inside a socket's own signal.
    exchange->m_finished = true;
    exchange->m_error = error;
    exchange->m_errorString = errorString;
    QMetaObject::invokeMethod(
        exchange,
        [exchange] {
            if (!exchange->m_aborted)
                emit exchange->finished();
        },
        Qt::QueuedConnection);
}

} // namespace qd
