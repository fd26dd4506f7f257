#pragma once

#include "SimHttp.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <functional>
#include <optional>

namespace qd::sim {

using NowFn = std::function<QDateTime()>;

struct SimUser
{
    QString upn;
    QString name;
    QString oid;
};

struct SimCustomer
{
    QString id; // tenant id, lower case
    QString companyName;
    QString domain;
    QString city;
    QString country;
    QString email;
    bool taggingDenied = false;
    // Final vetting result for a newly created qualification, keyed by qualification (lower case).
    QHash<QString, QPair<QString, QString>> vettingOutcome; // -> (status, reason)
};

// The simulated Partner Center's data: customers, their qualifications, the partner's validation
// codes, and the answers remembered per MS-RequestId. No HTTP here, so the rules can be unit-tested.
class SimState
{
public:
    enum class SearchField
    {
        Any,
        CompanyName,
        Domain
    };

    enum class CreateError
    {
        None,
        UnknownCustomer,
        InvalidBody,
        MissingQualification,
        UnknownQualification,
        NotSettable, // None, Nonprofit
        MissingSegment,
        InvalidSegment,
        InvalidWebsite,
        MissingCode,
        UnknownCode,
        ExhaustedCode,
        TaggingDenied, // answered with a bare JSON string
        Duplicate,
    };
    struct CreateOutcome
    {
        CreateError error = CreateError::None;
        QString detail;      // the offending value, for the message
        QJsonObject created; // when error == None
    };

    SimState();

    bool loadSeed(const QByteArray &json, QString *error);
    bool loadSeedFile(const QString &path, QString *error); // empty path = the built-in seed
    static QString builtInSeedPath();

    void setNow(NowFn now);
    QDateTime now() const;
    void setVettingDelayMs(int ms) { m_vettingDelayMs = ms; }
    int vettingDelayMs() const { return m_vettingDelayMs; }

    QString partnerTenantId() const { return m_partnerTenantId; }
    QString partnerName() const { return m_partnerName; }
    QList<SimUser> users() const { return m_users; }

    const SimCustomer *customer(const QString &tenantId) const;
    // Customers whose field starts with prefix (case-insensitive), in seed order.
    QList<const SimCustomer *> search(SearchField field, const QString &prefix) const;
    int customerCount() const { return int(m_customers.size()); }

    // The customer's qualifications as Partner Center returns them; due vetting settles first.
    QJsonArray qualifications(const QString &tenantId);
    QJsonArray validationCodes() const;
    std::optional<QJsonObject> validationCode(const QString &validationId) const;

    // body: the POSTed JSON (may be empty or not an object); queryCode: the legacy ?code=.
    CreateOutcome createQualification(const QString &tenantId, const QByteArray &body,
                                      const QString &queryCode);
    int createdCount(const QString &tenantId) const { return m_created.value(tenantId.toLower()); }
    const QHash<QString, int> &createdCounts() const { return m_created; }
    // POSTs refused because the customer already had that qualification (replays not counted):
    // the same submission sent twice, e.g. by two desks that do not share a history.
    int duplicateCount() const { return m_duplicates; }

    void settleDueVetting();
    void settleAllVetting(); // every InReview, seed ones included

    // MS-RequestId idempotency: the first answer to a key is replayed for every repeat.
    std::optional<SimResponse> rememberedAnswer(const QString &key) const;
    void rememberAnswer(const QString &key, const SimResponse &answer);

    static QString canonicalQualification(const QString &name); // "" when unknown
    static bool isPlausibleWebsite(const QString &website);

private:
    struct StoredQualification
    {
        QJsonObject json;
        QDateTime pendingSince; // valid: settles by itself after the vetting delay
    };
    struct CustomerRecord
    {
        SimCustomer customer;
        QList<StoredQualification> qualifications;
    };

    CustomerRecord *record(const QString &tenantId);
    void settle(CustomerRecord &record, StoredQualification &q);

    QString m_partnerTenantId;
    QString m_partnerName;
    QList<SimUser> m_users;
    QList<CustomerRecord> m_customers;
    QHash<QString, qsizetype> m_index; // lower-case tenant id -> m_customers index
    // Created qualifications still waiting to settle by themselves, as (customer, qualification)
    // indexes: a request looks at these only, not at every customer.
    QList<std::pair<qsizetype, qsizetype>> m_settling;
    QList<QJsonObject> m_codes;
    QHash<QString, int> m_created;
    int m_duplicates = 0;
    QHash<QString, SimResponse> m_answers;
    NowFn m_now;
    int m_vettingDelayMs = 30000;
};

} // namespace qd::sim
