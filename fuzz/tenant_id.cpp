// Tenant IDs as they are typed, pasted or read from CSV and JSON: TenantId::parse.
#include "FuzzSupport.h"
#include "domain/TenantId.h"

#include <QString>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // As UTF-8 text (what files and the command line give) and as raw UTF-16 (any QChar).
    const QString utf8 = QString::fromUtf8(qd::fuzz::view(data, size));
    QString utf16(qsizetype(size / 2), Qt::Uninitialized);
    std::memcpy(utf16.data(), data, size / 2 * sizeof(char16_t)); // the input may be unaligned
    for (const QStringView text : {QStringView(utf8), QStringView(utf16)}) {
        const std::optional<qd::TenantId> id = qd::TenantId::parse(text);
        QD_FUZZ_CHECK(id.has_value() == qd::TenantId::fromText(text).isValid());
        if (!id)
            continue;
        const QString &canonical = id->toString();
        QD_FUZZ_CHECK(canonical.size() == 36);
        for (QChar c : canonical)
            QD_FUZZ_CHECK(c == u'-' || (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'));
        QD_FUZZ_CHECK(canonical != u"00000000-0000-0000-0000-000000000000");
        // The canonical form reads back as itself.
        QD_FUZZ_CHECK(qd::TenantId::parse(canonical) == id);
    }
    return 0;
}
