#pragma once

#include <QDir>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace qd::test {

// A real, private PostgreSQL 15 server (Debian's postgresql-15) in a temporary folder, on a free
// loopback port, stopped and removed with the object. Its superuser qdadmin needs no password
// over the socket or TCP; every other role signs in over TCP with a SCRAM password. As root the
// server and its tools run as the postgres system user, because postgres refuses to run as root.
class PostgresServer
{
public:
    PostgresServer() = default;
    ~PostgresServer();
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;

    // Creates the cluster and starts it, waiting until it accepts connections. False with
    // lastError() when it cannot; then no server is left running.
    bool start();
    // Starts it again after stop() or kill(), on the same port and data.
    bool restart();
    // A clean shutdown (pg_ctl -m fast).
    bool stop();
    // A crash: pg_ctl -m immediate, so the next start recovers from the WAL.
    bool kill();
    bool isRunning() const { return m_running; }

    // Runs SQL as qdadmin over the socket; its unaligned, tuples-only output lands in output.
    // False with psql's stderr in lastError() when a statement fails.
    bool psql(const QString &sql, QString *output = nullptr,
              const QString &database = QStringLiteral("postgres"));
    bool createRole(const QString &name, const QString &password, bool canCreateDb = false);
    bool createDatabase(const QString &name, const QString &owner);
    // Ends every other session on database and waits until they are gone.
    bool terminateConnections(const QString &database);

    quint16 port() const { return m_port; }
    QString socketDir() const { return m_dir.path(); }
    // postgresql://user:password@127.0.0.1:port/database, user and password percent-encoded.
    QString url(const QString &user, const QString &password, const QString &database) const;
    QString lastError() const { return m_error; }
    // The server's log so far, for failure messages.
    QString log() const;

    static QString quoteIdentifier(const QString &name);
    static QString quoteLiteral(const QString &text);

private:
    bool run(const QString &tool, const QStringList &args, int timeoutMs, QString *output = nullptr);
    bool pgCtl(const QStringList &args, int timeoutMs);
    bool fail(const QString &error);
    void killLeftovers();
    QString dataDir() const;

    QTemporaryDir m_dir{QDir::tempPath() + QStringLiteral("/qd-pg-XXXXXX")};
    QString m_binDir;
    QString m_psql;
    QString m_runuser; // set when root: the tools then run as the postgres user
    bool m_running = false;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace qd::test
