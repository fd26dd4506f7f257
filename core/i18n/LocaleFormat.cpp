#include "LocaleFormat.h"

using namespace Qt::StringLiterals;

namespace qd {

namespace {
// Tables ask for every visible cell on each paint: the format is worked out once per locale.
const QString &fullYearDateFormat(const QLocale &locale)
{
    thread_local QLocale cachedLocale(QLocale::C);
    thread_local QString cachedFormat;
    if (cachedFormat.isEmpty() || locale != cachedLocale) {
        cachedLocale = locale;
        cachedFormat = locale.dateFormat(QLocale::ShortFormat);
        if (!cachedFormat.contains("yyyy"_L1))
            cachedFormat.replace("yy"_L1, "yyyy"_L1);
    }
    return cachedFormat;
}
} // namespace

QString LocaleFormat::dateTime(const QDateTime &utc, const QLocale &locale)
{
    if (!utc.isValid())
        return {};
    const QDateTime local = utc.toLocalTime();
    return locale.toString(local.date(), fullYearDateFormat(locale)) + u' ' +
           locale.toString(local.time(), QLocale::ShortFormat);
}

QString LocaleFormat::date(const QDate &date, const QLocale &locale)
{
    return date.isValid() ? locale.toString(date, fullYearDateFormat(locale)) : QString();
}

QString LocaleFormat::time(const QDateTime &utc, const QLocale &locale)
{
    return utc.isValid() ? locale.toString(utc.toLocalTime().time(), QLocale::ShortFormat) : QString();
}

} // namespace qd
