#include "partnercenter/HttpConnectionPool.h"

#include <QNetworkRequest>
#include <QPointer>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using qd::HttpConnectionPool;
using qd::HttpExchange;

namespace {

// A loopback HTTP server whose answers each test writes by hand: what arrives is split into
// requests (headers + Content-Length body) and handed to `answer` with the connection's number.
class ScriptedServer : public QObject
{
public:
    struct Request
    {
        int connection = 0;
        QByteArray head;
        QByteArray body;
        QByteArray line() const { return head.left(head.indexOf("\r\n")); }
        QByteArray header(const QByteArray &name) const
        {
            for (const QByteArray &l : head.split('\n')) {
                const qsizetype colon = l.indexOf(':');
                if (colon > 0 && l.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                    return l.mid(colon + 1).trimmed();
            }
            return {};
        }
    };
    using Answer = std::function<void(QTcpSocket *socket, const Request &request)>;

    ScriptedServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                const int number = ++m_connections;
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, this, [this, socket, number, buffer] {
                    *buffer += socket->readAll();
                    for (;;) {
                        const qsizetype end = buffer->indexOf("\r\n\r\n");
                        if (end < 0)
                            return;
                        Request r;
                        r.connection = number;
                        r.head = buffer->left(end + 2);
                        const qsizetype length = r.header("Content-Length").toLongLong();
                        if (buffer->size() < end + 4 + length)
                            return;
                        r.body = buffer->mid(end + 4, length);
                        buffer->remove(0, end + 4 + length);
                        requests.append(r);
                        if (answer)
                            answer(socket, r);
                        if (socket->state() != QAbstractSocket::ConnectedState)
                            return;
                    }
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        m_server.listen(QHostAddress::LocalHost);
    }
    QUrl url(const QString &path = u"/v1/test"_s) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_server.serverPort()).arg(path));
    }
    int connections() const { return m_connections; }

    QList<Request> requests;
    Answer answer;

private:
    QTcpServer m_server;
    int m_connections = 0;
};

void ok(QTcpSocket *socket, const QByteArray &body = "{}")
{
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
}

QNetworkRequest request(const QUrl &url, int timeoutMs = 5000)
{
    QNetworkRequest r(url);
    r.setRawHeader("Accept", "application/json");
    r.setRawHeader("MS-RequestId", "11111111-2222-4333-8444-555555555555");
    r.setTransferTimeout(timeoutMs);
    return r;
}

// Waits until an exchange has its final state; false when that did not come in time.
bool finishes(HttpExchange *exchange, int ms = 5000)
{
    QSignalSpy done(exchange, &HttpExchange::finished);
    return exchange->isFinished() || done.wait(ms);
}

} // namespace

