#pragma once

#include "Qualification.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace qd {

// One problem with user input, tied to the field that caused it so a form can show it inline.
struct InputIssue
{
    enum class Field
    {
        TenantId,
        Qualification,
        Segment,
        Website,
        ValidationCode
    };
    Field field;
    QString message; // translated

    bool operator==(const InputIssue &) const = default;
};

// What the user asks Partner Center to create. Validated before anything is sent.
struct QualificationRequest
{
    Q_DECLARE_TR_FUNCTIONS(QualificationRequest)
public:
    QualificationType type = QualificationType::Unknown;
    QString rawType; // what the user typed, for messages about unknown values
    EducationSegment segment = EducationSegment::None;
    QString website;        // Education only, optional
    QString validationCode; // GCC only: the validationId of one of the partner's codes

    // Every problem, in field order; empty when the request may be sent.
    QList<InputIssue> validate() const;
    // The body of POST /v1/customers/{id}/qualifications (current contract; empty fields left out).
    QJsonObject toJson() const;
    // Short human summary: "Education (Higher education, contoso.edu)".
    QString summary() const;
    // The API name of the qualification, or what was given when it is not one we know (the
    // history, CSV and JSON keep it as written).
    QString typeName() const;

    // Forwarders to TenantId, the one parser of tenant IDs (new code takes a TenantId).
    static bool isTenantId(const QString &text);
    // The GUID in canonical lower-case form, or an empty string when text is not a GUID.
    static QString normalizedTenantId(const QString &text);
    static bool isPlausibleWebsite(const QString &text);
    static InputIssue tenantIdIssue();
};

} // namespace qd
