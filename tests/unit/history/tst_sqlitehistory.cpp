#include "ManualClock.h"
#include "StoreTestUtil.h"
#include "history/HistorySql.h"
#include "history/SqliteHistory.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;
using qd::test::RawConnection;

// The SQLite backend of the history on its own: what open() does to a new, a damaged and a too
// new file, and a write transaction that is all or nothing.
class TestSqliteHistory : public QObject
{
    Q_OBJECT
private slots:
    void newFolderGetsAFileAtTheCurrentSchema()
    {
        QTemporaryDir dir;
        test::ManualClock clock;
        SqliteHistory db(&clock);
        HistoryFault fault;
        const QString folder = dir.filePath(u"data/nested"_s);
        QVERIFY2(db.open(folder, fault), qPrintable(fault.detail));
        QVERIFY(db.isOpen());
        QVERIFY(!db.isReadOnly());
        QCOMPARE(db.location(), QDir(folder).absoluteFilePath(u"history.sqlite"_s));
        QString error;
        QSqlDatabase c = db.connection();
        QCOMPARE(historysql::schemaVersion(c, &error), historysql::kSchemaVersion);
        QCOMPARE(db.openReport().recovered, 0);
        QVERIFY(db.openReport().corruptMovedTo.isEmpty());
    }

    void transactionIsAllOrNothing()
    {
        QTemporaryDir dir;
        SqliteHistory db(nullptr);
        HistoryFault fault;
        QVERIFY(db.open(dir.path(), fault));
        const auto insertRow = [](QSqlDatabase &c, const QString &request) {
            QSqlQuery q(c);
            return q.exec(u"INSERT INTO submissions (time_ms, customer_id, qualification, request_id, state)"
                          " VALUES (1, 'c', 'Education', '%1', 'pending')"_s.arg(request));
        };
        // A body that fails after writing leaves nothing behind, and says why.
        const bool ok = db.transact(
            HistoryDatabase::Durability::Full,
            [&](QSqlDatabase &c, HistoryFault &f) {
                insertRow(c, u"first"_s);
                return f.set(StoreError::Kind::NotFound, u"stop here"_s);
            },
            fault);
        QVERIFY(!ok);
        QCOMPARE(fault.kind, StoreError::Kind::NotFound);
        RawConnection raw(db.location());
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM submissions"_s).toInt(), 0);

        fault = {};
        QVERIFY(db.transact(
            HistoryDatabase::Durability::Relaxed,
            [&](QSqlDatabase &c, HistoryFault &) { return insertRow(c, u"second"_s); }, fault));
        QCOMPARE(raw.scalar(u"SELECT request_id FROM submissions"_s).toString(), u"second"_s);
    }

    void closedHistoryRefusesWrites()
    {
        SqliteHistory db(nullptr);
        HistoryFault fault;
        QVERIFY(!db.transact(
            HistoryDatabase::Durability::Full, [](QSqlDatabase &, HistoryFault &) { return true; }, fault));
        QCOMPARE(fault.kind, StoreError::Kind::NotOpen);
    }

    void damagedFileIsMovedAside()
    {
        QTemporaryDir dir;
        QFile junk(dir.filePath(SqliteHistory::fileName()));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(8192, 'x'));
        junk.close();
        test::ManualClock clock;
        SqliteHistory db(&clock);
        HistoryFault fault;
        QVERIFY2(db.open(dir.path(), fault), qPrintable(fault.detail));
        const QString aside = db.openReport().corruptMovedTo;
        QVERIFY(aside.startsWith(db.location() + u".corrupt-"_s));
        QVERIFY(QFile::exists(aside));
        QCOMPARE(QFileInfo(aside).size(), qint64(8192));
    }

    void newerSchemaIsNotTouched()
    {
        QTemporaryDir dir;
        {
            SqliteHistory db(nullptr);
            HistoryFault fault;
            QVERIFY(db.open(dir.path(), fault));
        }
        {
            RawConnection raw(dir.filePath(SqliteHistory::fileName()));
            QVERIFY(raw.exec(u"UPDATE schema_version SET version = 99"_s));
        }
        SqliteHistory db(nullptr);
        HistoryFault fault;
        QVERIFY(!db.open(dir.path(), fault));
        QCOMPARE(fault.kind, StoreError::Kind::TooNew);
        QVERIFY(!db.isOpen());
        RawConnection raw(dir.filePath(SqliteHistory::fileName()));
        QCOMPARE(raw.scalar(u"SELECT version FROM schema_version"_s).toInt(), 99);
    }

    void sqliteErrorsReadAsKinds()
    {
        QCOMPARE(SqliteHistory::kindOf(QSqlError({}, {}, QSqlError::StatementError, u"5"_s)),
                 StoreError::Kind::Locked);
        QCOMPARE(SqliteHistory::kindOf(QSqlError({}, {}, QSqlError::StatementError, u"8"_s)),
                 StoreError::Kind::ReadOnly);
        QCOMPARE(SqliteHistory::kindOf(QSqlError({}, {}, QSqlError::StatementError, u"13"_s)),
                 StoreError::Kind::DiskFull);
        QCOMPARE(SqliteHistory::kindOf(QSqlError({}, {}, QSqlError::StatementError, u"26"_s)),
                 StoreError::Kind::Corrupt);
        // Extended codes carry the primary one in their low byte (SQLITE_BUSY_SNAPSHOT = 517).
        QCOMPARE(SqliteHistory::kindOf(QSqlError({}, {}, QSqlError::StatementError, u"517"_s)),
                 StoreError::Kind::Locked);
        QCOMPARE(SqliteHistory::kindOf(QSqlError({}, {}, QSqlError::StatementError, u"x"_s)),
                 StoreError::Kind::Io);
    }
};

QTEST_GUILESS_MAIN(TestSqliteHistory)
#include "tst_sqlitehistory.moc"
