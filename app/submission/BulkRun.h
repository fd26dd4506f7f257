#pragma once

#include "BulkResult.h"
#include "BulkValidator.h"
#include "domain/Clock.h"
#include "history/Submission.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <array>
#include <deque>
#include <vector>

namespace qd {

class SubmissionService;
struct SubmitResult;
struct ApiError;
struct StoreError;

// One bulk run: every valid row is written to the history as pending (with the run's ID) before
// anything is sent, then the rows go out through SubmissionService at bounded concurrency.
// A 429 holds back every worker for the Retry-After and halves the concurrency (it grows back
// slowly); a lost sign-in or an unwritable history pauses the run with a reason. Pause, resume
// and cancel at any time: in-flight requests always finish (never abandoned mid-way), cancel
// records the rows not yet sent as failed. A run interrupted by a crash is continued with
// resumeRun(runId): rows whose answer was lost are settled by re-reading first, each with the
// MS-RequestId stored for it, so no row is ever sent twice under different IDs.
class BulkRun : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Preparing, Running, Paused, Cancelling, Stopping, Finished };
    Q_ENUM(State)

    explicit BulkRun(SubmissionService *service, const Clock *clock = SystemClock::instance(),
                     QObject *parent = nullptr);
    ~BulkRun() override;

    // Workers at once; default 4. Takes effect at the next dispatch.
    void setConcurrency(int n);
    int concurrency() const { return m_maxConcurrency; }
    // How often progress is reported at most (default 100 ms, ~10 Hz).
    void setProgressIntervalMs(int ms);

    // Stores the valid rows (in chunks, so a window stays responsive) and starts sending.
    // Returns false without sending anything when there is nothing to send or the history cannot
    // be written (errorString() says why); the rows already stored are then recorded as failed.
    bool start(const QList<CheckedRow> &rows);
    // Continues a stored run: rows pending, sent, unknown or failed are sent again (the ones
    // that may have been sent are settled by re-reading first). False when the run is unknown.
    bool resumeRun(const QString &runId);

    void pause();
    void resume();
    // Ends the run for good: rows not yet sent are recorded as failed (never sent).
    void cancel();
    // Ends this session of the run but leaves the rows not yet sent pending in the history, so
    // resumeRun() continues later (a closed window, a CLI that cannot sign in again).
    void stop();

    State state() const { return m_state; }
    QString runId() const { return m_runId; }
    QString errorString() const { return m_error; }
    const QList<BulkRowResult> &results() const { return m_results; }
    BulkProgress progress() const;
    BulkSummary summary() const;

signals:
    void stateChanged(qd::BulkRun::State state);
    // At most every progress interval, and once more at the end.
    void progressChanged(const qd::BulkProgress &progress);
    // Rows (indexes into results()) that changed since the last report; batched with progress.
    void rowsChanged(const QList<int> &rows);
    // The run paused itself and needs the user (sign in again, free disk space...).
    void attentionNeeded(const QString &message);
    // Partner Center asked to slow down; the run waits `seconds` before sending more.
    void throttled(int seconds);
    void finished(const qd::BulkSummary &summary);

private:
    void setState(State state);
    bool prepareNextChunk();
    void dispatch();
    void markAhead();
    int markAheadTarget() const;
    void releaseMarks();
    void sendRow(int index);
    void onRowDone(int index, const SubmitResult &result);
    void onRetrying(qint64 submissionId, int attempt, int delayMs, const ApiError &cause);
    void onWritesFailed(const StoreError &error, const QList<qint64> &ids);
    void stopForAttention(const QString &message, bool signIn);
    // Rows of start() not yet written to the history end Failed with message (cancel, store error).
    void abandonUnstored(const QString &message);
    Submission newSubmission(const CheckedRow &row) const;
    void requeue(int index);
    void throttle(qint64 ms);
    void markChanged(int index);
    static QString acceptedMessage(const QString &vettingStatus);
    void reportProgress();
    void finishIfDone();
    void failUnsent(const QString &message);
    double measuredRate() const;

    QPointer<SubmissionService> m_service;
    const Clock *m_clock;
    State m_state = State::Idle;
    QString m_runId;
    QString m_error;
    QString m_stopReason;
    bool m_cancelled = false;
    bool m_signInNeeded = false;

    QList<BulkRowResult> m_results;
    QList<Submission> m_rows; // per row: as stored and last answered (an empty one for invalid rows)
    QList<CheckedRow> m_input;     // start()'s rows, while Preparing
    QList<int> m_toStoreIndex;     // the valid ones not yet written: indexes in m_input and m_results
    Submission m_template;         // what every stored row of the run shares (time, user, run ID)
    int m_storeChunk = 50; // rows per insert transaction; adapts to the disk and the views
    std::deque<int> m_queue;       // indexes waiting to be sent, in order
    // Pending rows at the front of the queue have their sent marks written ahead, several in one
    // write, so an answer is followed by the next request without waiting for the history.
    enum MarkState : char { NotMarked, Marking, Marked };
    std::vector<char> m_markState;
    bool m_markingAhead = false;
    std::array<qint64, 32> m_answerTimes{}; // monotonic ms of the last answers, a ring
    qsizetype m_answers = 0;
    QHash<qint64, int> m_bySubmission;

    int m_maxConcurrency = 4;
    int m_concurrency = 4;         // current, lowered after a 429
    int m_inFlight = 0;
    int m_doneThisSession = 0;
    bool m_pauseRequested = false; // pause() while Preparing
    bool m_dispatching = false;
    bool m_flushing = false;
    bool m_redispatch = false;
    int m_calmStreak = 0;          // rows finished since the last 429
    qint64 m_throttledUntil = 0;   // monotonic ms
    QTimer m_throttleTimer;

    QTimer m_progressTimer;
    QList<int> m_changed;
    std::vector<char> m_changedFlag;
    bool m_dirty = false;
    qint64 m_startedAt = 0;
    std::deque<std::pair<qint64, int>> m_samples; // (monotonic ms, rows done) for throughput
};

} // namespace qd
