#include "TokenResponse.h"

#include "domain/Json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace qd {

std::optional<TokenResponse> TokenResponse::parse(const QByteArray &body, const Expectations &expect,
                                                  QString *error)
{
    const auto failWith = [error](const QString &text) -> std::optional<TokenResponse> {
        if (error)
            *error = text;
        return std::nullopt;
    };
    const auto missing = [&failWith](QLatin1StringView field) {
        return failWith(tr("The sign-in service's answer has no valid \"%1\".").arg(field));
    };

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return failWith(tr("The sign-in service's answer is not a JSON object."));
    const QJsonObject object = document.object();

    TokenResponse response;
    response.tokenType = object.value("token_type"_L1).toString();
    if (response.tokenType.compare("Bearer"_L1, Qt::CaseInsensitive) != 0) {
        return failWith(
            tr("The sign-in service issued a token of type \"%1\"; QualDesk needs a Bearer token.")
                .arg(response.tokenType));
    }
    response.tokenType = u"Bearer"_s;

    response.accessToken = object.value("access_token"_L1).toString();
    if (response.accessToken.trimmed().isEmpty())
        return missing("access_token"_L1);

    // expires_in is a number of seconds; some services send it as a string of digits.
    const QJsonValue expiresIn = object.value("expires_in"_L1);
    if (expiresIn.isDouble()) {
        const double seconds = expiresIn.toDouble();
        if (seconds >= 1 && seconds < 1e9 && seconds == qint64(seconds))
            response.expiresInSecs = qint64(seconds);
    } else if (expiresIn.isString()) {
        bool ok = false;
        const qint64 seconds = expiresIn.toString().toLongLong(&ok);
        if (ok && seconds > 0)
            response.expiresInSecs = seconds;
    }
    if (response.expiresInSecs <= 0)
        return missing("expires_in"_L1);

    const QJsonValue refresh = object.value("refresh_token"_L1);
    if (!refresh.isUndefined() && !refresh.isString())
        return missing("refresh_token"_L1);
    response.refreshToken = refresh.toString();
    if (expect.refreshToken && response.refreshToken.trimmed().isEmpty())
        return missing("refresh_token"_L1);

    const QJsonValue idToken = object.value("id_token"_L1);
    if (!idToken.isUndefined() && !idToken.isString())
        return missing("id_token"_L1);
    response.idToken = idToken.toString();
    if (expect.idToken && response.idToken.isEmpty())
        return missing("id_token"_L1);
    if (!response.idToken.isEmpty()) {
        QString claimsError;
        const auto claims = IdTokenClaims::parse(response.idToken, &claimsError);
        if (!claims)
            return failWith(claimsError);
        response.claims = *claims;
    }

    const QJsonValue scope = object.value("scope"_L1);
    if (!scope.isString() || scope.toString().trimmed().isEmpty())
        return missing("scope"_L1);
    response.scope = scope.toString().trimmed();
    const QStringList granted = response.scope.split(u' ', Qt::SkipEmptyParts);
    for (const QString &wanted : expect.resourceScopes) {
        if (!granted.contains(wanted, Qt::CaseInsensitive)) {
            return failWith(tr("The sign-in service did not grant the permission \"%1\". Ask your "
                               "administrator to grant it to the QualDesk app registration.")
                                .arg(wanted));
        }
    }
    return response;
}

bool OAuthError::hasCode(qint64 code) const
{
    if (codes.contains(code))
        return true;
    // Some answers carry the code only in the text ("AADSTS50076: ...").
    return description.contains(u"AADSTS"_s + QString::number(code));
}

bool OAuthError::isMfaRequired() const
{
    return hasCode(50076) || hasCode(50079) || hasCode(50074);
}

bool OAuthError::needsInteractiveSignIn() const
{
    static const QStringList interactive = {u"invalid_grant"_s, u"interaction_required"_s,
                                            u"consent_required"_s, u"login_required"_s};
    return interactive.contains(error) || isMfaRequired();
}

QString OAuthError::userMessage() const
{
    QString text;
    if (isMfaRequired()) {
        text = tr("Multi-factor authentication is now required. Please sign in again.");
    } else if (error == "invalid_grant"_L1) {
        text = tr("Your sign-in has expired or was revoked. Please sign in again.");
    } else if (error == "interaction_required"_L1 || error == "login_required"_L1 ||
               error == "consent_required"_L1) {
        text = tr("The sign-in service needs you to sign in again interactively.");
    } else if (error == "access_denied"_L1 || error == "authorization_declined"_L1) {
        text = tr("The sign-in was declined.");
    } else if (error == "expired_token"_L1) {
        text = tr("The sign-in code expired before it was used. Please start again.");
    } else if (error == "bad_verification_code"_L1) {
        text = tr("The sign-in service did not recognise the device code. Please start again.");
    } else if (error == "invalid_client"_L1 || error == "unauthorized_client"_L1) {
        text = tr("The sign-in service does not accept the configured client ID. Check the app "
                  "registration and the client ID setting.");
    } else {
        text = tr("The sign-in service refused the request.");
    }
    // The first line of the service's description names the AADSTS code support needs.
    const QString reason = description.section(u'\n', 0, 0).trimmed();
    if (!reason.isEmpty())
        text += u' ' + tr("(Service reason: %1)").arg(reason);
    else if (!error.isEmpty())
        text += u' ' + tr("(Service reason: %1)").arg(error);
    return text;
}

OAuthError OAuthError::parse(const QByteArray &body)
{
    OAuthError result;
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject()) {
        result.description = QString::fromUtf8(body.left(300)).simplified();
        return result;
    }
    const QJsonObject object = document.object();
    result.error = object.value("error"_L1).toString().trimmed();
    result.description = object.value("error_description"_L1).toString().trimmed();
    for (const QJsonValue &code : object.value("error_codes"_L1).toArray()) {
        if (const std::optional<qint64> whole = json::integer(code))
            result.codes << *whole;
    }
    return result;
}

} // namespace qd
