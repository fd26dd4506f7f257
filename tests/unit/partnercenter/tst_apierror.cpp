#include "partnercenter/ApiError.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Kind = qd::ApiError::Kind;

class TestApiError : public QObject
{
    Q_OBJECT
private slots:
    void parsesBodies_data();
    void parsesBodies();
    void kindFollowsStatus_data();
    void kindFollowsStatus();
    void mfaDetection_data();
    void mfaDetection();
    void keepsIds();
    void clipsLongText();
    void userMessages();
    void throttledMessageCountsSeconds();
    void userMessageQuotesServerText();
    void invalidInputMessage();
    void detailsForSupport();
    void kindNamesAreStableAndDistinct();
};

void TestApiError::parsesBodies_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("retryable"); // -1 absent, 0 false, 1 true

    QTest::newRow("string code + description")
        << 400
        << QByteArray(
               R"({"code":"800002","description":"Invalid request input","data":[],"source":"PartnerFD"})")
        << u"800002"_s << u"Invalid request input"_s << -1;
    QTest::newRow("number code + message")
        << 404
        << QByteArray(R"({"code":600074,"message":"Account Status was not found.","isRetryable":false})")
        << u"600074"_s << u"Account Status was not found."_s << 0;
    QTest::newRow("description wins over message")
        << 409
        << QByteArray(R"({"code":1,"message":"short","description":"The long one","isRetryable":true})")
        << u"1"_s << u"The long one"_s << 1;
    QTest::newRow("empty description falls back to message")
        << 400 << QByteArray(R"({"code":2,"description":"","message":"from message"})") << u"2"_s
        << u"from message"_s << -1;
    QTest::newRow("PascalCase keys") << 400
                                     << QByteArray(R"({"Code":"3000","Description":"Invalid property"})")
                                     << u"3000"_s << u"Invalid property"_s << -1;
    QTest::newRow("429 body")
        << 429
        << QByteArray(R"({"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."})")
        << QString() << u"Rate limit is exceeded. Try again in 57 seconds."_s << -1;
    QTest::newRow("odata nested") << 400
                                  << QByteArray(R"({"error":{"code":"BadArgument","message":"nested text"}})")
                                  << u"BadArgument"_s << u"nested text"_s << -1;
    QTest::newRow("bare JSON string") << 400 << QByteArray(R"("Customer tagging denied.")") << QString()
                                      << u"Customer tagging denied."_s << -1;
    QTest::newRow("bare string with BOM and newline")
        << 400 << QByteArray("\xEF\xBB\xBF\"Ne\\u00fasp\\u011bch\"\n") << QString() << u"Neúspěch"_s << -1;
    QTest::newRow("object with BOM") << 400 << QByteArray("\xEF\xBB\xBF{\"code\":7,\"description\":\"d\"}")
                                     << u"7"_s << u"d"_s << -1;
    QTest::newRow("plain text") << 502 << QByteArray("  Bad gateway: upstream closed\r\n") << QString()
                                << u"Bad gateway: upstream closed"_s << -1;
    QTest::newRow("utf-8 text") << 400 << QByteArray("Chybný požadavek") << QString() << u"Chybný požadavek"_s
                                << -1;
    QTest::newRow("empty body") << 403 << QByteArray() << QString() << QString() << -1;
    QTest::newRow("whitespace body") << 403 << QByteArray(" \n ") << QString() << QString() << -1;
    QTest::newRow("HTML page keeps the title only")
        << 503
        << QByteArray("<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head>"
                      "<body><h1>Service Unavailable</h1><script>x()</script></body></html>")
        << QString() << u"503 Service Unavailable"_s << -1;
    QTest::newRow("HTML without title")
        << 500 << QByteArray("<html><body>broken</body></html>") << QString() << QString() << -1;
    QTest::newRow("broken JSON object shows nothing")
        << 400 << QByteArray(R"({"code":1,"descr)") << QString() << QString() << -1;
    // Found by fuzz/customers and fuzz/validation_codes in json::string, which reads codes here too:
    // a number beyond 2^63 was cast to qint64 (undefined behaviour).
    QTest::newRow("code beyond 2^63")
        << 400 << QByteArray(R"({"code":3e51,"description":"d"})") << u"3e+51"_s << u"d"_s << -1;
    QTest::newRow("object without text")
        << 400 << QByteArray(R"({"code":20002,"data":[]})") << u"20002"_s << QString() << -1;
}

void TestApiError::parsesBodies()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(int, retryable);
    const qd::ApiError e = qd::ApiError::fromHttp(status, body, u"rid"_s, u"cid"_s);
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(e.code, code);
    QCOMPARE(e.serverMessage, message);
    QCOMPARE(e.serverRetryable.has_value(), retryable >= 0);
    if (retryable >= 0)
        QCOMPARE(*e.serverRetryable, retryable == 1);
    QVERIFY(!e.userMessage().contains(u"<html"_s, Qt::CaseInsensitive));
    QVERIFY(!e.userMessage().contains(u"<script"_s, Qt::CaseInsensitive));
}

