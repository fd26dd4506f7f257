#include "IdTokenClaims.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace qd {

QString IdTokenClaims::displayText() const
{
    if (!name.isEmpty() && !preferredUsername.isEmpty())
        return u"%1 <%2>"_s.arg(name, preferredUsername);
    return name.isEmpty() ? preferredUsername : name;
}

std::optional<IdTokenClaims> IdTokenClaims::parse(const QString &jwt, QString *error)
{
    const auto failWith = [error](const QString &text) -> std::optional<IdTokenClaims> {
        if (error)
            *error = text;
        return std::nullopt;
    };

    const QStringList parts = jwt.split(u'.');
    // An unsigned token (alg "none") has an empty third part; there must still be three.
    if (parts.size() != 3 || parts.at(0).isEmpty() || parts.at(1).isEmpty())
        return failWith(tr("The ID token is not a JSON Web Token."));

    const auto decoded = QByteArray::fromBase64Encoding(
        parts.at(1).toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return failWith(tr("The ID token's payload is not base64url encoded."));

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return failWith(tr("The ID token's payload is not a JSON object."));

    const QJsonObject payload = document.object();
    const auto text = [&payload](QLatin1StringView key) { return payload.value(key).toString().trimmed(); };

    IdTokenClaims claims;
    claims.name = text("name"_L1);
    claims.preferredUsername = text("preferred_username"_L1);
    if (claims.preferredUsername.isEmpty())
        claims.preferredUsername = text("upn"_L1);
    if (claims.preferredUsername.isEmpty())
        claims.preferredUsername = text("email"_L1);
    claims.tenantId = text("tid"_L1);
    claims.objectId = text("oid"_L1);
    const QJsonValue amr = payload.value("amr"_L1);
    if (amr.isArray()) {
        for (const QJsonValue &method : amr.toArray()) {
            if (method.isString())
                claims.amr << method.toString();
        }
    } else if (amr.isString()) {
        claims.amr << amr.toString();
    }
    return claims;
}

} // namespace qd
