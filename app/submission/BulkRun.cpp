#include "BulkRun.h"

#include "BulkLogging.h"
#include "SubmissionService.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
constexpr int kMinChunk = 50;
constexpr int kMaxChunk = 5000;
constexpr qint64 kChunkTargetMs = 15; // a chunk of inserts should not stall a window
constexpr qint64 kRateWindowMs = 10'000;
constexpr int kCalmRowsPerStep = 10;  // rows per worker without a 429 before adding a worker back
} // namespace

BulkRun::BulkRun(SubmissionService *service, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_clock(clock ? clock : SystemClock::instance())
{
    qRegisterMetaType<qd::BulkProgress>();
    qRegisterMetaType<qd::BulkSummary>();
    m_throttleTimer.setSingleShot(true);
    connect(&m_throttleTimer, &QTimer::timeout, this, &BulkRun::dispatch);
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        if (m_dirty)
            reportProgress();
    });
    if (service)
        connect(service, &SubmissionService::requestRetrying, this, &BulkRun::onRetrying);
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

bool BulkRun::start(const QList<CheckedRow> &rows)
{
    if (!m_service || m_state != State::Idle) {
        m_error = tr("This bulk run has already started.");
        return false;
    }
    m_runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const SubmitterIdentity who = m_service->identity();
    const QDateTime now = m_clock->nowUtc();
    m_results.reserve(rows.size());
    for (const CheckedRow &c : rows) {
        BulkRowResult r;
        r.line = c.row.line;
        r.tenantId = c.tenantId.isEmpty() ? c.row.tenantId : c.tenantId;
        r.companyName = c.row.companyName;
        r.segment = c.row.segment;
        r.website = c.row.website;
        r.validationCode = c.row.validationCode;
        r.qualification = c.request.type == QualificationType::Unknown ? c.row.qualification
                                                                        : Qualifications::apiName(c.request.type);
        if (!c.isValid()) {
            r.state = BulkRowState::Invalid;
            r.message = c.problemText();
            m_results.append(r);
            continue;
        }
        Submission s;
        s.time = now;
        s.user = who.user;
        s.partnerTenant = who.partnerTenant;
        s.customerId = c.tenantId;
        s.companyName = c.row.companyName;
        s.request = c.request;
        s.request.website = c.request.website.trimmed();
        s.request.validationCode = c.request.validationCode.trimmed();
        // Fixed now and stored before sending: every later attempt reuses it.
        s.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        s.runId = m_runId;
        s.runLine = c.row.line;
        r.requestId = s.requestId;
        r.state = BulkRowState::Queued;
        m_storedState.append(Submission::State::Pending);
        m_toStore.append(s);
        m_toStoreIndex.append(int(m_results.size()));
        m_results.append(r);
    }
    m_storedState.resize(m_results.size(), Submission::State::Pending);
    m_changedFlag.assign(size_t(m_results.size()), 0);
    if (m_toStore.isEmpty()) {
        m_error = tr("There is no valid row to send.");
        return false;
    }
    m_startedAt = m_clock->monotonicMs();
    qCInfo(lcBulk) << "bulk run" << m_runId << "starts with" << m_toStore.size() << "rows";
    setState(State::Preparing);
    // The first chunk is written now, so an unwritable history is reported to the caller.
    if (!prepareNextChunk()) {
        m_runId.clear();
        return false;
    }
    return true;
}