void TestApiError::kindFollowsStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<Kind>("kind");
    QTest::newRow("400") << 400 << Kind::Rejected;
    QTest::newRow("401") << 401 << Kind::Authentication;
    QTest::newRow("403") << 403 << Kind::Rejected;
    QTest::newRow("404") << 404 << Kind::Rejected;
    QTest::newRow("409") << 409 << Kind::Rejected;
    QTest::newRow("429") << 429 << Kind::Throttled;
    QTest::newRow("500") << 500 << Kind::Network;
    QTest::newRow("503") << 503 << Kind::Network;
    QTest::newRow("302 unexpected") << 302 << Kind::Protocol;
}

void TestApiError::kindFollowsStatus()
{
    QFETCH(int, status);
    QFETCH(Kind, kind);
    const qd::ApiError e = qd::ApiError::fromHttp(status, {}, {}, {});
    QCOMPARE(e.kind, kind);
    QVERIFY(e.isError());
}

void TestApiError::mfaDetection_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("mfa");
    QTest::newRow("code 10001") << 401
                                << QByteArray(R"({"code":10001,"description":"Authentication failed."})")
                                << true;
    QTest::newRow("text says MFA") << 401 << QByteArray(R"("Authentication failed. MFA required.")") << true;
    QTest::newRow("multi-factor") << 401 << QByteArray("Multi-factor authentication is required") << true;
    QTest::newRow("expired token") << 401
                                   << QByteArray(R"({"code":"TokenExpired","description":"Token expired"})")
                                   << false;
    QTest::newRow("empty 401") << 401 << QByteArray() << false;
    QTest::newRow("403 with 10001 is not a sign-in problem")
        << 403 << QByteArray(R"({"code":10001})") << false;
    QTest::newRow("word inside another word") << 401 << QByteArray("SMFAB failure") << false;
}

void TestApiError::mfaDetection()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, mfa);
    const qd::ApiError e = qd::ApiError::fromHttp(status, body, {}, {});
    QCOMPARE(e.mfaRequired, mfa);
    if (mfa)
        QVERIFY2(e.userMessage().contains(u"multi-factor authentication"_s), qPrintable(e.userMessage()));
}

void TestApiError::keepsIds()
{
    const qd::ApiError e = qd::ApiError::fromHttp(400, "x", u"req-1"_s, u"corr-2"_s);
    QCOMPARE(e.requestId, u"req-1"_s);
    QCOMPARE(e.correlationId, u"corr-2"_s);
}

void TestApiError::clipsLongText()
{
    const QByteArray longText(5000, 'a');
    const qd::ApiError e = qd::ApiError::fromHttp(400, longText, {}, {});
    QCOMPARE(e.serverMessage.size(), 1025);
    QVERIFY(e.serverMessage.endsWith(u'…'));

    // A character of two UTF-16 units across the limit is left out whole, not cut in half.
    const QByteArray emoji = QByteArray(1023, 'b') + "\xF0\x9F\x98\x80" + QByteArray(10, 'c');
    const qd::ApiError cut = qd::ApiError::fromHttp(400, emoji, {}, {});
    QCOMPARE(cut.serverMessage, QString(1023, u'b') + u'…');
    QVERIFY(QStringView(cut.serverMessage).toUtf8() == QByteArray(1023, 'b') + "\xE2\x80\xA6");
}

void TestApiError::userMessages()
{
    QCOMPARE(
        qd::ApiError::fromHttp(403, {}, {}, {}).userMessage(),
        u"Access denied. Your account does not have the required role or relationship with this customer."_s);
    QCOMPARE(qd::ApiError::fromHttp(401, {}, {}, {}).userMessage(),
             u"Your sign-in has expired. Sign in again."_s);
    QVERIFY(qd::ApiError::fromHttp(503, {}, {}, {}).userMessage().contains(u"server error (503)"_s));
    QVERIFY(qd::ApiError::fromHttp(400, {}, {}, {}).userMessage().contains(u"HTTP 400"_s));

    qd::ApiError unknown;
    unknown.kind = Kind::OutcomeUnknown;
    unknown.serverMessage = u"ignored"_s;
    QCOMPARE(unknown.userMessage(), u"It is not known whether Partner Center accepted the submission. "
                                    u"Refresh the customer's qualifications "
                                    "before sending it again."_s);

    qd::ApiError network;
    network.kind = Kind::Network;
    QVERIFY(network.userMessage().contains(u"Could not reach Partner Center"_s));
    network.timedOut = true;
    QVERIFY(network.userMessage().contains(u"did not answer in time"_s));
    QVERIFY(!network.userMessage().contains(u"may still have reached"_s));
    network.mayHaveArrived = true;
    QVERIFY(network.userMessage().contains(u"may still have reached"_s));

    qd::ApiError notSignedIn;
    notSignedIn.kind = Kind::Authentication;
    QVERIFY(notSignedIn.userMessage().contains(u"not signed in"_s));

    qd::ApiError cancelled;
    cancelled.kind = Kind::Cancelled;
    QCOMPARE(cancelled.userMessage(), u"The request was cancelled."_s);

    qd::ApiError protocol;
    protocol.kind = Kind::Protocol;
    protocol.serverMessage = u"<garbage>"_s;
    QVERIFY(!protocol.userMessage().contains(u"<garbage>"_s));
    QVERIFY(!protocol.userMessage().isEmpty());

    QVERIFY(qd::ApiError().userMessage().isEmpty());
}

