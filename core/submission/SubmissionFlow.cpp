#include "SubmissionFlow.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcSubmission)

namespace qd {

namespace {
// Clocks of this machine and of Partner Center differ a little; a qualification created this
// long before the submission is still taken as its result.
constexpr qint64 kClockSkewSecs = 15 * 60;
} // namespace

SubmissionFlow::SubmissionFlow(SubmissionService *service, const Submission &row, QObject *context,
                               SubmissionService::Callback done, WriteBehind *writeBehind)
    : QObject(service), m_service(service), m_row(row), m_tenant(TenantId::fromText(row.customerId)),
      m_context(context), m_hasContext(context != nullptr), m_done(std::move(done)),
      m_writeBehind(writeBehind)
{}

void SubmissionFlow::start(Start how)
{
    switch (how) {
    case Start::Send:
        send();
        break;
    case Start::Post:
        post();
        break;
    case Start::Settle:
        settle();
        break;
    }
}

std::optional<CustomerQualification> SubmissionFlow::findCreated(const QList<CustomerQualification> &list,
                                                                 QualificationType type,
                                                                 const QDateTime &submittedAt)
{
    const QDateTime notBefore = submittedAt.isValid() ? submittedAt.addSecs(-kClockSkewSecs) : QDateTime();
    for (const CustomerQualification &q : list) {
        if (q.type() != type)
            continue;
        if (!q.vettingCreateDate.isValid() || !notBefore.isValid() || q.vettingCreateDate >= notBefore)
            return q;
    }
    return std::nullopt;
}

void SubmissionFlow::applyAccepted(Submission &row, const CustomerQualification &q, const QDateTime &now)
{
    row.state = Submission::State::Accepted;
    row.errorCode.clear();
    row.errorMessage.clear();
    row.vettingStatus = q.vettingStatus;
    row.vettingReason = q.vettingReason;
    row.vettingCreateDate = q.vettingCreateDate;
    row.lastChecked = now;
}

void SubmissionFlow::send()
{
    if (!m_writeBehind) {
        post();
        return;
    }
    // The request is made only once the row is marked sent (with the other rows' writes of this
    // moment): a crash then leaves "pending" only for rows that never left, which a resumed run
    // sends without reading first.
    m_writeBehind->markSent(m_row.id, {}, this, [this](bool written) {
        if (written) {
            post();
            return;
        }
        // Nothing left: the caller may send it again later under the same MS-RequestId.
        m_result.storeError = m_service->store()->lastError();
        m_finished = true;
        if (m_done && (!m_hasContext || m_context))
            m_done(m_result); // submission.id 0: nothing was sent
        deleteLater();
    });
}

void SubmissionFlow::post()
{
    PartnerCenterClient *client = m_service->client();
    const qint64 id = m_row.id;
    const auto watch = [this, id](ApiJob *job) {
        watchRetries(job);
        connect(job, &ApiJob::sent, this, [this, id, job] {
            m_sent = true;
            m_row.correlationId = job->correlationId(); // recorded with the outcome
            if (m_writeBehind)
                return;
            // The row was committed before sending; this only narrows "pending" to "sent".
            if (!m_service->store()->markSent(id, m_row.correlationId))
                qCWarning(lcSubmission) << "could not mark submission" << id << "sent";
        });
    };
    const auto done = [this](const Result<QList<CustomerQualification>> &r) { onPosted(r); };
    if (m_writeBehind) {
        // A bulk row, marked sent already: the request leaves within this call, so the next
        // request follows an answer without waiting for another turn of the event loop.
        client->createQualification(m_tenant, m_row.request, m_row.requestId, this, done, watch);
        return;
    }
    // A single submission leaves on the next turn: submit() returns with its row still pending.
    ApiJob *job = client->createQualification(m_tenant, m_row.request, m_row.requestId, this, done);
    if (job && !m_finished)
        watch(job);
}

void SubmissionFlow::onPosted(const Result<QList<CustomerQualification>> &r)
{
    if (!r.correlationId.isEmpty())
        m_row.correlationId = r.correlationId;
    m_row.httpStatus = r.httpStatus;
    if (r.ok()) {
        const auto created = findCreated(r.value, m_row.request.type, {});
        const CustomerQualification q =
            created ? *created : (r.value.isEmpty() ? CustomerQualification{} : r.value.first());
        applyAccepted(m_row, q, m_service->m_clock->nowUtc());
        m_result.created = q;
        finish(Submission::State::Accepted);
        return;
    }
    const ApiError &e = r.error;
    using K = ApiError::Kind;
    const bool lost =
        e.kind == K::OutcomeUnknown || e.kind == K::Protocol || (e.kind == K::Network && e.mayHaveArrived);
    if (lost) {
        // Never guess: ask Partner Center what it now holds.
        qCInfo(lcSubmission) << "answer to submission" << m_row.id << "lost; settling by re-reading";
        m_cause = e;
        settle();
        return;
    }
    if (e.kind == K::Rejected) {
        finish(Submission::State::Rejected, e);
        return;
    }
    if (e.kind == K::Cancelled && m_sent) {
        finish(Submission::State::Unknown, e);
        return;
    }
    finish(Submission::State::Failed, e);
}

void SubmissionFlow::settle()
{
    ApiJob *job = m_service->client()->getQualifications(
        m_tenant, this, [this](const Result<QList<CustomerQualification>> &r) { onReread(r); });
    if (job && !m_finished)
        watchRetries(job);
}

void SubmissionFlow::watchRetries(ApiJob *job)
{
    connect(job, &ApiJob::retrying, this, [this](int attempt, int delayMs, const ApiError &cause) {
        emit m_service->requestRetrying(m_row.id, attempt, delayMs, cause);
    });
}

void SubmissionFlow::onReread(const Result<QList<CustomerQualification>> &r)
{
    const QDateTime now = m_service->m_clock->nowUtc();
    if (!r.ok()) {
        ApiError unknown = m_cause.isError() ? m_cause : r.error;
        unknown.kind = ApiError::Kind::OutcomeUnknown;
        m_row.errorCode = ApiError::kindName(ApiError::Kind::OutcomeUnknown);
        m_row.errorMessage = SubmitResult::tr("The answer from Partner Center was lost and checking the "
                                              "customer's qualifications failed (%1). Refresh later to find "
                                              "out whether the qualification was created.")
                                 .arg(r.error.userMessage());
        finish(Submission::State::Unknown, unknown);
        return;
    }
    if (const auto q = findCreated(r.value, m_row.request.type, m_row.time)) {
        applyAccepted(m_row, *q, now);
        m_result.created = *q;
        finish(Submission::State::Accepted);
        return;
    }
    if (m_replays < 1) {
        // Absent: it never arrived. Replaying with the same MS-RequestId cannot create a second one.
        ++m_replays;
        qCInfo(lcSubmission) << "submission" << m_row.id << "not found at Partner Center; replaying once";
        send();
        return;
    }
    m_row.lastChecked = now;
    m_row.errorCode = ApiError::kindName(ApiError::Kind::OutcomeUnknown);
    m_row.errorMessage = SubmitResult::tr("Partner Center did not answer and does not show the "
                                          "qualification yet. Refresh later to settle it.");
    ApiError unknown = m_cause;
    unknown.kind = ApiError::Kind::OutcomeUnknown;
    finish(Submission::State::Unknown, unknown);
}

void SubmissionFlow::finish(Submission::State state, const ApiError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_row.state = state;
    if (error.isError()) {
        if (state != Submission::State::Unknown) {
            m_row.errorCode = error.code.isEmpty() ? ApiError::kindName(error.kind) : error.code;
            m_row.errorMessage = error.userMessage();
        } else if (m_row.errorMessage.isEmpty()) {
            m_row.errorCode = ApiError::kindName(ApiError::Kind::OutcomeUnknown);
            m_row.errorMessage = error.userMessage();
        }
    }
    if (m_writeBehind) {
        m_writeBehind->recordOutcome(m_row); // failures reach SubmissionService::writesFailed
    } else if (!m_service->store()->recordOutcome(m_row)) {
        // The answer arrived but could not be written: the row stays pending/sent and becomes
        // unknown at the next start, where a refresh settles it.
        m_result.storeError = m_service->store()->lastError();
        qCWarning(lcSubmission) << "outcome of submission" << m_row.id
                                << "not recorded:" << m_result.storeError.detail;
    }
    m_result.submission = m_row;
    m_result.apiError = state == Submission::State::Accepted ? ApiError{} : error;
    if (m_done && (!m_hasContext || m_context))
        m_done(m_result);
    deleteLater();
}

} // namespace qd
