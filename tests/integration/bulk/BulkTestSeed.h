#pragma once

// A simulator seed with many customers for bulk runs: the built-in seed plus `extra` customers
// without qualifications, whose IDs bulkCustomerId(i) gives.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace qd::test {

inline QString bulkCustomerId(int i)
{
    return QStringLiteral("b0000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0'));
}

// Writes the seed to path; false when the built-in seed cannot be read.
inline bool writeBulkSeed(const QString &path, int extra)
{
    QFile source(qEnvironmentVariable("QUALDESK_SOURCE_DIR") + QStringLiteral("/resources/demo/seed.json"));
    if (!source.open(QIODevice::ReadOnly))
        return false;
    QJsonObject seed = QJsonDocument::fromJson(source.readAll()).object();
    QJsonArray customers = seed.value(QStringLiteral("customers")).toArray();
    for (int i = 0; i < extra; ++i) {
        customers.append(QJsonObject{
            {QStringLiteral("id"), bulkCustomerId(i)},
            {QStringLiteral("companyName"), QStringLiteral("Bulk School %1").arg(i)},
            {QStringLiteral("domain"), QStringLiteral("bulk-school-%1.onmicrosoft.com").arg(i)},
            {QStringLiteral("city"), QStringLiteral("Brno")},
            {QStringLiteral("country"), QStringLiteral("CZ")},
            {QStringLiteral("qualifications"), QJsonArray()},
        });
    }
    seed.insert(QStringLiteral("customers"), customers);
    QFile out(path);
    return out.open(QIODevice::WriteOnly) &&
           out.write(QJsonDocument(seed).toJson(QJsonDocument::Compact)) > 0;
}

} // namespace qd::test
