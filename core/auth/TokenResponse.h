#pragma once

#include "IdTokenClaims.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <optional>

namespace qd {

// A successful answer of the token endpoint, every field checked. Never logged.
struct TokenResponse
{
    Q_DECLARE_TR_FUNCTIONS(TokenResponse)
public:
    struct Expectations
    {
        bool refreshToken = true;   // offline_access was requested
        bool idToken = true;        // openid was requested
        QStringList resourceScopes; // each must appear in the granted scope (case-insensitive)
    };

    QString tokenType; // always "Bearer" once parsed
    QString accessToken;
    QString refreshToken; // may be empty only when not expected
    QString idToken;      // may be empty only when not expected
    QString scope;        // the granted scope
    qint64 expiresInSecs = 0;
    IdTokenClaims claims; // from idToken when present

    // Parses a 2xx body. nullopt and a translated error naming the problem when the body is
    // not a JSON object or a field is missing or wrong.
    static std::optional<TokenResponse> parse(const QByteArray &body, const Expectations &expect,
                                              QString *error = nullptr);
};

// An error answer of the identity service: {error, error_description, error_codes}.
struct OAuthError
{
    Q_DECLARE_TR_FUNCTIONS(OAuthError)
public:
    QString error;       // "invalid_grant", "authorization_pending", ...
    QString description; // error_description, verbatim (may contain AADSTS codes)
    QList<qint64> codes; // error_codes

    bool isEmpty() const { return error.isEmpty(); }
    bool hasCode(qint64 code) const;
    // The refresh token no longer works and only an interactive sign-in helps:
    // invalid_grant, interaction_required, consent_required, login_required, AADSTS50076/50079 (MFA).
    bool needsInteractiveSignIn() const;
    // Conditional access now asks for MFA (AADSTS50076, AADSTS50079, or "mfa" in the text).
    bool isMfaRequired() const;
    // A sentence in the user's language with the service's reason appended.
    QString userMessage() const;

    // Reads an error object; falls back to the raw text for anything else (error stays empty
    // when the body has no `error`).
    static OAuthError parse(const QByteArray &body);
};

} // namespace qd
