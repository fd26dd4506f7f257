#include "PostgresServer.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using qd::test::PostgresServer;

namespace {
// Quotes, percent signs and URL delimiters, so the quoting of createRole() and url() is exercised.
const QString kPassword = u"s3cret @:/%'x"_s;

// A QPSQL connection as the role desk on the database team, removed with the object.
class Connection
{
public:
    Connection(const PostgresServer &server, const QString &password) : m_name(u"pg-%1"_s.arg(++s_count))
    {
        m_db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_name);
        m_db.setHostName(u"127.0.0.1"_s);
        m_db.setPort(server.port());
        m_db.setUserName(u"desk"_s);
        m_db.setPassword(password);
        m_db.setDatabaseName(u"team"_s);
        m_db.setConnectOptions(u"connect_timeout=10"_s);
        m_db.open();
    }
    ~Connection()
    {
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    QSqlDatabase &db() { return m_db; }
    // The single value a query returns; an invalid QVariant when it fails.
    QVariant scalar(const QString &sql)
    {
        QSqlQuery q(m_db);
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }

private:
    static inline int s_count = 0;
    QString m_name;
    QSqlDatabase m_db;
};
} // namespace

// The PostgreSQL fixture itself: a real server the app's driver reaches over TCP with a password,
// whose sessions can be cut, which can crash and come back with its data.
class TestPostgresServer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(QSqlDatabase::isDriverAvailable(u"QPSQL"_s));
        QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
        QVERIFY(m_server.isRunning());
        QVERIFY(m_server.port() > 0);
        QVERIFY2(m_server.createRole(u"desk"_s, kPassword), qPrintable(m_server.lastError()));
        QVERIFY2(m_server.createDatabase(u"team"_s, u"desk"_s), qPrintable(m_server.lastError()));
    }

    void psqlRunsAsTheSuperuser()
    {
        QString out;
        QVERIFY2(m_server.psql(u"SELECT current_user, current_database()"_s, &out, u"team"_s),
                 qPrintable(m_server.lastError()));
        QCOMPARE(out, u"qdadmin|team"_s);
        QVERIFY(!m_server.psql(u"SELECT no_such_function()"_s, &out));
        QVERIFY2(m_server.lastError().contains(u"no_such_function"_s), qPrintable(m_server.lastError()));
    }

    void qtDriverRoundTrips()
    {
        Connection c(m_server, kPassword);
        QVERIFY2(c.db().isOpen(), qPrintable(c.db().lastError().text()));
        QCOMPARE(c.scalar(u"SELECT 1"_s).toInt(), 1);
        QSqlQuery q(c.db());
        QVERIFY2(q.exec(u"CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)"_s),
                 qPrintable(q.lastError().text()));
        QVERIFY(q.prepare(u"INSERT INTO notes (id, body) VALUES (:id, :body)"_s));
        q.bindValue(u":id"_s, 7);
        q.bindValue(u":body"_s, u"Příliš žluťoučký kůň"_s);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        QCOMPARE(c.scalar(u"SELECT body FROM notes WHERE id = 7"_s).toString(), u"Příliš žluťoučký kůň"_s);
        QCOMPARE(c.scalar(u"SELECT current_user"_s).toString(), u"desk"_s);
    }

    void wrongPasswordIsRefused()
    {
        Connection c(m_server, u"not the password"_s);
        QVERIFY(!c.db().isOpen());
        QVERIFY2(c.db().lastError().text().contains(u"password authentication failed"_s),
                 qPrintable(c.db().lastError().text()));
    }

    void urlSignsIn()
    {
        QCOMPARE(m_server.url(u"de sk"_s, u"a@b:c/d%"_s, u"team"_s),
                 u"postgresql://de%20sk:a%40b%3Ac%2Fd%25@127.0.0.1:"_s + QString::number(m_server.port()) +
                     u"/team"_s);
        // libpq reads the URL back to the very password.
        const QString psql = QStandardPaths::findExecutable(u"psql"_s, {u"/usr/lib/postgresql/15/bin"_s});
        QVERIFY(!psql.isEmpty());
        QProcess p;
        p.start(psql, {u"-X"_s, u"-At"_s, u"-c"_s, u"SELECT current_user"_s,
                       m_server.url(u"desk"_s, kPassword, u"team"_s)});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.readAllStandardError(), QByteArray());
        QCOMPARE(p.readAllStandardOutput().trimmed(), "desk");
    }

    void terminatedSessionFailsItsNextQuery()
    {
        Connection c(m_server, kPassword);
        QVERIFY2(c.db().isOpen(), qPrintable(c.db().lastError().text()));
        QCOMPARE(c.scalar(u"SELECT 1"_s).toInt(), 1);
        QVERIFY2(m_server.terminateConnections(u"team"_s), qPrintable(m_server.lastError()));
        QSqlQuery q(c.db());
        QVERIFY(!q.exec(u"SELECT 1"_s));
        // Other sessions are unharmed.
        Connection fresh(m_server, kPassword);
        QCOMPARE(fresh.scalar(u"SELECT 2"_s).toInt(), 2);
    }

    void crashAndRestartKeepCommittedData()
    {
        {
            Connection c(m_server, kPassword);
            QSqlQuery q(c.db());
            QVERIFY2(q.exec(u"CREATE TABLE survivors (name text)"_s), qPrintable(q.lastError().text()));
            QVERIFY2(q.exec(u"INSERT INTO survivors VALUES ('before the crash')"_s),
                     qPrintable(q.lastError().text()));
        }
        const quint16 port = m_server.port();
        QVERIFY2(m_server.kill(), qPrintable(m_server.lastError()));
        QVERIFY(!m_server.isRunning());
        {
            Connection down(m_server, kPassword);
            QVERIFY(!down.db().isOpen());
        }
        QVERIFY2(m_server.restart(), qPrintable(m_server.lastError()));
        QCOMPARE(m_server.port(), port);
        // It came back through crash recovery, not a clean start.
        QVERIFY2(m_server.log().contains(u"was interrupted"_s), qPrintable(m_server.log()));
        Connection c(m_server, kPassword);
        QVERIFY2(c.db().isOpen(), qPrintable(c.db().lastError().text()));
        QCOMPARE(c.scalar(u"SELECT name FROM survivors"_s).toString(), u"before the crash"_s);
        QCOMPARE(c.scalar(u"SELECT body FROM notes WHERE id = 7"_s).toString(), u"Příliš žluťoučký kůň"_s);
    }

    void stopShutsDownCleanly()
    {
        QVERIFY2(m_server.stop(), qPrintable(m_server.lastError()));
        QVERIFY(!m_server.isRunning());
        QVERIFY(!m_server.psql(u"SELECT 1"_s));
        QVERIFY2(m_server.log().endsWith(u"database system is shut down\n"_s), qPrintable(m_server.log()));
    }

private:
    PostgresServer m_server;
};

QTEST_GUILESS_MAIN(TestPostgresServer)
#include "tst_postgresserver.moc"
