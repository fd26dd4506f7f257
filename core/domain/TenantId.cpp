#include "TenantId.h"

namespace qd {

namespace {

constexpr qsizetype kGuidLength = 36; // 8-4-4-4-12

bool isDashAt(qsizetype i)
{
    return i == 8 || i == 13 || i == 18 || i == 23;
}

// Only ASCII: other scripts' digits are not hex digits of a GUID.
char lowerHexDigit(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return char(u);
    if (u >= u'a' && u <= u'f')
        return char(u);
    if (u >= u'A' && u <= u'F')
        return char(u + (u'a' - u'A'));
    return 0;
}

} // namespace

std::optional<TenantId> TenantId::parse(QStringView text)
{
    QStringView t = text.trimmed();
    // Braces are optional on either side, as QUuid reads them.
    if (t.startsWith(u'{'))
        t = t.sliced(1);
    if (t.endsWith(u'}'))
        t = t.chopped(1);
    if (t.size() != kGuidLength)
        return std::nullopt;
    QString canonical(kGuidLength, Qt::Uninitialized);
    QChar *out = canonical.data();
    bool allZero = true;
    for (qsizetype i = 0; i < kGuidLength; ++i) {
        const QChar c = t.at(i);
        if (isDashAt(i)) {
            if (c != u'-')
                return std::nullopt;
            out[i] = u'-';
            continue;
        }
        const char digit = lowerHexDigit(c);
        if (!digit)
            return std::nullopt;
        allZero = allZero && digit == '0';
        out[i] = QLatin1Char(digit);
    }
    // The nil GUID names no tenant.
    if (allZero)
        return std::nullopt;
    return TenantId(std::move(canonical));
}

TenantId TenantId::fromText(QStringView text)
{
    return parse(text).value_or(TenantId());
}

} // namespace qd
