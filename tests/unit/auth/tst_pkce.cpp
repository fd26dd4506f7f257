#include "auth/Pkce.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

class TestPkce : public QObject
{
    Q_OBJECT
private slots:
    void rfc7636AppendixB()
    {
        // The worked example of RFC 7636, appendix B.
        QCOMPARE(qd::Pkce::challengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"_ba),
                 "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"_ba);
    }

    void generatedVerifier_data()
    {
        QTest::addColumn<int>("requested");
        QTest::addColumn<int>("expected");
        QTest::newRow("too short is raised to 43") << 10 << 43;
        QTest::newRow("minimum") << 43 << 43;
        QTest::newRow("default") << 64 << 64;
        QTest::newRow("odd") << 77 << 77;
        QTest::newRow("maximum") << 128 << 128;
        QTest::newRow("too long is cut to 128") << 500 << 128;
    }
    void generatedVerifier()
    {
        QFETCH(int, requested);
        QFETCH(int, expected);
        const qd::Pkce pkce = qd::Pkce::generate(requested);
        QCOMPARE(pkce.verifier.size(), expected);
        QVERIFY2(qd::Pkce::isValidVerifier(pkce.verifier), pkce.verifier.constData());
        QCOMPARE(pkce.challenge, qd::Pkce::challengeFor(pkce.verifier));
        QCOMPARE(pkce.challenge.size(), 43); // 32 bytes, base64url, no padding
        QVERIFY(!pkce.challenge.contains('='));
        QVERIFY(!pkce.challenge.contains('+'));
        QVERIFY(!pkce.challenge.contains('/'));
        QCOMPARE(qd::Pkce::method(), u"S256"_s);
    }

    void freshEachTime()
    {
        QSet<QByteArray> seen;
        for (int i = 0; i < 200; ++i)
            seen.insert(qd::Pkce::generate().verifier);
        QCOMPARE(seen.size(), 200);
    }

    void verifierCharset_data()
    {
        QTest::addColumn<QByteArray>("verifier");
        QTest::addColumn<bool>("valid");
        const QByteArray base(43, 'a');
        QTest::newRow("43 letters") << base << true;
        QTest::newRow("unreserved marks") << QByteArray(base + "-._~") << true;
        QTest::newRow("42 is too short") << QByteArray(42, 'a') << false;
        QTest::newRow("129 is too long") << QByteArray(129, 'a') << false;
        QTest::newRow("plus") << QByteArray(base + '+') << false;
        QTest::newRow("slash") << QByteArray(base + '/') << false;
        QTest::newRow("padding") << QByteArray(base + '=') << false;
        QTest::newRow("space") << QByteArray(base + ' ') << false;
        QTest::newRow("non-ascii") << QByteArray(base + "\xc3\xa1") << false;
    }
    void verifierCharset()
    {
        QFETCH(QByteArray, verifier);
        QFETCH(bool, valid);
        QCOMPARE(qd::Pkce::isValidVerifier(verifier), valid);
    }

    void state()
    {
        const QString a = qd::OAuthState::generate();
        const QString b = qd::OAuthState::generate();
        QVERIFY(a.size() >= 32);
        QVERIFY(a != b);
        QVERIFY(qd::OAuthState::matches(a, a));
        QVERIFY(!qd::OAuthState::matches(a, b));
        QVERIFY(!qd::OAuthState::matches(a, a.left(a.size() - 1)));
        QVERIFY(!qd::OAuthState::matches(a, a + u'x'));
        QVERIFY(!qd::OAuthState::matches(a, QString()));
        // No expectation means nothing can match, not even an empty answer.
        QVERIFY(!qd::OAuthState::matches(QString(), QString()));
        QString tampered = a;
        tampered[5] = tampered[5] == u'A' ? u'B' : u'A';
        QVERIFY(!qd::OAuthState::matches(a, tampered));
    }
};

QTEST_GUILESS_MAIN(TestPkce)
#include "tst_pkce.moc"