bool BulkRun::prepareNextChunk()
{
    if (m_cancelled) {
        failUnsent(tr("Cancelled before sending; nothing was sent."));
        m_toStore.clear();
        finishIfDone();
        return true;
    }
    const qsizetype n = qMin<qsizetype>(m_storeChunk, m_toStore.size());
    QList<Submission> chunk = m_toStore.mid(0, n);
    QElapsedTimer timer;
    timer.start();
    SubmissionStore *store = m_service ? m_service->store() : nullptr;
    if (!store || !store->insertPendingBatch(chunk)) {
        const QString message = store ? store->lastError().message : tr("The history is not available.");
        m_error = message + u' ' + tr("Nothing was sent to Partner Center.");
        qCWarning(lcBulk) << "bulk run" << m_runId << "could not store rows:"
                          << (store ? store->lastError().detail : QString());
        m_stopReason = m_error;
        // Rows stored by earlier chunks must not stay pending: record that they were not sent.
        failUnsent(m_error);
        for (int index : std::as_const(m_toStoreIndex)) {
            m_results[index].state = BulkRowState::Failed;
            m_results[index].message = m_error;
        }
        m_toStore.clear();
        m_toStoreIndex.clear();
        const bool first = m_queue.empty() && m_bySubmission.isEmpty();
        if (!first)
            emit attentionNeeded(m_error);
        finishIfDone();
        return false;
    }
    for (qsizetype i = 0; i < n; ++i) {
        const int index = m_toStoreIndex.at(i);
        m_results[index].submissionId = chunk.at(i).id;
        m_bySubmission.insert(chunk.at(i).id, index);
        m_queue.push_back(index);
    }
    m_toStore.remove(0, n);
    m_toStoreIndex.remove(0, n);
    // Adapt the chunk so one write stays short whatever the disk.
    const qint64 ms = timer.elapsed();
    if (ms < kChunkTargetMs / 2)
        m_storeChunk = qMin(kMaxChunk, m_storeChunk * 2);
    else if (ms > kChunkTargetMs * 2)
        m_storeChunk = qMax(kMinChunk, m_storeChunk / 2);
    if (!m_toStore.isEmpty()) {
        QTimer::singleShot(0, this, [this] { prepareNextChunk(); });
        return true;
    }
    // Every row is stored: only now may the first one leave.
    qCInfo(lcBulk) << "bulk run" << m_runId << "stored; sending";
    setState(m_pauseRequested ? State::Paused : State::Running);
    m_pauseRequested = false;
    markAllChanged();
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
        r.qualification = s.request.type == QualificationType::Unknown ? s.request.rawType
                                                                        : Qualifications::apiName(s.request.type);
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
        m_storedState.append(s.state);
        m_bySubmission.insert(s.id, index);
        m_results.append(r);
    }
    m_changedFlag.assign(size_t(m_results.size()), 0);
    m_queue = std::move(settleFirst);
    m_queue.insert(m_queue.end(), retry.begin(), retry.end());
    m_queue.insert(m_queue.end(), fresh.begin(), fresh.end());
    qCInfo(lcBulk) << "bulk run" << m_runId << "resumes with" << m_queue.size() << "of" << rows.size() << "rows";
    m_startedAt = m_clock->monotonicMs();
    setState(State::Running);
    markAllChanged();
    // From the event loop, so the caller can connect to the signals first.
    QTimer::singleShot(0, this, &BulkRun::dispatch);
    return true;
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
        return; // the next chunk step stops
    setState(State::Cancelling);
    failUnsent(tr("Cancelled before sending; nothing was sent."));
    finishIfDone();
}

void BulkRun::stop()
{
    if (m_state == State::Idle || m_state == State::Finished || m_cancelled)
        return;
    if (m_state == State::Preparing) {
        cancel(); // nothing has left yet; a partly stored run is not worth resuming
        return;
    }
    setState(State::Stopping);
    finishIfDone();
}

