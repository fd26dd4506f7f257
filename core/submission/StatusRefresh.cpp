#include "StatusRefresh.h"

#include "SubmissionFlow.h"

#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcSubmission)

namespace qd {

StatusRefresh::StatusRefresh(SubmissionService *service, int concurrency)
    : QObject(service), m_service(service), m_concurrency(std::max(1, concurrency))
{}

void StatusRefresh::start()
{
    const QList<Submission> rows = m_service->store()->unsettled();
    for (const Submission &s : rows) {
        if (!m_byCustomer.contains(s.customerId))
            m_queue << s.customerId;
        m_byCustomer[s.customerId].append(s);
    }
    m_summary.checked = int(rows.size());
    m_total = int(m_queue.size());
    if (m_service->store()->lastError().isError())
        m_summary.firstError = m_service->store()->lastError().message;
    emit m_service->refreshProgress(0, m_total);
    pump();
}

void StatusRefresh::cancel()
{
    m_queue.clear();
    const auto jobs = m_jobs;
    for (const QPointer<ApiJob> &job : jobs) {
        if (job)
            job->abort();
    }
    finish();
}

void StatusRefresh::pump()
{
    if (m_finished)
        return;
    while (m_running < m_concurrency && !m_queue.isEmpty() && m_pause.hasExpired())
        read(m_queue.takeFirst());
    if (m_queue.isEmpty() && m_running == 0) {
        finish();
        return;
    }
    // Paused with work left: come back when the pause ends (a timer may fire a little early).
    if (!m_queue.isEmpty() && m_running < m_concurrency && !m_pause.hasExpired() && !m_resumeScheduled) {
        m_resumeScheduled = true;
        QTimer::singleShot(std::max<qint64>(1, m_pause.remainingTime()), Qt::PreciseTimer, this, [this] {
            m_resumeScheduled = false;
            pump();
        });
    }
}

void StatusRefresh::pauseFor(int ms)
{
    if (ms <= 0)
        return;
    if (m_pause.remainingTime() < ms)
        m_pause.setRemainingTime(ms, Qt::PreciseTimer);
}

void StatusRefresh::read(const QString &customerId)
{
    ++m_running;
    // A customer ID as the history holds it (written in canonical form, read back from the file).
    ApiJob *job = m_service->client()->getQualifications(
        TenantId::fromText(customerId), this,
        [this, customerId](const Result<QList<CustomerQualification>> &r) { onRead(customerId, r); });
    if (!job)
        return;
    m_jobs << job;
    connect(job, &ApiJob::retrying, this, [this](int, int delayMs, const ApiError &cause) {
        if (cause.kind == ApiError::Kind::Throttled || cause.httpStatus == 429)
            pauseFor(delayMs);
    });
}

void StatusRefresh::onRead(const QString &customerId, const Result<QList<CustomerQualification>> &r)
{
    --m_running;
    ++m_done;
    if (r.ok()) {
        ++m_summary.customersRead;
        const QList<Submission> rows = m_byCustomer.value(customerId);
        for (const Submission &row : rows)
            apply(row, r.value);
    } else if (r.error.kind != ApiError::Kind::Cancelled) {
        ++m_summary.failedReads;
        if (m_summary.firstError.isEmpty()) {
            m_summary.firstError = r.error.userMessage();
            m_summary.firstErrorKind = r.error.kind;
        }
        if (r.error.kind == ApiError::Kind::Throttled)
            pauseFor(std::max(1, r.error.retryAfterSeconds) * 1000);
        qCInfo(lcSubmission) << "refresh: reading qualifications failed:" << ApiError::kindName(r.error.kind);
    }
    emit m_service->refreshProgress(m_done, m_total);
    // Start the next read from the event loop, so a long queue never deepens the stack.
    QTimer::singleShot(0, this, &StatusRefresh::pump);
}

void StatusRefresh::apply(Submission row, const QList<CustomerQualification> &held)
{
    const QDateTime now = m_service->m_clock->nowUtc();
    const Submission before = row;
    const auto q = SubmissionFlow::findCreated(held, row.request.type, row.time);
    if (row.state == Submission::State::Unknown) {
        if (q) {
            SubmissionFlow::applyAccepted(row, *q, now);
        } else {
            ++m_summary.stillUnknown;
            row.lastChecked = now;
            row.errorMessage = SubmitResult::tr("Partner Center does not show this qualification. Retry the "
                                                "submission to send it again with its original request ID.");
        }
    } else if (q) {
        row.lastChecked = now;
        if (row.vettingStatus.compare(q->vettingStatus, Qt::CaseInsensitive) != 0) {
            row.previousVettingStatus = row.vettingStatus;
            row.vettingChangedAt = now;
        }
        row.vettingStatus = q->vettingStatus;
        row.vettingReason = q->vettingReason;
        if (q->vettingCreateDate.isValid())
            row.vettingCreateDate = q->vettingCreateDate;
    } else {
        row.lastChecked = now;
    }
    if (!m_service->store()->recordOutcome(row)) {
        if (m_summary.firstError.isEmpty())
            m_summary.firstError = m_service->store()->lastError().message;
        return;
    }
    if (before.state != row.state ||
        before.vettingStatus.compare(row.vettingStatus, Qt::CaseInsensitive) != 0) {
        m_summary.changes.append({row.id, row.customerId, row.companyName, before.state, row.state,
                                  before.vettingStatus, row.vettingStatus});
    }
}

void StatusRefresh::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    const RefreshSummary summary = m_summary;
    SubmissionService *service = m_service;
    service->m_refresh = nullptr; // a slot of refreshFinished may start the next refresh
    deleteLater();
    emit service->refreshFinished(summary);
}

} // namespace qd
