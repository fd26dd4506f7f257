#include "Pkce.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace qd {

namespace {

constexpr int MinVerifier = 43;
constexpr int MaxVerifier = 128;
constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

// Random base64url text of exactly `length` characters from the system CSPRNG.
QByteArray randomText(int length)
{
    // 3 bytes give 4 characters; draw enough and cut.
    QByteArray bytes((length * 3) / 4 + 3, Qt::Uninitialized);
    QRandomGenerator *rng = QRandomGenerator::system();
    for (char &byte : bytes)
        byte = static_cast<char>(rng->bounded(256));
    return bytes.toBase64(Base64Url).left(length);
}

} // namespace

Pkce Pkce::generate(int length)
{
    Pkce pkce;
    pkce.verifier = randomText(qBound(MinVerifier, length, MaxVerifier));
    pkce.challenge = challengeFor(pkce.verifier);
    return pkce;
}

QByteArray Pkce::challengeFor(const QByteArray &verifier)
{
    return QCryptographicHash::hash(verifier, QCryptographicHash::Sha256).toBase64(Base64Url);
}

bool Pkce::isValidVerifier(const QByteArray &verifier)
{
    if (verifier.size() < MinVerifier || verifier.size() > MaxVerifier)
        return false;
    for (const char c : verifier) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~';
        if (!unreserved)
            return false;
    }
    return true;
}

namespace OAuthState {

QString generate()
{
    return QString::fromLatin1(randomText(32));
}

bool matches(const QString &expected, const QString &received)
{
    if (expected.isEmpty() || expected.size() != received.size())
        return false;
    // Constant time, so the comparison does not tell how much of a guess was right.
    char16_t difference = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        difference |= expected.at(i).unicode() ^ received.at(i).unicode();
    return difference == 0;
}

} // namespace OAuthState

} // namespace qd
