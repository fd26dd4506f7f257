#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

// Runs the real qualdesk-cli (from QUALDESK_BIN_DIR) as a child process with a private home,
// config and data folder, so a test never reads or writes the user's files. The event loop
// spins while the child runs, so an in-process simulator keeps answering it.
class CliHarness
{
public:
    struct Run
    {
        int exitCode = -1;
        bool crashed = false;
        QByteArray out;
        QByteArray err;
        QString outText() const { return QString::fromUtf8(out); }
        QString errText() const { return QString::fromUtf8(err); }
        QJsonDocument json() const { return QJsonDocument::fromJson(out); }
        // For failure messages: both streams.
        QByteArray describe() const;
    };

    CliHarness();

    static QString binDir();
    static QString cliPath();
    static QString simPath();

    bool isValid() const { return m_home.isValid(); }
    QString dataDir() const { return m_home.filePath(QStringLiteral("data")); }
    QString homeDir() const { return m_home.path(); }

    // The environment every run gets: PATH, a private HOME/XDG folders, LC_ALL=C.UTF-8 (English
    // unless --lang says otherwise), QUALDESK_DATA_DIR, and what was set with setEnv().
    QProcessEnvironment environment() const;
    void setEnv(const QString &name, const QString &value) { m_extra.insert(name, value); }
    void unsetEnv(const QString &name)
    {
        m_extra.remove(name);
        m_removed << name;
    }
    // Points the CLI at a Partner Center with a fixed token (QUALDESK_BASE_URL, QUALDESK_ACCESS_TOKEN).
    void useServer(const QUrl &baseUrl, const QString &token);

    Run run(const QStringList &arguments, int timeoutMs = 90000) const;
    // Starts the CLI and leaves it running (login --device-code); the caller waits on it.
    QProcess *start(const QStringList &arguments, QObject *parent) const;
    static Run finish(QProcess *process, int timeoutMs = 90000);

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_extra;
    QStringList m_removed;
};

// A qualdesk-sim process on a free loopback port, with a fixed token; stopped on destruction.
class SimProcess
{
public:
    ~SimProcess();
    // Starts `qualdesk-sim --port 0 --token <token> extraArgs` and reads its "listening on" line.
    bool start(const QString &token, const QStringList &extraArgs = {});
    QUrl baseUrl() const { return m_baseUrl; }
    QString errorString() const { return m_error; }
    // Admin endpoints (/_sim/...): POST with a JSON body, or GET. Returns the body; status in *status.
    QByteArray post(const QString &path, const QByteArray &json = "{}", int *status = nullptr) const;
    QByteArray get(const QString &path, int *status = nullptr) const;
    QByteArray remove(const QString &path, int *status = nullptr) const;

private:
    QByteArray request(const QByteArray &verb, const QString &path, const QByteArray &body,
                       int *status) const;

    QProcess m_process;
    QUrl m_baseUrl;
    QString m_error;
};
