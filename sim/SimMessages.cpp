#include "SimMessages.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace qd::sim {

namespace {

struct Text
{
    Msg id;
    const char *name; // errorName in the body
    const char16_t *en;
    const char16_t *cs;
};

// Czech follows /work/shared/czech-glossary.md: formal imperative, „…“ quotes, technical tokens
// (field names, header names, enum values) untranslated, no-break space after one-letter prepositions.
constexpr Text kTexts[] = {
    {Msg::InvalidToken, "InvalidToken",
     u"Authentication failed. The access token is missing, invalid or expired.",
     u"Ověření se nezdařilo. Přístupový token chybí, je neplatný nebo vypršela jeho platnost."},
    {Msg::MfaRequired, "MfaRequired", u"Authentication failed. MFA required.",
     u"Ověření se nezdařilo. Partnerské centrum vyžaduje přihlášení s\u00A0vícefaktorovým ověřováním (MFA)."},
    {Msg::InvalidTenantId, "InvalidRequestInput",
     u"Invalid request input: the customer tenant ID \"%1\" is not a GUID.",
     u"Neplatný vstup požadavku: ID tenanta zákazníka „%1“ není GUID."},
    {Msg::CustomerNotFound, "CustomerNotFound", u"Customer %1 was not found.", u"Zákazník %1 nebyl nalezen."},
    {Msg::RouteNotFound, "ResourceNotFound", u"The requested resource %1 was not found.",
     u"Požadovaný prostředek %1 nebyl nalezen."},
    {Msg::MethodNotAllowed, "MethodNotAllowed", u"The method %1 is not allowed for this resource.",
     u"Metoda %1 není pro tento prostředek povolena."},
    {Msg::InvalidBody, "InvalidRequestInput", u"Invalid request input: the body must be a JSON object.",
     u"Neplatný vstup požadavku: tělo musí být objekt JSON."},
    {Msg::MissingQualification, "InvalidProperty", u"The property qualification is required.",
     u"Vlastnost qualification je povinná."},
    {Msg::UnknownQualification, "InvalidProperty", u"Unknown qualification \"%1\".",
     u"Neznámá kvalifikace „%1“."},
    {Msg::QualificationNotSettable, "InvalidProperty", u"The qualification \"%1\" cannot be set.",
     u"Kvalifikaci „%1“ nelze nastavit."},
    {Msg::MissingSegment, "InvalidProperty", u"Education requires educationSegment (K12 or HigherEducation).",
     u"Kvalifikace „Vzdělávání“ vyžaduje vlastnost educationSegment (K12 nebo HigherEducation)."},
    {Msg::InvalidSegment, "InvalidProperty", u"Invalid educationSegment \"%1\". Use K12 or HigherEducation.",
     u"Neplatná hodnota educationSegment „%1“. Použijte K12 nebo HigherEducation."},
    {Msg::InvalidWebsite, "InvalidProperty", u"The website \"%1\" is not a valid host name or URL.",
     u"Web „%1“ není platný název hostitele ani adresa URL."},
    {Msg::MissingValidationCode, "InvalidProperty", u"GovernmentCommunityCloud requires a validationCode.",
     u"Kvalifikace Government Community Cloud (GCC) vyžaduje ověřovací kód (validationCode)."},
    {Msg::UnknownValidationCode, "InvalidValidationCode",
     u"The validation code \"%1\" is not one of the partner's validation codes.",
     u"Ověřovací kód „%1“ nepatří mezi ověřovací kódy partnera."},
    {Msg::ExhaustedValidationCode, "ValidationCodeExhausted",
     u"The validation code \"%1\" has no remaining uses.",
     u"Ověřovací kód „%1“ už nemá žádná zbývající použití."},
    {Msg::DuplicateQualification, "QualificationAlreadyExists",
     u"The customer already has the qualification \"%1\".", u"Zákazník již má kvalifikaci „%1“."},
    {Msg::InvalidPageSize, "InvalidRequestInput",
     u"Invalid request input: size \"%1\" must be a number from 0 to 500.",
     u"Neplatný vstup požadavku: size „%1“ musí být číslo od 0 do 500."},
    {Msg::InvalidFilter, "InvalidRequestInput",
     u"Invalid request input: the filter must be "
     u"{\"Field\":\"CompanyName|Domain\",\"Value\":\"…\",\"Operator\":\"starts_with\"}.",
     u"Neplatný vstup požadavku: filtr musí mít tvar "
     u"{\"Field\":\"CompanyName|Domain\",\"Value\":\"…\",\"Operator\":\"starts_with\"}."},
    {Msg::ContinuationTokenRequired, "InvalidContinuationToken",
     u"The MS-ContinuationToken header is missing or not valid.",
     u"Hlavička MS-ContinuationToken chybí nebo není platná."},
    {Msg::ServiceUnavailable, "ServiceUnavailable",
     u"The service is temporarily unavailable. Try again later.",
     u"Služba je dočasně nedostupná. Zkuste to znovu později."},
    {Msg::AdminLoopbackOnly, "Forbidden", u"The simulator's admin endpoints answer loopback clients only.",
     u"Správcovské koncové body simulátoru odpovídají pouze klientům z\u00A0místního počítače."},
};

const Text &lookup(Msg id)
{
    for (const Text &t : kTexts) {
        if (t.id == id)
            return t;
    }
    return kTexts[0];
}

} // namespace

QString message(Msg id, bool czech, const QString &arg)
{
    const Text &t = lookup(id);
    QString text = QString::fromUtf16(czech ? t.cs : t.en);
    if (text.contains(u"%1"_s))
        text = text.arg(arg);
    return text;
}

QJsonObject errorBody(int code, Msg id, bool czech, const QString &arg)
{
    const QString text = message(id, czech, arg);
    return QJsonObject{
        {u"code"_s, code},
        {u"description"_s, text},
        {u"message"_s, text},
        {u"errorName"_s, QString::fromLatin1(lookup(id).name)},
        {u"isRetryable"_s, id == Msg::ServiceUnavailable},
        {u"parameters"_s, QJsonObject{}},
        {u"data"_s, QJsonArray{}},
        {u"source"_s, u"PartnerFD"_s},
    };
}

} // namespace qd::sim
