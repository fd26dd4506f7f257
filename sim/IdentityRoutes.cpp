#include "IdentityRoutes.h"

#include "IdentityStore.h"
#include "SimLog.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace qd::sim {

namespace {

// Appends parameters to a URL's query, percent-encoding each value exactly once.
QUrl withParams(QUrl url, const QList<QPair<QString, QString>> &params)
{
    QString query = url.query(QUrl::FullyEncoded);
    for (const auto &[key, value] : params) {
        if (!query.isEmpty())
            query += u'&';
        query += key + u'=' + QString::fromLatin1(QUrl::toPercentEncoding(value));
    }
    url.setQuery(query);
    return url;
}

QString anchor(const QString &href, const QString &text)
{
    return u"<p><a href=\""_s + href.toHtmlEscaped() + u"\">"_s + text.toHtmlEscaped() + u"</a></p>"_s;
}

} // namespace

bool isLoopbackRedirect(const QUrl &url)
{
    if (!url.isValid() || url.scheme() != u"http"_s || !url.userInfo().isEmpty())
        return false;
    const QString host = url.host();
    return host == u"localhost"_s || host == u"127.0.0.1"_s || host == u"::1"_s;
}

IdentityRoutes::IdentityRoutes(IdentityStore *identity, const SimConfig *config)
    : m_identity(identity), m_config(config)
{}

bool IdentityRoutes::matches(const SimRequest &request)
{
    const QStringList &s = request.segments;
    if (s.size() == 1 && s.at(0) == u"devicelogin"_s)
        return true;
    return s.size() == 4 && s.at(1) == u"oauth2"_s && s.at(2) == u"v2.0"_s &&
           (s.at(3) == u"authorize"_s || s.at(3) == u"token"_s || s.at(3) == u"devicecode"_s);
}

QString IdentityRoutes::issuerBase(const SimRequest &request)
{
    const QByteArray host = request.header("Host");
    return (request.secure ? u"https://"_s : u"http://"_s) +
           (host.isEmpty() ? u"127.0.0.1"_s : QString::fromLatin1(host));
}

