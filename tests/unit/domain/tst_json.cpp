#include "domain/Json.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>
#include <limits>

using namespace Qt::StringLiterals;

class TestJson : public QObject
{
    Q_OBJECT
private slots:
    void parseAcceptsBom();
    void parseReportsErrors();
    void valueMatchesExactThenIgnoringCase();
    void stringTurnsNumbersIntoText();
    void stringOfNumbersBeyondQint64_data();
    void stringOfNumbersBeyondQint64();
    void integerOnlyForWholeNumbersQint64Holds();
    void parseDateTime_data();
    void parseDateTime();
    void formatDateTimeIsUtcWithMilliseconds();
};

void TestJson::parseAcceptsBom()
{
    const QJsonDocument doc = qd::json::parse("\xEF\xBB\xBF[{\"qualification\":\"Education\"}]");
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().size(), 1);
    QCOMPARE(doc.array().at(0).toObject().value(u"qualification"_s).toString(), u"Education"_s);

    const QJsonDocument plain = qd::json::parse("{\"a\":1}");
    QVERIFY(plain.isObject());
}

void TestJson::parseReportsErrors()
{
    QString error;
    const QJsonDocument doc = qd::json::parse("<html>oops</html>", &error);
    QVERIFY(doc.isNull());
    QVERIFY(!error.isEmpty());

    QString truncatedError;
    QVERIFY(qd::json::parse("[{\"a\":", &truncatedError).isNull());
    QVERIFY(!truncatedError.isEmpty());

    // Only the BOM is skipped, never other leading bytes.
    QVERIFY(qd::json::parse("\xEF\xBB[1]").isNull());
}

void TestJson::valueMatchesExactThenIgnoringCase()
{
    const QJsonObject o{{u"VettingStatus"_s, u"Pascal"_s}, {u"vettingReason"_s, u"camel"_s}};
    QCOMPARE(qd::json::value(o, "vettingStatus"_L1).toString(), u"Pascal"_s);
    QCOMPARE(qd::json::value(o, "vettingReason"_L1).toString(), u"camel"_s);
    QVERIFY(qd::json::value(o, "missing"_L1).isUndefined());

    // An exact match wins over a case-insensitive one.
    const QJsonObject both{{u"Code"_s, u"upper"_s}, {u"code"_s, u"lower"_s}};
    QCOMPARE(qd::json::value(both, "code"_L1).toString(), u"lower"_s);
    QCOMPARE(qd::json::value(both, "Code"_L1).toString(), u"upper"_s);
}

void TestJson::stringTurnsNumbersIntoText()
{
    const QJsonObject o{{u"code"_s, 600074}, {u"big"_s, 1e15},        {u"frac"_s, 1.5},
                        {u"flag"_s, true},   {u"text"_s, u"20002"_s}, {u"nul"_s, QJsonValue()}};
    QCOMPARE(qd::json::string(o, "code"_L1), u"600074"_s);
    QCOMPARE(qd::json::string(o, "big"_L1), u"1000000000000000"_s);
    QCOMPARE(qd::json::string(o, "frac"_L1), u"1.5"_s);
    QCOMPARE(qd::json::string(o, "flag"_L1), u"true"_s);
    QCOMPARE(qd::json::string(o, "text"_L1), u"20002"_s);
    QCOMPARE(qd::json::string(o, "nul"_L1), QString());
    QCOMPARE(qd::json::string(o, "absent"_L1), QString());
}

// Found by fuzz/customers and fuzz/validation_codes: a numeric id or code beyond 2^63 was cast
// to qint64, which is undefined behaviour (UBSan: "outside the range of representable values").
void TestJson::stringOfNumbersBeyondQint64_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("text");
    QTest::newRow("customer id from the fuzzer")
        << R"({"id":192233720368547758082345})"_ba << u"1.92234e+23"_s;
    QTest::newRow("validationId 30e50") << R"({"id":30e50})"_ba << u"3e+51"_s;
    QTest::newRow("2^63") << R"({"id":9223372036854775808})"_ba << u"9.22337e+18"_s;
    QTest::newRow("-1e300") << R"({"id":-1e300})"_ba << u"-1e+300"_s;
    QTest::newRow("largest whole below 2^63")
        << R"({"id":9223372036854774784})"_ba << u"9223372036854774784"_s;
    QTest::newRow("-2^63") << R"({"id":-9223372036854775808})"_ba << u"-9223372036854775808"_s;
}

void TestJson::stringOfNumbersBeyondQint64()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, text);
    const QJsonDocument doc = qd::json::parse(body);
    QVERIFY(doc.isObject());
    QCOMPARE(qd::json::string(doc.object(), "id"_L1), text);
}

