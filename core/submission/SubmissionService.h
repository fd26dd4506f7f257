#pragma once

#include "history/Submission.h"
#include "history/SubmissionStore.h"
#include "partnercenter/ApiError.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h" // PartnerCenterClient.h needs it complete

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <functional>

namespace qd {

class WriteBehind;

// Who submits: written into every row. Provided by the sign-in session (or the CLI).
struct SubmitterIdentity
{
    QString user;          // UPN
    QString partnerTenant; // partner tenant ID or domain
};
using IdentityProvider = std::function<SubmitterIdentity()>;

// The end of one submit() or retryUnknown().
struct SubmitResult
{
    Q_DECLARE_TR_FUNCTIONS(SubmitResult)
public:
    Submission submission;         // the row as stored at the end (id 0 when nothing was stored)
    QList<InputIssue> inputIssues; // invalid input: nothing stored, nothing sent
    StoreError storeError;         // the row could not be written: nothing sent
    ApiError apiError;             // Partner Center's or the network's answer, kind None when accepted
    CustomerQualification created; // what Partner Center holds after an accepted submission

    bool ok() const { return submission.state == Submission::State::Accepted; }
    // Nothing left the machine (invalid input, or the history could not be written before
    // sending). A store error after the answer (submission.id set) is not that: it was sent.
    bool nothingSent() const
    {
        return !inputIssues.isEmpty() || (storeError.isError() && submission.id == 0);
    }
    // One or two sentences in the user's language explaining the result.
    QString userMessage() const;
};

// What a refresh found.
struct RefreshSummary
{
    Q_DECLARE_TR_FUNCTIONS(RefreshSummary)
public:
    struct Change
    {
        qint64 id = 0;
        QString customerId;
        QString companyName;
        Submission::State fromState = Submission::State::Unknown;
        Submission::State toState = Submission::State::Unknown;
        QString fromVetting; // raw vetting status before
        QString toVetting;   // raw vetting status after
    };
    int checked = 0;       // submissions looked at
    int customersRead = 0; // qualification reads that succeeded
    int failedReads = 0;   // customers whose qualifications could not be read
    int stillUnknown = 0;  // unknown rows whose qualification is not (yet) at Partner Center
    QList<Change> changes;
    QString firstError; // translated, the first read failure; empty when none
    // The kind of the first failed read (Authentication when the token was refused, ...);
    // None when no read failed.
    ApiError::Kind firstErrorKind = ApiError::Kind::None;

    // "2 changes: Contoso School: In review -> Approved; ..." in the user's language.
    QString text() const;
};

// Submits qualifications with write-ahead history, settles lost answers by re-reading, and
// refreshes vetting statuses. The one place UI, CLI and bulk runs go through to submit.
class SubmissionService : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const SubmitResult &)>;

    SubmissionService(PartnerCenterClient *client, SubmissionStore *store, IdentityProvider identity,
                      const Clock *clock = SystemClock::instance(), QObject *parent = nullptr);
    ~SubmissionService() override;

    SubmissionStore *store() const { return m_store; }
    PartnerCenterClient *client() const { return m_client; }
    // Who submits now (bulk runs write it into rows they store themselves).
    SubmitterIdentity identity() const { return m_identity ? m_identity() : SubmitterIdentity{}; }

    // Validates, commits a pending row, then sends (MS-RequestId generated and stored before
    // sending), marks it sent when the request leaves and records the outcome. A lost answer is
    // settled by re-reading the customer's qualifications (present: accepted; absent: the POST
    // is replayed once with the same MS-RequestId; re-read fails: unknown).
    // The callback runs once, unless context is destroyed first. Returns the row id (0 when
    // nothing was stored; then the callback has already run with the reason).
    // customer: parsed where the input entered; an invalid one is refused like other bad input.
    qint64 submit(const TenantId &customer, const QString &companyName, const QualificationRequest &request,
                  QObject *context, Callback done, const QString &runId = {}, int runLine = 0);

    // Sends a row of a bulk run that is already stored, as it was read or last answered: a
    // pending row is POSTed, a sent, unknown or failed one is settled first (as retryUnknown), an
    // accepted or refused one is handed back as it is. Its sent mark and outcome are written
    // behind, with the other rows' of the same moment in one transaction (flushWrites() writes
    // them at once; writesFailed() reports a failed write), so the callback runs as soon as the
    // answer is known. markedSent: the pending row's sent mark is already written (markSent()),
    // so the POST leaves at once.
    void sendStored(const Submission &row, QObject *context, Callback done, bool markedSent = false);
    // Writes the sent marks of pending rows that are about to be sent, in one write with the
    // other queued changes; then(ok) runs when it is done. Marking a few rows ahead of their
    // slot keeps the history write off the path between an answer and the next request.
    void markSent(const QList<qint64> &ids, QObject *context, std::function<void(bool ok)> then);
    // Writes the queued sent marks and outcomes now; false when that failed.
    bool flushWrites();

    // Settles an unknown (or failed-on-network) row: re-reads; if the qualification is absent
    // the POST is replayed with the row's original MS-RequestId.
    void retryUnknown(qint64 id, QObject *context, Callback done);

    // Re-reads qualifications for every unsettled submission (unknown, or InReview), one read per
    // customer, at most `concurrency` reads at a time, pausing new reads while Partner Center
    // throttles. Emits progress() and finished(). Unknown rows whose qualification is absent stay
    // unknown (use retryUnknown to send them again). No effect while a refresh runs.
    void refreshStatuses();
    void cancelRefresh();
    bool isRefreshing() const;
    void setRefreshConcurrency(int n);
    int refreshConcurrency() const { return m_concurrency; }

signals:
    void submissionAdded(qint64 id);
    void submissionsAdded(const QList<qint64> &ids); // a bulk run's chunk of new rows
    void submissionChanged(qint64 id);
    void submissionsChanged(const QList<qint64> &ids);
    void refreshProgress(int done, int total);
    void refreshFinished(const qd::RefreshSummary &summary);
    // A request of submission `id` (its POST or its settling read) will be repeated after
    // delayMs because of `cause` (a 429 among others): bulk runs slow down on it.
    void requestRetrying(qint64 id, int attempt, int delayMs, const qd::ApiError &cause);
    // Sent marks or outcomes of sendStored() rows could not be written yet; they are tried again
    // with the next write (or flushWrites()). Rows never written stay pending or sent in the
    // history (unknown after the next start, settled by re-reading).
    void writesFailed(const qd::StoreError &error, const QList<qint64> &ids);

private:
    friend class SubmissionFlow;
    friend class StatusRefresh;

    PartnerCenterClient *m_client;
    SubmissionStore *m_store;
    IdentityProvider m_identity;
    const Clock *m_clock;
    int m_concurrency = 4;
    QPointer<QObject> m_refresh;
    WriteBehind *m_writeBehind;
};

} // namespace qd

Q_DECLARE_METATYPE(qd::RefreshSummary)
