#include "SubmissionService.h"

#include "StatusRefresh.h"
#include "SubmissionFlow.h"
#include "WriteBehind.h"
#include "domain/Uuid.h"

#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSubmission, "qualdesk.submission")

namespace qd {

QString SubmitResult::userMessage() const
{
    if (!inputIssues.isEmpty()) {
        QStringList lines;
        for (const InputIssue &issue : inputIssues)
            lines << issue.message;
        return lines.join(u' ');
    }
    if (storeError.isError() && submission.id == 0)
        return storeError.message + u' ' + tr("Nothing was sent to Partner Center.");
    QString text;
    const QString who = submission.companyName.isEmpty() ? submission.customerId : submission.companyName;
    switch (submission.state) {
    case Submission::State::Accepted: {
        text = tr("Partner Center accepted %1 for %2.").arg(submission.request.summary(), who);
        const VettingStatus vetting = Qualifications::statusFromString(submission.vettingStatus);
        if (vetting == VettingStatus::InReview)
            text += u' ' + tr("Vetting is in review; refresh the history to follow it.");
        else if (!submission.vettingStatus.isEmpty())
            text +=
                u' ' +
                tr("Vetting status: %1.").arg(Qualifications::displayName(vetting, submission.vettingStatus));
        break;
    }
    case Submission::State::Rejected:
    case Submission::State::Failed:
    case Submission::State::Unknown:
        text = submission.errorMessage.isEmpty() ? apiError.userMessage() : submission.errorMessage;
        break;
    case Submission::State::Pending:
    case Submission::State::Sent:
        text = tr("The submission is still on its way.");
        break;
    }
    if (storeError.isError())
        text += u' ' + tr("The result could not be saved in the history: %1").arg(storeError.message);
    return text;
}

QString RefreshSummary::text() const
{
    QStringList parts;
    if (changes.isEmpty()) {
        parts << tr("No changes; %n submission(s) checked.", nullptr, checked);
    } else {
        QStringList lines;
        for (const Change &c : changes) {
            const QString who = c.companyName.isEmpty() ? c.customerId : c.companyName;
            const auto vetting = [](const QString &raw) {
                return raw.isEmpty()
                           ? QString()
                           : Qualifications::displayName(Qualifications::statusFromString(raw), raw);
            };
            QString from = c.fromState == Submission::State::Accepted ? vetting(c.fromVetting)
                                                                      : Submission::displayName(c.fromState);
            QString to = c.toState == Submission::State::Accepted && !c.toVetting.isEmpty()
                             ? vetting(c.toVetting)
                             : Submission::displayName(c.toState);
            if (from.isEmpty())
                from = Submission::displayName(c.fromState);
            lines << tr("%1: %2 \u2192 %3").arg(who, from, to);
        }
        parts << tr("%n change(s):", nullptr, int(changes.size())) + u' ' + lines.join(u"; "_s) + u'.';
    }
    if (stillUnknown > 0)
        parts << tr("%n submission(s) still have an unknown outcome.", nullptr, stillUnknown);
    if (failedReads > 0)
        parts << tr("%n customer(s) could not be read: %1", nullptr, failedReads).arg(firstError);
    return parts.join(u' ');
}

SubmissionService::SubmissionService(PartnerCenterClient *client, SubmissionStore *store,
                                     IdentityProvider identity, const Clock *clock, QObject *parent)
    : QObject(parent), m_client(client), m_store(store), m_identity(std::move(identity)),
      m_clock(clock ? clock : SystemClock::instance()), m_writeBehind(new WriteBehind(store, this))
{
    qRegisterMetaType<qd::RefreshSummary>();
    // Every write, whoever makes it (a bulk run too), reaches the views at once.
    connect(store, &SubmissionStore::submissionAdded, this, &SubmissionService::submissionAdded);
    connect(store, &SubmissionStore::submissionsAdded, this, &SubmissionService::submissionsAdded);
    connect(store, &SubmissionStore::submissionChanged, this, &SubmissionService::submissionChanged);
    connect(store, &SubmissionStore::submissionsChanged, this, &SubmissionService::submissionsChanged);
    connect(m_writeBehind, &WriteBehind::writeFailed, this, &SubmissionService::writesFailed);
}

SubmissionService::~SubmissionService() = default;

qint64 SubmissionService::submit(const TenantId &customer, const QString &companyName,
                                 const QualificationRequest &request, QObject *context, Callback done,
                                 const QString &runId, int runLine)
{
    SubmitResult result;
    if (!customer.isValid())
        result.inputIssues << QualificationRequest::tenantIdIssue();
    result.inputIssues << request.validate();
    if (!result.inputIssues.isEmpty()) {
        if (done)
            done(result);
        return 0;
    }

    Submission row;
    const SubmitterIdentity who = m_identity ? m_identity() : SubmitterIdentity{};
    row.time = m_clock->nowUtc();
    row.user = who.user;
    row.partnerTenant = who.partnerTenant;
    row.customerId = customer.toString();
    row.companyName = companyName.trimmed();
    row.request = request;
    row.request.website = request.website.trimmed();
    row.request.validationCode = request.validationCode.trimmed();
    // The MS-RequestId is fixed and stored before sending, so any replay reuses it.
    row.requestId = newRequestId();
    row.runId = runId;
    row.runLine = runLine;
    if (!m_store->insertPending(row)) {
        // Write-ahead: what cannot be recorded is not sent.
        result.storeError = m_store->lastError();
        qCWarning(lcSubmission) << "submission not recorded, nothing sent:" << result.storeError.detail;
        if (done)
            done(result);
        return 0;
    }
    auto *flow = new SubmissionFlow(this, row, context, std::move(done));
    flow->start(SubmissionFlow::Start::Send);
    return row.id;
}

void SubmissionService::sendStored(const Submission &row, QObject *context, Callback done, bool markedSent)
{
    if (row.state == Submission::State::Accepted || row.state == Submission::State::Rejected) {
        SubmitResult result;
        result.submission = row; // already settled; nothing to send
        if (done)
            done(result);
        return;
    }
    auto *flow = new SubmissionFlow(this, row, context, std::move(done), m_writeBehind);
    if (row.state != Submission::State::Pending)
        flow->start(SubmissionFlow::Start::Settle);
    else
        flow->start(markedSent ? SubmissionFlow::Start::Post : SubmissionFlow::Start::Send);
}

void SubmissionService::markSent(const QList<qint64> &ids, QObject *context,
                                 std::function<void(bool ok)> then)
{
    m_writeBehind->markSent(ids, context, std::move(then));
}

bool SubmissionService::flushWrites()
{
    return m_writeBehind->flush();
}

void SubmissionService::retryUnknown(qint64 id, QObject *context, Callback done)
{
    const std::optional<Submission> row = m_store->get(id);
    SubmitResult result;
    if (!row) {
        result.storeError = m_store->lastError();
        if (done)
            done(result);
        return;
    }
    if (row->state == Submission::State::Accepted || row->state == Submission::State::Rejected) {
        result.submission = *row; // already settled; nothing to send
        if (done)
            done(result);
        return;
    }
    auto *flow = new SubmissionFlow(this, *row, context, std::move(done));
    flow->start(SubmissionFlow::Start::Settle);
}

void SubmissionService::refreshStatuses()
{
    if (isRefreshing())
        return;
    auto *refresh = new StatusRefresh(this, m_concurrency);
    m_refresh = refresh;
    // Starts from the event loop, so callers may connect to the signals after this call.
    QTimer::singleShot(0, refresh, &StatusRefresh::start);
}

void SubmissionService::cancelRefresh()
{
    if (auto *refresh = qobject_cast<StatusRefresh *>(m_refresh.data()))
        refresh->cancel();
}

bool SubmissionService::isRefreshing() const
{
    return !m_refresh.isNull();
}

void SubmissionService::setRefreshConcurrency(int n)
{
    m_concurrency = std::max(1, n);
}

} // namespace qd
