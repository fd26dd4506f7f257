#include "DeviceCodeAnswer.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
// Seconds as a number or a string of digits, from 1 to below 1e9 (about 31 years, as in
// TokenResponse); 0 for anything else. Larger values would overflow the milliseconds the
// polling counts in, and a double beyond 2^63 cannot even be converted.
qint64 seconds(const QJsonValue &value)
{
    constexpr qint64 Most = 999'999'999;
    qint64 secs = 0;
    if (value.isDouble() && value.toDouble() >= 1 && value.toDouble() <= double(Most))
        secs = qint64(value.toDouble());
    else if (value.isString())
        secs = value.toString().toLongLong();
    return secs >= 1 && secs <= Most ? secs : 0;
}
} // namespace

std::optional<DeviceCodeAnswer> DeviceCodeAnswer::parse(const QByteArray &body, QString *error)
{
    const auto failWith = [error](const QString &text) -> std::optional<DeviceCodeAnswer> {
        if (error)
            *error = text;
        return std::nullopt;
    };
    const auto invalid = [&failWith](QLatin1StringView field) {
        return failWith(tr("The sign-in service's device code answer has no valid \"%1\".").arg(field));
    };

    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return failWith(tr("The sign-in service's device code answer is not a JSON object."));
    const QJsonObject object = document.object();

    DeviceCodeAnswer answer;
    answer.deviceCode = object.value("device_code"_L1).toString();
    if (answer.deviceCode.isEmpty())
        return invalid("device_code"_L1);
    DeviceCodeInfo &info = answer.info;
    info.userCode = object.value("user_code"_L1).toString();
    if (info.userCode.isEmpty())
        return invalid("user_code"_L1);
    // v1 endpoints spell it verification_url.
    QString uri = object.value("verification_uri"_L1).toString();
    if (uri.isEmpty())
        uri = object.value("verification_url"_L1).toString();
    info.verificationUri = QUrl(uri, QUrl::StrictMode);
    if (!info.verificationUri.isValid() || info.verificationUri.host().isEmpty())
        return invalid("verification_uri"_L1);
    info.expiresInSecs = seconds(object.value("expires_in"_L1));
    if (info.expiresInSecs <= 0)
        return invalid("expires_in"_L1);
    const QJsonValue interval = object.value("interval"_L1);
    if (!interval.isUndefined()) {
        const qint64 secs = seconds(interval);
        if (secs <= 0 || secs > 300)
            return invalid("interval"_L1);
        info.intervalSecs = int(secs);
    }
    info.message = object.value("message"_L1).toString();
    return answer;
}

} // namespace qd
