#pragma once

#include <QHashFunctions>
#include <QMetaType>
#include <QString>
#include <QStringView>
#include <optional>

namespace qd {

// A customer's tenant ID: a GUID, held in its canonical lower-case 8-4-4-4-12 form. Text is
// parsed once where it enters (search field, form, CSV row, CLI argument, JSON); everything
// behind that takes a TenantId and never normalises again. Accepted: surrounding white space,
// any case, braces; not the nil GUID. A default-constructed TenantId is invalid.
class TenantId
{
public:
    TenantId() = default;

    // The tenant ID in text, or nothing when text is not one.
    static std::optional<TenantId> parse(QStringView text);
    // As parse(), but an invalid TenantId when text is not one.
    static TenantId fromText(QStringView text);

    bool isValid() const { return !m_canonical.isEmpty(); }
    // "eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01"; empty when invalid.
    const QString &toString() const { return m_canonical; }

    friend bool operator==(const TenantId &a, const TenantId &b) { return a.m_canonical == b.m_canonical; }
    friend bool operator!=(const TenantId &a, const TenantId &b) { return !(a == b); }
    friend size_t qHash(const TenantId &id, size_t seed = 0) noexcept { return qHash(id.m_canonical, seed); }

private:
    explicit TenantId(QString canonical) : m_canonical(std::move(canonical)) {}

    QString m_canonical;
};

} // namespace qd

Q_DECLARE_METATYPE(qd::TenantId)
