#pragma once

#include "BulkPace.h"
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

// One bulk run: the whole run is written to the history durably before anything is sent (the
// first rows as pending rows of the run, the others kept whole with their MS-RequestIds and
// written as rows in parts while the first ones go out), then the rows go out through
// SubmissionService at bounded concurrency, none before its own row is written.
// A 429 or 503 holds back every worker for the Retry-After and from then on the requests leave
// paced just under the rate Partner Center accepts (BulkPace); a Retry-After longer than the run
// waits stops it with the rows left pending for a resume. A lost sign-in or an unwritable history pauses the
// run with a reason. Pause, resume and cancel at any time: in-flight requests always finish (never abandoned
// mid-way), cancel records the rows not yet sent as failed. A run interrupted by a crash is continued with
// resumeRun(runId): rows whose answer was lost are settled by re-reading first, each with the
// MS-RequestId stored for it, so no row is ever sent twice under different IDs.
class BulkRun : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Idle,
        Preparing,
        Running,
        Paused,
        Cancelling,
        Stopping,
        Finished
    };
    Q_ENUM(State)

    explicit BulkRun(SubmissionService *service, const Clock *clock = SystemClock::instance(),
                     QObject *parent = nullptr);
    ~BulkRun() override;

    // Requests in flight at most; default 4. Takes effect at the next dispatch.
    void setConcurrency(int n);
    int concurrency() const { return m_maxConcurrency; }
    // The longest Retry-After the run waits for (default 120 s); a longer one stops it.
    void setMaxWaitMs(qint64 ms)
    {
        BulkPace::Settings s = m_pace.settings();
        s.maxWaitMs = qMax<qint64>(0, ms);
        m_pace.setSettings(s);
    }
    // How often progress is reported at most (default 100 ms, ~10 Hz).
    void setProgressIntervalMs(int ms);

    // Stores the valid rows (see above) and starts sending from the event loop. Returns false
    // without storing or sending anything when there is nothing to send or the history cannot be
    // written (errorString() says why).
    bool start(const QList<CheckedRow> &rows);
    // Continues a stored run: rows pending, sent, unknown or failed are sent again (the ones
    // that may have been sent are settled by re-reading first), and rows it still kept are
    // written and sent. False when the run is unknown.
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
    QList<Submission> rowsToStore(qsizetype from, qsizetype count) const;
    // The first rows of m_toStoreIndex were written (their ids in stored): queued to be sent.
    void takeStored(const QList<Submission> &stored);
    void storeNextPart();
    void onPartStored(bool ok, const QList<Submission> &stored);
    // Rows not written yet end Failed with message, and the run keeps none for a resume.
    void dropUnstored(const QString &message);
    void dispatch();
    void markAhead();
    int markAheadTarget() const;
    void releaseMarks();
    void sendRow(int index);
    void onRowDone(int index, const SubmitResult &result);
    void onRetrying(qint64 submissionId, int attempt, int delayMs, const ApiError &cause);
    void onWritesFailed(const StoreError &error, const QList<qint64> &ids);
    void stopForAttention(const QString &message, bool signIn);
    // Rows of start() not yet written as rows end Failed with message (cancel, store error).
    void abandonUnstored(const QString &message);
    Submission newSubmission(const CheckedRow &row) const;
    void requeue(int index);
    // Partner Center said "not now" to row index (429, or 503 when overloaded).
    void hold(qint64 retryAfterMs, int index, bool overloaded);
    void markChanged(int index);
    static QString acceptedMessage(const QString &vettingStatus);
    static QString cancelledMessage();
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
    QList<Submission> m_rows;  // per row: as stored and last answered (an empty one for invalid rows)
    QList<int> m_toStoreIndex; // valid rows not yet written as rows (but kept): indexes in m_results
    bool m_storing = false;    // a part of them is being written
    Submission m_template;     // what every stored row of the run shares (time, user, run ID)
    std::deque<int> m_queue;   // indexes waiting to be sent, in order
    // Pending rows at the front of the queue have their sent marks written ahead, several in one
    // write, so an answer is followed by the next request without waiting for the history.
    enum MarkState : char
    {
        NotMarked,
        Marking,
        Marked
    };
    std::vector<char> m_markState;
    bool m_markingAhead = false;
    std::array<qint64, 32> m_answerTimes{}; // monotonic ms of the last answers, a ring
    qsizetype m_answers = 0;
    QHash<qint64, int> m_bySubmission;

    int m_maxConcurrency = 4;
    int m_concurrency = 4;
    int m_inFlight = 0;
    int m_doneThisSession = 0;
    bool m_pauseRequested = false; // pause() while Preparing
    bool m_dispatching = false;
    bool m_flushing = false;
    bool m_redispatch = false;
    BulkPace m_pace;
    std::vector<qint64> m_sentAt; // monotonic ms each row last left
    QTimer m_throttleTimer;       // the end of a hold, or the next paced request

    QTimer m_progressTimer;
    QList<int> m_changed;
    std::vector<char> m_changedFlag;
    bool m_dirty = false;
    qint64 m_startedAt = 0;
    std::deque<std::pair<qint64, int>> m_samples; // (monotonic ms, rows done) for throughput
};

} // namespace qd
