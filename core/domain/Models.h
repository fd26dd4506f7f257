#pragma once

#include "Qualification.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// Value types of the Partner Center resources QualDesk uses, with tolerant JSON readers and
// the JSON QualDesk itself writes (CLI --json output, simulator answers).
namespace qd {

struct Customer
{
    QString id; // the customer tenant ID (a GUID)
    QString companyName;
    QString domain;
    QString relationshipToPartner;
    QString countryCode;

    bool isValid() const { return !id.isEmpty(); }
    // Reads a Customer resource (id, companyProfile.{tenantId,domain,companyName}, ...).
    static Customer fromJson(const QJsonObject &object);
    // {"id", "companyName", "domain", "relationshipToPartner"}: the CLI's shape.
    QJsonObject toJson() const;
};

struct CustomerQualification
{
    QString qualification; // raw API string, kept as sent
    QString vettingStatus; // raw API string, may be empty
    QString vettingReason;
    QDateTime vettingCreateDate; // UTC, invalid when absent

    QualificationType type() const { return Qualifications::typeFromString(qualification); }
    VettingStatus status() const { return Qualifications::statusFromString(vettingStatus); }

    // Accepts vettingCreateDate and the misspelled vettingCreatedDate, any key case.
    static CustomerQualification fromJson(const QJsonObject &object);
    // An array of objects, a single object, or a collection envelope {"items": [...]}.
    // Entries whose qualification is "None" are dropped: they mean "no qualification".
    static QList<CustomerQualification> listFromJson(const QJsonValue &value);
    QJsonObject toJson() const;
};

struct ValidationCode
{
    QString partnerId;
    QString organizationName;
    QString validationId;      // goes into validationCode when creating a GCC qualification
    int maxCreates = -1;       // -1 when not reported
    int remainingCreates = -1; // -1 when not reported
    QString eTag;

    bool isUsable() const { return !validationId.isEmpty() && remainingCreates != 0; }
    static ValidationCode fromJson(const QJsonObject &object);
    static QList<ValidationCode> listFromJson(const QJsonValue &value);
    QJsonObject toJson() const;
};

// A link of a paged collection: the next page's URI and the headers to send with it
// (MS-ContinuationToken among them).
struct PageLink
{
    QString uri;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool isValid() const { return !uri.isEmpty(); }
    static PageLink fromJson(const QJsonValue &value);
};

struct CustomerPage
{
    QList<Customer> customers;
    int totalCount = -1;
    PageLink next;
    static CustomerPage fromJson(const QJsonObject &object);
};

} // namespace qd
