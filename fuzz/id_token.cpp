// The ID token's claims (who signed in), from any text and from any payload.
#include "FuzzSupport.h"
#include "auth/IdTokenClaims.h"

using namespace Qt::StringLiterals;

namespace {
void check(const QString &jwt)
{
    QString error;
    const std::optional<qd::IdTokenClaims> claims = qd::IdTokenClaims::parse(jwt, &error);
    if (!claims) {
        QD_FUZZ_CHECK(!error.isEmpty());
        return;
    }
    QD_FUZZ_CHECK(claims->name == claims->name.trimmed());
    QD_FUZZ_CHECK(claims->displayText().isEmpty() ==
                  (claims->name.isEmpty() && claims->preferredUsername.isEmpty()));
    (void)claims->hasMfa();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = qd::fuzz::bytes(data, size);
    // The whole token as text, and the input as the payload of a token, so both the
    // splitting and the JSON behind the base64url get explored.
    check(QString::fromUtf8(input));
    const QByteArray payload = input.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    check(u"eyJhbGciOiJub25lIn0."_s + QString::fromLatin1(payload) + u'.');
    return 0;
}