void TestApiError::throttledMessageCountsSeconds()
{
    qd::ApiError e = qd::ApiError::fromHttp(429, {}, {}, {});
    QVERIFY(e.userMessage().contains(u"Try again later"_s));
    e.retryAfterSeconds = 57;
    QVERIFY2(e.userMessage().contains(u"Try again in 57 second"_s), qPrintable(e.userMessage()));
    e.retryAfterSeconds = 1;
    QVERIFY2(e.userMessage().contains(u"Try again in 1 second"_s), qPrintable(e.userMessage()));
}

void TestApiError::userMessageQuotesServerText()
{
    const qd::ApiError e = qd::ApiError::fromHttp(
        409, R"({"code":409001,"description":"Customer already has Education."})", {}, {});
    QVERIFY2(e.userMessage().contains(u"\"Customer already has Education.\""_s), qPrintable(e.userMessage()));
    QVERIFY(e.userMessage().startsWith(u"Partner Center refused the request because it conflicts"_s));

    const qd::ApiError bare = qd::ApiError::fromHttp(400, R"("Customer tagging denied.")", {}, {});
    QVERIFY(bare.userMessage().contains(u"\"Customer tagging denied.\""_s));

    const qd::ApiError denied = qd::ApiError::fromHttp(
        403, R"({"description":"The supplied role does not have the rights."})", {}, {});
    QVERIFY(denied.userMessage().startsWith(u"Access denied."_s));
    QVERIFY(denied.userMessage().contains(u"\"The supplied role does not have the rights.\""_s));
}

void TestApiError::invalidInputMessage()
{
    const qd::ApiError issues = qd::ApiError::invalidInput(
        {qd::QualificationRequest::tenantIdIssue(), {qd::InputIssue::Field::Segment, u"Pick a segment."_s}});
    QCOMPARE(issues.kind, Kind::InvalidInput);
    QCOMPARE(issues.inputIssues.size(), 2);
    QVERIFY(issues.userMessage().contains(u"Invalid tenant ID"_s));
    QVERIFY(issues.userMessage().contains(u"Pick a segment."_s));

    const qd::ApiError reason = qd::ApiError::invalidInput(u"Use HTTPS."_s);
    QCOMPARE(reason.userMessage(), u"Use HTTPS."_s);

    qd::ApiError bare;
    bare.kind = Kind::InvalidInput;
    QVERIFY(bare.userMessage().contains(u"Nothing was sent"_s));
}

void TestApiError::detailsForSupport()
{
    qd::ApiError e = qd::ApiError::fromHttp(409, R"({"code":"409001","description":"Duplicate"})",
                                            u"11111111-aaaa"_s, u"22222222-bbbb"_s);
    e.mayHaveArrived = true;
    const QString details = e.details();
    const QStringList lines = details.split(u'\n');
    QVERIFY2(lines.size() >= 5, qPrintable(details));
    QVERIFY(lines.first().contains(u"rejected"_s));
    QVERIFY(details.contains(u"409"_s));
    QVERIFY(details.contains(u"409001"_s));
    QVERIFY(details.contains(u"Duplicate"_s));
    QVERIFY(details.contains(u"11111111-aaaa"_s));
    QVERIFY(details.contains(u"22222222-bbbb"_s));
    QVERIFY(details.contains(u"May have reached"_s));
}

void TestApiError::kindNamesAreStableAndDistinct()
{
    const QList<Kind> kinds{Kind::None,           Kind::InvalidInput, Kind::Rejected,
                            Kind::Authentication, Kind::Throttled,    Kind::Network,
                            Kind::OutcomeUnknown, Kind::Protocol,     Kind::Cancelled};
    QSet<QString> names;
    for (Kind k : kinds) {
        const QString name = qd::ApiError::kindName(k);
        QVERIFY(!name.isEmpty());
        QCOMPARE(name, name.toLower());
        names.insert(name);
    }
    QCOMPARE(names.size(), kinds.size());
    QCOMPARE(qd::ApiError::kindName(Kind::Rejected), u"rejected"_s);
    QCOMPARE(qd::ApiError::kindName(Kind::Network), u"network"_s);
}

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"
