#pragma once

// Internal to app/submission: the history writes of bulk rows after they were stored.

#include "history/SubmissionStore.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>

namespace qd {

// Sent marks and outcomes of rows that are already in the history (a bulk run's rows), written
// together in one transaction instead of one transaction each (and without a disk sync: safe
// against a crash of the program), so many answers cost one write and one view update. The
// write runs on the store's own writing thread, so the thread that sends requests goes on
// meanwhile. A mark somebody waits for is written as soon as the event loop turns (a posted
// call: whatever was queued before it goes with it); outcomes alone wait up to kCoalesceMs for
// company, as nothing waits for them. A request is created only once its sent mark is written
// (markSent's callback), so a crash leaves "pending" only for rows that never left. A write
// that fails (history locked or full) is kept and tried again with the next one. What is not
// written when the program dies (or when the last try at destruction fails) leaves its rows
// pending or sent, which the next start turns into unknown and settles by re-reading, as for
// any interrupted submission: nothing is sent under a second MS-RequestId.
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
    // Several rows in the same write, with one callback for all of them.
    void markSent(const QList<qint64> &ids, QObject *context, Written then);
    void recordOutcome(const Submission &row);
    // Writes what is queued now, on this thread (after the background write under way, if any).
    // False when the write failed (writeFailed() was emitted and
    // the changes stay queued for the next try).
    bool flush();
    bool isEmpty() const { return m_sent.isEmpty() && m_outcomes.isEmpty() && !m_writing; }

    // How long outcomes alone may wait for a write: at thousands of answers a second, one
    // transaction carries dozens of them; a crash in between leaves those rows "sent", which a
    // resumed run settles by re-reading.
    static constexpr int kCoalesceMs = 10;

signals:
    // The queued changes of these rows could not be written yet; they stay queued.
    void writeFailed(const qd::StoreError &error, const QList<qint64> &ids);

private:
    struct Waiting;
    void schedule();
    // The scheduled write: on the store's writing thread, so this thread goes on meanwhile.
    void writeInBackground();
    // After a write: callbacks, or (failed) the changes queued again and writeFailed().
    bool conclude(bool ok, QList<SubmissionStore::SentMark> sent, const QList<Submission> &outcomes,
                  const QList<Waiting> &waiting);
    bool m_scheduled = false;
    bool m_writing = false; // a write of ours is under way on the store's thread
    bool m_again = false;   // more was scheduled meanwhile
    bool m_closing = false;
    QTimer m_coalesce;

    QPointer<SubmissionStore> m_store;
    struct Waiting
    {
        QPointer<QObject> context;
        Written then;
        QList<qint64> ids;
    };
    QList<SubmissionStore::SentMark> m_sent;
    QList<Submission> m_outcomes;
    QList<Waiting> m_waiting;
};

} // namespace qd
