#include "IdentityStore.h"

#include "SimLog.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace qd::sim {

namespace {

constexpr int kAuthCodeLifetimeSecs = 600;

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString newUserCode()
{
    // Letters and digits that cannot be mistaken for each other when typed from a screen.
    static const QString alphabet = u"BCDFGHJKLMNPQRSTVWXZ23456789"_s;
    QString code;
    for (int i = 0; i < 9; ++i)
        code += alphabet.at(QRandomGenerator::system()->bounded(int(alphabet.size())));
    return code;
}

} // namespace

IdentityStore::IdentityStore() : m_now([] { return QDateTime::currentDateTimeUtc(); }) {}

void IdentityStore::setNow(NowFn now)
{
    m_now = now ? std::move(now) : NowFn([] { return QDateTime::currentDateTimeUtc(); });
}

QDateTime IdentityStore::now() const
{
    return m_now().toUTC();
}

void IdentityStore::setUsers(const QList<SimUser> &users, const QString &partnerTenantId)
{
    m_users = users;
    m_partnerTenantId = partnerTenantId;
}

QString IdentityStore::defaultUpn() const
{
    return m_users.isEmpty() ? u"anna.novak@contoso-partner.example"_s : m_users.first().upn;
}

SimUser IdentityStore::user(const QString &upn) const
{
    for (const SimUser &u : m_users) {
        if (u.upn.compare(upn, Qt::CaseInsensitive) == 0)
            return u;
    }
    // An unknown UPN still signs in; its object id is derived from the name so it stays stable.
    const QByteArray hash =
        QCryptographicHash::hash(upn.toLower().toUtf8(), QCryptographicHash::Sha256).toHex();
    const QString hex = QString::fromLatin1(hash.left(32));
    const QString oid = hex.mid(0, 8) + u'-' + hex.mid(8, 4) + u'-' + hex.mid(12, 4) + u'-' + hex.mid(16, 4) +
                        u'-' + hex.mid(20, 12);
    return {upn, upn.section(u'@', 0, 0), oid};
}

QString IdentityStore::issueAccessToken(const QString &upn, bool mfa)
{
    const QString token = randomToken(32);
    m_access.insert(token, {upn, mfa, now().addSecs(m_accessLifetimeSecs), false});
    return token;
}

void IdentityStore::addFixedAccessToken(const QString &token, const QString &upn)
{
    m_access.insert(token, {upn.isEmpty() ? defaultUpn() : upn, true, QDateTime(), true});
}

std::optional<IdentityStore::AccessToken> IdentityStore::accessToken(const QString &token) const
{
    const auto it = m_access.constFind(token);
    if (it == m_access.cend())
        return std::nullopt;
    if (it->expiresAt.isValid() && now() >= it->expiresAt)
        return std::nullopt;
    return *it;
}

void IdentityStore::expireAccessTokens()
{
    const QDateTime past = now().addSecs(-1);
    for (AccessToken &t : m_access) {
        if (!t.fixed)
            t.expiresAt = past;
    }
}

IdentityStore::Result IdentityStore::fail(const QString &error, int aadsts, const QString &text)
{
    Result r;
    r.error = error;
    r.aadsts = aadsts;
    r.description = u"AADSTS%1: %2"_s.arg(aadsts).arg(text);
    return r;
}

QString IdentityStore::issueAuthorizationCode(const Grant &grant, const QString &redirectUri,
                                              const QString &codeChallenge)
{
    const QString code = randomToken(48);
    m_codes.insert(code, {grant, redirectUri, codeChallenge, now().addSecs(kAuthCodeLifetimeSecs), false});
    return code;
}

