#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>
#include <optional>

namespace qd {

// What the user needs to finish a device-code sign-in elsewhere.
struct DeviceCodeInfo
{
    QString userCode;
    QUrl verificationUri;
    QString message; // the service's own instruction text (in its language)
    qint64 expiresInSecs = 0;
    int intervalSecs = 5;
};

// The identity service's answer to the device authorization request (RFC 8628 3.2), every
// field checked. A pure function of the bytes, so it is tested and fuzzed without a network.
struct DeviceCodeAnswer
{
    Q_DECLARE_TR_FUNCTIONS(DeviceCodeAnswer)
public:
    QString deviceCode; // polls the token endpoint; never shown or logged
    DeviceCodeInfo info;

    // Parses a 200 body. nullopt and a translated error naming the field when the body is not
    // a JSON object or a field is missing or out of range.
    static std::optional<DeviceCodeAnswer> parse(const QByteArray &body, QString *error = nullptr);
};

} // namespace qd
