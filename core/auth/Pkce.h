#pragma once

#include <QByteArray>
#include <QString>

namespace qd {

// Proof Key for Code Exchange (RFC 7636), S256 only. A fresh pair for every sign-in.
struct Pkce
{
    QByteArray verifier;  // 43..128 characters of [A-Za-z0-9-._~]
    QByteArray challenge; // base64url(SHA-256(verifier)), no padding

    // A verifier of `length` characters (clamped to 43..128) from the system CSPRNG.
    static Pkce generate(int length = 64);
    static QByteArray challengeFor(const QByteArray &verifier);
    static bool isValidVerifier(const QByteArray &verifier);
    static QString method() { return QStringLiteral("S256"); }
};

// The OAuth `state`: unguessable, compared in constant time.
namespace OAuthState {
QString generate();
bool matches(const QString &expected, const QString &received);
} // namespace OAuthState

} // namespace qd
