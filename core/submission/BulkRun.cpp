#include "BulkRun.h"

#include "BulkLogging.h"
#include "SubmissionService.h"
#include "domain/Duration.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
constexpr qint64 kRateWindowMs = 10'000;
// Rows marked sent ahead of their slot: enough for kMarkAheadMs of sending at the pace of the last
// answers, between the two limits per worker. Each batch of marks is a history write of its own,
// so a fast run marks more at once; a slow one keeps few marked, as after a crash the rows marked
// but not sent are among those a resumed run reads back before sending them.
constexpr int kMarkAheadMs = 25;
constexpr int kMarkAheadMinPerWorker = 4;
constexpr int kMarkAheadMaxPerWorker = 16;
} // namespace

BulkRun::BulkRun(SubmissionService *service, const Clock *clock, QObject *parent)
    : QObject(parent), m_service(service), m_clock(clock ? clock : SystemClock::instance()), m_pace(m_clock)
{
    qRegisterMetaType<qd::BulkProgress>();
    qRegisterMetaType<qd::BulkSummary>();
    m_throttleTimer.setSingleShot(true);
    m_throttleTimer.setTimerType(Qt::PreciseTimer); // it paces requests, tens of ms apart
    connect(&m_throttleTimer, &QTimer::timeout, this, &BulkRun::dispatch);
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        if (m_dirty)
            reportProgress();
    });
    if (service) {
        connect(service, &SubmissionService::requestRetrying, this, &BulkRun::onRetrying);
        connect(service, &SubmissionService::writesFailed, this, &BulkRun::onWritesFailed);
    }
}

BulkRun::~BulkRun() = default;

void BulkRun::setConcurrency(int n)
{
    m_maxConcurrency = qBound(1, n, 64);
    m_concurrency = m_maxConcurrency;
    dispatch();
}

void BulkRun::setProgressIntervalMs(int ms)
{
    m_progressTimer.setInterval(qMax(1, ms));
}

void BulkRun::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (state == State::Finished)
        m_progressTimer.stop();
    else if (!m_progressTimer.isActive())
        m_progressTimer.start();
    emit stateChanged(state);
}

void BulkRun::pause()
{
    if (m_state == State::Preparing)
        m_pauseRequested = true;
    else if (m_state == State::Running)
        setState(State::Paused);
}

void BulkRun::resume()
{
    if (m_state == State::Preparing) {
        m_pauseRequested = false;
        return;
    }
    if (m_state != State::Paused)
        return;
    // Answers the history could not take yet go first; while it still cannot, the run waits.
    if (m_service && !m_service->flushWrites())
        return;
    m_stopReason.clear();
    m_signInNeeded = false;
    setState(State::Running);
    dispatch();
}

void BulkRun::cancel()
{
    if (m_state == State::Idle || m_state == State::Finished || m_cancelled)
        return;
    m_cancelled = true;
    if (m_state == State::Preparing)
        return; // start() is writing the first rows
    setState(State::Cancelling);
    failUnsent(cancelledMessage());
    if (!m_storing)
        dropUnstored(cancelledMessage()); // otherwise once the part being written is in
    finishIfDone();
}

void BulkRun::stop()
{
    if (m_state == State::Idle || m_state == State::Finished || m_state == State::Stopping || m_cancelled)
        return;
    if (m_state == State::Preparing) {
        cancel(); // nothing has left yet
        return;
    }
    setState(State::Stopping);
    finishIfDone();
}

