// The simulator's identity service over HTTP: code + PKCE, refresh rotation, device flow.
#include "SeedFixtures.h"
#include "SimHttpClient.h"
#include "Simulator.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using namespace qd::sim::fixtures;
using qd::test::HttpResult;
using qd::test::SimHttpClient;

namespace {
const QString kScope =
    u"https://api.partnercenter.microsoft.com/user_impersonation offline_access openid profile"_s;
const QString kRedirect = u"http://127.0.0.1:45678/callback"_s;
const QString kVerifier = u"a-fresh-verifier-that-is-long-enough-0123456789abcdefghijklmnop"_s;

QString challengeOf(const QString &verifier)
{
    return QString::fromLatin1(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QJsonObject jwtClaims(const QString &jwt)
{
    return QJsonDocument::fromJson(
               QByteArray::fromBase64(jwt.section(u'.', 1, 1).toLatin1(), QByteArray::Base64UrlEncoding))
        .object();
}
} // namespace

class TestSimIdentity : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<qd::sim::Simulator> m_sim;
    std::unique_ptr<SimHttpClient> m_http;
    QString m_authorityPath;

    QString authorizePath(const QList<QPair<QString, QString>> &overrides = {}, const QStringList &drop = {})
    {
        QList<QPair<QString, QString>> params{{u"client_id"_s, m_sim->demoClientId()},
                                              {u"response_type"_s, u"code"_s},
                                              {u"redirect_uri"_s, kRedirect},
                                              {u"scope"_s, kScope},
                                              {u"state"_s, u"st/ate+1"_s},
                                              {u"code_challenge"_s, challengeOf(kVerifier)},
                                              {u"code_challenge_method"_s, u"S256"_s}};
        QString query;
        for (auto [key, value] : params) {
            if (drop.contains(key))
                continue;
            for (const auto &[k, v] : overrides) {
                if (k == key)
                    value = v;
            }
            query += (query.isEmpty() ? u"?"_s : u"&"_s) + key + u'=' +
                     QString::fromLatin1(QUrl::toPercentEncoding(value));
        }
        for (const auto &[key, value] : overrides) {
            if (std::none_of(params.cbegin(), params.cend(),
                             [&key](const auto &p) { return p.first == key; }))
                query += u'&' + key + u'=' + QString::fromLatin1(QUrl::toPercentEncoding(value));
        }
        return m_authorityPath + u"/oauth2/v2.0/authorize"_s + query;
    }
    // Follows the sign-in to the redirect and returns its query.
    QUrlQuery signIn(const QList<QPair<QString, QString>> &overrides = {}, const QStringList &drop = {})
    {
        const HttpResult r = m_http->get(authorizePath(overrides, drop));
        if (r.status != 302)
            return QUrlQuery(u"status=%1"_s.arg(r.status));
        const QUrl location(QString::fromLatin1(r.header("Location")));
        if (location.toString(QUrl::RemoveQuery) != kRedirect)
            return QUrlQuery(u"wrong_redirect=1"_s);
        return QUrlQuery(location);
    }
    HttpResult token(const QList<QPair<QString, QString>> &fields)
    {
        QUrlQuery form;
        form.addQueryItem(u"client_id"_s, m_sim->demoClientId());
        for (const auto &[k, v] : fields)
            form.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
        return m_http->postForm(m_authorityPath + u"/oauth2/v2.0/token"_s, form);
    }
    HttpResult redeem(const QString &code, const QString &verifier = kVerifier)
    {
        return token({{u"grant_type"_s, u"authorization_code"_s},
                      {u"code"_s, code},
                      {u"redirect_uri"_s, kRedirect},
                      {u"code_verifier"_s, verifier},
                      {u"scope"_s, kScope}});
    }
    int partnerCenterStatus(const QString &accessToken)
    {
        SimHttpClient pc(m_sim->baseUrl());
        pc.token = accessToken;
        return pc.get(u"/v1/customers/all/validations"_s).status;
    }

private slots:
    void init()
    {
        qd::sim::SimulatorOptions options;
        options.deviceCodeIntervalSecs = 0;
        m_sim = std::make_unique<qd::sim::Simulator>(options);
        QVERIFY(m_sim->listen());
        m_http = std::make_unique<SimHttpClient>(m_sim->baseUrl());
        m_authorityPath = m_sim->authority().path();
    }

    void cleanup()
    {
        m_http.reset();
        m_sim.reset();
    }

    void codeFlowWithPkce()
    {
        const QUrlQuery back = signIn();
        QCOMPARE(back.queryItemValue(u"state"_s, QUrl::FullyDecoded), u"st/ate+1"_s);
        const QString code = back.queryItemValue(u"code"_s, QUrl::FullyDecoded);
        QVERIFY(!code.isEmpty());
        const HttpResult r = redeem(code);
        QCOMPARE(r.status, 200);
        const QJsonObject t = r.object();
        QCOMPARE(t.value(u"token_type"_s).toString(), u"Bearer"_s);
        QCOMPARE(t.value(u"expires_in"_s).toInt(), 3600);
        QVERIFY(t.contains(u"ext_expires_in"_s));
        QVERIFY(!t.value(u"refresh_token"_s).toString().isEmpty());
        const QJsonObject claims = jwtClaims(t.value(u"id_token"_s).toString());
        QCOMPARE(claims.value(u"preferred_username"_s).toString(), kDefaultUpn);
        QCOMPARE(claims.value(u"name"_s).toString(), kDefaultUserName);
        QCOMPARE(claims.value(u"tid"_s).toString(), kPartnerTenantId);
        QVERIFY(!claims.value(u"oid"_s).toString().isEmpty());
        QVERIFY(claims.value(u"amr"_s).toArray().contains(u"mfa"_s));
        QCOMPARE(partnerCenterStatus(t.value(u"access_token"_s).toString()), 200);
        QCOMPARE(redeem(code).object().value(u"error"_s).toString(), u"invalid_grant"_s); // one use only
    }

    void wrongVerifierIsRefused()
    {
        const QString code = signIn().queryItemValue(u"code"_s, QUrl::FullyDecoded);
        const HttpResult r = redeem(code, QString(kVerifier).replace(0, 1, u'b'));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.object().value(u"error"_s).toString(), u"invalid_grant"_s);
        QVERIFY(r.object().value(u"error_description"_s).toString().startsWith(u"AADSTS"_s));
        QVERIFY(!r.object().value(u"error_codes"_s).toArray().isEmpty());
    }

