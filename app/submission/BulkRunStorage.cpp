// BulkRun: storing a new run's rows before anything is sent, loading a stored run to resume
// it, and recording rows that will not be sent (the rest of the engine is in BulkRun.cpp).
#include "BulkRun.h"

#include "BulkLogging.h"
#include "SubmissionService.h"
#include "domain/Uuid.h"

using namespace Qt::StringLiterals;

namespace qd {

namespace {
constexpr int kMinChunk = 10;
constexpr int kMaxChunk = 5000;
constexpr qint64 kChunkTargetMs = 15; // a chunk of inserts should not stall a window
} // namespace

bool BulkRun::start(const QList<CheckedRow> &rows)
{
    if (!m_service || m_state != State::Idle) {
        m_error = tr("This bulk run has already started.");
        return false;
    }
    m_runId = newUuid();
    const SubmitterIdentity who = m_service->identity();
    m_template.time = m_clock->nowUtc();
    m_template.user = who.user;
    m_template.partnerTenant = who.partnerTenant;
    m_template.runId = m_runId;
    // Only what the table shows is made now; the rows to store are made chunk by chunk, so
    // starting a run of thousands does not hold a window up.
    m_input = rows;
    m_results.reserve(rows.size());
    for (const CheckedRow &c : rows) {
        const BulkRowResult r = BulkResults::fromChecked(c);
        if (r.state != BulkRowState::Invalid) // invalid rows are never stored
            m_toStoreIndex.append(int(m_results.size()));
        m_results.append(r);
    }
    m_rows.resize(m_results.size());
    m_changedFlag.assign(size_t(m_results.size()), 0);
    m_markState.assign(size_t(m_results.size()), NotMarked);
    if (m_toStoreIndex.isEmpty()) {
        m_error = tr("There is no valid row to send.");
        return false;
    }
    m_startedAt = m_clock->monotonicMs();
    qCInfo(lcBulk) << "bulk run" << m_runId << "starts with" << m_toStoreIndex.size() << "rows";
    setState(State::Preparing);
    // The first chunk is written now, so an unwritable history is reported to the caller.
    if (!prepareNextChunk()) {
        m_runId.clear();
        return false;
    }
    return true;
}

Submission BulkRun::newSubmission(const CheckedRow &c) const
{
    Submission s = m_template;
    s.customerId = c.tenantId;
    s.companyName = c.row.companyName;
    s.request = c.request;
    s.request.website = c.request.website.trimmed();
    s.request.validationCode = c.request.validationCode.trimmed();
    // Fixed now and stored before sending: every later attempt reuses it.
    s.requestId = newUuid();
    s.runLine = c.row.line;
    return s;
}

bool BulkRun::prepareNextChunk()
{
    if (m_cancelled) {
        const QString message = tr("Cancelled before sending; nothing was sent.");
        failUnsent(message);
        abandonUnstored(message);
        setState(State::Cancelling);
        finishIfDone();
        return true;
    }
    const qsizetype n = qMin<qsizetype>(m_storeChunk, m_toStoreIndex.size());
    QElapsedTimer timer;
    timer.start();
    QList<Submission> chunk;
    chunk.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        chunk.append(newSubmission(m_input.at(m_toStoreIndex.at(i))));
    SubmissionStore *store = m_service ? m_service->store() : nullptr;
    if (!store || !store->insertPendingBatch(chunk)) {
        const QString message = store ? store->lastError().message : tr("The history is not available.");
        m_error = message + u' ' + tr("Nothing was sent to Partner Center.");
        qCWarning(lcBulk) << "bulk run" << m_runId << "could not store rows:"
                          << (store ? store->lastError().detail : QString());
        m_stopReason = m_error;
        // Rows stored by earlier chunks must not stay pending: record that they were not sent.
        const bool first = m_bySubmission.isEmpty();
        failUnsent(m_error);
        abandonUnstored(m_error);
        if (!first) {
            // Earlier chunks were stored: the run ends here, with what it could not send failed.
            emit attentionNeeded(m_error);
            setState(State::Cancelling);
            finishIfDone();
        }
        return false;
    }
    for (qsizetype i = 0; i < n; ++i) {
        const int index = m_toStoreIndex.at(i);
        m_results[index].submissionId = chunk.at(i).id;
        m_results[index].requestId = chunk.at(i).requestId;
        m_rows[index] = chunk.at(i);
        m_bySubmission.insert(chunk.at(i).id, index);
        m_queue.push_back(index);
    }
    m_toStoreIndex.remove(0, n);
    // Adapt the chunk so one write stays short whatever the disk.
    const qint64 ms = timer.elapsed();
    if (ms < kChunkTargetMs / 2)
        m_storeChunk = qMin(kMaxChunk, m_storeChunk * 2);
    else if (ms > kChunkTargetMs * 2)
        m_storeChunk = qMax(kMinChunk, m_storeChunk / 2);
    if (!m_toStoreIndex.isEmpty()) {
        QTimer::singleShot(0, this, [this] { prepareNextChunk(); });
        return true;
    }
    m_input.clear();
    // Every row is stored: only now may the first one leave.
    qCInfo(lcBulk) << "bulk run" << m_runId << "stored; sending";
    setState(m_pauseRequested ? State::Paused : State::Running);
    m_pauseRequested = false;
    QTimer::singleShot(0, this, &BulkRun::dispatch);
    return true;
}

bool BulkRun::resumeRun(const QString &runId)
{
    if (!m_service || m_state != State::Idle) {
        m_error = tr("This bulk run has already started.");
        return false;
    }
    SubmissionStore *store = m_service->store();
    const QList<Submission> rows = store->byRun(runId);
    if (rows.isEmpty()) {
        m_error = store->lastError().isError() ? store->lastError().message
                                               : tr("There is no bulk run %1 in the history.").arg(runId);
        return false;
    }
    m_runId = runId;
    std::deque<int> settleFirst, retry, fresh;
    for (const Submission &s : rows) {
        BulkRowResult r;
        r.line = s.runLine;
        r.tenantId = s.customerId;
        r.companyName = s.companyName;
        r.qualification = s.request.typeName();
        r.segment = s.request.segment == EducationSegment::None ? QString() : Qualifications::apiName(s.request.segment);
        r.website = s.request.website;
        r.validationCode = s.request.validationCode;
        r.submissionId = s.id;
        r.requestId = s.requestId;
        r.httpStatus = s.httpStatus;
        r.vettingStatus = s.vettingStatus;
        r.message = s.errorMessage;
        const int index = int(m_results.size());
        switch (s.state) {
        case Submission::State::Accepted:
            r.state = BulkRowState::Accepted;
            r.message = acceptedMessage(s.vettingStatus);
            break;
        case Submission::State::Rejected:
            r.state = BulkRowState::Refused;
            break;
        case Submission::State::Pending:
            r.state = BulkRowState::Queued;
            fresh.push_back(index);
            break;
        case Submission::State::Sent:
        case Submission::State::Unknown:
            // May have reached Partner Center: settled by re-reading before anything else.
            r.state = BulkRowState::Queued;
            settleFirst.push_back(index);
            break;
        case Submission::State::Failed:
            r.state = BulkRowState::Queued;
            retry.push_back(index);
            break;
        }
        m_rows.append(s);
        m_bySubmission.insert(s.id, index);
        m_results.append(r);
    }
    m_changedFlag.assign(size_t(m_results.size()), 0);
    m_markState.assign(size_t(m_results.size()), NotMarked);
    m_queue = std::move(settleFirst);
    m_queue.insert(m_queue.end(), retry.begin(), retry.end());
    m_queue.insert(m_queue.end(), fresh.begin(), fresh.end());
    qCInfo(lcBulk) << "bulk run" << m_runId << "resumes with" << m_queue.size() << "of" << rows.size() << "rows";
    m_startedAt = m_clock->monotonicMs();
    setState(State::Running);
    // From the event loop, so the caller can connect to the signals first.
    QTimer::singleShot(0, this, &BulkRun::dispatch);
    return true;
}

void BulkRun::abandonUnstored(const QString &message)
{
    for (int index : std::as_const(m_toStoreIndex)) {
        m_results[index].state = BulkRowState::Failed;
        m_results[index].message = message;
        markChanged(index);
    }
    m_input.clear();
    m_toStoreIndex.clear();
}

void BulkRun::failUnsent(const QString &message)
{
    releaseMarks(); // rows marked ahead but never sent are recorded as never sent
    SubmissionStore *store = m_service ? m_service->store() : nullptr;
    const std::deque<int> queue = std::exchange(m_queue, {});
    QList<qint64> neverSent;
    for (int index : queue) {
        BulkRowResult &r = m_results[index];
        if (m_rows.at(index).state == Submission::State::Pending && store) {
            neverSent.append(r.submissionId);
            m_rows[index].state = Submission::State::Failed;
            r.state = BulkRowState::Failed;
            r.message = message;
        } else {
            // Resumed rows keep what the history says about them (an unknown stays unknown).
            r.state = m_rows.at(index).state == Submission::State::Failed ? BulkRowState::Failed
                                                                             : BulkRowState::Unknown;
        }
        markChanged(index);
    }
    // One write for thousands of rows: cancelling must not hold the window up.
    if (store && !store->failPending(neverSent, u"cancelled"_s, message))
        qCWarning(lcBulk) << "could not record" << neverSent.size() << "unsent rows";
}

} // namespace qd
