// BulkRun: storing a new run's rows (the whole run durably before anything is sent, then its
// rows in parts while the first ones are sent), loading a stored run to resume it, and recording
// rows that will not be sent (the rest of the engine is in BulkRun.cpp).
#include "BulkLogging.h"
#include "BulkRun.h"
#include "SubmissionService.h"
#include "domain/Uuid.h"

#include <QSet>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
// Written with start(), durably, together with the rest of the run kept whole: the first rows can
// leave as soon as start() returns.
constexpr int kFirstRows = 64;
// Then parts of this size on the history's writing thread, while the first rows are being sent:
// small, as the sent marks queued behind a part hold up the requests waiting for them.
constexpr int kRowsPerPart = 64;
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
    m_results.reserve(rows.size());
    m_rows.resize(rows.size());
    for (const CheckedRow &c : rows) {
        const BulkRowResult r = BulkResults::fromChecked(c);
        if (r.state != BulkRowState::Invalid) { // invalid rows are never stored
            m_toStoreIndex.append(int(m_results.size()));
            // Each row's MS-RequestId is fixed now, before anything is written or sent.
            m_rows[m_results.size()] = newSubmission(c);
        }
        m_results.append(r);
    }
    m_changedFlag.assign(size_t(m_results.size()), 0);
    m_markState.assign(size_t(m_results.size()), NotMarked);
    m_sentAt.assign(size_t(m_results.size()), 0);
    m_pace.reset();
    if (m_toStoreIndex.isEmpty()) {
        m_error = tr("There is no valid row to send.");
        return false;
    }
    m_startedAt = m_clock->monotonicMs();
    qCInfo(lcBulk) << "bulk run" << m_runId << "starts with" << m_toStoreIndex.size() << "rows";
    setState(State::Preparing);
    // One durable write holds the whole run before anything leaves: the first rows, and the rest
    // kept whole until they are written as rows too. An unwritable history is reported here.
    const qsizetype first = qMin<qsizetype>(kFirstRows, m_toStoreIndex.size());
    QList<Submission> firstRows = rowsToStore(0, first);
    std::optional<SubmissionStore::KeptRows> kept;
    if (first < m_toStoreIndex.size())
        kept = SubmissionStore::KeptRows{m_runId, rowsToStore(first, m_toStoreIndex.size() - first)};
    SubmissionStore *store = m_service->store();
    if (!store || !store->insertPendingBatch(firstRows, kept)) {
        m_error = (store ? store->lastError().message : tr("The history is not available.")) + u' ' +
                  tr("Nothing was sent to Partner Center.");
        qCWarning(lcBulk) << "bulk run" << m_runId
                          << "could not store rows:" << (store ? store->lastError().detail : QString());
        m_runId.clear();
        return false;
    }
    takeStored(firstRows);
    setState(m_pauseRequested ? State::Paused : State::Running);
    m_pauseRequested = false;
    storeNextPart();
    // From the event loop, so the caller can connect to the signals first.
    QTimer::singleShot(0, this, &BulkRun::dispatch);
    return true;
}

Submission BulkRun::newSubmission(const CheckedRow &c) const
{
    Submission s = m_template;
    s.customerId = c.tenantId.toString();
    s.companyName = c.row.companyName;
    s.request = c.request;
    s.request.website = c.request.website.trimmed();
    s.request.validationCode = c.request.validationCode.trimmed();
    // Fixed now and stored before sending: every later attempt reuses it.
    s.requestId = newRequestId();
    s.runLine = c.row.line;
    return s;
}

QList<Submission> BulkRun::rowsToStore(qsizetype from, qsizetype count) const
{
    QList<Submission> rows;
    rows.reserve(count);
    for (qsizetype i = from; i < from + count; ++i)
        rows.append(m_rows.at(m_toStoreIndex.at(i)));
    return rows;
}

void BulkRun::takeStored(const QList<Submission> &stored)
{
    for (qsizetype i = 0; i < stored.size(); ++i) {
        const int index = m_toStoreIndex.at(i);
        m_results[index].submissionId = stored.at(i).id;
        m_results[index].requestId = stored.at(i).requestId;
        m_rows[index] = stored.at(i);
        m_bySubmission.insert(stored.at(i).id, index);
        if (stored.at(i).state != Submission::State::Pending) {
            // A team's history: another row (a colleague's desk) holds this customer's
            // qualification, so the row was written as failed, never to be sent.
            m_results[index].state = BulkRowState::Invalid;
            m_results[index].message = stored.at(i).errorMessage;
            markChanged(index);
            continue;
        }
        m_queue.push_back(index);
    }
    m_toStoreIndex.remove(0, stored.size());
}

