#pragma once

#include <QDateTime>
#include <QString>

namespace qd {

// Dates and times as the user's locale writes them, with a four-digit year: a short format's
// "11/25/26" is ambiguous in a table people scan for how old a submission is.
class UiFormat
{
public:
    static QString dateTime(const QDateTime &utc);
    static QString date(const QDate &date);
    static QString time(const QDateTime &utc);
};

} // namespace qd
