#pragma once

#include "domain/QualificationRequest.h"
#include "domain/TenantId.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace qd {

// One qualification submission as the history keeps it: what was asked, for whom, by whom,
// and where it stands. Never holds a token.
struct Submission
{
    Q_GADGET
    Q_DECLARE_TR_FUNCTIONS(Submission)
public:
    // pending: committed, not yet on the wire; sent: on the wire, no answer yet;
    // unknown: the answer was lost (or the program died) and is not settled yet.
    enum class State
    {
        Pending,
        Sent,
        Accepted,
        Rejected,
        Failed,
        Unknown
    };
    Q_ENUM(State)

    qint64 id = 0;         // local ID, assigned by the store
    QDateTime time;        // UTC, when the submission was made
    QString user;          // signed-in user (UPN)
    QString partnerTenant; // the partner's tenant
    QString customerId;    // customer tenant ID: TenantId::toString(), set where the ID entered
    QString companyName;
    QualificationRequest request;
    QString requestId;     // MS-RequestId, generated and stored before sending
    QString correlationId; // MS-CorrelationId
    State state = State::Pending;
    int httpStatus = 0;    // 0 when no answer
    QString errorCode;     // server error code, or the ApiError kind name
    QString errorMessage;  // translated message shown to the user
    QString vettingStatus; // raw API string (InReview, Approved, Denied, ...), may be empty
    QString vettingReason;
    QDateTime vettingCreateDate;   // UTC, invalid when unknown
    QDateTime lastChecked;         // UTC, last time the status was read from Partner Center
    QString previousVettingStatus; // the vetting status before the last change seen by a refresh
    QDateTime vettingChangedAt;    // UTC, when a refresh saw the vetting status change
    QString runId;                 // bulk run this row belongs to; empty for single submissions
    int runLine = 0;               // line of the bulk input file; 0 when none

    // Still worth re-reading: the outcome is unknown, or vetting is still in review.
    bool isUnsettled() const;
    // "Approved since yesterday" style note about the last vetting change, in the user's
    // language; empty when nothing changed. now decides "today"/"yesterday".
    QString changeSummary(const QDateTime &nowUtc) const;

    // Stable lower-case words for the database, JSON and the CLI: "pending", "sent", ...
    static QString stateName(State state);
    static std::optional<State> stateFromName(QStringView name);
    // Translated state for the UI.
    static QString displayName(State state);
    static QList<State> allStates();

    // The CLI's JSON shape: id, time, customerId, companyName, qualification, segment, website,
    // validationCode, state, httpStatus, errorCode, errorMessage, vettingStatus, vettingReason,
    // vettingCreateDate, lastChecked, requestId, correlationId, runId (null when none), user,
    // partnerTenant. Times in ISO 8601 UTC.
    QJsonObject toJson() const;
};

// Which rows a query returns. Empty fields do not filter.
struct SubmissionFilter
{
    QString text;        // part of the company name (any case, accents ignored) or the tenant ID
    TenantId customerId; // exact customer tenant ID; invalid = any customer
    QList<Submission::State> states;
    std::optional<QualificationType> qualification;
    QDateTime from; // UTC, inclusive; invalid = open
    QDateTime to;   // UTC, exclusive; invalid = open
    QString runId;
    QString user;               // exactly this Submission::user (case matters); empty = everyone
    bool unsettledOnly = false; // unknown, or accepted and still InReview

    bool isEmpty() const;
    bool operator==(const SubmissionFilter &) const = default;
};

// The columns a query can sort by (also the HistoryModel's column order).
enum class SubmissionColumn
{
    Time,
    Customer,
    TenantId,
    Qualification,
    State,
    VettingStatus,
    Reason,
    User,
    RequestId,
};

struct SubmissionSort
{
    SubmissionColumn column = SubmissionColumn::Time;
    Qt::SortOrder order = Qt::DescendingOrder; // newest first
    bool operator==(const SubmissionSort &) const = default;
};

// A row marked sent (pending -> sent), with the MS-CorrelationId the client used (when given).
struct SentMark
{
    qint64 id = 0;
    QString correlationId;
};

// A bulk run sends its first rows while the others are still being written. The rows not
// written yet are kept whole (with their MS-RequestIds) in the same durable transaction as the
// first ones, so a run interrupted before all its rows were written can write the rest when
// it resumes; the write of the last ones drops them.
struct KeptRows
{
    QString runId;
    QList<Submission> rows; // the run's kept rows after the write; empty: none any more
};

} // namespace qd
