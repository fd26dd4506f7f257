#include "Redaction.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace qd {

namespace {

// Names whose values are secrets wherever they appear ("refresh_token: x", JSON, forms) ...
const QString kSecretNames = u"access_token|refresh_token|id_token|client_secret|code_verifier|"
                             "device_code|assertion|password"_s;
// ... and names that are secrets only as query or form parameters ("code=x"): "Error code: 400"
// in an error report is not.
const QString kSecretParameters = u"code|token|secret|%1"_s.arg(kSecretNames);

const QRegularExpression &jwtPattern()
{
    // Three base64url parts, the first an encoded JSON object ("eyJ" is "{\"").
    static const QRegularExpression re(u"eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*"_s);
    return re;
}

const QRegularExpression &bearerPattern()
{
    static const QRegularExpression re(u"\\b(Bearer|Basic)\\s+[^\\s\"',;]+"_s,
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &jsonPattern()
{
    // "refresh_token": "value"
    static const QRegularExpression re(u"(\"(?:%1)\"\\s*:\\s*\")[^\"]*(\")"_s.arg(kSecretNames),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &parameterPattern()
{
    // code=value in a query string or a form body.
    static const QRegularExpression re(u"(\\b(?:%1)=)(?!\\[removed\\])[^\\s&\"',;]+"_s.arg(kSecretParameters),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &labelPattern()
{
    // refresh_token: value, in a header-like line.
    static const QRegularExpression re(
        u"(\\b(?:%1)\\s*:\\s*)(?!\\[removed\\])[^\\s&\"',;]+"_s.arg(kSecretNames),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

} // namespace

QString Redaction::marker()
{
    return u"[removed]"_s;
}

QString Redaction::apply(QString text, const QStringList &knownSecrets)
{
    for (const QString &secret : knownSecrets) {
        // Very short values would blank out ordinary words; real tokens are long.
        if (secret.size() >= 8)
            text.replace(secret, marker());
    }
    text.replace(jwtPattern(), marker());
    text.replace(bearerPattern(), u"\\1 "_s + marker());
    text.replace(jsonPattern(), u"\\1"_s + marker() + u"\\2"_s);
    text.replace(parameterPattern(), u"\\1"_s + marker());
    text.replace(labelPattern(), u"\\1"_s + marker());
    return text;
}

} // namespace qd
