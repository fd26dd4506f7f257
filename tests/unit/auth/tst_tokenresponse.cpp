#include "auth/TokenResponse.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString PcScope = u"https://api.partnercenter.microsoft.com/user_impersonation"_s;

QString idToken()
{
    const auto b64 = [](const QByteArray &d) {
        return QString::fromLatin1(
            d.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    return b64(R"({"alg":"none"})") + u'.' +
           b64(R"({"name":"Anna","preferred_username":"anna@p.example","tid":"t1","oid":"o1","amr":["pwd","mfa"]})") +
           u'.';
}

QJsonObject validObject()
{
    return {{u"token_type"_s, u"Bearer"_s},
            {u"scope"_s, QString(PcScope + u" openid profile offline_access"_s)},
            {u"expires_in"_s, 3599},
            {u"ext_expires_in"_s, 3599},
            {u"access_token"_s, u"at-value"_s},
            {u"refresh_token"_s, u"rt-value"_s},
            {u"id_token"_s, idToken()}};
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

qd::TokenResponse::Expectations full()
{
    qd::TokenResponse::Expectations expect;
    expect.refreshToken = true;
    expect.idToken = true;
    expect.resourceScopes = {PcScope};
    return expect;
}

} // namespace

class TestTokenResponse : public QObject
{
    Q_OBJECT
private slots:
    void valid()
    {
        QString error;
        const auto response = qd::TokenResponse::parse(json(validObject()), full(), &error);
        QVERIFY2(response, qPrintable(error));
        QCOMPARE(response->tokenType, u"Bearer"_s);
        QCOMPARE(response->accessToken, u"at-value"_s);
        QCOMPARE(response->refreshToken, u"rt-value"_s);
        QCOMPARE(response->expiresInSecs, 3599);
        QCOMPARE(response->claims.preferredUsername, u"anna@p.example"_s);
        QCOMPARE(response->claims.tenantId, u"t1"_s);
        QVERIFY(response->claims.hasMfa());
        QVERIFY(response->scope.startsWith(PcScope));
    }

    void lenientForms()
    {
        QJsonObject object = validObject();
        object.insert(u"token_type"_s, u"bearer"_s);  // case differs
        object.insert(u"expires_in"_s, u"3600"_s);    // number as text
        object.insert(u"scope"_s, PcScope.toUpper()); // scopes compare case-insensitively
        const auto response = qd::TokenResponse::parse(json(object), full());
        QVERIFY(response);
        QCOMPARE(response->tokenType, u"Bearer"_s);
        QCOMPARE(response->expiresInSecs, 3600);
    }

    void optionalWhenNotExpected()
    {
        QJsonObject object = validObject();
        object.remove(u"refresh_token"_s);
        object.remove(u"id_token"_s);
        qd::TokenResponse::Expectations expect = full();
        expect.refreshToken = false;
        expect.idToken = false;
        const auto response = qd::TokenResponse::parse(json(object), expect);
        QVERIFY(response);
        QVERIFY(response->refreshToken.isEmpty());
        QVERIFY(response->claims.isEmpty());
    }

    void rejected_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("mentions");

        const auto without = [](const QString &key) {
            QJsonObject object = validObject();
            object.remove(key);
            return json(object);
        };
        const auto with = [](const QString &key, const QJsonValue &value) {
            QJsonObject object = validObject();
            object.insert(key, value);
            return json(object);
        };

        QTest::newRow("empty body") << QByteArray() << QString();
        QTest::newRow("not JSON") << "<html>Bad gateway</html>"_ba << u"JSON"_s;
        QTest::newRow("JSON array") << "[]"_ba << u"JSON"_s;
        QTest::newRow("JSON string") << "\"ok\""_ba << u"JSON"_s;
        QTest::newRow("truncated") << json(validObject()).left(40) << u"JSON"_s;
        QTest::newRow("no token_type") << without(u"token_type"_s) << QString();
        QTest::newRow("token_type mac") << with(u"token_type"_s, u"mac"_s) << u"mac"_s;
        QTest::newRow("token_type number") << with(u"token_type"_s, 1) << QString();
        QTest::newRow("no access_token") << without(u"access_token"_s) << u"access_token"_s;
        QTest::newRow("empty access_token") << with(u"access_token"_s, u""_s) << u"access_token"_s;
        QTest::newRow("access_token number") << with(u"access_token"_s, 5) << u"access_token"_s;
        QTest::newRow("no expires_in") << without(u"expires_in"_s) << u"expires_in"_s;
        QTest::newRow("expires_in zero") << with(u"expires_in"_s, 0) << u"expires_in"_s;
        QTest::newRow("expires_in negative") << with(u"expires_in"_s, -60) << u"expires_in"_s;
        QTest::newRow("expires_in fraction") << with(u"expires_in"_s, 1.5) << u"expires_in"_s;
        QTest::newRow("expires_in text") << with(u"expires_in"_s, u"soon"_s) << u"expires_in"_s;
        QTest::newRow("expires_in null") << with(u"expires_in"_s, QJsonValue()) << u"expires_in"_s;
        QTest::newRow("no refresh_token") << without(u"refresh_token"_s) << u"refresh_token"_s;
        QTest::newRow("empty refresh_token") << with(u"refresh_token"_s, u""_s) << u"refresh_token"_s;
        QTest::newRow("refresh_token object")
            << with(u"refresh_token"_s, QJsonObject()) << u"refresh_token"_s;
        QTest::newRow("no id_token") << without(u"id_token"_s) << u"id_token"_s;
        QTest::newRow("id_token garbage") << with(u"id_token"_s, u"garbage"_s) << u"ID token"_s;
        QTest::newRow("no scope") << without(u"scope"_s) << u"scope"_s;
        QTest::newRow("empty scope") << with(u"scope"_s, u" "_s) << u"scope"_s;
        QTest::newRow("other resource")
            << with(u"scope"_s, u"https://graph.microsoft.com/User.Read"_s) << u"user_impersonation"_s;
    }
    void rejected()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(!qd::TokenResponse::parse(body, full(), &error));
        QVERIFY(!error.isEmpty());
        if (!mentions.isEmpty())
            QVERIFY2(error.contains(mentions), qPrintable(error));
        // A problem report never repeats a secret from the body.
        QVERIFY(!error.contains(u"at-value"_s));
        QVERIFY(!error.contains(u"rt-value"_s));
    }

    void oauthError_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::addColumn<bool>("interactive");
        QTest::addColumn<bool>("mfa");
        QTest::newRow("invalid_grant")
            << R"({"error":"invalid_grant","error_description":"AADSTS70008: The refresh token has expired.\r\nTrace ID: x","error_codes":[70008]})"_ba
            << u"invalid_grant"_s << true << false;
        QTest::newRow("interaction_required")
            << R"({"error":"interaction_required","error_description":"AADSTS50078: ..."})"_ba
            << u"interaction_required"_s << true << false;
        QTest::newRow("MFA by code list")
            << R"({"error":"invalid_grant","error_description":"x","error_codes":[50076]})"_ba
            << u"invalid_grant"_s << true << true;
        QTest::newRow("MFA by text only")
            << R"({"error":"invalid_request","error_description":"AADSTS50076: Due to a configuration change..."})"_ba
            << u"invalid_request"_s << true << true;
        QTest::newRow("pending") << R"({"error":"authorization_pending","error_description":"waiting"})"_ba
                                 << u"authorization_pending"_s << false << false;
        QTest::newRow("not JSON") << "Service Unavailable"_ba << QString() << false << false;
    }
    void oauthError()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        QFETCH(bool, interactive);
        QFETCH(bool, mfa);
        const qd::OAuthError parsed = qd::OAuthError::parse(body);
        QCOMPARE(parsed.error, error);
        QCOMPARE(parsed.needsInteractiveSignIn(), interactive);
        QCOMPARE(parsed.isMfaRequired(), mfa);
        const QString message = parsed.userMessage();
        QVERIFY(!message.isEmpty());
        QVERIFY2(!message.contains(u"Trace ID"_s), qPrintable(message)); // first line only
    }

    // Found by fuzz/token: an error code beyond 2^63 was cast to qint64 (undefined behaviour).
    void oauthErrorKeepsOnlyWholeCodes()
    {
        const auto parsed = qd::OAuthError::parse(
            R"({"error":"invalid_grant","error_description":"x","error_codes":[2e88,50076,-1e300,1.5,"50079",70008]})"_ba);
        QCOMPARE(parsed.codes, (QList<qint64>{50076, 70008}));
        QVERIFY(parsed.isMfaRequired());
        QVERIFY(parsed.needsInteractiveSignIn());
    }

    void oauthErrorMessageNamesTheReason()
    {
        const auto parsed = qd::OAuthError::parse(
            R"({"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity."})"_ba);
        QVERIFY(parsed.userMessage().contains(u"AADSTS700082"_s));
        QVERIFY(parsed.userMessage().contains(u"sign in again"_s));
    }
};

QTEST_GUILESS_MAIN(TestTokenResponse)
#include "tst_tokenresponse.moc"