SimResponse IdentityRoutes::oauthError(int status, const QString &error, int aadsts, const QString &text)
{
    const QString description = text.startsWith(u"AADSTS"_s) ? text : u"AADSTS%1: %2"_s.arg(aadsts).arg(text);
    return SimResponse::json(status,
                             QJsonObject{
                                 {u"error"_s, error},
                                 {u"error_description"_s, description},
                                 {u"error_codes"_s, QJsonArray{aadsts}},
                                 {u"timestamp"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                                 {u"trace_id"_s, newGuid()},
                                 {u"correlation_id"_s, newGuid()},
                             });
}

SimResponse IdentityRoutes::handle(const SimRequest &request)
{
    const QString last = request.segments.constLast();
    const bool post = request.method == u"POST"_s;
    if (last == u"devicelogin"_s || last == u"authorize"_s) {
        if (request.method != u"GET"_s)
            return oauthError(405, u"invalid_request"_s, 900561,
                              u"The endpoint only accepts GET requests."_s);
        return last == u"authorize"_s ? authorize(request) : deviceLogin(request);
    }
    if (!post)
        return oauthError(405, u"invalid_request"_s, 900561, u"The endpoint only accepts POST requests."_s);
    return last == u"token"_s ? token(request) : deviceCode(request);
}

SimResponse IdentityRoutes::authorize(const SimRequest &request)
{
    const QString clientId = request.queryValue(u"client_id"_s);
    const QUrl redirect(request.queryValue(u"redirect_uri"_s), QUrl::StrictMode);
    if (clientId.isEmpty())
        return SimResponse::html(
            400, u"Sign-in error"_s,
            u"<p>AADSTS900144: The request must contain the parameter 'client_id'.</p>"_s);
    if (!isLoopbackRedirect(redirect))
        return SimResponse::html(
            400, u"Sign-in error"_s,
            u"<p>AADSTS50011: The redirect URI must be a loopback address: http://localhost:PORT/ or "
            "http://127.0.0.1:PORT/.</p>"_s);

    const QString state = request.queryValue(u"state"_s);
    auto fail = [&](const QString &error, const QString &description) {
        QList<QPair<QString, QString>> params{{u"error"_s, error}, {u"error_description"_s, description}};
        if (request.query.hasQueryItem(u"state"_s))
            params.append({u"state"_s, state});
        return SimResponse::redirect(withParams(redirect, params));
    };
    if (request.queryValue(u"response_type"_s) != u"code"_s)
        return fail(u"unsupported_response_type"_s, u"AADSTS700054: response_type must be 'code'."_s);
    if (request.queryValue(u"scope"_s).trimmed().isEmpty())
        return fail(u"invalid_request"_s, u"AADSTS900144: The request must contain the parameter 'scope'."_s);
    const QString challenge = request.queryValue(u"code_challenge"_s);
    if (request.queryValue(u"code_challenge_method"_s) != u"S256"_s)
        return fail(u"invalid_request"_s, u"AADSTS501478: code_challenge_method must be S256."_s);
    if (!IdentityStore::isValidChallenge(challenge))
        return fail(u"invalid_request"_s, u"AADSTS501491: Invalid size of Code_Challenge parameter."_s);

    const QString action = request.queryValue(u"sim_action"_s);
    if (action == u"deny"_s)
        return fail(u"access_denied"_s, u"AADSTS65004: User declined to consent to access the app."_s);
    if (!m_config->autoApproveSignIn && action != u"approve"_s) {
        const QString here = request.path + u'?' + request.query.toString(QUrl::FullyEncoded);
        return SimResponse::html(200, u"Sign in to QualDesk (simulator)"_s,
                                 anchor(here + u"&sim_action=approve"_s, u"Approve"_s) +
                                     anchor(here + u"&sim_action=deny"_s, u"Deny"_s));
    }

    IdentityStore::Grant grant;
    grant.upn = request.queryValue(u"login_hint"_s);
    if (grant.upn.isEmpty())
        grant.upn = m_config->signInUpn.isEmpty() ? m_identity->defaultUpn() : m_config->signInUpn;
    grant.mfa = m_config->signInMfa;
    grant.clientId = clientId;
    grant.scope = request.queryValue(u"scope"_s).simplified();
    grant.nonce = request.queryValue(u"nonce"_s);
    const QString code = m_identity->issueAuthorizationCode(grant, redirect.toString(), challenge);
    QList<QPair<QString, QString>> params{{u"code"_s, code}};
    if (request.query.hasQueryItem(u"state"_s))
        params.append({u"state"_s, state});
    qCInfo(lcSim) << "sign-in approved for" << grant.upn;
    return SimResponse::redirect(withParams(redirect, params));
}

SimResponse IdentityRoutes::token(const SimRequest &request)
{
    const QUrlQuery form = parseForm(request.body);
    auto field = [&form](const QString &key) { return form.queryItemValue(key, QUrl::FullyDecoded); };
    const QString clientId = field(u"client_id"_s);
    if (clientId.isEmpty())
        return oauthError(400, u"invalid_request"_s, 900144,
                          u"The request body must contain the following parameter: 'client_id'."_s);
    const QString grantType = field(u"grant_type"_s);
    IdentityStore::Result result;
    if (grantType == u"authorization_code"_s) {
        result = m_identity->redeemAuthorizationCode(
            field(u"code"_s), clientId, QUrl(field(u"redirect_uri"_s)).toString(), field(u"code_verifier"_s));
    } else if (grantType == u"refresh_token"_s) {
        result = m_identity->redeemRefreshToken(field(u"refresh_token"_s), clientId);
    } else if (grantType == u"urn:ietf:params:oauth:grant-type:device_code"_s) {
        result = m_identity->pollDeviceCode(field(u"device_code"_s), clientId);
    } else {
        return oauthError(400, u"unsupported_grant_type"_s, 70003,
                          u"The app requested an unsupported grant type '%1'."_s.arg(grantType));
    }
    if (!result.ok) {
        if (result.error != u"authorization_pending"_s)
            qCInfo(lcSim).noquote() << "token request refused:" << result.error;
        return oauthError(400, result.error, result.aadsts, result.description);
    }
    return SimResponse::json(200, m_identity->tokenResponse(result.grant, issuerBase(request)));
}

SimResponse IdentityRoutes::deviceCode(const SimRequest &request)
{
    const QUrlQuery form = parseForm(request.body);
    const QString clientId = form.queryItemValue(u"client_id"_s, QUrl::FullyDecoded);
    const QString scope = form.queryItemValue(u"scope"_s, QUrl::FullyDecoded).simplified();
    if (clientId.isEmpty())
        return oauthError(400, u"invalid_request"_s, 900144,
                          u"The request body must contain the following parameter: 'client_id'."_s);
    if (scope.isEmpty())
        return oauthError(400, u"invalid_request"_s, 900144,
                          u"The request body must contain the following parameter: 'scope'."_s);
    const IdentityStore::DeviceStart start = m_identity->startDeviceFlow(
        clientId, scope, m_config->deviceCodeIntervalSecs, m_config->deviceCodeLifetimeSecs);
    const QString uri = issuerBase(request) + u"/devicelogin"_s;
    // Entra ID words this message in the user's language; Czech from /work/shared/czech-glossary.md.
    const QString message =
        request.wantsCzech()
            ? u"Pro přihlášení použijte webový prohlížeč, otevřete stránku %1 a\u00A0zadejte kód %2 k\u00A0ověření."_s
            : u"To sign in, use a web browser to open the page %1 and enter the code %2 to authenticate."_s;
    qCInfo(lcSim) << "device flow started";
    return SimResponse::json(200, QJsonObject{
                                      {u"device_code"_s, start.deviceCode},
                                      {u"user_code"_s, start.userCode},
                                      {u"verification_uri"_s, uri},
                                      {u"expires_in"_s, start.expiresIn},
                                      {u"interval"_s, start.interval},
                                      {u"message"_s, message.arg(uri, start.userCode)},
                                  });
}

SimResponse IdentityRoutes::deviceLogin(const SimRequest &request)
{
    const QString userCode = request.queryValue(u"user_code"_s).trimmed();
    const QString action = request.queryValue(u"action"_s);
    if (userCode.isEmpty()) {
        return SimResponse::html(200, u"Enter code"_s,
                                 u"<form method=\"get\"><input name=\"user_code\"> "
                                 "<button name=\"action\" value=\"approve\">Approve</button> "
                                 "<button name=\"action\" value=\"deny\">Deny</button></form>"_s);
    }
    if (!m_identity->deviceCodeKnown(userCode))
        return SimResponse::html(400, u"Code not recognized"_s,
                                 u"<p>The code is wrong, expired or already used.</p>"_s);
    if (action != u"approve"_s && action != u"deny"_s) {
        const QString base =
            u"/devicelogin?user_code="_s + QString::fromLatin1(QUrl::toPercentEncoding(userCode));
        return SimResponse::html(200, u"Sign in to QualDesk (simulator)"_s,
                                 anchor(base + u"&action=approve"_s, u"Approve"_s) +
                                     anchor(base + u"&action=deny"_s, u"Deny"_s));
    }
    const bool approve = action == u"approve"_s;
    QString upn = request.queryValue(u"upn"_s);
    if (upn.isEmpty())
        upn = m_config->signInUpn;
    const bool mfa =
        request.query.hasQueryItem(u"mfa"_s) ? request.queryValue(u"mfa"_s) != u"0"_s : m_config->signInMfa;
    m_identity->decideDeviceCode(userCode, approve, upn, mfa);
    return approve
               ? SimResponse::html(
                     200, u"You're signed in"_s,
                     u"<p>You have signed in to QualDesk on your device. You may now close this "
                     "window.</p>"_s)
               : SimResponse::html(200, u"Sign-in declined"_s, u"<p>You may now close this window.</p>"_s);
}

} // namespace qd::sim
