#include "EnumNames.h"

namespace qd {

QString enumWords(const char *key)
{
    QString words;
    for (const char *p = key; p && *p; ++p) {
        const QChar c = QLatin1Char(*p);
        if (c.isUpper() && p != key)
            words += u'-';
        words += c.toLower();
    }
    return words;
}

} // namespace qd