void BulkRun::failUnsent(const QString &message)
{
    SubmissionStore *store = m_service ? m_service->store() : nullptr;
    const std::deque<int> queue = std::exchange(m_queue, {});
    for (int index : queue) {
        BulkRowResult &r = m_results[index];
        if (m_storedState.at(index) == Submission::State::Pending && store) {
            Submission s;
            s.id = r.submissionId;
            s.state = Submission::State::Failed;
            s.errorCode = u"cancelled"_s;
            s.errorMessage = message;
            if (!store->recordOutcome(s))
                qCWarning(lcBulk) << "could not record unsent row" << r.submissionId;
            r.state = BulkRowState::Failed;
            r.message = message;
        } else {
            // Resumed rows keep what the history says about them (an unknown stays unknown).
            r.state = m_storedState.at(index) == Submission::State::Failed ? BulkRowState::Failed
                                                                             : BulkRowState::Unknown;
        }
        markChanged(index);
    }
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
        const qint64 wait = m_throttledUntil - m_clock->monotonicMs();
        if (wait > 0) {
            if (!m_throttleTimer.isActive() || m_throttleTimer.remainingTime() > wait)
                m_throttleTimer.start(int(qMin<qint64>(wait, 600'000)));
            break;
        }
        while (m_state == State::Running && m_inFlight < m_concurrency && !m_queue.empty()) {
            const int index = m_queue.front();
            m_queue.pop_front();
            sendRow(index);
        }
    } while (m_redispatch);
    m_dispatching = false;
    finishIfDone();
}

void BulkRun::sendRow(int index)
{
    BulkRowResult &r = m_results[index];
    r.state = BulkRowState::InFlight;
    ++m_inFlight;
    markChanged(index);
    m_service->sendPending(r.submissionId, this, [this, index](const SubmitResult &result) {
        onRowDone(index, result);
    });
}

void BulkRun::onRowDone(int index, const SubmitResult &result)
{
    --m_inFlight;
    BulkRowResult &r = m_results[index];
    markChanged(index);
    if (result.nothingSent()) {
        // The history could not be read or written: nothing left; stop until the user acts.
        requeue(index);
        stopForAttention(result.userMessage(), false);
        dispatch();
        return;
    }
    const Submission &s = result.submission;
    r.httpStatus = s.httpStatus;
    r.vettingStatus = s.vettingStatus;
    if (!s.requestId.isEmpty())
        r.requestId = s.requestId;
    m_storedState[index] = s.state;
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
        if (result.apiError.kind == K::Throttled) {
            // Still throttled after the client's own waits: hold everyone back and retry the row.
            requeue(index);
            const int secs = result.apiError.retryAfterSeconds > 0 ? result.apiError.retryAfterSeconds : 1;
            throttle(qint64(secs) * 1000);
            dispatch();
            return;
        }
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
    if (s.state == Submission::State::Accepted || s.state == Submission::State::Rejected) {
        // Partner Center keeps up: give back one worker after a calm stretch.
        if (m_concurrency < m_maxConcurrency && ++m_calmStreak >= kCalmRowsPerStep * m_concurrency) {
            ++m_concurrency;
            m_calmStreak = 0;
        }
    }
    if (result.storeError.isError())
        stopForAttention(result.userMessage(), false);
    dispatch();
}

void BulkRun::onRetrying(qint64 submissionId, int attempt, int delayMs, const ApiError &cause)
{
    Q_UNUSED(attempt)
    if (!m_bySubmission.contains(submissionId))
        return;
    if (cause.kind == ApiError::Kind::Throttled || cause.httpStatus == 429)
        throttle(delayMs);
}

void BulkRun::throttle(qint64 ms)
{
    const qint64 now = m_clock->monotonicMs();
    const bool already = m_throttledUntil > now;
    const qint64 until = now + qMax<qint64>(ms, 0);
    if (until <= m_throttledUntil)
        return;
    m_throttledUntil = until;
    m_calmStreak = 0;
    if (!already) {
        // One halving per throttling episode, however many workers met the 429.
        m_concurrency = qMax(1, m_concurrency / 2);
        qCInfo(lcBulk) << "bulk run" << m_runId << "throttled for" << ms << "ms; concurrency now" << m_concurrency;
    }
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

void BulkRun::markAllChanged()
{
    for (int i = 0; i < m_results.size(); ++i)
        markChanged(i);
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
    const qint64 now = m_clock->monotonicMs();
    p.throttledMs = qMax<qint64>(0, m_throttledUntil - now);
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
    if (m_inFlight > 0 || (!m_queue.empty() && m_state != State::Stopping))
        return;
    qCInfo(lcBulk) << "bulk run" << m_runId << "finished:" << summary().text();
    m_throttleTimer.stop();
    setState(State::Finished);
    reportProgress();
    emit finished(summary());
}

} // namespace qd
