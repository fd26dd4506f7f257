#include "partnercenter/HttpResponseParser.h"

#include <QTest>

using qd::HttpResponseParser;

// Answers as servers send them, fed whole, byte by byte and in uneven pieces: each way must
// give the same status, headers and body, and leave what follows the answer unread.
class TestHttpResponseParser : public QObject
{
    Q_OBJECT

private:
    // Feeds data in pieces of `step` bytes (0: all at once); returns the bytes used.
    static qsizetype feedInPieces(HttpResponseParser &parser, const QByteArray &data, int step)
    {
        if (step <= 0)
            return parser.feed(data);
        qsizetype used = 0;
        for (qsizetype pos = 0; pos < data.size() && !parser.isDone() && !parser.hasFailed(); pos += step) {
            const QByteArrayView piece =
                QByteArrayView(data).sliced(pos, std::min<qsizetype>(step, data.size() - pos));
            used += parser.feed(piece);
        }
        return used;
    }

private slots:
    void framings_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("keepAlive");
        QTest::addColumn<QByteArray>("rest"); // bytes after the answer

        QTest::newRow("content-length")
            << QByteArray("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                          "Content-Length: 7\r\n\r\n{\"a\":1}")
            << 201 << QByteArray("{\"a\":1}") << true << QByteArray();
        QTest::newRow("bare LF lines") << QByteArray("HTTP/1.1 200 OK\nContent-Length: 2\n\nok") << 200
                                       << QByteArray("ok") << true << QByteArray();
        QTest::newRow("no reason phrase")
            << QByteArray("HTTP/1.1 204\r\n\r\n") << 204 << QByteArray() << true << QByteArray();
        QTest::newRow("204 ignores a length")
            << QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n") << 204 << QByteArray()
            << true << QByteArray();
        QTest::newRow("chunked") << QByteArray(
                                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                        "4\r\nWiki\r\n5;ext=1\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n"
                                        "Trailer: x\r\n\r\n")
                                 << 200 << QByteArray("Wikipedia in\r\n\r\nchunks.") << true << QByteArray();
        QTest::newRow("chunked, upper-case hex")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
                          "A\r\n0123456789\r\n0\r\n\r\n")
            << 200 << QByteArray("0123456789") << true << QByteArray();
        QTest::newRow("until close") << QByteArray(
                                            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it")
                                     << 200 << QByteArray("all of it") << false << QByteArray();
        QTest::newRow("connection close") << QByteArray("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\n"
                                                        "Content-Length: 1\r\n\r\nx")
                                          << 200 << QByteArray("x") << false << QByteArray();
        QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx") << 200
                                  << QByteArray("x") << false << QByteArray();
        QTest::newRow("HTTP/1.0 keep-alive") << QByteArray("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n"
                                                           "Content-Length: 1\r\n\r\nx")
                                             << 200 << QByteArray("x") << true << QByteArray();
        QTest::newRow("100 Continue first")
            << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 409 Conflict\r\n"
                          "Content-Length: 2\r\n\r\n{}")
            << 409 << QByteArray("{}") << true << QByteArray();
        QTest::newRow("folded header")
            << QByteArray("HTTP/1.1 200 OK\r\nX-Long: a\r\n b\r\nContent-Length: 0\r\n\r\n") << 200
            << QByteArray() << true << QByteArray();
        QTest::newRow("same length twice")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx") << 200
            << QByteArray("x") << true << QByteArray();
        QTest::newRow("bytes after the answer")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1") << 200 << QByteArray("x")
            << true << QByteArray("HTTP/1.1");
    }

    void framings()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(bool, keepAlive);
        QFETCH(QByteArray, rest);
        for (const int step : {0, 1, 3, 7}) {
            HttpResponseParser parser;
            const qsizetype used = feedInPieces(parser, wire, step);
            if (parser.state() == HttpResponseParser::State::UntilClose)
                parser.finishOnClose();
            QVERIFY2(parser.isDone(),
                     qPrintable(
                         QStringLiteral("step %1: %2").arg(step).arg(QString::fromLatin1(parser.failure()))));
            QCOMPARE(parser.status(), status);
            QCOMPARE(parser.body(), body);
            QCOMPARE(parser.keepAlive(), keepAlive);
            QCOMPARE(wire.mid(used), rest);
        }
    }

    void headersAreCaseInsensitive()
    {
        HttpResponseParser parser;
        parser.feed("HTTP/1.1 429 Too Many Requests\r\nretry-after:  7 \r\nMS-CorrelationId: abc\r\nX-Long: "
                    "a\r\n b\r\n"
                    "Content-Length: 0\r\n\r\n");
        QVERIFY(parser.isDone());
        QCOMPARE(parser.header("Retry-After"), QByteArray("7"));
        QCOMPARE(parser.header("ms-correlationid"), QByteArray("abc"));
        QCOMPARE(parser.header("x-long"), QByteArray("a b"));
        QCOMPARE(parser.header("Location"), QByteArray());
    }

    void headRequestHasNoBody()
    {
        HttpResponseParser parser(false);
        parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n");
        QVERIFY(parser.isDone());
        QVERIFY(parser.body().isEmpty());
        QVERIFY(parser.keepAlive());
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::newRow("not HTTP") << QByteArray("<html>hello</html>\r\n");
        QTest::newRow("HTTP/2 status line") << QByteArray("HTTP/2 200\r\n\r\n");
        QTest::newRow("status not a number") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n");
        QTest::newRow("status out of range") << QByteArray("HTTP/1.1 999 What\r\n\r\n");
        QTest::newRow("header without colon") << QByteArray("HTTP/1.1 200 OK\r\nbroken header\r\n\r\n");
        QTest::newRow("space in header name") << QByteArray("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n");
        QTest::newRow("length not a number")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n");
        QTest::newRow("negative length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n");
        QTest::newRow("two different lengths")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx");
        QTest::newRow("chunk size not hex")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        QTest::newRow("chunk longer than said")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n");
        QTest::newRow("switching protocols") << QByteArray("HTTP/1.1 101 Switching Protocols\r\n\r\n");
        QTest::newRow("binary junk") << QByteArray("\x00\x01\x02\xff\xfe\n", 6);
        QTest::newRow("huge length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\n\r\n");
    }

    void malformed()
    {
        QFETCH(QByteArray, wire);
        HttpResponseParser parser;
        parser.feed(wire);
        QVERIFY(parser.hasFailed());
        QVERIFY(!parser.failure().isEmpty());
        QVERIFY(!parser.keepAlive());
        // Once failed, nothing more is taken.
        QCOMPARE(parser.feed("HTTP/1.1 200 OK\r\n\r\n"), 0);
    }

    void endlessHeaderIsRefused()
    {
        HttpResponseParser parser;
        parser.feed("HTTP/1.1 200 OK\r\n");
        const QByteArray line = "X-Pad: " + QByteArray(1000, 'a') + "\r\n";
        for (int i = 0; i < 100 && !parser.hasFailed(); ++i)
            parser.feed(line);
        QVERIFY(parser.hasFailed());
    }

    void closeBeforeTheEnd_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<bool>("nothing");
        QTest::addColumn<int>("status");
        QTest::newRow("nothing at all") << QByteArray() << true << 0;
        QTest::newRow("half a status line") << QByteArray("HTTP/1.1 20") << false << 0;
        QTest::newRow("headers only")
            << QByteArray("HTTP/1.1 201 Created\r\nContent-Length: 10\r\n") << false << 201;
        QTest::newRow("body cut short")
            << QByteArray("HTTP/1.1 201 Created\r\nContent-Length: 10\r\n\r\n{\"id\"") << false << 201;
        QTest::newRow("last chunk missing")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n") << false << 200;
    }

    void closeBeforeTheEnd()
    {
        QFETCH(QByteArray, wire);
        QFETCH(bool, nothing);
        QFETCH(int, status);
        HttpResponseParser parser;
        parser.feed(wire);
        QVERIFY(!parser.isDone());
        parser.finishOnClose();
        QVERIFY(parser.hasFailed());
        QCOMPARE(parser.nothingReceived(), nothing);
        QCOMPARE(parser.status(), status);
    }
};

QTEST_APPLESS_MAIN(TestHttpResponseParser)
#include "tst_httpresponseparser.moc"
