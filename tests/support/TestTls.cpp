#include "TestTls.h"

#include <QDeadlineTimer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

using namespace Qt::StringLiterals;

namespace qd::test {

bool TestCertificates::openssl(const QStringList &arguments)
{
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(u"openssl"_s, arguments);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = u"openssl "_s + arguments.join(u' ') + u": "_s + QString::fromLocal8Bit(p.readAll()) +
                  p.errorString();
        return false;
    }
    return true;
}

bool TestCertificates::make()
{
    if (!m_dir.isValid()) {
        m_error = u"no temporary folder"_s;
        return false;
    }
    return openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s, u"2"_s,
                    u"-subj"_s, u"/CN=QualDesk Test CA"_s, u"-keyout"_s, u"ca.key"_s, u"-out"_s,
                    u"ca.pem"_s}) &&
           openssl({u"req"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-subj"_s, u"/CN=127.0.0.1"_s,
                    u"-keyout"_s, u"server.key"_s, u"-out"_s, u"server.csr"_s}) &&
           [this] {
               QFile ext(m_dir.filePath(u"san.ext"_s));
               return ext.open(QIODevice::WriteOnly) &&
                      ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n") >
                          0;
           }() &&
           openssl({u"x509"_s, u"-req"_s, u"-in"_s, u"server.csr"_s, u"-CA"_s, u"ca.pem"_s, u"-CAkey"_s,
                    u"ca.key"_s, u"-CAcreateserial"_s, u"-days"_s, u"2"_s, u"-extfile"_s, u"san.ext"_s,
                    u"-out"_s, u"server.pem"_s});
}

Http2Server::~Http2Server()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(3000))
            m_process.kill();
        m_process.waitForFinished(3000);
    }
}

bool Http2Server::start(const QString &docRoot, const TestCertificates &certificates)
{
    const QString program = QStandardPaths::findExecutable(u"nghttpd"_s, {u"/usr/sbin"_s, u"/usr/bin"_s});
    if (program.isEmpty()) {
        m_error = u"nghttpd is not installed (scripts/deps --test installs nghttp2-server)"_s;
        return false;
    }
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) {
            m_error = u"no free port"_s;
            return false;
        }
        m_port = probe.serverPort();
    }
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(program, {u"--address=127.0.0.1"_s, u"-d"_s, docRoot, QString::number(m_port),
                              certificates.keyFile(), certificates.certFile()});
    if (!m_process.waitForStarted(5000)) {
        m_error = m_process.errorString();
        return false;
    }
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (socket.waitForConnected(200))
            return true;
        QThread::msleep(20);
    }
    m_error = u"nghttpd did not listen: "_s + QString::fromLocal8Bit(m_process.readAll());
    return false;
}

} // namespace qd::test