// The Partner Center client's HTTP/1.1 transport against a scripted loopback server: what goes
// on the wire, keep-alive, framing, and every way a connection can fail.
class TestHttpConnectionPool : public QObject
{
    Q_OBJECT

private slots:
    void requestIsWrittenAsBuilt()
    {
        ScriptedServer server;
        server.answer = [](QTcpSocket *s, const ScriptedServer::Request &) { ok(s, "{\"id\":1}"); };
        HttpConnectionPool pool;
        QNetworkRequest r = request(server.url(u"/v1/customers/abc/qualifications"_s));
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        r.setRawHeader("Host", "evil.example"); // the pool's own
        HttpExchange *e = pool.send(r, "POST", "{\"qualification\":\"StateOwnedEntity\"}");
        QVERIFY(finishes(e));
        QCOMPARE(e->error(), QNetworkReply::NoError);
        QCOMPARE(e->status(), 200);
        QCOMPARE(e->body(), QByteArray("{\"id\":1}"));
        QCOMPARE(e->rawHeader("content-type"), QByteArray("application/json"));
        QVERIFY(e->requestWritten());
        QCOMPARE(server.requests.size(), 1);
        const ScriptedServer::Request &got = server.requests.first();
        QCOMPARE(got.line(), QByteArray("POST /v1/customers/abc/qualifications HTTP/1.1"));
        QCOMPARE(got.header("Host"), server.url().authority().toLatin1());
        QCOMPARE(got.head.count("Host:"), 1);
        QCOMPARE(got.header("Content-Length"), QByteArray("36"));
        QCOMPARE(got.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(got.header("MS-RequestId"), QByteArray("11111111-2222-4333-8444-555555555555"));
        QCOMPARE(got.body, QByteArray("{\"qualification\":\"StateOwnedEntity\"}"));
        delete e;
    }

    void queryIsKeptEncoded()
    {
        ScriptedServer server;
        server.answer = [](QTcpSocket *s, const ScriptedServer::Request &) { ok(s); };
        HttpConnectionPool pool;
        QUrl url = server.url(u"/v1/customers"_s);
        url.setQuery(u"size=10&filter=%7B%22Value%22%3A%22a%20b%22%7D"_s, QUrl::TolerantMode);
        std::unique_ptr<HttpExchange> e(pool.send(request(url), "GET"));
        QVERIFY(finishes(e.get()));
        QCOMPARE(server.requests.first().line(),
                 QByteArray("GET /v1/customers?size=10&filter=%7B%22Value%22%3A%22a%20b%22%7D HTTP/1.1"));
        QVERIFY(server.requests.first().header("Content-Length").isEmpty()); // a GET has no body
    }

    void keepAliveCarriesTheNextRequest()
    {
        ScriptedServer server;
        server.answer = [](QTcpSocket *s, const ScriptedServer::Request &) { ok(s); };
        HttpConnectionPool pool;
        for (int i = 0; i < 5; ++i) {
            std::unique_ptr<HttpExchange> e(pool.send(request(server.url()), i % 2 ? "POST" : "GET", "{}"));
            QVERIFY(finishes(e.get()));
            QCOMPARE(e->error(), QNetworkReply::NoError);
        }
        QCOMPARE(server.requests.size(), 5);
        QCOMPARE(server.connections(), 1);
        QCOMPARE(pool.connectionCount(), 1);
    }

    void connectionsPerOriginAreBounded()
    {
        ScriptedServer server;
        QList<QPointer<QTcpSocket>> waiting;
        server.answer = [&waiting](QTcpSocket *s, const ScriptedServer::Request &) { waiting.append(s); };
        HttpConnectionPool pool;
        pool.setMaxConnectionsPerOrigin(2);
        std::vector<std::unique_ptr<HttpExchange>> exchanges;
        for (int i = 0; i < 5; ++i)
            exchanges.emplace_back(pool.send(request(server.url()), "GET"));
        QTRY_COMPARE(server.requests.size(), 2);
        QTest::qWait(50);
        QCOMPARE(server.requests.size(), 2); // the others wait for a free connection
        QCOMPARE(server.connections(), 2);
        // Answer whatever arrives from now on, and what already waits.
        server.answer = [](QTcpSocket *s, const ScriptedServer::Request &) { ok(s); };
        for (const QPointer<QTcpSocket> &s : std::as_const(waiting))
            ok(s);
        for (auto &e : exchanges) {
            QVERIFY(finishes(e.get()));
            QCOMPARE(e->error(), QNetworkReply::NoError);
        }
        QCOMPARE(server.requests.size(), 5);
        QCOMPARE(server.connections(), 2);
    }

    void answersInPieces_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("closes");
        QTest::newRow("content-length")
            << QByteArray("HTTP/1.1 201 Created\r\nContent-Length: 11\r\n\r\n{\"id\":\"q1\"}")
            << QByteArray("{\"id\":\"q1\"}") << false;
        QTest::newRow("chunked") << QByteArray("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
                                               "5\r\n{\"id\"\r\n6\r\n:\"q1\"}\r\n0\r\n\r\n")
                                 << QByteArray("{\"id\":\"q1\"}") << false;
        QTest::newRow("until close") << QByteArray(
                                            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n\r\n"
                                            "{\"id\":\"q1\"}")
                                     << QByteArray("{\"id\":\"q1\"}") << true;
    }

