// Answers of the token endpoint: a token (TokenResponse::parse) or an error (OAuthError::parse).
#include "FuzzSupport.h"
#include "auth/TokenResponse.h"

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // The first byte picks what was asked for; the rest is the body.
    if (size == 0)
        return 0;
    qd::TokenResponse::Expectations expect;
    expect.refreshToken = data[0] & 1;
    expect.idToken = data[0] & 2;
    if (data[0] & 4)
        expect.resourceScopes = {u"https://api.partnercenter.microsoft.com/user_impersonation"_s};
    const QByteArray body = qd::fuzz::bytes(data + 1, size - 1);

    QString error;
    const std::optional<qd::TokenResponse> token = qd::TokenResponse::parse(body, expect, &error);
    if (token) {
        QD_FUZZ_CHECK(token->tokenType == u"Bearer"_s);
        QD_FUZZ_CHECK(!token->accessToken.trimmed().isEmpty());
        QD_FUZZ_CHECK(token->expiresInSecs > 0);
        QD_FUZZ_CHECK(!token->scope.isEmpty());
        QD_FUZZ_CHECK(!expect.refreshToken || !token->refreshToken.trimmed().isEmpty());
        QD_FUZZ_CHECK(!expect.idToken || !token->idToken.isEmpty());
        (void)token->claims.displayText();
    } else {
        QD_FUZZ_CHECK(!error.isEmpty());
    }

    const qd::OAuthError oauth = qd::OAuthError::parse(body);
    QD_FUZZ_CHECK(!oauth.userMessage().isEmpty());
    (void)oauth.needsInteractiveSignIn();
    return 0;
}
