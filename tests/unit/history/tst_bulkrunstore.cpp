#include "StoreTestUtil.h"
#include "history/BulkRunStore.h"
#include "history/HistorySql.h"
#include "history/HistoryWriter.h"
#include "history/SqliteHistory.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;
using qd::test::makeSubmission;
using qd::test::RawConnection;

// BulkRunStore on a history of its own: a run's kept rows come back whole, count down as they are
// written, keep the run unfinished, and a kept value that cannot be read is a fault, not rows.
class TestBulkRunStore : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<qd::test::HistoryParts> m_parts;
    HistoryWriter *m_writer = nullptr;
    BulkRunStore *m_runs = nullptr;

    static QList<Submission> runRows(const QString &runId, int from, int to)
    {
        QList<Submission> rows;
        for (int n = from; n <= to; ++n) {
            Submission s = makeSubmission(n);
            s.runId = runId;
            s.runLine = n + 1;
            historysql::prepareNew(s, QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC));
            rows << s;
        }
        return rows;
    }

private slots:
    void init()
    {
        m_parts = std::make_unique<qd::test::HistoryParts>();
        QVERIFY(m_parts->open());
        m_writer = &m_parts->writer;
        m_runs = &m_parts->runs;
    }
    void cleanup() { m_parts.reset(); }

    void keptRowsComeBackAndCountDown()
    {
        const QString run = u"run-a"_s;
        QList<Submission> first = runRows(run, 1, 2);
        const QList<Submission> rest = runRows(run, 3, 6);
        HistoryFault fault;
        QVERIFY(m_writer->insert(first, KeptRows{run, rest}, fault));
        QList<Submission> kept = m_runs->keptRows(run, fault);
        QCOMPARE(kept.size(), 4);
        QCOMPARE(kept[0].requestId, rest[0].requestId);
        QCOMPARE(kept[3].customerId, rest[3].customerId);
        QCOMPARE(kept[3].runLine, rest[3].runLine);
        QCOMPARE(kept[0].request.segment, rest[0].request.segment);
        QCOMPARE(m_runs->unwrittenKeptRows(run, fault), 4);
        QCOMPARE(m_runs->unfinishedRuns(fault), QStringList{run});

        // Two more written (their kept copies stay until the last write drops them).
        QList<Submission> next = kept.mid(0, 2);
        QVERIFY(m_writer->insert(next, KeptRows{run, kept}, fault));
        QCOMPARE(m_runs->unwrittenKeptRows(run, fault), 2);
        QList<Submission> last = kept.mid(2);
        QVERIFY(m_writer->insert(last, KeptRows{run, {}}, fault));
        QVERIFY(m_runs->keptRows(run, fault).isEmpty());
        QCOMPARE(m_runs->unwrittenKeptRows(run, fault), 0);
        QVERIFY(!fault.isFault());

        const QList<Submission> all = m_runs->byRun(run, fault);
        QCOMPARE(all.size(), 6);
        QCOMPARE(all.first().runLine, 2);
        QCOMPARE(all.last().runLine, 7);
    }

    void answeredRunIsFinished()
    {
        QList<Submission> rows = runRows(u"run-b"_s, 1, 1);
        HistoryFault fault;
        QVERIFY(m_writer->insert(rows, std::nullopt, fault));
        QCOMPARE(m_runs->unfinishedRuns(fault), QStringList{u"run-b"_s});
        Submission done = rows[0];
        done.state = Submission::State::Rejected;
        QVERIFY(m_writer->recordOutcome(done, fault));
        QVERIFY(m_runs->unfinishedRuns(fault).isEmpty());
    }

    void unreadableKeptRowsAreAFault()
    {
        HistoryFault fault;
        QList<Submission> none;
        QVERIFY(m_writer->insert(none, KeptRows{u"run-c"_s, runRows(u"run-c"_s, 1, 2)}, fault));
        {
            RawConnection raw(m_parts->db.location());
            QVERIFY(raw.exec(u"UPDATE bulk_kept_rows SET rows = x'00010203'"_s));
        }
        QVERIFY(m_runs->keptRows(u"run-c"_s, fault).isEmpty());
        QCOMPARE(fault.kind, StoreError::Kind::Corrupt);
        QVERIFY(fault.detail.contains(u"run-c"_s));
        fault = {};
        QCOMPARE(m_runs->unwrittenKeptRows(u"run-c"_s, fault), -1);
    }
};

QTEST_GUILESS_MAIN(TestBulkRunStore)
#include "tst_bulkrunstore.moc"