void BulkRun::storeNextPart()
{
    if (m_storing || m_toStoreIndex.isEmpty() || !m_service || m_cancelled || m_state == State::Stopping ||
        m_state == State::Finished)
        return; // a stopped run leaves the rest kept, for a resume
    const qsizetype n = qMin<qsizetype>(kRowsPerPart, m_toStoreIndex.size());
    std::optional<SubmissionStore::KeptRows> kept;
    if (n == m_toStoreIndex.size())
        kept = SubmissionStore::KeptRows{m_runId, {}}; // the last part: nothing is kept any more
    m_storing = true;
    QPointer<BulkRun> self(this);
    m_service->store()->insertPendingAsync(
        rowsToStore(0, n), kept, [self](bool ok, const QList<Submission> &stored) {
            // From the event loop: the store may report this from inside a flush that the run
            // itself started (cancel, finish), and the run then is in the middle of a step.
            if (self)
                QMetaObject::invokeMethod(
                    self, [self, ok, stored] { self->onPartStored(ok, stored); }, Qt::QueuedConnection);
        });
}

void BulkRun::onPartStored(bool ok, const QList<Submission> &stored)
{
    m_storing = false;
    if (!ok) {
        // This session sends what is stored; the rest stays kept in the history, and resuming
        // the run later writes and sends it.
        SubmissionStore *store = m_service ? m_service->store() : nullptr;
        const QString message = (store ? store->lastError().message : tr("The history is not available.")) +
                                u' ' +
                                tr("Rows not stored were not sent; resuming the run later sends them.");
        qCWarning(lcBulk) << "bulk run" << m_runId
                          << "could not store rows:" << (store ? store->lastError().detail : QString());
        m_stopReason = message;
        abandonUnstored(message);
        emit attentionNeeded(message);
        finishIfDone();
        return;
    }
    takeStored(stored);
    if (m_cancelled) {
        // Stored after the cancel: recorded as never sent, like the rest; nothing stays kept.
        failUnsent(cancelledMessage());
        dropUnstored(cancelledMessage());
        finishIfDone();
        return;
    }
    storeNextPart();
    dispatch();
    finishIfDone(); // a stopping run waited for this part
}

void BulkRun::dropUnstored(const QString &message)
{
    if (m_toStoreIndex.isEmpty())
        return;
    abandonUnstored(message);
    SubmissionStore *store = m_service ? m_service->store() : nullptr;
    QList<Submission> none;
    if (!store || !store->insertPendingBatch(none, SubmissionStore::KeptRows{m_runId, {}}))
        qCWarning(lcBulk) << "bulk run" << m_runId << "could not drop its kept rows; a resume sends them";
}

bool BulkRun::resumeRun(const QString &runId)
{
    if (!m_service || m_state != State::Idle) {
        m_error = tr("This bulk run has already started.");
        return false;
    }
    SubmissionStore *store = m_service->store();
    QList<Submission> rows = store->byRun(runId);
    if (rows.isEmpty()) {
        m_error = store->lastError().isError() ? store->lastError().message
                                               : tr("There is no bulk run %1 in the history.").arg(runId);
        return false;
    }
    // Rows the run kept but had not written as rows yet when it was interrupted: written now
    // (they never left), with the MS-RequestIds they were given at the start.
    const QList<Submission> kept = store->keptRows(runId);
    if (store->lastError().isError()) {
        m_error = store->lastError().message;
        return false;
    }
    if (!kept.isEmpty()) {
        QSet<QString> written;
        for (const Submission &s : std::as_const(rows))
            written.insert(s.requestId);
        QList<Submission> missing;
        for (const Submission &s : kept) {
            if (!written.contains(s.requestId))
                missing.append(s);
        }
        if (!store->insertPendingBatch(missing, SubmissionStore::KeptRows{runId, {}})) {
            m_error = store->lastError().message + u' ' + tr("Nothing was sent to Partner Center.");
            return false;
        }
        rows += missing;
        std::stable_sort(rows.begin(), rows.end(),
                         [](const Submission &a, const Submission &b) { return a.runLine < b.runLine; });
    }
    m_runId = runId;
    std::deque<int> settleFirst, retry, fresh;
    for (const Submission &s : rows) {
        BulkRowResult r;
        r.line = s.runLine;
        r.tenantId = s.customerId;
        r.companyName = s.companyName;
        r.qualification = s.request.typeName();
        r.segment = s.request.segment == EducationSegment::None ? QString()
                                                                : Qualifications::apiName(s.request.segment);
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
    m_sentAt.assign(size_t(m_results.size()), 0);
    m_pace.reset();
    m_queue = std::move(settleFirst);
    m_queue.insert(m_queue.end(), retry.begin(), retry.end());
    m_queue.insert(m_queue.end(), fresh.begin(), fresh.end());
    qCInfo(lcBulk) << "bulk run" << m_runId << "resumes with" << m_queue.size() << "of" << rows.size()
                   << "rows";
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
