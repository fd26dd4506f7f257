#include "UiFormat.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
QString fullYearDateFormat(const QLocale &locale)
{
    QString format = locale.dateFormat(QLocale::ShortFormat);
    if (!format.contains("yyyy"_L1))
        format.replace("yy"_L1, "yyyy"_L1);
    return format;
}
} // namespace

QString UiFormat::dateTime(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    const QLocale locale;
    const QDateTime local = utc.toLocalTime();
    return locale.toString(local.date(), fullYearDateFormat(locale)) + u' '
        + locale.toString(local.time(), QLocale::ShortFormat);
}

QString UiFormat::date(const QDate &date)
{
    const QLocale locale;
    return date.isValid() ? locale.toString(date, fullYearDateFormat(locale)) : QString();
}

QString UiFormat::time(const QDateTime &utc)
{
    return utc.isValid() ? QLocale().toString(utc.toLocalTime().time(), QLocale::ShortFormat) : QString();
}

} // namespace qd
