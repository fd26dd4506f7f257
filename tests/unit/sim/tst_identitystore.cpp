// IdentityStore: PKCE, code redemption, refresh rotation, device codes and token expiry.
#include "IdentityStore.h"
#include "ManualClock.h"
#include "SeedFixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd::sim;

namespace {
// RFC 7636, appendix B.
const QString kVerifier = u"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"_s;
const QString kChallenge = u"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"_s;
const QString kRedirect = u"http://127.0.0.1:51234/"_s;
const QString kScope =
    u"https://api.partnercenter.microsoft.com/user_impersonation offline_access openid profile"_s;
} // namespace

class TestIdentityStore : public QObject
{
    Q_OBJECT

private:
    qd::test::ManualClock m_clock;
    std::unique_ptr<IdentityStore> m_store;

    IdentityStore::Grant grant(bool mfa = true) const
    {
        return {qd::sim::fixtures::kDefaultUpn, mfa, u"client-1"_s, kScope, u"n0nce"_s};
    }

private slots:
    void init()
    {
        m_clock = qd::test::ManualClock();
        m_store = std::make_unique<IdentityStore>();
        m_store->setNow([this] { return m_clock.nowUtc(); });
        m_store->setUsers({{qd::sim::fixtures::kDefaultUpn, qd::sim::fixtures::kDefaultUserName, u"oid-1"_s}},
                          qd::sim::fixtures::kPartnerTenantId);
    }

    void s256MatchesTheRfcExample()
    {
        QCOMPARE(IdentityStore::s256(kVerifier), kChallenge);
        QVERIFY(IdentityStore::isValidVerifier(kVerifier));
        QVERIFY(!IdentityStore::isValidVerifier(u"short"_s));
        QVERIFY(!IdentityStore::isValidVerifier(kVerifier + u"!"_s));
        QVERIFY(IdentityStore::isValidChallenge(kChallenge));
        QVERIFY(!IdentityStore::isValidChallenge(kVerifier + u"x"_s));
        QVERIFY(!IdentityStore::isValidChallenge(u"plain-challenge"_s));
    }

    void redeemsACodeOnceWithTheRightVerifier()
    {
        const QString code = m_store->issueAuthorizationCode(grant(), kRedirect, kChallenge);
        const auto ok = m_store->redeemAuthorizationCode(code, u"client-1"_s, kRedirect, kVerifier);
        QVERIFY2(ok.ok, qPrintable(ok.description));
        QCOMPARE(ok.grant.upn, qd::sim::fixtures::kDefaultUpn);
        const auto again = m_store->redeemAuthorizationCode(code, u"client-1"_s, kRedirect, kVerifier);
        QVERIFY(!again.ok);
        QCOMPARE(again.error, u"invalid_grant"_s);
        QCOMPARE(again.aadsts, 54005);
    }

