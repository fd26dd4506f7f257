#include "WriteBehind.h"

#include <QLoggingCategory>
#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcSubmission)

namespace qd {

WriteBehind::WriteBehind(SubmissionStore *store, QObject *parent) : QObject(parent), m_store(store)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setTimerType(Qt::PreciseTimer);
    connect(&m_coalesce, &QTimer::timeout, this, &WriteBehind::writeInBackground);
}

WriteBehind::~WriteBehind()
{
    // Going away (shutting down): nothing waiting may start a request now, so its marks go too
    // (a write already under way still lands; its rows are settled by reading at the next start).
    m_closing = true;
    if (m_store)
        m_store->waitForProgress();
    for (const Waiting &w : std::as_const(m_waiting))
        m_sent.removeIf([&w](const SubmissionStore::SentMark &mark) { return w.ids.contains(mark.id); });
    m_waiting.clear();
    flush();
}

void WriteBehind::markSent(qint64 id, const QString &correlationId, QObject *context, Written then)
{
    m_sent.append({id, correlationId});
    if (then)
        m_waiting.append(Waiting{context, std::move(then), {id}});
    schedule();
}

void WriteBehind::markSent(const QList<qint64> &ids, QObject *context, Written then)
{
    for (qint64 id : ids)
        m_sent.append(SubmissionStore::SentMark{id, {}});
    m_waiting.append(Waiting{context, std::move(then), ids});
    schedule();
}

void WriteBehind::recordOutcome(const Submission &row)
{
    m_outcomes.append(row);
    schedule();
}

void WriteBehind::schedule()
{
    // Nobody waits: give the outcomes of the next answers a moment to share the write.
    if (m_waiting.isEmpty()) {
        if (!m_scheduled && !m_coalesce.isActive())
            m_coalesce.start(kCoalesceMs);
        return;
    }
    // A posted call: after the events already waiting (other answers, which then share the
    // write), before the ones posted later (the start of a request whose sent mark this holds).
    if (m_scheduled)
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_scheduled)
                writeInBackground();
        },
        Qt::QueuedConnection);
}

void WriteBehind::writeInBackground()
{
    m_scheduled = false;
    m_coalesce.stop();
    if (m_writing) {
        m_again = true; // after the write under way
        return;
    }
    if (!m_store || (m_sent.isEmpty() && m_outcomes.isEmpty()))
        return;
    // Taken out first: whatever the answer sets off may queue more for the next write.
    QList<SubmissionStore::SentMark> sent = std::exchange(m_sent, {});
    QList<Submission> outcomes = std::exchange(m_outcomes, {});
    QList<Waiting> waiting = std::exchange(m_waiting, {});
    m_writing = true;
    m_store->recordProgressAsync(sent, outcomes, [this, sent, outcomes, waiting](bool ok) {
        m_writing = false;
        conclude(ok, sent, outcomes, waiting);
        if (!m_closing && (std::exchange(m_again, false) || !isEmpty()))
            schedule();
    });
}

bool WriteBehind::flush()
{
    m_scheduled = false;
    m_coalesce.stop();
    if (m_store)
        m_store->waitForProgress(); // the write under way ends first (a failed one is queued again)
    if (isEmpty())
        return true;
    QList<SubmissionStore::SentMark> sent = std::exchange(m_sent, {});
    QList<Submission> outcomes = std::exchange(m_outcomes, {});
    const QList<Waiting> waiting = std::exchange(m_waiting, {});
    return conclude(m_store && m_store->recordProgress(sent, outcomes), sent, outcomes, waiting);
}

bool WriteBehind::conclude(bool ok, QList<SubmissionStore::SentMark> sent, const QList<Submission> &outcomes,
                           const QList<Waiting> &waiting)
{
    if (ok) {
        for (const Waiting &w : waiting) {
            if (w.context && !m_closing)
                w.then(true);
        }
        return true;
    }
    const StoreError error = m_store ? m_store->lastError() : StoreError{};
    QList<qint64> ids;
    for (const SubmissionStore::SentMark &mark : std::as_const(sent))
        ids.append(mark.id);
    for (const Submission &row : std::as_const(outcomes))
        ids.append(row.id);
    if (m_store) {
        // Kept for the next write, ahead of anything queued meanwhile: a history that is
        // locked or full for a moment loses no answer. Marks somebody waits for are dropped:
        // they are told, and send nothing.
        sent.removeIf([&waiting](const SubmissionStore::SentMark &mark) {
            return std::any_of(waiting.begin(), waiting.end(),
                               [&mark](const Waiting &w) { return w.ids.contains(mark.id); });
        });
        m_sent = sent + m_sent;
        m_outcomes = outcomes + m_outcomes;
        qCWarning(lcSubmission) << "could not record" << ids.size()
                                << "changes of bulk rows yet:" << error.detail;
        emit writeFailed(error, ids);
    }
    for (const Waiting &w : waiting) {
        if (w.context && !m_closing)
            w.then(false);
    }
    return false;
}

} // namespace qd