    void answersInPieces()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QByteArray, body);
        QFETCH(bool, closes);
        ScriptedServer server;
        server.answer = [answer, closes](QTcpSocket *s, const ScriptedServer::Request &) {
            // A few bytes at a time, each on its own turn of the event loop.
            for (qsizetype pos = 0; pos < answer.size(); pos += 5) {
                QTimer::singleShot(int(pos), s, [s, piece = answer.mid(pos, 5)] {
                    s->write(piece);
                    s->flush();
                });
            }
            if (closes)
                QTimer::singleShot(int(answer.size()) + 20, s, [s] { s->disconnectFromHost(); });
        };
        HttpConnectionPool pool;
        std::unique_ptr<HttpExchange> e(pool.send(request(server.url()), "POST", "{}"));
        QVERIFY(finishes(e.get()));
        QCOMPARE(e->error(), QNetworkReply::NoError);
        QCOMPARE(e->status(), 201);
        QCOMPARE(e->body(), body);
        QTRY_COMPARE(pool.connectionCount(), closes ? 0 : 1);
    }

    // A server that closes a kept-alive connection just as the next request goes out: a GET is
    // sent once more on a fresh connection; a POST is not (the retry policy decides).
    void staleKeepAlive_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<bool>("resent");
        QTest::newRow("GET") << QByteArray("GET") << true;
        QTest::newRow("POST") << QByteArray("POST") << false;
    }

    void staleKeepAlive()
    {
        QFETCH(QByteArray, method);
        QFETCH(bool, resent);
        ScriptedServer server;
        int seen = 0;
        server.answer = [&seen](QTcpSocket *s, const ScriptedServer::Request &) {
            if (++seen == 2)
                s->abort(); // the second request: closed unanswered
            else
                ok(s);
        };
        HttpConnectionPool pool;
        std::unique_ptr<HttpExchange> first(pool.send(request(server.url()), "GET"));
        QVERIFY(finishes(first.get()));
        std::unique_ptr<HttpExchange> second(pool.send(request(server.url()), method, "{}"));
        QVERIFY(finishes(second.get()));
        if (resent) {
            QCOMPARE(second->error(), QNetworkReply::NoError);
            QCOMPARE(server.requests.size(), 3);
            QCOMPARE(server.connections(), 2);
        } else {
            QCOMPARE(second->error(), QNetworkReply::RemoteHostClosedError);
            QVERIFY(second->requestWritten());
            QCOMPARE(second->status(), 0);
            QTest::qWait(50);
            QCOMPARE(server.requests.size(), 2);
        }
    }

    void closedOnAFreshConnectionIsAnError()
    {
        ScriptedServer server;
        server.answer = [](QTcpSocket *s, const ScriptedServer::Request &) { s->abort(); };
        HttpConnectionPool pool;
        std::unique_ptr<HttpExchange> e(pool.send(request(server.url()), "GET"));
        QVERIFY(finishes(e.get()));
        QCOMPARE(e->error(), QNetworkReply::RemoteHostClosedError);
        QVERIFY(!e->errorString().isEmpty());
        QCOMPARE(server.requests.size(), 1); // a fresh connection is not stale: nothing sent again
    }

    void cutShortKeepsTheStatus()
    {
        ScriptedServer server;
        server.answer = [](QTcpSocket *s, const ScriptedServer::Request &) {
            s->write("HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\n{\"id\"");
            s->flush();
            QTimer::singleShot(20, s, [s] { s->disconnectFromHost(); });
        };
        HttpConnectionPool pool;
        std::unique_ptr<HttpExchange> e(pool.send(request(server.url()), "POST", "{}"));
        QVERIFY(finishes(e.get()));
        QCOMPARE(e->error(), QNetworkReply::RemoteHostClosedError);
        QCOMPARE(e->status(), 201);
    }

    void silenceTimesOut()
    {
        ScriptedServer server; // never answers
        HttpConnectionPool pool;
        std::unique_ptr<HttpExchange> e(pool.send(request(server.url(), 200), "POST", "{}"));
        QVERIFY(finishes(e.get(), 5000));
        QCOMPARE(e->error(), QNetworkReply::TimeoutError);
        QVERIFY(e->requestWritten());
        QCOMPARE(pool.connectionCount(), 0); // a connection in the middle of an answer is not reused
    }

    void refusedConnectionSentNothing()
    {
        quint16 port = 0;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            port = closed.serverPort();
        }
        HttpConnectionPool pool;
        std::unique_ptr<HttpExchange> e(
            pool.send(request(QUrl(u"http://127.0.0.1:%1/v1/x"_s.arg(port))), "POST", "{}"));
        QVERIFY(finishes(e.get()));
        QCOMPARE(e->error(), QNetworkReply::ConnectionRefusedError);
        QVERIFY(!e->requestWritten());
    }

    void tlsHandshakeFailureSentNothing()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        ScriptedServer server; // plain TCP: a TLS client hello gets nothing sensible back
        server.answer = [](QTcpSocket *s, const ScriptedServer::Request &) { ok(s); };
        QUrl url = server.url();
        url.setScheme(u"https"_s);
        HttpConnectionPool pool;
        std::unique_ptr<HttpExchange> e(pool.send(request(url, 3000), "POST", "{}"));
        QVERIFY(finishes(e.get(), 8000));
        QVERIFY(e->error() == QNetworkReply::SslHandshakeFailedError ||
                e->error() == QNetworkReply::TimeoutError ||
                e->error() == QNetworkReply::RemoteHostClosedError);
        QVERIFY(!e->requestWritten());
        QVERIFY(server.requests.isEmpty());
    }

    void lineBreakInAHeaderIsNotSent()
    {
        ScriptedServer server;
        HttpConnectionPool pool;
        QNetworkRequest r = request(server.url());
        r.setRawHeader("MS-ContinuationToken", "abc\r\nAuthorization: Bearer stolen");
        std::unique_ptr<HttpExchange> e(pool.send(r, "GET"));
        QVERIFY(finishes(e.get()));
        QCOMPARE(e->error(), QNetworkReply::ProtocolInvalidOperationError);
        QVERIFY(!e->requestWritten());
        QTest::qWait(50);
        QCOMPARE(server.connections(), 0);
    }

    void unreadableAnswerIsAProtocolFailure()
    {
        ScriptedServer server;
        server.answer = [](QTcpSocket *s, const ScriptedServer::Request &) {
            s->write("<html>oops</html>\r\n\r\n");
        };
        HttpConnectionPool pool;
        std::unique_ptr<HttpExchange> e(pool.send(request(server.url()), "GET"));
        QVERIFY(finishes(e.get()));
        QCOMPARE(e->error(), QNetworkReply::ProtocolFailure);
        QTRY_COMPARE(pool.connectionCount(), 0);
    }

    void abortedExchangeNeverFinishes()
    {
        ScriptedServer server; // answers only later
        QList<QPointer<QTcpSocket>> waiting;
        server.answer = [&waiting](QTcpSocket *s, const ScriptedServer::Request &) { waiting.append(s); };
        HttpConnectionPool pool;
        std::unique_ptr<HttpExchange> e(pool.send(request(server.url()), "POST", "{}"));
        QSignalSpy done(e.get(), &HttpExchange::finished);
        QTRY_COMPARE(server.requests.size(), 1);
        e->abort();
        QCOMPARE(pool.connectionCount(), 0); // never reused after a request half-way
        for (const QPointer<QTcpSocket> &s : std::as_const(waiting)) {
            if (s)
                ok(s);
        }
        QTest::qWait(100);
        QCOMPARE(done.size(), 0);
        // The pool goes on with a new connection.
        server.answer = [](QTcpSocket *s, const ScriptedServer::Request &) { ok(s); };
        std::unique_ptr<HttpExchange> next(pool.send(request(server.url()), "GET"));
        QVERIFY(finishes(next.get()));
        QCOMPARE(next->error(), QNetworkReply::NoError);
    }

    void idleConnectionsClose()
    {
        ScriptedServer server;
        server.answer = [](QTcpSocket *s, const ScriptedServer::Request &) { ok(s); };
        HttpConnectionPool pool;
        pool.setIdleTimeoutMs(100);
        std::unique_ptr<HttpExchange> e(pool.send(request(server.url()), "GET"));
        QVERIFY(finishes(e.get()));
        QCOMPARE(pool.connectionCount(), 1);
        QTRY_COMPARE(pool.connectionCount(), 0);
    }

    void poolDeletedWithRequestsUnderWay()
    {
        ScriptedServer server; // never answers
        auto pool = std::make_unique<HttpConnectionPool>();
        QPointer<HttpExchange> e = pool->send(request(server.url()), "POST", "{}");
        QTRY_COMPARE(server.requests.size(), 1);
        pool.reset();
        QVERIFY(e.isNull()); // the pool owns what it has not handed over for deletion
    }
};

QTEST_GUILESS_MAIN(TestHttpConnectionPool)
#include "tst_httpconnectionpool.moc"
