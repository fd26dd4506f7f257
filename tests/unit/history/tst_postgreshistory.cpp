// The history on a real PostgreSQL 15 server started for the test: the same store, the same
// answers as SQLite, and what a team's server adds (claims, colleagues' rows, a lost connection).
#include "ManualClock.h"
#include "PostgresServer.h"
#include "StoreTestUtil.h"
#include "history/HistoryModel.h"

#include <QDir>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>
#include <memory>

using namespace Qt::StringLiterals;
using namespace qd;
using namespace qd::test;

namespace {
const QString kPassword = u"desk-pw"_s;
const QString kBob = u"bob.svoboda@contoso-partner.example"_s;
} // namespace

class TestPostgresHistory : public QObject
{
    Q_OBJECT
private:
    PostgresServer m_server;
    int m_databases = 0;
    QString m_url; // a fresh database for the test function running

    std::unique_ptr<SubmissionStore> openStore(const Clock *clock = SystemClock::instance())
    {
        auto store = std::make_unique<SubmissionStore>(clock);
        store->setServerPassword(kPassword);
        if (!store->open(m_url))
            qWarning() << store->lastError().message << store->lastError().detail;
        return store;
    }
    QVariant scalar(const QString &sql)
    {
        QString out;
        if (!m_server.psql(sql, &out, database()))
            return {};
        return out.trimmed();
    }
    QString database() const { return u"team%1"_s.arg(m_databases); }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
        QVERIFY2(m_server.createRole(u"desk"_s, kPassword), qPrintable(m_server.lastError()));
        QVERIFY2(m_server.createRole(u"viewer"_s, u"viewer-pw"_s), qPrintable(m_server.lastError()));
    }

    void init()
    {
        ++m_databases;
        QVERIFY2(m_server.createDatabase(database(), u"desk"_s), qPrintable(m_server.lastError()));
        m_url = u"postgresql://desk@127.0.0.1:%1/%2"_s.arg(m_server.port()).arg(database());
    }

    void opensAndMigratesTheServersSchema()
    {
        auto store = openStore();
        QVERIFY(store->isOpen());
        QVERIFY(store->isShared());
        QVERIFY(!store->isReadOnly());
        QCOMPARE(store->filePath(), m_url); // no password in what the user is shown
        QCOMPARE(scalar(u"SELECT max(version) FROM schema_version"_s).toInt(),
                 SubmissionStore::currentSchemaVersion());
        // Times are milliseconds: they need 64 bits.
        QCOMPARE(scalar(u"SELECT data_type FROM information_schema.columns WHERE table_name = 'submissions'"
                        " AND column_name = 'time_ms'"_s)
                     .toString(),
                 u"bigint"_s);
        store.reset();
        auto again = openStore(); // a second desk finds it made
        QVERIFY(again->isOpen());
        QCOMPARE(scalar(u"SELECT count(*) FROM schema_version"_s).toInt(), 1);
    }

    void writesAndReadsRowsAsSqliteDoes()
    {
        // The same rows in both backends; every sort, in both orders, and every keyset page agree.
        QTemporaryDir dir;
        SubmissionStore local;
        QVERIFY(local.open(dir.path()));
        auto team = openStore();
        QVERIFY(team->isOpen());
        const QStringList names{u"alpha"_s, u"Alpha"_s, u"ALPHA"_s,  u"beta"_s,      u"Žluťoučký kůň"_s,
                                u"zeta"_s,  u"Zeta"_s,  u"_under"_s, u"[bracket]"_s, u"čeština"_s,
                                u"Émile"_s, u"emile"_s, u"0 Zero"_s, u"a b"_s,       u"a-b"_s};
        const QDateTime base(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC);
        for (int i = 0; i < 45; ++i) {
            Submission s = makeSubmission(i, names.at(i % names.size()));
            s.time = base.addSecs((i * 7) % 11); // many ties
            s.request.type = i % 3 == 0 ? QualificationType::StateOwnedEntity : QualificationType::Education;
            s.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            Submission copy = s;
            QVERIFY(local.insertPending(s));
            QVERIFY2(team->insertPending(copy), qPrintable(team->lastError().detail));
            QCOMPARE(copy.id, s.id);
            Submission outcome = s;
            outcome.state = i % 4 == 0 ? Submission::State::Rejected : Submission::State::Accepted;
            outcome.vettingStatus = i % 5 == 0 ? u"InReview"_s : (i % 2 ? u"Approved"_s : u"inreview"_s);
            outcome.errorMessage = i % 4 == 0 ? names.at((i + 3) % names.size()) : QString();
            QVERIFY(local.recordOutcome(outcome));
            QVERIFY(team->recordOutcome(outcome));
        }
        const auto ids = [](const QList<Submission> &rows) {
            QList<qint64> out;
            for (const Submission &s : rows)
                out << s.id;
            return out;
        };
        for (int c = 0; c <= int(SubmissionColumn::RequestId); ++c) {
            for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                const SubmissionSort sort{SubmissionColumn(c), order};
                const QList<Submission> want = local.query({}, sort);
                QCOMPARE(want.size(), 45);
                const auto listed = [](const QList<Submission> &rows) {
                    QStringList out;
                    for (const Submission &s : rows)
                        out << s.companyName + u'/' + QString::number(s.id);
                    return out.join(u", "_s);
                };
                const QList<Submission> got = team->query({}, sort);
                QVERIFY2(ids(got) == ids(want),
                         qPrintable(u"column %1 order %2:\n%3\n%4"_s.arg(c).arg(order).arg(listed(got),
                                                                                           listed(want))));
                // Keyset pages of 7 walk the same order.
                QList<Submission> paged;
                Submission after;
                for (;;) {
                    const QList<Submission> page = team->queryAfter({}, sort, after, 7);
                    if (page.isEmpty())
                        break;
                    paged += page;
                    after = page.last();
                }
                QCOMPARE(ids(paged), ids(want));
            }
        }
        SubmissionFilter text;
        text.text = u"zlutoucky"_s;
        QCOMPARE(ids(team->query(text)), ids(local.query(text)));
        QVERIFY(!team->query(text).isEmpty());
        text.text = u"_"_s; // a LIKE wildcard, matched as itself
        QCOMPARE(ids(team->query(text)), ids(local.query(text)));
        QCOMPARE(ids(team->unsettled()), ids(local.unsettled()));
        QVERIFY(!team->unsettled().isEmpty());
        QCOMPARE(team->count(), 45);
        QCOMPARE(team->query({}, {}, 40, -1).size(), 5);
        const std::optional<Submission> row = team->get(7);
        QVERIFY(row);
        QCOMPARE(row->companyName, local.get(7)->companyName);
        QCOMPARE(row->time, local.get(7)->time);
    }

    void aSecondDeskCannotClaimAPairInFlight()
    {
        auto anna = openStore();
        auto bob = openStore();
        Submission first = makeSubmission(1);
        QVERIFY(anna->insertPending(first));
        QVERIFY(anna->markSent(first.id));

        Submission second = makeSubmission(1);
        second.user = kBob;
        QVERIFY(!bob->insertPending(second));
        QCOMPARE(bob->lastError().kind, StoreError::Kind::Claimed);
        QCOMPARE(bob->lastError().claim.rowId, first.id);
        QCOMPARE(bob->lastError().claim.user, first.user);
        QCOMPARE(bob->lastError().claim.state, u"sent"_s);
        QVERIFY2(bob->lastError().message.contains(first.user), qPrintable(bob->lastError().message));
        QCOMPARE(bob->count(), 1); // nothing written, so nothing can be sent

        // Another qualification, or another customer, is free.
        Submission other = makeSubmission(1);
        other.request.type = QualificationType::StateOwnedEntity;
        QVERIFY(bob->insertPending(other));

        // Accepted and approved: still held. Denied or refused: free again.
        Submission done = first;
        done.state = Submission::State::Accepted;
        done.vettingStatus = u"Approved"_s;
        QVERIFY(anna->recordOutcome(done));
        QVERIFY(!bob->insertPending(second));
        QCOMPARE(bob->lastError().kind, StoreError::Kind::Claimed);
        QVERIFY(anna->updateVetting(first.id, u"Denied"_s, u"Not eligible"_s, {},
                                    QDateTime::currentDateTimeUtc()));
        QVERIFY2(bob->insertPending(second), qPrintable(bob->lastError().message));
        QCOMPARE(bob->get(second.id)->user, kBob);
    }

    void aBulkRowsClaimedPairIsWrittenAsFailed()
    {
        auto anna = openStore();
        auto bob = openStore();
        Submission held = makeSubmission(5);
        QVERIFY(anna->insertPending(held));
        QList<Submission> rows{makeSubmission(4), makeSubmission(5), makeSubmission(6), makeSubmission(4)};
        for (Submission &s : rows) {
            s.user = kBob;
            s.runId = u"run-1"_s;
        }
        QVERIFY(bob->insertPendingBatch(rows));
        QCOMPARE(rows.at(0).state, Submission::State::Pending);
        QCOMPARE(rows.at(1).state, Submission::State::Failed);
        QCOMPARE(rows.at(1).errorCode, u"claimed"_s);
        QVERIFY(rows.at(1).errorMessage.contains(held.user));
        QCOMPARE(rows.at(2).state, Submission::State::Pending);
        // The same pair twice in one run: the first row holds it.
        QCOMPARE(rows.at(3).state, Submission::State::Failed);
        QCOMPARE(bob->get(rows.at(1).id)->state, Submission::State::Failed);
    }

    void aBulkRunsRowsAreWrittenOnAConnectionOfTheirOwn()
    {
        auto anna = openStore();
        auto bob = openStore();
        Submission held = makeSubmission(2);
        QVERIFY(bob->insertPending(held));
        Submission own = makeSubmission(7);
        QVERIFY(anna->insertPending(own)); // on the window's connection
        QSignalSpy added(anna.get(), &SubmissionStore::submissionsAdded);
        QSignalSpy bobSees(bob.get(), &SubmissionStore::submissionsAdded);
        QList<Submission> rows{makeSubmission(1), makeSubmission(2), makeSubmission(3)};
        for (Submission &s : rows)
            s.runId = u"run-async"_s;
        bool done = false;
        QList<Submission> stored;
        anna->insertPendingAsync(rows, SubmissionStore::KeptRows{u"run-async"_s, {}},
                                 [&](bool ok, const QList<Submission> &written) {
                                     QVERIFY(ok);
                                     stored = written;
                                     done = true;
                                 });
        QTRY_VERIFY(done);
        QCOMPARE(stored.size(), 3);
        QCOMPARE(stored.at(0).state, Submission::State::Pending);
        QCOMPARE(stored.at(1).state, Submission::State::Failed); // bob holds customer 2
        QCOMPARE(stored.at(1).errorCode, u"claimed"_s);
        // Not the window's connection: the bulk writer's, with a tag (and lock) of its own.
        QCOMPARE(scalar(u"SELECT count(DISTINCT writer) FROM submissions"_s).toInt(), 3);
        QCOMPARE(added.count(), 1);
        // The colleague hears of the rows; the desk that wrote them is not told twice: a row
        // bob writes afterwards is announced after them, and alone.
        QTRY_VERIFY_WITH_TIMEOUT(!bobSees.isEmpty(), 5000);
        Submission later = makeSubmission(8);
        QVERIFY(bob->insertPending(later));
        const auto heard = [&added] {
            QList<qint64> ids;
            for (qsizetype i = 1; i < added.size(); ++i)
                ids += added.at(i).first().value<QList<qint64>>();
            return ids;
        };
        QTRY_VERIFY_WITH_TIMEOUT(heard().contains(later.id), 5000);
        QVERIFY(!heard().contains(own.id));
        for (const Submission &s : stored)
            QVERIFY(!heard().contains(s.id));
    }

    void aCrashedDesksRowsInFlightBecomeUnknownALiveDesksStay()
    {
        auto live = openStore();
        Submission inFlight = makeSubmission(1);
        QVERIFY(live->insertPending(inFlight));
        QVERIFY(live->markSent(inFlight.id));
        {
            auto crashed = openStore();
            Submission lost = makeSubmission(2);
            QVERIFY(crashed->insertPending(lost));
            QVERIFY(crashed->markSent(lost.id));
            Submission neverSent = makeSubmission(3);
            neverSent.runId = u"run-2"_s;
            QList<Submission> run{neverSent};
            QVERIFY(crashed->insertPendingBatch(run));
            // Its session ends without a word about those rows, as a killed process's does.
        }
        auto next = openStore();
        QCOMPARE(next->recoveredAtOpen(), 1);
        QCOMPARE(next->get(2)->state, Submission::State::Unknown);
        QCOMPARE(next->get(2)->errorCode, u"interrupted"_s);
        QCOMPARE(next->get(inFlight.id)->state, Submission::State::Sent); // its desk is at work
        QCOMPARE(next->get(3)->state, Submission::State::Pending);        // a run's row waits for a resume
        QVERIFY(next->openNotice().contains(u"interrupted"_s));
        // The unknown row still holds its pair until the reconcile settles it.
        Submission again = makeSubmission(2);
        QVERIFY(!next->insertPending(again));
        QCOMPARE(next->lastError().kind, StoreError::Kind::Claimed);
    }

    void aColleaguesRowsArriveWithoutPolling()
    {
        auto anna = openStore();
        auto bob = openStore();
        QSignalSpy added(bob.get(), &SubmissionStore::submissionsAdded);
        QSignalSpy changed(bob.get(), &SubmissionStore::submissionsChanged);
        QSignalSpy ownAdded(anna.get(), &SubmissionStore::submissionsAdded);
        HistoryModel model(bob.get()); // a view over the colleague's store
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 0);
        Submission s = makeSubmission(9);
        QVERIFY(anna->insertPending(s));
        QVERIFY(added.wait(5000));
        QCOMPARE(added.first().first().value<QList<qint64>>(), QList<qint64>{s.id});
        QVERIFY(anna->markSent(s.id));
        QVERIFY(changed.wait(5000));
        QCOMPARE(changed.first().first().value<QList<qint64>>(), QList<qint64>{s.id});
        // A desk is not told of its own rows twice.
        QCOMPARE(ownAdded.count(), 0);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.submissionAt(0).id, s.id);
        Submission more = makeSubmission(10);
        QVERIFY(anna->insertPending(more));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, 5000);
    }

    void aConnectionKilledByTheServerIsMadeAgain()
    {
        auto store = openStore();
        Submission s = makeSubmission(1);
        QVERIFY(store->insertPending(s));
        QVERIFY(m_server.terminateConnections(database()));
        Submission next = makeSubmission(2);
        QVERIFY2(store->insertPending(next), qPrintable(store->lastError().detail));
        QVERIFY(store->get(s.id));
        QVERIFY(m_server.terminateConnections(database()));
        QCOMPARE(store->count(), 2); // a read finds the connection gone and makes it again
        // The first session's row was pending and not a run's: the new session settles it.
        QCOMPARE(store->get(s.id)->state, Submission::State::Unknown);
    }

    void aServerDownIsSaidAndNothingIsWritten()
    {
        auto store = openStore();
        QVERIFY(store->isOpen());
        QVERIFY(m_server.stop());
        Submission s = makeSubmission(1);
        QVERIFY(!store->insertPending(s));
        QCOMPARE(store->lastError().kind, StoreError::Kind::Unreachable);
        QVERIFY2(store->lastError().message.contains(u"cannot be reached"_s),
                 qPrintable(store->lastError().message));
        QCOMPARE(s.id, 0);
        auto starting = openStore();
        QVERIFY(!starting->isOpen());
        QCOMPARE(starting->lastError().kind, StoreError::Kind::Unreachable);
        QVERIFY2(m_server.restart(), qPrintable(m_server.lastError()));
        QVERIFY2(store->insertPending(s), qPrintable(store->lastError().detail));
        QCOMPARE(store->count(), 1);
    }

    void wrongPasswordAndBadAddressesAreSaid()
    {
        SubmissionStore wrong;
        wrong.setServerPassword(u"not-it"_s);
        QVERIFY(!wrong.open(m_url));
        QCOMPARE(wrong.lastError().kind, StoreError::Kind::SignInRefused);
        QVERIFY(wrong.lastError().message.contains(u"refused the user name or password"_s));
        QVERIFY(!wrong.lastError().message.contains(u"not-it"_s));

        // The password in the URL, when the keychain has none.
        SubmissionStore inUrl;
        QVERIFY2(inUrl.open(u"postgresql://desk:%1@127.0.0.1:%2/%3"_s.arg(kPassword)
                                .arg(m_server.port())
                                .arg(database())),
                 qPrintable(inUrl.lastError().detail));
        QVERIFY(!inUrl.filePath().contains(kPassword));

        for (const QString &bad :
             {u"postgresql://127.0.0.1/team"_s, u"postgresql://desk@/team"_s,
              u"postgresql://desk@127.0.0.1:5432/"_s, u"postgresql://desk@host/db?evil=1"_s}) {
            QVERIFY2(!SubmissionStore::checkServerLocation(bad).isEmpty(), qPrintable(bad));
            SubmissionStore store;
            QVERIFY(!store.open(bad));
            QVERIFY(!store.lastError().message.isEmpty());
        }
        QVERIFY(SubmissionStore::checkServerLocation(m_url).isEmpty());

        SubmissionStore missing;
        missing.setServerPassword(kPassword);
        QVERIFY(!missing.open(u"postgresql://desk@127.0.0.1:%1/no_such_db"_s.arg(m_server.port())));
        QVERIFY2(missing.lastError().message.contains(u"does not exist"_s),
                 qPrintable(missing.lastError().message));
    }

    void aSchemaNewerThanThisProgramIsRefused()
    {
        openStore().reset();
        QVERIFY(m_server.psql(u"UPDATE schema_version SET version = 99"_s, nullptr, database()));
        auto store = openStore();
        QVERIFY(!store->isOpen());
        QCOMPARE(store->lastError().kind, StoreError::Kind::TooNew);
    }

    void aUserWhoMayOnlyReadSeesButCannotSubmit()
    {
        {
            auto owner = openStore();
            Submission s = makeSubmission(1);
            QVERIFY(owner->insertPending(s));
        }
        QVERIFY(
            m_server.psql(u"GRANT SELECT ON ALL TABLES IN SCHEMA public TO viewer"_s, nullptr, database()));
        SubmissionStore viewer;
        viewer.setServerPassword(u"viewer-pw"_s);
        QVERIFY2(viewer.open(u"postgresql://viewer@127.0.0.1:%1/%2"_s.arg(m_server.port()).arg(database())),
                 qPrintable(viewer.lastError().detail));
        QVERIFY(viewer.isReadOnly());
        QCOMPARE(viewer.count(), 1);
        QVERIFY(viewer.openNotice().contains(u"may only read"_s));
        Submission s = makeSubmission(2);
        QVERIFY(!viewer.insertPending(s));
        QCOMPARE(viewer.lastError().kind, StoreError::Kind::ReadOnly);
    }

    void rowsWrittenOfflineArePushedOnce()
    {
        QTemporaryDir dir;
        {
            SubmissionStore before; // the desk's own history from before the team had a server
            QVERIFY(before.open(dir.path()));
            Submission old = makeSubmission(99);
            QVERIFY(before.insertPending(old));
        }
        QList<Submission> written;
        {
            SubmissionStore offline;
            offline.setWorkingOffline(true);
            QVERIFY(offline.open(dir.path()));
            Submission single = makeSubmission(1);
            QVERIFY(offline.insertPending(single));
            Submission answered = single;
            answered.state = Submission::State::Accepted;
            answered.httpStatus = 201;
            answered.vettingStatus = u"InReview"_s;
            QVERIFY(offline.recordOutcome(answered));
            QList<Submission> run{makeSubmission(2), makeSubmission(3)};
            for (Submission &s : run)
                s.runId = u"offline-run"_s;
            QVERIFY(offline.insertPendingBatch(run));
            written = {answered, run.at(0), run.at(1)};
        }
        auto team = openStore();
        QSignalSpy added(team.get(), &SubmissionStore::submissionsAdded);
        QCOMPARE(team->pushOfflineRows(dir.path()), 3);
        QCOMPARE(added.count(), 1);
        QCOMPARE(team->count(), 3); // the row from before working offline stays on this desk
        QVERIFY(team->openNotice().contains(u"working offline"_s));
        const QList<Submission> rows = team->query({}, {SubmissionColumn::Time, Qt::AscendingOrder});
        QSet<QString> requests;
        for (const Submission &s : rows)
            requests.insert(s.requestId);
        for (const Submission &s : written)
            QVERIFY(requests.contains(s.requestId));
        SubmissionFilter accepted;
        accepted.states = {Submission::State::Accepted};
        QCOMPARE(team->query(accepted).size(), 1);
        QCOMPARE(team->query(accepted).first().vettingStatus, u"InReview"_s);

        // Once: a second push adds nothing, nor does one whose note in the file was lost.
        QCOMPARE(team->pushOfflineRows(dir.path()), 0);
        {
            RawConnection raw(QDir(dir.path()).filePath(SubmissionStore::fileName()));
            QVERIFY(raw.exec(u"UPDATE team_push SET pushed_ms = NULL"_s));
        }
        QCOMPARE(team->pushOfflineRows(dir.path()), 0);
        QCOMPARE(team->count(), 3);
        // The pushed rows hold their pairs like any other.
        Submission again = makeSubmission(1);
        QVERIFY(!team->insertPending(again));
        QCOMPARE(team->lastError().kind, StoreError::Kind::Claimed);
    }

    void aDeskWhoseClockIsApartWritesTheServersTime()
    {
        ManualClock ahead(QDateTime::currentDateTimeUtc().addSecs(2 * 3600));
        auto store = openStore(&ahead);
        QVERIFY(store->isOpen());
        QVERIFY2(store->openNotice().contains(u"ahead of the history server"_s),
                 qPrintable(store->openNotice()));
        Submission s = makeSubmission(1);
        QVERIFY(store->insertPending(s));
        const qint64 apart = std::abs(store->get(s.id)->time.msecsTo(QDateTime::currentDateTimeUtc()));
        QVERIFY2(apart < 60'000, qPrintable(QString::number(apart)));
    }
};

QTEST_GUILESS_MAIN(TestPostgresHistory)
#include "tst_postgreshistory.moc"