void BulkRun::dispatch()
{
    if (m_dispatching) {
        m_redispatch = true;
        return;
    }
    m_dispatching = true;
    do {
        m_redispatch = false;
        if (m_state != State::Running || !m_service)
            break;
        while (m_state == State::Running && m_inFlight < m_concurrency && !m_queue.empty()) {
            const qint64 wait = m_pace.waitMs();
            if (wait > 0) {
                if (!m_throttleTimer.isActive() || m_throttleTimer.remainingTime() > wait)
                    m_throttleTimer.start(int(qMin<qint64>(wait, 600'000)));
                break;
            }
            const int index = m_queue.front();
            if (m_rows.at(index).state == Submission::State::Pending && m_markState[size_t(index)] != Marked)
                break; // its sent mark is on the way
            m_queue.pop_front();
            sendRow(index);
        }
        if (m_state == State::Running)
            markAhead();
    } while (m_redispatch);
    m_dispatching = false;
    finishIfDone();
}

void BulkRun::markAhead()
{
    if (m_markingAhead || !m_service)
        return;
    const int want = markAheadTarget();
    int ready = 0; // rows at the front that may leave at once
    QList<qint64> ids;
    QList<int> indexes;
    for (const int index : m_queue) {
        if (ready + indexes.size() >= want)
            break;
        if (m_rows.at(index).state != Submission::State::Pending || m_markState[size_t(index)] == Marked) {
            ++ready; // a resumed row is settled first; it needs no mark
            continue;
        }
        ids.append(m_rows.at(index).id);
        indexes.append(index);
    }
    // Half the target still ready: enough ahead, the next write carries more at once. Below it,
    // the marks are written while those ready go out, so the workers never wait for the history.
    if (indexes.isEmpty() || ready >= qMax(m_concurrency, want / 2))
        return;
    m_markingAhead = true;
    for (const int index : std::as_const(indexes))
        m_markState[size_t(index)] = Marking;
    m_service->markSent(ids, this, [this, indexes](bool ok) {
        m_markingAhead = false;
        for (const int index : indexes) {
            if (m_markState[size_t(index)] == Marking)
                m_markState[size_t(index)] = ok ? Marked : NotMarked;
        }
        // A failed write pauses the run (writesFailed); from the event loop, as this may run
        // inside a flush that someone else started.
        QMetaObject::invokeMethod(this, &BulkRun::dispatch, Qt::QueuedConnection);
    });
}

int BulkRun::markAheadTarget() const
{
    const int least = kMarkAheadMinPerWorker * m_concurrency;
    const int most = kMarkAheadMaxPerWorker * m_concurrency;
    if (m_answers < qsizetype(m_answerTimes.size()))
        return least;
    const qint64 newest = m_answerTimes[size_t((m_answers - 1) % qsizetype(m_answerTimes.size()))];
    const qint64 oldest = m_answerTimes[size_t(m_answers % qsizetype(m_answerTimes.size()))];
    const qint64 span = newest - oldest;
    if (span <= 0)
        return most;
    const qint64 rows = qint64(m_answerTimes.size() - 1) * kMarkAheadMs / span;
    return int(qBound(qint64(least), rows, qint64(most)));
}

void BulkRun::releaseMarks()
{
    SubmissionStore *store = m_service ? m_service->store() : nullptr;
    if (!store)
        return;
    if (m_markingAhead)
        m_service->flushWrites(); // a mark still on its way would land after the release
    QList<qint64> ids;
    for (const int index : m_queue) {
        if (m_markState[size_t(index)] == Marked) {
            m_markState[size_t(index)] = NotMarked;
            ids.append(m_rows.at(index).id);
        }
    }
    // Never sent: pending again, so a later resume sends them without reading them back first
    // and a cancel records them as never sent.
    if (!store->releaseSentMarks(ids))
        qCWarning(lcBulk) << "could not release" << ids.size()
                          << "sent marks; a resume reads them back first";
}

void BulkRun::sendRow(int index)
{
    BulkRowResult &r = m_results[index];
    r.state = BulkRowState::InFlight;
    ++m_inFlight;
    markChanged(index);
    m_sentAt[size_t(index)] = m_clock->monotonicMs();
    m_pace.onSent();
    const bool marked = m_markState[size_t(index)] == Marked;
    m_markState[size_t(index)] = NotMarked;
    m_service->sendStored(
        m_rows.at(index), this, [this, index](const SubmitResult &result) { onRowDone(index, result); },
        marked);
}

void BulkRun::onRowDone(int index, const SubmitResult &result)
{
    --m_inFlight;
    m_answerTimes[size_t(m_answers++ % qsizetype(m_answerTimes.size()))] = m_clock->monotonicMs();
    BulkRowResult &r = m_results[index];
    markChanged(index);
    if (result.nothingSent()) {
        // The history could not be written: nothing left; stop until the user acts (once,
        // however many rows were waiting for that write).
        requeue(index);
        if (m_state == State::Running)
            stopForAttention(result.userMessage(), false);
        dispatch();
        return;
    }
    const Submission &s = result.submission;
    // Still throttled (429) or overloaded (503) after the client's own waits: never the row's
    // fault. Hold everyone back and send it again, with the same MS-RequestId (a row whose
    // answer was lost is settled by re-reading first).
    const bool overloaded = result.apiError.httpStatus == 503;
    if ((s.state == Submission::State::Failed || s.state == Submission::State::Unknown) &&
        (result.apiError.kind == ApiError::Kind::Throttled || overloaded)) {
        m_rows[index] = s;
        requeue(index);
        const int secs = result.apiError.retryAfterSeconds;
        hold(secs >= 0 ? qint64(secs) * 1000 : -1, index, overloaded);
        dispatch();
        return;
    }
    r.httpStatus = s.httpStatus;
    r.vettingStatus = s.vettingStatus;
    if (!s.requestId.isEmpty())
        r.requestId = s.requestId;
    m_rows[index] = s;
    using K = ApiError::Kind;
    switch (s.state) {
    case Submission::State::Accepted:
        r.state = BulkRowState::Accepted;
        r.message = acceptedMessage(s.vettingStatus);
        break;
    case Submission::State::Rejected:
        r.state = BulkRowState::Refused;
        r.message = result.userMessage();
        break;
    case Submission::State::Failed:
        if (result.apiError.kind == K::Authentication) {
            requeue(index);
            stopForAttention(result.apiError.userMessage(), true);
            dispatch();
            return;
        }
        r.state = BulkRowState::Failed;
        r.message = result.userMessage();
        break;
    case Submission::State::Unknown:
    case Submission::State::Pending:
    case Submission::State::Sent:
        r.state = BulkRowState::Unknown;
        r.message = result.userMessage();
        break;
    }
    ++m_doneThisSession;
    if (s.state == Submission::State::Accepted || s.state == Submission::State::Rejected)
        m_pace.onAnswered();
    if (result.storeError.isError())
        stopForAttention(result.userMessage(), false);
    dispatch();
}

void BulkRun::onRetrying(qint64 submissionId, int attempt, int delayMs, const ApiError &cause)
{
    Q_UNUSED(attempt)
    const auto it = m_bySubmission.constFind(submissionId);
    if (it == m_bySubmission.constEnd())
        return;
    // The row's own call waits delayMs (the Retry-After) and tries again; the others wait too.
    if (cause.kind == ApiError::Kind::Throttled || cause.httpStatus == 429 || cause.httpStatus == 503)
        hold(delayMs, it.value(), cause.httpStatus == 503);
}

void BulkRun::onWritesFailed(const StoreError &error, const QList<qint64> &ids)
{
    const bool ours =
        std::any_of(ids.begin(), ids.end(), [this](qint64 id) { return m_bySubmission.contains(id); });
    if (ours)
        stopForAttention(
            SubmitResult::tr("The result could not be saved in the history: %1").arg(error.message), false);
}

void BulkRun::hold(qint64 retryAfterMs, int index, bool overloaded)
{
    const qint64 sentAt = index >= 0 && size_t(index) < m_sentAt.size() ? m_sentAt[size_t(index)] : 0;
    if (m_pace.onThrottled(retryAfterMs, sentAt, overloaded) == BulkPace::Verdict::TooLong) {
        const QString message =
            tr("Partner Center asks to wait %1 before sending more, longer than this run "
               "waits (%2). The rows "
               "not sent yet stay pending: resume the run later.")
                .arg(Duration::text(m_pace.lastRefusedWaitMs()), Duration::text(m_pace.settings().maxWaitMs));
        qCWarning(lcBulk) << "bulk run" << m_runId << "stopped: Retry-After" << m_pace.lastRefusedWaitMs()
                          << "ms";
        if (m_stopReason.isEmpty())
            m_stopReason = message;
        emit attentionNeeded(message);
        stop();
        return;
    }
    const qint64 ms = m_pace.holdRemainingMs();
    emit throttled(int((ms + 999) / 1000));
    m_dirty = true;
    m_throttleTimer.start(int(qMin<qint64>(ms, 600'000)));
}

void BulkRun::requeue(int index)
{
    m_results[index].state = BulkRowState::Queued;
    m_queue.push_front(index);
    markChanged(index);
}

void BulkRun::stopForAttention(const QString &message, bool signIn)
{
    m_stopReason = message;
    m_signInNeeded = signIn;
    qCWarning(lcBulk) << "bulk run" << m_runId << "paused:" << message;
    if (m_state == State::Running)
        setState(State::Paused);
    emit attentionNeeded(message);
}

void BulkRun::markChanged(int index)
{
    if (index >= 0 && size_t(index) < m_changedFlag.size() && !m_changedFlag[size_t(index)]) {
        m_changedFlag[size_t(index)] = 1;
        m_changed.append(index);
    }
    m_dirty = true;
}

QString BulkRun::cancelledMessage()
{
    return tr("Cancelled before sending; nothing was sent.");
}

QString BulkRun::acceptedMessage(const QString &vettingStatus)
{
    if (vettingStatus.isEmpty())
        return tr("Accepted.");
    return tr("Accepted; vetting: %1.")
        .arg(Qualifications::displayName(Qualifications::statusFromString(vettingStatus), vettingStatus));
}

double BulkRun::measuredRate() const
{
    if (m_samples.size() < 2)
        return 0;
    const auto &[t0, d0] = m_samples.front();
    const auto &[t1, d1] = m_samples.back();
    if (t1 - t0 < 500)
        return 0;
    return double(d1 - d0) * 1000.0 / double(t1 - t0);
}

BulkProgress BulkRun::progress() const
{
    BulkProgress p;
    p.counts = BulkCounts::of(m_results);
    p.concurrency = m_concurrency;
    p.pacePerMinute = m_pace.perSecond() * 60.0;
    p.throttledAnswers = m_pace.throttledAnswers();
    const qint64 now = m_clock->monotonicMs();
    p.throttledMs = m_pace.holdRemainingMs();
    p.elapsedMs = m_startedAt > 0 ? now - m_startedAt : 0;
    p.rowsPerSecond = measuredRate();
    if (p.rowsPerSecond <= 0 && p.elapsedMs >= 1000 && m_doneThisSession > 0)
        p.rowsPerSecond = double(m_doneThisSession) * 1000.0 / double(p.elapsedMs);
    if (p.counts.queued == 0)
        p.etaMs = 0;
    else if (p.rowsPerSecond > 0)
        p.etaMs = qint64(double(p.counts.queued) * 1000.0 / p.rowsPerSecond) + p.throttledMs;
    return p;
}

void BulkRun::reportProgress()
{
    const qint64 now = m_clock->monotonicMs();
    m_samples.emplace_back(now, m_doneThisSession);
    while (m_samples.size() > 2 && now - m_samples.front().first > kRateWindowMs)
        m_samples.pop_front();
    m_dirty = false;
    if (!m_changed.isEmpty()) {
        const QList<int> changed = std::exchange(m_changed, {});
        for (int i : changed)
            m_changedFlag[size_t(i)] = 0;
        emit rowsChanged(changed);
    }
    emit progressChanged(progress());
}

BulkSummary BulkRun::summary() const
{
    BulkSummary s;
    s.runId = m_runId;
    s.counts = BulkCounts::of(m_results);
    s.cancelled = m_cancelled;
    s.stopReason = m_stopReason;
    s.signInNeeded = m_signInNeeded;
    return s;
}

void BulkRun::finishIfDone()
{
    if (m_state == State::Idle || m_state == State::Finished || m_state == State::Preparing)
        return;
    if (m_inFlight > 0 || m_storing || (!m_queue.empty() && m_state != State::Stopping))
        return;
    if (!m_toStoreIndex.isEmpty() && m_state != State::Stopping)
        return; // the rest is still to be written and sent
    if (m_flushing)
        return; // a failed write's report (attentionNeeded) may stop the run from inside it
    // The history holds every answer before anyone hears that the run ended.
    bool written = true;
    if (m_service) {
        m_flushing = true;
        written = m_service->flushWrites();
        m_flushing = false;
    }
    if (m_state == State::Finished)
        return;
    if (!written && m_state != State::Stopping && m_state != State::Cancelling)
        return; // paused by onWritesFailed: Resume writes them, then the run ends
    if (m_state == State::Stopping)
        releaseMarks(); // the rows left for a later resume
    // (Stopping or cancelling with an unwritable history: the rows it could not update stay
    // pending or sent there, and the next start settles them.)
    qCInfo(lcBulk) << "bulk run" << m_runId << "finished:" << summary().text();
    m_throttleTimer.stop();
    setState(State::Finished);
    reportProgress();
    emit finished(summary());
}

} // namespace qd