IdentityStore::Result IdentityStore::redeemAuthorizationCode(const QString &code, const QString &clientId,
                                                             const QString &redirectUri,
                                                             const QString &codeVerifier)
{
    if (code.isEmpty())
        return fail(u"invalid_request"_s, 900144,
                    u"The request body must contain the following parameter: 'code'."_s);
    if (codeVerifier.isEmpty())
        return fail(u"invalid_request"_s, 900144,
                    u"The request body must contain the following parameter: 'code_verifier'."_s);
    const auto it = m_codes.find(code);
    if (it == m_codes.end())
        return fail(u"invalid_grant"_s, 9002313, u"Invalid request. The authorization code is not valid."_s);
    if (it->redeemed)
        return fail(u"invalid_grant"_s, 54005, u"OAuth2 Authorization code was already redeemed."_s);
    // A code is good for one attempt only, successful or not.
    const AuthCode issued = *it;
    it->redeemed = true;
    if (now() >= issued.expiresAt)
        return fail(u"invalid_grant"_s, 70008,
                    u"The provided authorization code or refresh token has expired."_s);
    if (issued.grant.clientId != clientId)
        return fail(u"invalid_grant"_s, 700005, u"The authorization code was issued to another client."_s);
    if (issued.redirectUri != redirectUri)
        return fail(u"invalid_grant"_s, 50011,
                    u"The redirect URI does not match the one of the authorization request."_s);
    if (!isValidVerifier(codeVerifier) || s256(codeVerifier) != issued.challenge)
        return fail(
            u"invalid_grant"_s, 501481,
            u"The Code_Verifier does not match the code_challenge supplied in the authorization request."_s);
    Result r;
    r.ok = true;
    r.grant = issued.grant;
    return r;
}

QString IdentityStore::issueRefreshToken(const Grant &grant)
{
    const QString token = randomToken(64);
    m_refresh.insert(token, {grant});
    return token;
}

IdentityStore::Result IdentityStore::redeemRefreshToken(const QString &token, const QString &clientId)
{
    if (token.isEmpty())
        return fail(u"invalid_request"_s, 900144,
                    u"The request body must contain the following parameter: 'refresh_token'."_s);
    const auto it = m_refresh.find(token);
    if (it == m_refresh.end())
        return fail(
            u"invalid_grant"_s, 50173,
            u"The provided grant has expired due to it being revoked, a fresh auth token is needed."_s);
    if (it->grant.clientId != clientId)
        return fail(u"invalid_grant"_s, 700005, u"The refresh token was issued to another client."_s);
    if (m_refreshNeedsInteraction)
        return fail(
            u"interaction_required"_s, 50076,
            u"Due to a configuration change made by your administrator, or because you moved to a new "
            "location, you must use multi-factor authentication to access the Partner Center API."_s);
    Result r;
    r.ok = true;
    r.grant = it->grant;
    m_refresh.erase(it); // rotation: the caller issues the replacement
    return r;
}

void IdentityStore::revokeRefreshTokens()
{
    m_refresh.clear();
}

IdentityStore::DeviceStart IdentityStore::startDeviceFlow(const QString &clientId, const QString &scope,
                                                          int intervalSecs, int lifetimeSecs)
{
    DeviceCode dc;
    dc.userCode = newUserCode();
    dc.clientId = clientId;
    dc.scope = scope;
    dc.expiresAt = now().addSecs(lifetimeSecs);
    dc.lastPoll = now(); // the first poll is due one interval after the start
    dc.intervalSecs = intervalSecs;
    const QString deviceCode = randomToken(48);
    m_devices.insert(deviceCode, dc);
    m_lastUserCode = dc.userCode;
    return {deviceCode, dc.userCode, lifetimeSecs, intervalSecs};
}

bool IdentityStore::deviceCodeKnown(const QString &userCode) const
{
    for (const DeviceCode &dc : m_devices) {
        if (dc.userCode.compare(userCode, Qt::CaseInsensitive) == 0 && dc.state == DeviceState::Pending &&
            now() < dc.expiresAt)
            return true;
    }
    return false;
}

bool IdentityStore::decideDeviceCode(const QString &userCode, bool approve, const QString &upn, bool mfa)
{
    for (DeviceCode &dc : m_devices) {
        if (dc.userCode.compare(userCode, Qt::CaseInsensitive) != 0 || dc.state != DeviceState::Pending ||
            now() >= dc.expiresAt)
            continue;
        dc.state = approve ? DeviceState::Approved : DeviceState::Declined;
        dc.upn = upn.isEmpty() ? defaultUpn() : upn;
        dc.mfa = mfa;
        return true;
    }
    return false;
}

