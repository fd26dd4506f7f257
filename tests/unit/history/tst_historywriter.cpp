#include "StoreTestUtil.h"
#include "history/HistoryQueries.h"
#include "history/HistorySql.h"
#include "history/HistoryWriter.h"
#include "history/SqliteHistory.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;
using qd::test::makeSubmission;

// HistoryWriter and HistoryQueries on a history of their own, without the store around them:
// each write is one transaction, the rows read back as written, and a missing row is a fault.
class TestHistoryWriter : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<qd::test::HistoryParts> m_parts;
    HistoryWriter *m_writer = nullptr;
    HistoryQueries *m_queries = nullptr;

    QList<Submission> newRows(int count)
    {
        QList<Submission> rows;
        for (int n = 1; n <= count; ++n) {
            Submission s = makeSubmission(n);
            historysql::prepareNew(s, QDateTime(QDate(2026, 3, 1), QTime(9, n), Qt::UTC));
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
        m_queries = &m_parts->queries;
    }
    void cleanup() { m_parts.reset(); }

    void insertedRowsReadBackPending()
    {
        QList<Submission> rows = newRows(3);
        HistoryFault fault;
        QVERIFY(m_writer->insert(rows, std::nullopt, fault));
        QVERIFY(rows[0].id > 0 && rows[1].id > rows[0].id);
        const auto back = m_queries->get(rows[1].id, fault);
        QVERIFY(back);
        QCOMPARE(back->state, Submission::State::Pending);
        QCOMPARE(back->customerId, rows[1].customerId);
        QVERIFY(!back->requestId.isEmpty());
        QCOMPARE(back->requestId, rows[1].requestId);
        QCOMPARE(m_queries->count({}, fault), 3);
        QVERIFY(!fault.isFault());
    }

    void sentThenAnsweredInOneWrite()
    {
        QList<Submission> rows = newRows(2);
        HistoryFault fault;
        QVERIFY(m_writer->insert(rows, std::nullopt, fault));
        Submission answered = rows[0];
        answered.state = Submission::State::Accepted;
        answered.httpStatus = 201;
        answered.vettingStatus = u"InReview"_s;
        QList<qint64> ids;
        QVERIFY(
            m_writer->recordProgress({{rows[0].id, u"corr-1"_s}, {rows[1].id, {}}}, {answered}, ids, fault));
        QCOMPARE(ids, (QList<qint64>{rows[0].id, rows[1].id, rows[0].id}));
        QCOMPARE(m_queries->get(rows[0].id, fault)->state, Submission::State::Accepted);
        QCOMPARE(m_queries->get(rows[1].id, fault)->state, Submission::State::Sent);
        // Accepted and still in review: settled later by a refresh.
        QCOMPARE(m_queries->unsettled(fault).size(), 1);
    }

    void releasedMarksArePendingAgain()
    {
        QList<Submission> rows = newRows(2);
        HistoryFault fault;
        QVERIFY(m_writer->insert(rows, std::nullopt, fault));
        QVERIFY(m_writer->markSent({rows[0].id, {}}, fault));
        QVERIFY(m_writer->releaseSentMarks({rows[0].id, rows[1].id}, fault));
        QCOMPARE(m_queries->get(rows[0].id, fault)->state, Submission::State::Pending);
        QVERIFY(m_writer->failPending({rows[0].id}, u"cancelled"_s, u"Cancelled."_s, fault));
        const auto failed = m_queries->get(rows[0].id, fault);
        QCOMPARE(failed->state, Submission::State::Failed);
        QCOMPARE(failed->errorCode, u"cancelled"_s);
    }

    void vettingChangeIsNoted()
    {
        QList<Submission> rows = newRows(1);
        HistoryFault fault;
        QVERIFY(m_writer->insert(rows, std::nullopt, fault));
        const QDateTime first(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC);
        const QDateTime second = first.addDays(1);
        QVERIFY(m_writer->updateVetting(rows[0].id, u"InReview"_s, {}, first, first, fault));
        QVERIFY(m_writer->updateVetting(rows[0].id, u"Approved"_s, {}, first, second, fault));
        const auto back = m_queries->get(rows[0].id, fault);
        QCOMPARE(back->vettingStatus, u"Approved"_s);
        QCOMPARE(back->previousVettingStatus, u"InReview"_s);
        QCOMPARE(back->vettingChangedAt, second);
    }

    void missingRowIsNotFoundAndWritesNothing()
    {
        QList<Submission> rows = newRows(1);
        HistoryFault fault;
        QVERIFY(m_writer->insert(rows, std::nullopt, fault));
        Submission ghost = rows[0];
        ghost.id = rows[0].id + 100;
        ghost.state = Submission::State::Accepted;
        QList<qint64> ids;
        // The existing row's mark is rolled back with the missing row's outcome.
        QVERIFY(!m_writer->recordProgress({{rows[0].id, {}}}, {ghost}, ids, fault));
        QCOMPARE(fault.kind, StoreError::Kind::NotFound);
        HistoryFault read;
        QCOMPARE(m_queries->get(rows[0].id, read)->state, Submission::State::Pending);
        QVERIFY(!m_queries->get(ghost.id, read));
        QCOMPARE(read.kind, StoreError::Kind::NotFound);
    }

    void keysetPagesCoverEveryRowOnce()
    {
        QList<Submission> rows = newRows(7);
        HistoryFault fault;
        QVERIFY(m_writer->insert(rows, std::nullopt, fault));
        const SubmissionSort sort{SubmissionColumn::Time, Qt::DescendingOrder};
        QList<qint64> seen;
        Submission after;
        for (;;) {
            const QList<Submission> page = m_queries->queryAfter({}, sort, after, 3, fault);
            QVERIFY(!fault.isFault());
            if (page.isEmpty())
                break;
            for (const Submission &s : page)
                seen << s.id;
            after = page.last();
        }
        QCOMPARE(seen.size(), 7);
        QCOMPARE(seen.first(), rows.last().id); // newest first
        QCOMPARE(QSet<qint64>(seen.begin(), seen.end()).size(), 7);
    }
};

QTEST_GUILESS_MAIN(TestHistoryWriter)
#include "tst_historywriter.moc"
