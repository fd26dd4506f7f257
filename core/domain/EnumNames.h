#pragma once

#include <QMetaEnum>
#include <QString>
#include <optional>

namespace qd {

// Names of enumerators declared with Q_ENUM / Q_ENUM_NS, from Qt's meta-object data instead of
// a switch per enum, so a new enumerator cannot be forgotten in its name.

// The enumerator as written ("GovernmentCommunityCloud"); empty for a value it does not have.
template <typename E> QString enumKey(E value)
{
    return QString::fromLatin1(QMetaEnum::fromType<E>().valueToKey(int(value)));
}

// The enumerator in lower-case words joined by hyphens ("OutcomeUnknown" -> "outcome-unknown").
QString enumWords(const char *key);

template <typename E> QString enumWords(E value)
{
    return enumWords(QMetaEnum::fromType<E>().valueToKey(int(value)));
}

// The enumerator whose key matches text, in any case; nullopt for anything else.
template <typename E> std::optional<E> enumFromKey(QStringView text)
{
    const QMetaEnum meta = QMetaEnum::fromType<E>();
    for (int i = 0; i < meta.keyCount(); ++i) {
        if (text.compare(QLatin1StringView(meta.key(i)), Qt::CaseInsensitive) == 0)
            return E(meta.value(i));
    }
    return std::nullopt;
}

} // namespace qd
