#include "ManualClock.h"
#include "StoreTestUtil.h"
#include "history/HistorySql.h"
#include "history/SubmissionStore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;
using qd::test::makeSubmission;
using qd::test::RawConnection;

// SubmissionStore reading: filters, sort orders, keyset pages, runs and vetting changes.
class TestSubmissionQueries : public QObject
{
    Q_OBJECT

private slots:
    void filtersAndSorts();
    void keysetPagesMatchOneQuery();
    void vettingChangeIsNoted();
    void bulkRunsAndBatches();
    void failPendingTouchesOnlyPendingRows();
    void filtersByUser_data();
    void filtersByUser();
    void listsEveryUserOnce();
};

void TestSubmissionQueries::filtersAndSorts()
{
    QTemporaryDir dir;
    test::ManualClock clock;
    SubmissionStore store(&clock);
    QVERIFY(store.open(dir.path()));
    const QStringList names{u"Žluťoučký kůň a.s."_s, u"Brno University of Technology"_s,
                            u"Masarykova univerzita Brno"_s, u"contoso 100% \"quoted\""_s, u"Alpine_Ski"_s};
    QList<qint64> ids;
    for (int i = 0; i < names.size(); ++i) {
        Submission s = makeSubmission(i, names.at(i));
        if (i == 2) {
            s.request.type = QualificationType::StateOwnedEntity;
            s.request.segment = EducationSegment::None;
            s.request.website.clear();
        }
        QVERIFY(store.insertPending(s));
        ids << s.id;
        clock.advanceSecs(3600);
    }
    Submission accepted = *store.get(ids.at(1));
    accepted.state = Submission::State::Accepted;
    QVERIFY(store.recordOutcome(accepted));

    auto countOf = [&](const SubmissionFilter &f) { return store.count(f); };
    SubmissionFilter f;
    f.text = u"ZLUTOUCKY"_s;
    QCOMPARE(countOf(f), 1);
    f.text = u"kůň"_s;
    QCOMPARE(countOf(f), 1);
    f.text = u"brno"_s;
    QCOMPARE(countOf(f), 2);
    f.text = u"100%"_s; // LIKE wildcards are taken literally
    QCOMPARE(countOf(f), 1);
    f.text = u"y_o"_s; // would match "University of" as a wildcard
    QCOMPARE(countOf(f), 0);
    f.text = u"y%o"_s;
    QCOMPARE(countOf(f), 0);
    f.text = u"Alpine_"_s;
    QCOMPARE(countOf(f), 1);
    f.text = makeSubmission(3).customerId.toUpper(); // a tenant ID in any case
    QCOMPARE(countOf(f), 1);
    f.text = u"0000-4000"_s; // part of a tenant ID
    QCOMPARE(countOf(f), 5);
    f = {};
    f.customerId = TenantId::fromText(makeSubmission(4).customerId);
    QCOMPARE(countOf(f), 1);
    f = {};
    f.states = {Submission::State::Accepted};
    QCOMPARE(countOf(f), 1);
    f.states = {Submission::State::Accepted, Submission::State::Pending};
    QCOMPARE(countOf(f), 5);
    f = {};
    f.qualification = QualificationType::StateOwnedEntity;
    QCOMPARE(countOf(f), 1);
    f = {};
    f.from = QDateTime(QDate(2026, 1, 1), QTime(13, 0), Qt::UTC);
    f.to = QDateTime(QDate(2026, 1, 1), QTime(15, 0), Qt::UTC);
    QCOMPARE(countOf(f), 2); // 13:00 and 14:00; 'to' is exclusive

    const QList<Submission> byName = store.query({}, {SubmissionColumn::Customer, Qt::AscendingOrder});
    QStringList sortedNames;
    for (const Submission &s : byName)
        sortedNames << s.companyName;
    QCOMPARE(sortedNames.first(), u"Alpine_Ski"_s);
    QCOMPARE(sortedNames.at(1), u"Brno University of Technology"_s);
    QCOMPARE(sortedNames.at(2), u"contoso 100% \"quoted\""_s); // case-insensitive
    const QList<Submission> newest = store.query({}, {}, 0, 2);
    QCOMPARE(newest.size(), 2);
    QCOMPARE(newest.first().id, ids.last());
    QCOMPARE(store.query({}, {}, 4, 10).size(), 1);
}

