#pragma once

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <optional>

// Defensive JSON helpers: Partner Center answers vary in key case, date precision and BOMs.
namespace qd::json {

// Parses a body that may start with a UTF-8 BOM. Returns a null document on failure and
// fills errorString when given.
QJsonDocument parse(const QByteArray &body, QString *errorString = nullptr);

// The value of key, matched first exactly, then ignoring case (camelCase or PascalCase).
QJsonValue value(const QJsonObject &object, QLatin1StringView key);

// A JSON number that is a whole number a qint64 holds (JSON numbers are doubles); nullopt for
// anything else: fractions, numbers beyond +-2^63 (where a cast is undefined) and non-numbers.
std::optional<qint64> integer(const QJsonValue &value);

// String value of key (numbers are turned into their decimal text); empty when absent.
QString string(const QJsonObject &object, QLatin1StringView key);

// ISO 8601 date-time with 0 to 7+ fraction digits and `Z`, an offset or nothing (taken as UTC).
// Returns an invalid QDateTime when the text is not a date-time. The result is in UTC.
QDateTime parseDateTime(const QString &text);

// ISO 8601 in UTC with milliseconds and `Z`, the form QualDesk writes.
QString formatDateTime(const QDateTime &dateTime);

} // namespace qd::json
