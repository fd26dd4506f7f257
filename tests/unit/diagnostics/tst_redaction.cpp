#include "diagnostics/Redaction.h"

#include <QTest>

using namespace Qt::StringLiterals;
using qd::Redaction;

class TestRedaction : public QObject
{
    Q_OBJECT
private slots:
    void removesSecrets_data();
    void removesSecrets();
    void keepsWhatASupportTicketNeeds();
    void knownSecretsAnywhere();
    void shortKnownValuesAreNotBlanked();
};

void TestRedaction::removesSecrets_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("secret");

    const QString jwt = u"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl"_s;
    QTest::newRow("jwt") << u"token was "_s + jwt + u" then"_s << jwt;
    QTest::newRow("unsigned jwt") << u"id eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0. end"_s
                                  << u"eyJhbGciOiJub25lIn0"_s;
    QTest::newRow("bearer header") << u"Authorization: Bearer abc123DEF456ghi"_s << u"abc123DEF456ghi"_s;
    QTest::newRow("bearer any case") << u"authorization: bearer s3cr3t-value"_s << u"s3cr3t-value"_s;
    QTest::newRow("refresh token in form")
        << u"grant_type=refresh_token&refresh_token=0.AAA-rt&client_id=x"_s << u"0.AAA-rt"_s;
    QTest::newRow("code in query") << u"http://127.0.0.1:4711/?code=authcode42&state=s"_s << u"authcode42"_s;
    QTest::newRow("verifier") << u"code_verifier=verif-ier_123"_s << u"verif-ier_123"_s;
    QTest::newRow("json access token")
        << u"{\"access_token\": \"at-secret-1\", \"expires_in\": 3600}"_s << u"at-secret-1"_s;
    QTest::newRow("json refresh token") << u"{\"Refresh_Token\":\"rt-secret-2\"}"_s << u"rt-secret-2"_s;
    QTest::newRow("client secret") << u"client_secret: sh-h-h"_s << u"sh-h-h"_s;
    QTest::newRow("password label") << u"password: hunter22"_s << u"hunter22"_s;
}

void TestRedaction::removesSecrets()
{
    QFETCH(QString, text);
    QFETCH(QString, secret);
    const QString clean = Redaction::apply(text);
    QVERIFY2(!clean.contains(secret), qPrintable(clean));
    QVERIFY2(clean.contains(Redaction::marker()), qPrintable(clean));
}

void TestRedaction::keepsWhatASupportTicketNeeds()
{
    const QString text = u"Error: Rejected\nHTTP status: 400\nError code: 600041\n"
                         "Partner Center said: Customer tagging denied.\n"
                         "Request ID (MS-RequestId): 3f2b9c1e-0000-4000-8000-00000000abcd\n"
                         "GET /v1/customers/{id}/qualifications"_s;
    QCOMPARE(Redaction::apply(text), text);
    QCOMPARE(Redaction::apply(u"Kód chyby: 600041"_s), u"Kód chyby: 600041"_s);
}

void TestRedaction::knownSecretsAnywhere()
{
    const QString token = u"Zq9-plain-opaque-token-without-shape"_s;
    const QString text = u"first "_s + token + u" and again:"_s + token;
    const QString clean = Redaction::apply(text, {token});
    QVERIFY(!clean.contains(token));
    QCOMPARE(clean.count(Redaction::marker()), 2);
}

void TestRedaction::shortKnownValuesAreNotBlanked()
{
    // An empty or tiny value (nobody signed in) must not wipe ordinary text.
    QCOMPARE(Redaction::apply(u"Signed in as: nobody"_s, {QString(), u"a"_s}), u"Signed in as: nobody"_s);
}

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
