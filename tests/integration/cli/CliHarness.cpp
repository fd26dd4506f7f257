#include "CliHarness.h"

#include <QDir>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTimer>

using namespace Qt::StringLiterals;

QByteArray CliHarness::Run::describe() const
{
    return "exit " + QByteArray::number(exitCode) + (crashed ? " (crashed)" : "") + "\n--- stdout\n" + out +
           "\n--- stderr\n" + err;
}

CliHarness::CliHarness()
{
    QDir(m_home.path()).mkpath(u"data"_s);
    QDir(m_home.path()).mkpath(u"config"_s);
    QDir(m_home.path()).mkpath(u"share"_s);
}

QString CliHarness::binDir()
{
    const QString dir = qEnvironmentVariable("QUALDESK_BIN_DIR");
    return dir.isEmpty() ? QDir::current().absoluteFilePath(u"../bin"_s) : dir;
}

QString CliHarness::cliPath()
{
    return QDir(binDir()).filePath(u"qualdesk-cli"_s);
}

QString CliHarness::simPath()
{
    return QDir(binDir()).filePath(u"qualdesk-sim"_s);
}

QProcessEnvironment CliHarness::environment() const
{
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    QProcessEnvironment env;
    // Only what the CLI needs from the outside: a D-Bus session for keychain tests, sanitizer
    // settings for CI, PATH for xdg-open lookups.
    for (const QString &name : {u"PATH"_s, u"DBUS_SESSION_BUS_ADDRESS"_s, u"ASAN_OPTIONS"_s,
                                u"UBSAN_OPTIONS"_s, u"LSAN_OPTIONS"_s, u"XDG_RUNTIME_DIR"_s}) {
        if (system.contains(name))
            env.insert(name, system.value(name));
    }
    env.insert(u"HOME"_s, m_home.path());
    env.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
    env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"share"_s));
    env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    env.insert(u"QUALDESK_DATA_DIR"_s, dataDir());
    // No browser may open during tests unless a test provides one.
    env.insert(u"BROWSER"_s, u"/bin/false"_s);
    for (const QString &name : m_extra.keys())
        env.insert(name, m_extra.value(name));
    for (const QString &name : m_removed) {
        if (!m_extra.contains(name))
            env.remove(name);
    }
    return env;
}

void CliHarness::useServer(const QUrl &baseUrl, const QString &token)
{
    setEnv(u"QUALDESK_BASE_URL"_s, baseUrl.toString());
    setEnv(u"QUALDESK_ACCESS_TOKEN"_s, token);
}

QProcess *CliHarness::start(const QStringList &arguments, QObject *parent) const
{
    auto *process = new QProcess(parent);
    process->setProcessEnvironment(environment());
    process->setWorkingDirectory(m_home.path());
    process->start(cliPath(), arguments);
    return process;
}

CliHarness::Run CliHarness::finish(QProcess *process, int timeoutMs)
{
    Run run;
    if (process->state() != QProcess::NotRunning) {
        QSignalSpy finished(process, &QProcess::finished);
        // The spy spins the event loop, so an in-process simulator serves the child meanwhile.
        if (finished.isEmpty() && !finished.wait(timeoutMs)) {
            process->kill();
            process->waitForFinished(5000);
            run.crashed = true;
        }
    }
    run.out = process->readAllStandardOutput();
    run.err = process->readAllStandardError();
    run.crashed = run.crashed || process->exitStatus() != QProcess::NormalExit;
    run.exitCode = process->exitCode();
    return run;
}

CliHarness::Run CliHarness::run(const QStringList &arguments, int timeoutMs) const
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.setWorkingDirectory(m_home.path());
    process.start(cliPath(), arguments);
    if (!process.waitForStarted(10000)) {
        Run run;
        run.err = "could not start " + cliPath().toUtf8();
        return run;
    }
    return finish(&process, timeoutMs);
}

SimProcess::~SimProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
}

bool SimProcess::start(const QString &token, const QStringList &extraArgs)
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(CliHarness::simPath(), QStringList{u"--port"_s, u"0"_s, u"--token"_s, token} + extraArgs);
    if (!m_process.waitForStarted(10000)) {
        m_error = u"cannot start "_s + CliHarness::simPath();
        return false;
    }
    static const QRegularExpression line(u"^listening on (http://\\S+)\\s*$"_s);
    QByteArray buffer;
    while (m_process.waitForReadyRead(20000)) {
        buffer += m_process.readAllStandardOutput();
        const qsizetype nl = buffer.indexOf('\n');
        if (nl < 0)
            continue;
        const auto match = line.match(QString::fromUtf8(buffer.left(nl)));
        if (!match.hasMatch()) {
            m_error = u"unexpected first line: "_s + QString::fromUtf8(buffer.left(nl));
            return false;
        }
        m_baseUrl = QUrl(match.captured(1));
        return true;
    }
    m_error = u"no \"listening on\" line; stderr: "_s + QString::fromUtf8(m_process.readAllStandardError());
    return false;
}

QByteArray SimProcess::request(const QByteArray &verb, const QString &path, const QByteArray &body,
                               int *status) const
{
    QNetworkAccessManager network;
    QUrl url = m_baseUrl;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = network.sendCustomRequest(request, verb, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(20000);
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->readAll();
    delete reply;
    return answer;
}

QByteArray SimProcess::post(const QString &path, const QByteArray &json, int *status) const
{
    return request("POST", path, json, status);
}

QByteArray SimProcess::get(const QString &path, int *status) const
{
    return request("GET", path, {}, status);
}

QByteArray SimProcess::remove(const QString &path, int *status) const
{
    return request("DELETE", path, {}, status);
}
