#pragma once

#include "SimState.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

namespace qd::sim {

// The simulated Microsoft identity platform's memory: users, access tokens, authorization codes
// (with their PKCE challenge), refresh tokens (rotated on use) and device codes.
class IdentityStore
{
public:
    struct AccessToken
    {
        QString upn;
        bool mfa = true;
        QDateTime expiresAt; // invalid: never expires
        bool fixed = false;  // registered with --token; survives expireAccessTokens()
    };
    // What a successful grant hands out tokens for.
    struct Grant
    {
        QString upn;
        bool mfa = true;
        QString clientId;
        QString scope;
        QString nonce;
    };
    struct Result
    {
        bool ok = false;
        Grant grant;
        QString error;       // OAuth error code when !ok
        QString description; // AADSTSxxxxx: ...
        int aadsts = 0;
    };
    struct DeviceStart
    {
        QString deviceCode;
        QString userCode;
        int expiresIn = 0;
        int interval = 0;
    };

    IdentityStore();

    void setNow(NowFn now);
    QDateTime now() const;
    void setUsers(const QList<SimUser> &users, const QString &partnerTenantId);
    QString partnerTenantId() const { return m_partnerTenantId; }
    SimUser user(const QString &upn) const; // a made-up user for an unknown UPN
    QString defaultUpn() const;

    void setAccessTokenLifetimeSecs(int secs) { m_accessLifetimeSecs = secs; }
    int accessTokenLifetimeSecs() const { return m_accessLifetimeSecs; }
    QString issueAccessToken(const QString &upn, bool mfa);
    void addFixedAccessToken(const QString &token, const QString &upn);
    std::optional<AccessToken> accessToken(const QString &token) const; // nullopt: unknown or expired
    void expireAccessTokens();

    QString issueAuthorizationCode(const Grant &grant, const QString &redirectUri,
                                   const QString &codeChallenge);
    Result redeemAuthorizationCode(const QString &code, const QString &clientId, const QString &redirectUri,
                                   const QString &codeVerifier);

    QString issueRefreshToken(const Grant &grant);
    Result redeemRefreshToken(const QString &token, const QString &clientId); // the old token stops working
    void revokeRefreshTokens();
    void setRefreshNeedsInteraction(bool on) { m_refreshNeedsInteraction = on; }

    DeviceStart startDeviceFlow(const QString &clientId, const QString &scope, int intervalSecs,
                                int lifetimeSecs);
    bool decideDeviceCode(const QString &userCode, bool approve, const QString &upn, bool mfa);
    bool deviceCodeKnown(const QString &userCode) const;
    Result pollDeviceCode(const QString &deviceCode, const QString &clientId);
    QString lastUserCode() const { return m_lastUserCode; }

    // The token endpoint's success body for a grant (new access and refresh tokens, ID token).
    QJsonObject tokenResponse(const Grant &grant, const QString &issuerBase);
    QByteArray idToken(const Grant &grant, const QString &issuerBase) const;

    static QString s256(const QString &verifier);
    static bool isValidVerifier(const QString &verifier);
    static bool isValidChallenge(const QString &challenge);

private:
    struct AuthCode
    {
        Grant grant;
        QString redirectUri;
        QString challenge;
        QDateTime expiresAt;
        bool redeemed = false;
    };
    struct RefreshToken
    {
        Grant grant;
    };
    enum class DeviceState
    {
        Pending,
        Approved,
        Declined,
        Redeemed
    };
    struct DeviceCode
    {
        QString userCode;
        QString clientId;
        QString scope;
        QDateTime expiresAt;
        QDateTime lastPoll;
        int intervalSecs = 5;
        DeviceState state = DeviceState::Pending;
        QString upn;
        bool mfa = true;
    };

    static Result fail(const QString &error, int aadsts, const QString &text);

    NowFn m_now;
    QString m_partnerTenantId;
    QList<SimUser> m_users;
    int m_accessLifetimeSecs = 3600;
    QHash<QString, AccessToken> m_access;
    QHash<QString, AuthCode> m_codes;
    QHash<QString, RefreshToken> m_refresh;
    QHash<QString, DeviceCode> m_devices; // by device_code
    QString m_lastUserCode;
    bool m_refreshNeedsInteraction = false;
};

} // namespace qd::sim
