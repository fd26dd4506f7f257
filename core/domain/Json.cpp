#include "Json.h"

#include <QRegularExpression>
#include <QTimeZone>
#include <cmath>

namespace qd::json {

QJsonDocument parse(const QByteArray &body, QString *errorString)
{
    QByteArray data = body;
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);
    QJsonParseError error{};
    QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError) {
        if (errorString)
            *errorString = error.errorString();
        return {};
    }
    return doc;
}

QJsonValue value(const QJsonObject &object, QLatin1StringView key)
{
    const auto exact = object.constFind(key);
    if (exact != object.constEnd())
        return exact.value();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return QJsonValue(QJsonValue::Undefined);
}

std::optional<qint64> integer(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    // 2^63 is exact as a double, and every whole double in [-2^63, 2^63) converts exactly.
    constexpr double Limit = 9223372036854775808.0;
    if (!(d >= -Limit && d < Limit) || d != std::trunc(d))
        return std::nullopt;
    return static_cast<qint64>(d);
}

QString string(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue v = value(object, key);
    if (v.isString())
        return v.toString();
    if (const std::optional<qint64> whole = integer(v))
        return QString::number(*whole);
    if (v.isDouble())
        return QString::number(v.toDouble());
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

QDateTime parseDateTime(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(
        R"(^\s*(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}:?\d{2})?\s*$)"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return {};
    const QDate date(m.capturedView(1).toInt(), m.capturedView(2).toInt(), m.capturedView(3).toInt());
    int msec = 0;
    const QString fraction = m.captured(7);
    if (!fraction.isEmpty())
        msec = QString(fraction.left(3)).leftJustified(3, u'0').toInt();
    const QTime time(m.capturedView(4).toInt(), m.capturedView(5).toInt(),
                     m.capturedLength(6) ? m.capturedView(6).toInt() : 0, msec);
    if (!date.isValid() || !time.isValid())
        return {};
    int offsetSeconds = 0;
    const QString zone = m.captured(8);
    if (!zone.isEmpty() && zone.compare(u"Z", Qt::CaseInsensitive) != 0) {
        const QString digits = QString(zone.mid(1)).remove(u':');
        offsetSeconds = (digits.left(2).toInt() * 3600 + digits.mid(2, 2).toInt() * 60) *
                        (zone.startsWith(u'-') ? -1 : 1);
    }
    const QDateTime dt(date, time, QTimeZone(offsetSeconds));
    // An offset Qt refuses (beyond 14 hours, "+99:99") leaves dt invalid, and its toUTC() would
    // silently drop the offset.
    if (!dt.isValid())
        return {};
    // Only what formatDateTime can write back: an offset may push the first and last days of
    // the calendar out of the years 1 to 9999.
    const QDateTime utc = dt.toUTC();
    if (utc.date().year() < 1 || utc.date().year() > 9999)
        return {};
    return utc;
}

QString formatDateTime(const QDateTime &dateTime)
{
    if (!dateTime.isValid())
        return {};
    return dateTime.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace qd::json
