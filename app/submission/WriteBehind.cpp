#include "WriteBehind.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSubmission)

namespace qd {

WriteBehind::WriteBehind(SubmissionStore *store, QObject *parent) : QObject(parent), m_store(store) {}

WriteBehind::~WriteBehind()
{
    flush();
}

void WriteBehind::markSent(qint64 id, const QString &correlationId)
{
    m_sent.append({id, correlationId});
    schedule();
}

void WriteBehind::recordOutcome(const Submission &row)
{
    m_outcomes.append(row);
    schedule();
}

void WriteBehind::schedule()
{
    // A posted call: after the events already waiting (other answers, which then share the
    // write), before the ones posted later (the start of a request whose sent mark this holds).
    if (m_scheduled)
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(this, [this] {
        if (m_scheduled)
            flush();
    }, Qt::QueuedConnection);
}

bool WriteBehind::flush()
{
    m_scheduled = false;
    if (isEmpty())
        return true;
    if (!m_store) {
        // The history is gone (shutting down): the rows stay as it last had them.
        m_sent.clear();
        m_outcomes.clear();
        return false;
    }
    if (m_store->recordProgress(m_sent, m_outcomes)) {
        m_sent.clear();
        m_outcomes.clear();
        return true;
    }
    // Kept for the next flush (the next change, or the caller's flush()): a history that is
    // locked or full for a moment loses nothing.
    const StoreError error = m_store->lastError();
    QList<qint64> ids;
    for (const SubmissionStore::SentMark &mark : std::as_const(m_sent))
        ids.append(mark.id);
    for (const Submission &row : std::as_const(m_outcomes))
        ids.append(row.id);
    qCWarning(lcSubmission) << "could not record" << ids.size() << "changes of bulk rows yet:" << error.detail;
    emit writeFailed(error, ids);
    return false;
}

} // namespace qd
