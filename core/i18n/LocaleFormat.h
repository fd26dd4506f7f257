#pragma once

#include <QDateTime>
#include <QLocale>
#include <QString>

namespace qd {

// Dates and times as the user's locale writes them, with a four-digit year: a short format's
// "11/25/26" is ambiguous in a table people scan for how old a submission is. The window and
// the CLI both write dates this way.
class LocaleFormat
{
public:
    static QString dateTime(const QDateTime &utc, const QLocale &locale = QLocale());
    static QString date(const QDate &date, const QLocale &locale = QLocale());
    static QString time(const QDateTime &utc, const QLocale &locale = QLocale());
};

} // namespace qd
