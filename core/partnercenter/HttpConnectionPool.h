#pragma once

#include "HttpResponseParser.h"

#include <QHash>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <deque>

class QNetworkRequest;

namespace qd {

class HttpConnection;
class HttpConnectionPool;

// One request and its answer, sent by HttpConnectionPool. Owned by the pool (deleted with it);
// the caller deletes it (deleteLater) once done with it. finished() is emitted exactly once,
// never after abort().
class HttpExchange : public QObject
{
    Q_OBJECT
public:
    ~HttpExchange() override;

    QUrl url() const { return m_url; }
    QByteArray method() const { return m_method; }
    bool isFinished() const { return m_finished; }
    // 0 when no status line arrived.
    int status() const { return m_parser.status(); }
    QByteArray rawHeader(QByteArrayView name) const { return m_parser.header(name); }
    QByteArray body() const { return m_parser.body(); }
    // NoError only for a complete answer; otherwise what went wrong, in QNetworkReply's terms so
    // the retry policy reads it like any network error. errorString() is translated.
    QNetworkReply::NetworkError error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    // Some of the request may have reached the server: it was handed to a connection that was open.
    // False after a refused connection, an unknown host or a failed TLS handshake.
    bool requestWritten() const { return m_written; }

    // Stops the exchange; a connection in the middle of it is closed (never reused).
    void abort();

signals:
    void finished();

private:
    friend class HttpConnection;
    friend class HttpConnectionPool;
    explicit HttpExchange(HttpConnectionPool *pool);

    QPointer<HttpConnection> m_connection;
    QString m_origin;
    QUrl m_url;
    QByteArray m_method;
    QByteArray m_wire; // the whole request as it goes on the connection
    int m_timeoutMs = 0;
    HttpResponseParser m_parser;
    QNetworkReply::NetworkError m_error = QNetworkReply::NoError;
    QString m_errorString;
    bool m_finished = false;
    bool m_aborted = false;
    bool m_written = false;
    bool m_resent = false; // sent again once after a kept-alive connection closed unanswered
};

// The Partner Center client's HTTP/1.1 transport: keep-alive connections per origin (plain TCP
// to loopback, TLS with the system's trust store everywhere else), each carrying one request at
// a time, a request written in one piece and an answer read in whole blocks. It never follows a
// redirect, never adds cookies or caches, and never sends a request twice on its own, except a
// GET whose kept-alive connection was closed by the server before a byte of the answer came
// (RFC 9110, 9.2.2); every other repetition is the retry policy's decision.
class HttpConnectionPool : public QObject
{
    Q_OBJECT
public:
    explicit HttpConnectionPool(QObject *parent = nullptr);
    ~HttpConnectionPool() override;

    // Connections per origin (scheme, host, port) at most; requests beyond wait in order. Default 6.
    void setMaxConnectionsPerOrigin(int n);
    int maxConnectionsPerOrigin() const { return m_maxPerOrigin; }
    // An unused connection is closed after this long (default 50 s), before servers drop theirs.
    void setIdleTimeoutMs(int ms) { m_idleTimeoutMs = ms; }
    int idleTimeoutMs() const { return m_idleTimeoutMs; }

    // Sends method to request.url() with request's raw headers (Host, Content-Length and framing
    // are the pool's) and body. The request's transfer timeout bounds each silence: no byte sent
    // or received for that long ends the exchange with a timeout.
    HttpExchange *send(const QNetworkRequest &request, const QByteArray &method, const QByteArray &body = {});

    // Open connections (for tests and diagnostics).
    int connectionCount() const;

private:
    friend class HttpConnection;
    friend class HttpExchange;
    struct Origin
    {
        std::deque<QPointer<HttpExchange>> queue;
        QList<HttpConnection *> connections;
    };

    void dispatch(const QString &origin);
    void remove(HttpConnection *connection);
    void finishLater(HttpExchange *exchange, QNetworkReply::NetworkError error, const QString &errorString);

    QHash<QString, Origin> m_origins;
    int m_maxPerOrigin = 6;
    int m_idleTimeoutMs = 50000;
};

} // namespace qd