    void authorizeChecksItsParameters()
    {
        QCOMPARE(signIn({}, {u"code_challenge"_s}).queryItemValue(u"error"_s), u"invalid_request"_s);
        QCOMPARE(signIn({}, {u"code_challenge"_s}).queryItemValue(u"state"_s, QUrl::FullyDecoded),
                 u"st/ate+1"_s);
        QCOMPARE(signIn({{u"code_challenge_method"_s, u"plain"_s}}).queryItemValue(u"error"_s),
                 u"invalid_request"_s);
        QCOMPARE(signIn({{u"response_type"_s, u"token"_s}}).queryItemValue(u"error"_s),
                 u"unsupported_response_type"_s);
        // Not a loopback redirect, or no client: an error page, never a redirect.
        QCOMPARE(m_http->get(authorizePath({{u"redirect_uri"_s, u"https://evil.example/cb"_s}})).status, 400);
        QCOMPARE(m_http->get(authorizePath({{u"redirect_uri"_s, u"http://192.0.2.1:8080/"_s}})).status, 400);
        QCOMPARE(m_http->get(authorizePath({}, {u"client_id"_s})).status, 400);
        QCOMPARE(signIn({{u"redirect_uri"_s, u"http://localhost:45678/callback"_s}})
                     .queryItemValue(u"wrong_redirect"_s),
                 u"1"_s); // accepted, and sent to localhost instead
        QCOMPARE(signIn({{u"sim_action"_s, u"deny"_s}}).queryItemValue(u"error"_s), u"access_denied"_s);
    }