    void refusesWrongCodeRedemptions_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<QString>("verifier");
        QTest::addColumn<int>("advanceSecs");
        QTest::addColumn<QString>("error");
        QTest::newRow("wrong verifier") << u"client-1"_s << kRedirect
                                        << QString(kVerifier).replace(0, 1, u'X') << 0 << u"invalid_grant"_s;
        QTest::newRow("malformed verifier")
            << u"client-1"_s << kRedirect << u"abc"_s << 0 << u"invalid_grant"_s;
        QTest::newRow("no verifier") << u"client-1"_s << kRedirect << QString() << 0 << u"invalid_request"_s;
        QTest::newRow("other client") << u"client-2"_s << kRedirect << kVerifier << 0 << u"invalid_grant"_s;
        QTest::newRow("other redirect")
            << u"client-1"_s << u"http://127.0.0.1:51235/"_s << kVerifier << 0 << u"invalid_grant"_s;
        QTest::newRow("expired") << u"client-1"_s << kRedirect << kVerifier << 601 << u"invalid_grant"_s;
    }

    void refusesWrongCodeRedemptions()
    {
        QFETCH(QString, clientId);
        QFETCH(QString, redirect);
        QFETCH(QString, verifier);
        QFETCH(int, advanceSecs);
        QFETCH(QString, error);
        const QString code = m_store->issueAuthorizationCode(grant(), kRedirect, kChallenge);
        m_clock.advanceSecs(advanceSecs);
        const auto result = m_store->redeemAuthorizationCode(code, clientId, redirect, verifier);
        QVERIFY(!result.ok);
        QCOMPARE(result.error, error);
        QVERIFY(result.description.startsWith(u"AADSTS"_s));
    }

    void refreshRotates()
    {
        const QString first = m_store->issueRefreshToken(grant());
        const auto used = m_store->redeemRefreshToken(first, u"client-1"_s);
        QVERIFY(used.ok);
        const QJsonObject response = m_store->tokenResponse(used.grant, u"http://127.0.0.1:1"_s);
        const QString second = response.value(u"refresh_token"_s).toString();
        QVERIFY(!second.isEmpty());
        QVERIFY(second != first);
        QCOMPARE(m_store->redeemRefreshToken(first, u"client-1"_s).error, u"invalid_grant"_s);
        QVERIFY(m_store->redeemRefreshToken(second, u"client-1"_s).ok);
    }

    void refreshCanBeRevokedOrNeedInteraction()
    {
        const QString token = m_store->issueRefreshToken(grant());
        QCOMPARE(m_store->redeemRefreshToken(token, u"client-2"_s).error, u"invalid_grant"_s);
        m_store->setRefreshNeedsInteraction(true);
        const auto interaction = m_store->redeemRefreshToken(token, u"client-1"_s);
        QCOMPARE(interaction.error, u"interaction_required"_s);
        QCOMPARE(interaction.aadsts, 50076);
        m_store->setRefreshNeedsInteraction(false);
        m_store->revokeRefreshTokens();
        QCOMPARE(m_store->redeemRefreshToken(token, u"client-1"_s).error, u"invalid_grant"_s);
    }

    void tokenResponseFollowsTheScopes()
    {
        QJsonObject full = m_store->tokenResponse(grant(), u"http://127.0.0.1:1"_s);
        for (const QString &key : {u"token_type"_s, u"scope"_s, u"expires_in"_s, u"ext_expires_in"_s,
                                   u"access_token"_s, u"refresh_token"_s, u"id_token"_s})
            QVERIFY2(full.contains(key), qPrintable(key));
        QCOMPARE(full.value(u"token_type"_s).toString(), u"Bearer"_s);
        IdentityStore::Grant narrow = grant();
        narrow.scope = u"https://api.partnercenter.microsoft.com/user_impersonation"_s;
        const QJsonObject bare = m_store->tokenResponse(narrow, u"http://127.0.0.1:1"_s);
        QVERIFY(!bare.contains(u"refresh_token"_s));
        QVERIFY(!bare.contains(u"id_token"_s));
    }

    void idTokenIsAnUnsignedJwtWithTheClaims()
    {
        const QList<QByteArray> parts = m_store->idToken(grant(false), u"http://127.0.0.1:1"_s).split('.');
        QCOMPARE(parts.size(), 3);
        QVERIFY(parts.at(2).isEmpty());
        const auto decode = [](const QByteArray &part) {
            return QJsonDocument::fromJson(QByteArray::fromBase64(part, QByteArray::Base64UrlEncoding))
                .object();
        };
        QCOMPARE(decode(parts.at(0)).value(u"alg"_s).toString(), u"none"_s);
        const QJsonObject claims = decode(parts.at(1));
        QCOMPARE(claims.value(u"name"_s).toString(), qd::sim::fixtures::kDefaultUserName);
        QCOMPARE(claims.value(u"preferred_username"_s).toString(), qd::sim::fixtures::kDefaultUpn);
        QCOMPARE(claims.value(u"tid"_s).toString(), qd::sim::fixtures::kPartnerTenantId);
        QCOMPARE(claims.value(u"oid"_s).toString(), u"oid-1"_s);
        QCOMPARE(claims.value(u"aud"_s).toString(), u"client-1"_s);
        QCOMPARE(claims.value(u"nonce"_s).toString(), u"n0nce"_s);
        QCOMPARE(claims.value(u"amr"_s).toArray(), QJsonArray{u"pwd"_s}); // no MFA in this grant
        const QJsonObject withMfa = decode(m_store->idToken(grant(true), u"http://x"_s).split('.').at(1));
        QVERIFY(withMfa.value(u"amr"_s).toArray().contains(u"mfa"_s));
    }

    void unknownUsersStillSignIn()
    {
        const SimUser u = m_store->user(u"eva.dvorak@contoso-partner.example"_s);
        QCOMPARE(u.name, u"eva.dvorak"_s);
        QCOMPARE(u.oid.size(), 36);
        QCOMPARE(m_store->user(u"EVA.dvorak@contoso-partner.example"_s).oid, u.oid);
    }

    void accessTokensExpire()
    {
        m_store->setAccessTokenLifetimeSecs(60);
        const QString token = m_store->issueAccessToken(u"a@b.c"_s, false);
        m_store->addFixedAccessToken(u"fixed"_s, {});
        QVERIFY(m_store->accessToken(token));
        QVERIFY(!m_store->accessToken(token)->mfa);
        QVERIFY(!m_store->accessToken(u"made-up"_s));
        m_clock.advanceSecs(59);
        QVERIFY(m_store->accessToken(token));
        m_clock.advanceSecs(1);
        QVERIFY(!m_store->accessToken(token));
        const QString fresh = m_store->issueAccessToken(u"a@b.c"_s, true);
        m_store->expireAccessTokens();
        QVERIFY(!m_store->accessToken(fresh));
        QVERIFY(m_store->accessToken(u"fixed"_s)); // --token ones never expire
        QCOMPARE(m_store->accessToken(u"fixed"_s)->upn, qd::sim::fixtures::kDefaultUpn);
    }

    void deviceFlowGoesFromPendingToTokens()
    {
        const auto start = m_store->startDeviceFlow(u"client-1"_s, kScope, 5, 900);
        QCOMPARE(start.userCode.size(), 9);
        QCOMPARE(m_store->lastUserCode(), start.userCode);
        m_clock.advanceSecs(1);
        QCOMPARE(m_store->pollDeviceCode(start.deviceCode, u"client-1"_s).error, u"slow_down"_s);
        m_clock.advanceSecs(5);
        QCOMPARE(m_store->pollDeviceCode(start.deviceCode, u"client-1"_s).error, u"authorization_pending"_s);
        QCOMPARE(m_store->pollDeviceCode(start.deviceCode, u"client-2"_s).error, u"bad_verification_code"_s);
        QVERIFY(m_store->deviceCodeKnown(start.userCode.toLower()));
        QVERIFY(
            m_store->decideDeviceCode(start.userCode, true, u"petr.svoboda@contoso-partner.example"_s, true));
        QVERIFY(!m_store->deviceCodeKnown(start.userCode));
        const auto done = m_store->pollDeviceCode(start.deviceCode, u"client-1"_s);
        QVERIFY2(done.ok, qPrintable(done.error));
        QCOMPARE(done.grant.upn, u"petr.svoboda@contoso-partner.example"_s);
        QCOMPARE(done.grant.scope, kScope);
        QCOMPARE(m_store->pollDeviceCode(start.deviceCode, u"client-1"_s).error, u"invalid_grant"_s);
    }

    void deviceFlowCanBeDeclinedOrExpire()
    {
        const auto declined = m_store->startDeviceFlow(u"client-1"_s, kScope, 0, 900);
        QVERIFY(m_store->decideDeviceCode(declined.userCode, false, {}, true));
        QCOMPARE(m_store->pollDeviceCode(declined.deviceCode, u"client-1"_s).error,
                 u"authorization_declined"_s);
        const auto expiring = m_store->startDeviceFlow(u"client-1"_s, kScope, 0, 900);
        m_clock.advanceSecs(900);
        QCOMPARE(m_store->pollDeviceCode(expiring.deviceCode, u"client-1"_s).error, u"expired_token"_s);
        QVERIFY(!m_store->decideDeviceCode(expiring.userCode, true, {}, true));
    }
};

QTEST_GUILESS_MAIN(TestIdentityStore)
#include "tst_identitystore.moc"