IdentityStore::Result IdentityStore::pollDeviceCode(const QString &deviceCode, const QString &clientId)
{
    if (deviceCode.isEmpty())
        return fail(u"invalid_request"_s, 900144,
                    u"The request body must contain the following parameter: 'device_code'."_s);
    const auto it = m_devices.find(deviceCode);
    if (it == m_devices.end() || it->clientId != clientId)
        return fail(u"bad_verification_code"_s, 70000, u"The device_code was not recognized."_s);
    const QDateTime current = now();
    if (it->state == DeviceState::Redeemed)
        return fail(u"invalid_grant"_s, 54005, u"The device code was already redeemed."_s);
    if (current >= it->expiresAt)
        return fail(u"expired_token"_s, 70020, u"The device code has expired. Sign in again."_s);
    if (it->state == DeviceState::Declined)
        return fail(u"authorization_declined"_s, 70000, u"The user declined the sign-in request."_s);
    if (it->state == DeviceState::Pending) {
        // A quarter of the interval is forgiven: coarse timers may fire up to 5 % early.
        const qint64 elapsed = it->lastPoll.msecsTo(current);
        it->lastPoll = current;
        if (elapsed < qint64(it->intervalSecs) * 750)
            return fail(u"slow_down"_s, 70016, u"Polling too fast. Wait the interval between requests."_s);
        return fail(u"authorization_pending"_s, 70016,
                    u"OAuth 2.0 device flow error. Authorization is pending. Continue polling."_s);
    }
    it->state = DeviceState::Redeemed;
    Result r;
    r.ok = true;
    r.grant = {it->upn, it->mfa, it->clientId, it->scope, {}};
    return r;
}

QString IdentityStore::s256(const QString &verifier)
{
    return QString::fromLatin1(
        base64Url(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)));
}

bool IdentityStore::isValidVerifier(const QString &verifier)
{
    // RFC 7636 §4.1: 43..128 characters of [A-Z a-z 0-9 - . _ ~].
    static const QRegularExpression re(u"^[A-Za-z0-9\\-._~]{43,128}$"_s);
    return re.match(verifier).hasMatch();
}

bool IdentityStore::isValidChallenge(const QString &challenge)
{
    // An S256 challenge is a SHA-256 digest in unpadded base64url: exactly 43 characters.
    static const QRegularExpression re(u"^[A-Za-z0-9\\-_]{43}$"_s);
    return re.match(challenge).hasMatch();
}

QByteArray IdentityStore::idToken(const Grant &grant, const QString &issuerBase) const
{
    const SimUser u = user(grant.upn);
    const qint64 iat = now().toSecsSinceEpoch();
    QJsonArray amr{u"pwd"_s};
    if (grant.mfa)
        amr.append(u"mfa"_s);
    QJsonObject claims{
        {u"aud"_s, grant.clientId},
        {u"iss"_s, QString(issuerBase + u'/' + m_partnerTenantId + u"/v2.0"_s)},
        {u"iat"_s, iat},
        {u"nbf"_s, iat},
        {u"exp"_s, iat + m_accessLifetimeSecs},
        {u"name"_s, u.name},
        {u"preferred_username"_s, u.upn},
        {u"oid"_s, u.oid},
        {u"sub"_s, QString::fromLatin1(base64Url(u.oid.toLatin1()))},
        {u"tid"_s, m_partnerTenantId},
        {u"amr"_s, amr},
        {u"ver"_s, u"2.0"_s},
    };
    if (!grant.nonce.isEmpty())
        claims.insert(u"nonce"_s, grant.nonce);
    const QJsonObject header{{u"alg"_s, u"none"_s}, {u"typ"_s, u"JWT"_s}};
    // An unsigned JWT (alg "none"): header.payload. with an empty signature.
    return base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
           base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.';
}

QJsonObject IdentityStore::tokenResponse(const Grant &grant, const QString &issuerBase)
{
    const QStringList scopes = grant.scope.split(u' ', Qt::SkipEmptyParts);
    QJsonObject body{
        {u"token_type"_s, u"Bearer"_s},
        {u"scope"_s, grant.scope},
        {u"expires_in"_s, m_accessLifetimeSecs},
        {u"ext_expires_in"_s, m_accessLifetimeSecs},
        {u"access_token"_s, issueAccessToken(grant.upn, grant.mfa)},
    };
    // Like Entra ID: a refresh token only with offline_access, an ID token only with openid.
    if (scopes.contains(u"offline_access"_s))
        body.insert(u"refresh_token"_s, issueRefreshToken(grant));
    if (scopes.contains(u"openid"_s))
        body.insert(u"id_token"_s, QString::fromLatin1(idToken(grant, issuerBase)));
    qCInfo(lcSim) << "issued tokens for" << grant.upn << (grant.mfa ? "(mfa)" : "(no mfa)");
    return body;
}

} // namespace qd::sim