void TestSubmissionQueries::keysetPagesMatchOneQuery()
{
    QTemporaryDir dir;
    test::ManualClock clock;
    SubmissionStore store(&clock);
    QVERIFY(store.open(dir.path()));
    QList<Submission> rows;
    for (int i = 0; i < 95; ++i) {
        Submission s = makeSubmission(i % 7, u"Customer %1"_s.arg(i % 7)); // many equal sort values
        s.time = clock.nowUtc().addSecs(i % 5);
        s.request.type = i % 2 ? QualificationType::Education : QualificationType::StateOwnedEntity;
        rows << s;
    }
    QVERIFY(store.insertPendingBatch(rows));
    for (int column = 0; column <= int(SubmissionColumn::RequestId); ++column) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            const SubmissionSort sort{SubmissionColumn(column), order};
            const QList<Submission> all = store.query({}, sort);
            QList<qint64> paged;
            Submission after;
            for (;;) {
                const QList<Submission> page = store.queryAfter({}, sort, after, 10);
                for (const Submission &s : page)
                    paged << s.id;
                if (page.size() < 10)
                    break;
                after = page.last();
            }
            QList<qint64> expected;
            for (const Submission &s : all)
                expected << s.id;
            QCOMPARE(paged, expected);
        }
    }
}

void TestSubmissionQueries::vettingChangeIsNoted()
{
    QTemporaryDir dir;
    test::ManualClock clock;
    SubmissionStore store(&clock);
    QVERIFY(store.open(dir.path()));
    Submission s = makeSubmission(1);
    QVERIFY(store.insertPending(s));
    QSignalSpy changed(&store, &SubmissionStore::submissionChanged);
    QVERIFY(store.updateVetting(s.id, u"InReview"_s, {}, clock.nowUtc(), clock.nowUtc()));
    QVERIFY(store.get(s.id)->previousVettingStatus.isEmpty());
    QVERIFY(!store.get(s.id)->vettingChangedAt.isValid());
    clock.advanceSecs(86400);
    QVERIFY(store.updateVetting(s.id, u"Approved"_s, {}, {}, clock.nowUtc()));
    const Submission after = *store.get(s.id);
    QCOMPARE(after.vettingStatus, u"Approved"_s);
    QCOMPARE(after.previousVettingStatus, u"InReview"_s);
    QCOMPARE(after.vettingChangedAt, clock.nowUtc());
    QCOMPARE(after.lastChecked, clock.nowUtc());
    QCOMPARE(changed.size(), 2);
    QVERIFY(!after.changeSummary(clock.nowUtc()).isEmpty());
    QVERIFY(after.changeSummary(clock.nowUtc()) != after.changeSummary(clock.nowUtc().addDays(1)));
}

void TestSubmissionQueries::bulkRunsAndBatches()
{
    QTemporaryDir dir;
    SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    QList<Submission> rows;
    for (int i = 0; i < 5; ++i) {
        Submission s = makeSubmission(i);
        s.runId = u"run-a"_s;
        s.runLine = i + 2;
        rows << s;
    }
    QSignalSpy added(&store, &SubmissionStore::submissionAdded);
    QSignalSpy batch(&store, &SubmissionStore::submissionsAdded);
    QVERIFY(store.insertPendingBatch(rows));
    QCOMPARE(added.size(), 0);
    QCOMPARE(batch.size(), 1); // one signal for the whole batch, ids in order
    const auto ids = batch.first().first().value<QList<qint64>>();
    QCOMPARE(ids.size(), 5);
    for (int i = 0; i < rows.size(); ++i) {
        QVERIFY(rows.at(i).id > 0);
        QCOMPARE(ids.at(i), rows.at(i).id);
    }
    const QList<Submission> run = store.byRun(u"run-a"_s);
    QCOMPARE(run.size(), 5);
    QCOMPARE(run.first().runLine, 2);
    QCOMPARE(store.unfinishedRuns(), QStringList{u"run-a"_s});
    for (Submission s : run) {
        s.state = Submission::State::Accepted;
        QVERIFY(store.recordOutcome(s));
    }
    QVERIFY(store.unfinishedRuns().isEmpty());
    // A batch is all or none: a locked file writes none of it.
    RawConnection other(store.filePath());
    QVERIFY(other.exec(u"BEGIN EXCLUSIVE"_s));
    store.close();
    SubmissionStore second;
    second.setBusyTimeoutMs(100);
    QVERIFY(!second.open(dir.path())); // opening needs a moment of write access too
    QCOMPARE(second.lastError().kind, StoreError::Kind::Locked);
    QVERIFY(other.exec(u"ROLLBACK"_s));
}

void TestSubmissionQueries::failPendingTouchesOnlyPendingRows()
{
    QTemporaryDir dir;
    SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    QList<Submission> rows;
    for (int i = 0; i < 3; ++i)
        rows << makeSubmission(i);
    QVERIFY(store.insertPendingBatch(rows));
    QVERIFY(store.markSent(rows.at(1).id)); // this one left before the cancel

    QSignalSpy one(&store, &SubmissionStore::submissionChanged);
    QSignalSpy many(&store, &SubmissionStore::submissionsChanged);
    const QList<qint64> ids{rows.at(0).id, rows.at(1).id, rows.at(2).id};
    QVERIFY(store.failPending(ids, u"cancelled"_s, u"Cancelled before sending."_s));
    QCOMPARE(one.size(), 0);
    QCOMPARE(many.size(), 1);
    QCOMPARE(store.get(rows.at(0).id)->state, Submission::State::Failed);
    QCOMPARE(store.get(rows.at(0).id)->errorCode, u"cancelled"_s);
    QCOMPARE(store.get(rows.at(1).id)->state, Submission::State::Sent);
    QCOMPARE(store.get(rows.at(2).id)->errorMessage, u"Cancelled before sending."_s);
}

