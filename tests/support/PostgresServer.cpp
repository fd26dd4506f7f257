#include "PostgresServer.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QUrl>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace qd::test {

namespace {
const QString kBinDir = u"/usr/lib/postgresql/15/bin"_s;
const QString kSuperuser = u"qdadmin"_s;

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool writeFile(const QString &path, const QByteArray &text, QIODevice::OpenMode mode)
{
    QFile file(path);
    return file.open(mode) && file.write(text) == text.size();
}
} // namespace

PostgresServer::~PostgresServer()
{
    stop();
}

bool PostgresServer::start()
{
    m_error.clear();
    if (m_running || QFileInfo::exists(dataDir()))
        return fail(u"the server was started before; use restart()"_s);
    if (!m_dir.isValid())
        return fail(u"no temporary folder: "_s + m_dir.errorString());
    for (const QString &tool : {u"initdb"_s, u"pg_ctl"_s, u"postgres"_s}) {
        if (!QFileInfo(kBinDir + u'/' + tool).isExecutable())
            return fail(
                u"PostgreSQL 15 is not installed: no %1 in %2 (scripts/deps --test installs it)"_s.arg(
                    tool, kBinDir));
    }
    m_binDir = kBinDir;
    m_psql = QStandardPaths::findExecutable(u"psql"_s, {kBinDir, u"/usr/bin"_s});
    if (m_psql.isEmpty())
        return fail(u"psql is not installed (scripts/deps --test installs it)"_s);
    // postgres refuses to run as root; the Debian package brings the postgres system user.
    if (::geteuid() == 0) {
        const passwd *user = ::getpwnam("postgres");
        if (!user)
            return fail(u"running as root, but there is no postgres user to run the server as"_s);
        m_runuser = QStandardPaths::findExecutable(u"runuser"_s, {u"/usr/sbin"_s, u"/sbin"_s, u"/usr/bin"_s});
        if (m_runuser.isEmpty())
            return fail(u"running as root, but runuser is missing"_s);
        if (::chown(QFile::encodeName(m_dir.path()).constData(), user->pw_uid, user->pw_gid) != 0)
            return fail(u"cannot hand the temporary folder to the postgres user"_s);
    }
    if (!run(m_binDir + u"/initdb"_s,
             {u"-D"_s, dataDir(), u"-A"_s, u"trust"_s, u"-U"_s, kSuperuser, u"--no-sync"_s, u"-E"_s,
              u"UTF8"_s, u"--locale=C"_s},
             120000))
        return false;
    m_port = freePort();
    if (!m_port)
        return fail(u"no free loopback port"_s);
    // The superuser needs no password; every other role signs in with its SCRAM password over TCP.
    const QByteArray hba = "local all all trust\nhost all " + kSuperuser.toUtf8() +
                           " 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n";
    const QByteArray conf = "\nlisten_addresses = '127.0.0.1'\nport = " + QByteArray::number(m_port) +
                            "\nunix_socket_directories = '" + QFile::encodeName(socketDir()) +
                            "'\nshared_buffers = 16MB\nmax_connections = 50\n";
    if (!writeFile(dataDir() + u"/pg_hba.conf"_s, hba, QIODevice::WriteOnly | QIODevice::Truncate) ||
        !writeFile(dataDir() + u"/postgresql.conf"_s, conf, QIODevice::WriteOnly | QIODevice::Append))
        return fail(u"cannot write the server's configuration"_s);
    return restart();
}

bool PostgresServer::restart()
{
    if (m_running && !stop())
        return false;
    if (!QFileInfo::exists(dataDir() + u"/PG_VERSION"_s))
        return fail(u"there is no cluster to start; call start() first"_s);
    m_error.clear();
    if (!pgCtl({u"-l"_s, m_dir.filePath(u"log"_s), u"-w"_s, u"-t"_s, u"30"_s, u"start"_s}, 60000)) {
        killLeftovers();
        m_error += u"\n"_s + log();
        return false;
    }
    m_running = true;
    return true;
}

bool PostgresServer::stop()
{
    if (!m_running)
        return true;
    m_running = false;
    if (pgCtl({u"-m"_s, u"fast"_s, u"-w"_s, u"-t"_s, u"30"_s, u"stop"_s}, 60000))
        return true;
    killLeftovers();
    return false;
}

bool PostgresServer::kill()
{
    if (!m_running)
        return fail(u"the server is not running"_s);
    m_running = false;
    if (pgCtl({u"-m"_s, u"immediate"_s, u"-w"_s, u"-t"_s, u"30"_s, u"stop"_s}, 60000))
        return true;
    killLeftovers();
    return false;
}

bool PostgresServer::psql(const QString &sql, QString *output, const QString &database)
{
    return run(m_psql,
               {u"-X"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-At"_s, u"-h"_s, socketDir(), u"-p"_s,
                QString::number(m_port), u"-U"_s, kSuperuser, u"-d"_s, database, u"-c"_s, sql},
               30000, output);
}

