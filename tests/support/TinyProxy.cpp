#include "TinyProxy.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

using namespace Qt::StringLiterals;

namespace qd::test {

namespace {
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}
} // namespace

TinyProxy::~TinyProxy()
{
    stop();
}

bool TinyProxy::start(const QString &user, const QString &password)
{
    const QString program = QStandardPaths::findExecutable(u"tinyproxy"_s, {u"/usr/bin"_s, u"/usr/sbin"_s});
    if (program.isEmpty()) {
        m_error = u"tinyproxy is not installed (scripts/deps --test installs it)"_s;
        return false;
    }
    m_port = freePort();
    QFile conf(m_dir.filePath(u"tinyproxy.conf"_s));
    if (!m_port || !conf.open(QIODevice::WriteOnly)) {
        m_error = u"no port or no config file for tinyproxy"_s;
        return false;
    }
    QByteArray text = "Port " + QByteArray::number(m_port) +
                      "\nListen 127.0.0.1\nTimeout 30\nLogLevel Connect\n"
                      "MaxClients 100\nAllow 127.0.0.1\nDisableViaHeader Yes\n";
    if (!user.isEmpty())
        text += "BasicAuth " + user.toUtf8() + ' ' + password.toUtf8() + '\n';
    conf.write(text);
    conf.close();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(program, {u"-d"_s, u"-c"_s, conf.fileName()});
    if (!m_process.waitForStarted(5000)) {
        m_error = u"tinyproxy did not start: "_s + m_process.errorString();
        return false;
    }
    // Ready once it accepts a connection.
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        if (probe.waitForConnected(200))
            return true;
        if (m_process.state() != QProcess::Running)
            break;
        QThread::msleep(20);
    }
    m_error = u"tinyproxy did not listen: "_s + QString::fromLocal8Bit(m_process.readAll());
    return false;
}

void TinyProxy::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(3000)) {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
}

QString TinyProxy::url(const QString &user, const QString &password) const
{
    QUrl u;
    u.setScheme(u"http"_s);
    u.setHost(u"127.0.0.1"_s);
    u.setPort(m_port);
    if (!user.isEmpty()) {
        u.setUserName(user);
        u.setPassword(password);
    }
    return u.toString();
}

QStringList TinyProxy::requests(int atLeast)
{
    // tinyproxy logs a request as it reads it; its line may still be in the pipe when the
    // client's answer is already here, so wait a little for the lines the caller expects.
    const QDeadlineTimer deadline(5000);
    QStringList lines;
    for (;;) {
        m_log += m_process.readAll();
        lines.clear();
        for (const QByteArray &line : m_log.split('\n')) {
            const qsizetype at = line.indexOf("): ");
            if (line.contains("Request (file descriptor") && at > 0)
                lines << QString::fromUtf8(line.mid(at + 3).trimmed());
        }
        if (lines.size() >= atLeast || deadline.hasExpired() || m_process.state() != QProcess::Running)
            return lines;
        m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
}

} // namespace qd::test