void TestSubmissionQueries::filtersByUser_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QList<Submission::State>>("states");
    QTest::addColumn<int>("expected");
    QTest::newRow("everyone") << QString() << QList<Submission::State>{} << 12;
    QTest::newRow("one person") << u"anna.novak@contoso.example"_s << QList<Submission::State>{} << 5;
    QTest::newRow("exact case") << u"ANNA.NOVAK@contoso.example"_s << QList<Submission::State>{} << 0;
    QTest::newRow("no part of a name") << u"anna"_s << QList<Submission::State>{} << 0;
    QTest::newRow("quote in the name") << u"o'brien@contoso.example"_s << QList<Submission::State>{} << 3;
    QTest::newRow("with a state") << u"anna.novak@contoso.example"_s
                                  << QList<Submission::State>{Submission::State::Accepted} << 3;
    QTest::newRow("nobody") << u"nobody@contoso.example"_s << QList<Submission::State>{} << 0;
}

void TestSubmissionQueries::filtersByUser()
{
    QFETCH(QString, user);
    QFETCH(QList<Submission::State>, states);
    QFETCH(int, expected);
    QTemporaryDir dir;
    test::ManualClock clock;
    SubmissionStore store(&clock);
    QVERIFY(store.open(dir.path()));
    const QStringList users{u"anna.novak@contoso.example"_s, u"Bob.Dvorak@contoso.example"_s,
                            u"o'brien@contoso.example"_s, QString()};
    QList<Submission> rows;
    for (int i = 0; i < 12; ++i) {
        Submission s = makeSubmission(i);
        s.user = users.at(i % 4 == 3 && i > 3 ? 0 : i % 4); // anna 5 rows, Bob 3, o'brien 3, nobody 1
        s.time = clock.nowUtc().addSecs(i);
        rows << s;
    }
    QVERIFY(store.insertPendingBatch(rows));
    for (int i = 0; i < rows.size(); i += 2) {
        Submission s = rows.at(i);
        s.state = Submission::State::Accepted;
        QVERIFY(store.recordOutcome(s));
    }

    SubmissionFilter filter;
    filter.user = user;
    filter.states = states;
    QCOMPARE(store.count(filter), expected);
    const QList<Submission> found = store.query(filter);
    QCOMPARE(found.size(), expected);
    // What the database returns is what a view decides about rows it is told of.
    QList<qint64> fromSql, fromMatches;
    for (const Submission &s : found)
        fromSql << s.id;
    for (const Submission &s : store.query())
        if (historysql::matches(filter, s))
            fromMatches << s.id;
    QCOMPARE(fromSql, fromMatches);
    // Keyset pages with the filter reach the same rows.
    const SubmissionSort byUser{SubmissionColumn::User, Qt::AscendingOrder};
    QList<qint64> paged;
    Submission after;
    for (;;) {
        const QList<Submission> page = store.queryAfter(filter, byUser, after, 3);
        for (const Submission &s : page)
            paged << s.id;
        if (page.size() < 3)
            break;
        after = page.last();
    }
    QCOMPARE(paged.size(), expected);
}

void TestSubmissionQueries::listsEveryUserOnce()
{
    QTemporaryDir dir;
    SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    QVERIFY(store.users().isEmpty());
    QVERIFY(!store.lastError().isError());
    QList<Submission> rows;
    for (const QString &user :
         {u"zoe@contoso.example"_s, u"Bob@contoso.example"_s, QString(), u"anna@contoso.example"_s,
          u"bob@contoso.example"_s, u"zoe@contoso.example"_s, u"Čeněk@contoso.example"_s}) {
        Submission s = makeSubmission(int(rows.size()));
        s.user = user;
        rows << s;
    }
    QVERIFY(store.insertPendingBatch(rows));
    // Once each, never the rows without a name; case does not decide the order, but both
    // spellings are people of their own, as the filter tells them apart.
    QCOMPARE(store.users(),
             (QStringList{u"anna@contoso.example"_s, u"Bob@contoso.example"_s, u"bob@contoso.example"_s,
                          u"zoe@contoso.example"_s, u"Čeněk@contoso.example"_s}));

    Submission colleague = makeSubmission(100);
    colleague.user = u"Cyril@contoso.example"_s;
    QVERIFY(store.insertPending(colleague));
    QCOMPARE(store.users().indexOf(u"Cyril@contoso.example"_s), 3);

    store.close();
    QVERIFY(store.users().isEmpty());
    QCOMPARE(store.lastError().kind, StoreError::Kind::NotOpen);
}

QTEST_GUILESS_MAIN(TestSubmissionQueries)
#include "tst_submissionqueries.moc"