bool PostgresServer::createRole(const QString &name, const QString &password, bool canCreateDb)
{
    return psql(u"CREATE ROLE "_s + quoteIdentifier(name) + u" LOGIN PASSWORD "_s + quoteLiteral(password) +
                (canCreateDb ? u" CREATEDB"_s : QString()));
}

bool PostgresServer::createDatabase(const QString &name, const QString &owner)
{
    return psql(u"CREATE DATABASE "_s + quoteIdentifier(name) + u" OWNER "_s + quoteIdentifier(owner));
}

bool PostgresServer::terminateConnections(const QString &database)
{
    // With a timeout pg_terminate_backend waits until the session is gone, so the caller's next
    // query on it fails for certain.
    QString all;
    if (!psql(u"SELECT coalesce(bool_and(pg_terminate_backend(pid, 10000)), true) FROM pg_stat_activity"
              " WHERE datname = "_s +
                  quoteLiteral(database) + u" AND pid <> pg_backend_pid()"_s,
              &all))
        return false;
    return all == u"t"_s || fail(u"a session on %1 outlived pg_terminate_backend"_s.arg(database));
}

QString PostgresServer::url(const QString &user, const QString &password, const QString &database) const
{
    // Everything but unreserved characters encoded, ':' too, so no URL parser can misread them.
    const auto encoded = [](const QString &text) {
        return QString::fromLatin1(QUrl::toPercentEncoding(text));
    };
    return u"postgresql://"_s + encoded(user) + u':' + encoded(password) + u"@127.0.0.1:"_s +
           QString::number(m_port) + u'/' + encoded(database);
}

QString PostgresServer::log() const
{
    QFile file(m_dir.filePath(u"log"_s));
    return file.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(file.readAll()) : QString();
}

QString PostgresServer::quoteIdentifier(const QString &name)
{
    return u'"' + QString(name).replace(u'"', u"\"\""_s) + u'"';
}

QString PostgresServer::quoteLiteral(const QString &text)
{
    // standard_conforming_strings is on, so a backslash is an ordinary character.
    return u'\'' + QString(text).replace(u'\'', u"''"_s) + u'\'';
}

bool PostgresServer::run(const QString &tool, const QStringList &args, int timeoutMs, QString *output)
{
    const QString name = QFileInfo(tool).fileName();
    QProcess process;
    process.setWorkingDirectory(m_dir.path()); // the postgres user may not enter ours
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(u"PG"_s))
            env.remove(key); // PGHOST, PGPORT, PGDATA… of the caller must not steer the tools
    }
    process.setProcessEnvironment(env);
    if (!m_runuser.isEmpty())
        process.start(m_runuser, QStringList{u"-u"_s, u"postgres"_s, u"--"_s, tool} + args);
    else
        process.start(tool, args);
    if (!process.waitForStarted(10000))
        return fail(u"%1 did not start: %2"_s.arg(name, process.errorString()));
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return fail(u"%1 did not finish within %2 s"_s.arg(name).arg(timeoutMs / 1000));
    }
    const QString out = QString::fromLocal8Bit(process.readAllStandardOutput());
    if (output)
        *output = out.endsWith(u'\n') ? out.chopped(1) : out;
    if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return true;
    const QString err = QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
    return fail(
        u"%1 failed (exit code %2): %3"_s.arg(name).arg(process.exitCode()).arg(err.isEmpty() ? out : err));
}

bool PostgresServer::pgCtl(const QStringList &args, int timeoutMs)
{
    return run(m_binDir + u"/pg_ctl"_s, QStringList{u"-D"_s, dataDir()} + args, timeoutMs);
}

bool PostgresServer::fail(const QString &error)
{
    m_error = error;
    return false;
}

void PostgresServer::killLeftovers()
{
    // A start that timed out or a stop that failed may leave a postmaster behind; its children
    // leave when it does. The pid file is trusted only while that pid still runs on our data.
    const QString error = m_error;
    pgCtl({u"-m"_s, u"immediate"_s, u"-w"_s, u"-t"_s, u"10"_s, u"stop"_s}, 20000);
    m_error = error;
    QFile pidFile(dataDir() + u"/postmaster.pid"_s);
    if (!pidFile.open(QIODevice::ReadOnly))
        return;
    const pid_t pid = pidFile.readLine().trimmed().toInt();
    QFile cmdline(u"/proc/%1/cmdline"_s.arg(pid));
    if (pid > 0 && cmdline.open(QIODevice::ReadOnly) &&
        cmdline.readAll().contains(QFile::encodeName(dataDir())))
        ::kill(pid, SIGKILL);
}

QString PostgresServer::dataDir() const
{
    return m_dir.filePath(u"data"_s);
}

} // namespace qd::test
