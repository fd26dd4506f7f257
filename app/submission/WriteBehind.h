#pragma once

// Internal to app/submission: the history writes of bulk rows after they were stored.

#include "history/SubmissionStore.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <functional>

namespace qd {

// Sent marks and outcomes of rows that are already in the history (a bulk run's rows), written
// together in one transaction per turn of the event loop instead of one transaction each (and
// without a disk sync: safe against a crash of the program), so many answers arriving at once
// cost one write and one view update. The write is queued on the event loop like any other
// posted call, so whatever was queued before a call is started is written before that call
// begins. A request is created only once its sent mark is written (markSent's callback), so
// a crash leaves "pending" only for rows that never left. A write that fails (history locked or full) is kept
// and tried again with the next one. What is not written when the program dies (or when the
// last try at destruction fails) leaves its rows pending or sent, which the next start turns
// into unknown and settles by re-reading, as for any interrupted submission: nothing is sent
// under a second MS-RequestId.
class WriteBehind : public QObject
{
    Q_OBJECT
public:
    explicit WriteBehind(SubmissionStore *store, QObject *parent = nullptr);
    ~WriteBehind() override;

    // then(true) runs once the mark is written, then(false) when that write failed (the mark is
    // dropped then: whoever waits has not sent anything). Skipped when context is gone.
    using Written = std::function<void(bool ok)>;
    void markSent(qint64 id, const QString &correlationId, QObject *context = nullptr, Written then = {});
    void recordOutcome(const Submission &row);
    // Writes what is queued now. False when the write failed (writeFailed() was emitted and
    // the changes stay queued for the next try).
    bool flush();
    bool isEmpty() const { return m_sent.isEmpty() && m_outcomes.isEmpty(); }

signals:
    // The queued changes of these rows could not be written yet; they stay queued.
    void writeFailed(const qd::StoreError &error, const QList<qint64> &ids);

private:
    void schedule();
    bool m_scheduled = false;

    QPointer<SubmissionStore> m_store;
    struct Waiting
    {
        QPointer<QObject> context;
        Written then;
        qint64 id = 0;
    };
    QList<SubmissionStore::SentMark> m_sent;
    QList<Submission> m_outcomes;
    QList<Waiting> m_waiting;
};

} // namespace qd
