#pragma once

#include <QCoreApplication>
#include <QStringList>
#include <optional>

namespace qd {

// Who signed in, read from the ID token's payload. The token comes straight from the token
// endpoint over TLS, so its signature is not checked; these claims are for display only.
struct IdTokenClaims
{
    Q_DECLARE_TR_FUNCTIONS(IdTokenClaims)
public:
    QString name;              // display name
    QString preferredUsername; // UPN (preferred_username, else upn, else email)
    QString tenantId;          // tid: the partner tenant
    QString objectId;          // oid
    QStringList amr;           // authentication methods, when the token lists them

    bool isEmpty() const { return preferredUsername.isEmpty() && name.isEmpty() && tenantId.isEmpty(); }
    bool hasAmr() const { return !amr.isEmpty(); }
    bool hasMfa() const { return amr.contains(QStringLiteral("mfa"), Qt::CaseInsensitive); }
    // "Name <upn>", or whichever is known.
    QString displayText() const;

    // Decodes header.payload.signature (base64url). nullopt and a translated error when the
    // text is not a JWT or its payload is not a JSON object.
    static std::optional<IdTokenClaims> parse(const QString &jwt, QString *error = nullptr);
};

} // namespace qd
