#include "auth/IdTokenClaims.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QString b64(const QByteArray &data)
{
    return QString::fromLatin1(data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}
QString jwt(const QByteArray &payload)
{
    return b64(R"({"alg":"none"})"_ba) + u'.' + b64(payload) + u'.';
}
} // namespace

class TestIdToken : public QObject
{
    Q_OBJECT
private slots:
    void fullClaims()
    {
        const QByteArray payload = R"({"name":"Anna Nováková","preferred_username":"anna@contoso.example",
            "upn":"other@contoso.example","tid":"tenant-guid","oid":"object-guid","amr":["pwd","mfa"]})"_ba;
        QString error;
        const auto claims = qd::IdTokenClaims::parse(jwt(payload), &error);
        QVERIFY2(claims, qPrintable(error));
        QCOMPARE(claims->name, u"Anna Nováková"_s);
        QCOMPARE(claims->preferredUsername, u"anna@contoso.example"_s);
        QCOMPARE(claims->tenantId, u"tenant-guid"_s);
        QCOMPARE(claims->objectId, u"object-guid"_s);
        QCOMPARE(claims->amr, QStringList({u"pwd"_s, u"mfa"_s}));
        QVERIFY(claims->hasAmr());
        QVERIFY(claims->hasMfa());
        QCOMPARE(claims->displayText(), u"Anna Nováková <anna@contoso.example>"_s);
    }

    void upnFallback()
    {
        const auto claims = qd::IdTokenClaims::parse(jwt(R"({"upn":"u@x.example","tid":"t"})"_ba));
        QVERIFY(claims);
        QCOMPARE(claims->preferredUsername, u"u@x.example"_s);
        QCOMPARE(claims->displayText(), u"u@x.example"_s);
        QVERIFY(!claims->hasAmr());
        QVERIFY(!claims->hasMfa());
    }

    void withoutMfa()
    {
        const auto claims = qd::IdTokenClaims::parse(jwt(R"({"name":"N","amr":["pwd"]})"_ba));
        QVERIFY(claims);
        QVERIFY(claims->hasAmr());
        QVERIFY(!claims->hasMfa());
    }

    void signedTokenAndPaddedPayload()
    {
        // A real token has a signature part; some encoders leave '=' padding in.
        const QByteArray payload = R"({"name":"ab"})"_ba; // length needing padding
        const QString padded = QString::fromLatin1(payload.toBase64(QByteArray::Base64UrlEncoding));
        const auto claims = qd::IdTokenClaims::parse(b64("{}") + u'.' + padded + u".c2ln"_s);
        QVERIFY(claims);
        QCOMPARE(claims->name, u"ab"_s);
    }

    void rejected_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("empty") << QString();
        QTest::newRow("one part") << u"abc"_s;
        QTest::newRow("two parts") << (b64("{}") + u'.' + b64(R"({"name":"x"})"));
        QTest::newRow("four parts") << (jwt(R"({"name":"x"})") + u".x"_s);
        QTest::newRow("empty payload") << (b64("{}") + u"..sig"_s);
        QTest::newRow("not base64url") << (b64("{}") + u".!!!*.sig"_s);
        QTest::newRow("payload not JSON") << jwt("not json");
        QTest::newRow("payload is an array") << jwt("[1,2]");
    }
    void rejected()
    {
        QFETCH(QString, token);
        QString error;
        QVERIFY(!qd::IdTokenClaims::parse(token, &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestIdToken)
#include "tst_idtoken.moc"