    void manualApprovalShowsAPage()
    {
        m_sim->setAutoApproveSignIn(false);
        const HttpResult page = m_http->get(authorizePath());
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains("sim_action=approve"));
        QVERIFY(!signIn({{u"sim_action"_s, u"approve"_s}}).queryItemValue(u"code"_s).isEmpty());
    }

    void refreshRotatesAndRevokes()
    {
        const QJsonObject first = redeem(signIn().queryItemValue(u"code"_s, QUrl::FullyDecoded)).object();
        const QString oldRefresh = first.value(u"refresh_token"_s).toString();
        HttpResult r = token({{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, oldRefresh}});
        QCOMPARE(r.status, 200);
        const QString newRefresh = r.object().value(u"refresh_token"_s).toString();
        QVERIFY(!newRefresh.isEmpty() && newRefresh != oldRefresh);
        QCOMPARE(partnerCenterStatus(r.object().value(u"access_token"_s).toString()), 200);
        r = token({{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, oldRefresh}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.object().value(u"error"_s).toString(), u"invalid_grant"_s);

        m_sim->setRefreshNeedsInteraction(true);
        r = token({{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, newRefresh}});
        QCOMPARE(r.object().value(u"error"_s).toString(), u"interaction_required"_s);
        m_sim->setRefreshNeedsInteraction(false);
        m_sim->revokeRefreshTokens();
        r = token({{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, newRefresh}});
        QCOMPARE(r.object().value(u"error"_s).toString(), u"invalid_grant"_s);
    }

    void signInWithoutMfaGivesATokenPartnerCenterRefuses()
    {
        m_sim->setSignInMfa(false);
        const QJsonObject t = redeem(signIn().queryItemValue(u"code"_s, QUrl::FullyDecoded)).object();
        QVERIFY(!jwtClaims(t.value(u"id_token"_s).toString()).value(u"amr"_s).toArray().contains(u"mfa"_s));
        QCOMPARE(partnerCenterStatus(t.value(u"access_token"_s).toString()), 401);
    }

    void deviceFlowFromPendingToApproved()
    {
        QUrlQuery form;
        form.addQueryItem(u"client_id"_s, u"partner-own-app"_s);
        form.addQueryItem(u"scope"_s, QString::fromLatin1(QUrl::toPercentEncoding(kScope)));
        const HttpResult start = m_http->postForm(m_authorityPath + u"/oauth2/v2.0/devicecode"_s, form);
        QCOMPARE(start.status, 200);
        const QJsonObject dc = start.object();
        const QString userCode = dc.value(u"user_code"_s).toString();
        QCOMPARE(userCode, m_sim->lastUserCode());
        QCOMPARE(dc.value(u"verification_uri"_s).toString(), m_sim->baseUrl().toString() + u"/devicelogin"_s);
        QVERIFY(dc.value(u"message"_s).toString().contains(userCode));
        QCOMPARE(dc.value(u"interval"_s).toInt(), 0);
        QVERIFY(dc.value(u"expires_in"_s).toInt() > 0);

        QUrlQuery poll;
        poll.addQueryItem(u"client_id"_s, u"partner-own-app"_s);
        poll.addQueryItem(u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s);
        poll.addQueryItem(u"device_code"_s, dc.value(u"device_code"_s).toString());
        const QString tokenPath = m_authorityPath + u"/oauth2/v2.0/token"_s;
        QCOMPARE(m_http->postForm(tokenPath, poll).object().value(u"error"_s).toString(),
                 u"authorization_pending"_s);
        QCOMPARE(m_http->get(u"/devicelogin?user_code=WRONG&action=approve"_s).status, 400);
        QCOMPARE(m_http->get(u"/devicelogin?user_code="_s + userCode + u"&action=approve"_s).status, 200);
        const HttpResult done = m_http->postForm(tokenPath, poll);
        QCOMPARE(done.status, 200);
        QCOMPARE(partnerCenterStatus(done.object().value(u"access_token"_s).toString()), 200);
        QVERIFY(!done.object().value(u"refresh_token"_s).toString().isEmpty());
    }

    void deviceFlowCanBeDeclinedAndTooFastPolling()
    {
        m_sim->setDeviceCodeIntervalSecs(60);
        QUrlQuery form;
        form.addQueryItem(u"client_id"_s, m_sim->demoClientId());
        form.addQueryItem(u"scope"_s, u"openid"_s);
        const QJsonObject dc =
            m_http->postForm(m_authorityPath + u"/oauth2/v2.0/devicecode"_s, form).object();
        QUrlQuery poll;
        poll.addQueryItem(u"client_id"_s, m_sim->demoClientId());
        poll.addQueryItem(u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s);
        poll.addQueryItem(u"device_code"_s, dc.value(u"device_code"_s).toString());
        const QString tokenPath = m_authorityPath + u"/oauth2/v2.0/token"_s;
        QCOMPARE(m_http->postForm(tokenPath, poll).object().value(u"error"_s).toString(), u"slow_down"_s);
        QVERIFY(m_sim->approveDeviceCode(dc.value(u"user_code"_s).toString(), false));
        QCOMPARE(m_http->postForm(tokenPath, poll).object().value(u"error"_s).toString(),
                 u"authorization_declined"_s);
    }

    void tokenEndpointNeedsAClientAndAKnownGrant()
    {
        QUrlQuery form;
        form.addQueryItem(u"grant_type"_s, u"authorization_code"_s);
        QCOMPARE(m_http->postForm(m_authorityPath + u"/oauth2/v2.0/token"_s, form)
                     .object()
                     .value(u"error"_s)
                     .toString(),
                 u"invalid_request"_s);
        QCOMPARE(token({{u"grant_type"_s, u"password"_s}}).object().value(u"error"_s).toString(),
                 u"unsupported_grant_type"_s);
        // Any tenant segment works as the authority.
        QUrlQuery device;
        device.addQueryItem(u"client_id"_s, u"x"_s);
        device.addQueryItem(u"scope"_s, u"openid"_s);
        QCOMPARE(m_http->postForm(u"/"_s + kPartnerTenantId + u"/oauth2/v2.0/devicecode"_s, device).status,
                 200);
        QCOMPARE(m_http->postForm(u"/common/oauth2/v2.0/devicecode"_s, device).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestSimIdentity)
#include "tst_simidentity.moc"