void TestJson::integerOnlyForWholeNumbersQint64Holds()
{
    QCOMPARE(qd::json::integer(QJsonValue(50076)), std::optional<qint64>(50076));
    QCOMPARE(qd::json::integer(QJsonValue(-3.0)), std::optional<qint64>(-3));
    QCOMPARE(qd::json::integer(QJsonValue(1.5)), std::nullopt);
    QCOMPARE(qd::json::integer(QJsonValue(2e88)), std::nullopt);
    QCOMPARE(qd::json::integer(QJsonValue(-9223372036854775808.0)),
             std::optional<qint64>(std::numeric_limits<qint64>::min()));
    QCOMPARE(qd::json::integer(QJsonValue(9223372036854775808.0)), std::nullopt);
    QCOMPARE(qd::json::integer(QJsonValue(std::numeric_limits<double>::infinity())), std::nullopt);
    QCOMPARE(qd::json::integer(QJsonValue(std::numeric_limits<double>::quiet_NaN())), std::nullopt);
    QCOMPARE(qd::json::integer(QJsonValue(u"12"_s)), std::nullopt);
    QCOMPARE(qd::json::integer(QJsonValue()), std::nullopt);
}

void TestJson::parseDateTime_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected"); // invalid = must be rejected

    const auto utc = [](int y, int mo, int d, int h, int mi, int s, int ms) {
        return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
    };
    QTest::newRow("3 digits Z") << u"2020-12-03T10:37:38.885Z"_s << utc(2020, 12, 3, 10, 37, 38, 885);
    QTest::newRow("7 digits +00:00") << u"2021-05-06T19:59:56.6832021+00:00"_s
                                     << utc(2021, 5, 6, 19, 59, 56, 683);
    QTest::newRow("7 digits Z") << u"2021-05-06T19:59:56.6832021Z"_s << utc(2021, 5, 6, 19, 59, 56, 683);
    QTest::newRow("no fraction Z") << u"2020-12-04T20:54:24Z"_s << utc(2020, 12, 4, 20, 54, 24, 0);
    QTest::newRow("+02:00") << u"2024-03-01T12:00:00.000+02:00"_s << utc(2024, 3, 1, 10, 0, 0, 0);
    QTest::newRow("+0200") << u"2024-03-01T12:00:00+0200"_s << utc(2024, 3, 1, 10, 0, 0, 0);
    QTest::newRow("-05:30") << u"2024-03-01T12:00:00-05:30"_s << utc(2024, 3, 1, 17, 30, 0, 0);
    QTest::newRow("offset crosses midnight")
        << u"2024-01-01T01:00:00+02:00"_s << utc(2023, 12, 31, 23, 0, 0, 0);
    QTest::newRow("no zone means UTC") << u"2024-03-01T12:00:00.5"_s << utc(2024, 3, 1, 12, 0, 0, 500);
    QTest::newRow("1 digit") << u"2024-03-01T12:00:00.1Z"_s << utc(2024, 3, 1, 12, 0, 0, 100);
    QTest::newRow("lower z and t") << u"2024-03-01t12:00:00z"_s << utc(2024, 3, 1, 12, 0, 0, 0);
    QTest::newRow("space separator") << u"2024-03-01 12:00:00Z"_s << utc(2024, 3, 1, 12, 0, 0, 0);
    QTest::newRow("no seconds") << u"2024-03-01T12:00Z"_s << utc(2024, 3, 1, 12, 0, 0, 0);
    QTest::newRow("empty") << QString() << QDateTime();
    QTest::newRow("date only") << u"2024-03-01"_s << QDateTime();
    QTest::newRow("garbage") << u"yesterday"_s << QDateTime();
    QTest::newRow("month 13") << u"2024-13-01T12:00:00Z"_s << QDateTime();
    QTest::newRow("hour 25") << u"2024-03-01T25:00:00Z"_s << QDateTime();
    QTest::newRow("+14:00, the largest offset")
        << u"2024-03-01T12:00:00+14:00"_s << utc(2024, 2, 29, 22, 0, 0, 0);
    // The qualifications fuzz target's check that what QualDesk writes reads back the same failed
    // on the edge years (they parsed, but formatDateTime wrote "" for them); an offset Qt refuses
    // was silently dropped.
    QTest::newRow("offset beyond 14 hours") << u"2020-01-01T00:00:00+99:99"_s << QDateTime();
    QTest::newRow("past year 9999 in UTC") << u"9999-12-31T23:59:59.999-14:00"_s << QDateTime();
    QTest::newRow("before year 1 in UTC") << u"0001-01-01T00:00:00+14:00"_s << QDateTime();
    QTest::newRow("year 1 in UTC") << u"0001-01-01T00:00:00Z"_s << utc(1, 1, 1, 0, 0, 0, 0);
}

void TestJson::parseDateTime()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    const QDateTime parsed = qd::json::parseDateTime(text);
    QCOMPARE(parsed.isValid(), expected.isValid());
    if (!expected.isValid())
        return;
    QCOMPARE(parsed, expected);
    QCOMPARE(parsed.timeSpec(), Qt::UTC);
}

void TestJson::formatDateTimeIsUtcWithMilliseconds()
{
    const QDateTime prague(QDate(2024, 3, 1), QTime(12, 0, 0, 7), QTimeZone(3600));
    QCOMPARE(qd::json::formatDateTime(prague), u"2024-03-01T11:00:00.007Z"_s);
    QCOMPARE(qd::json::formatDateTime(QDateTime()), QString());
    // Round trip.
    const QDateTime parsed = qd::json::parseDateTime(qd::json::formatDateTime(prague));
    QCOMPARE(parsed, prague);
}

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
