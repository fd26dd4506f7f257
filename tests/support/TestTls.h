#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace qd::test {

// A throwaway certificate authority and a server certificate it signed for 127.0.0.1 and
// localhost, made by Debian's openssl in a temporary folder.
class TestCertificates
{
public:
    bool make();
    QString error() const { return m_error; }
    QString caFile() const { return m_dir.filePath(QStringLiteral("ca.pem")); }
    QString certFile() const { return m_dir.filePath(QStringLiteral("server.pem")); }
    QString keyFile() const { return m_dir.filePath(QStringLiteral("server.key")); }
    QString path() const { return m_dir.path(); }

private:
    bool openssl(const QStringList &arguments);
    QTemporaryDir m_dir;
    QString m_error;
};

// Debian's nghttpd: an HTTP/2 server (TLS with ALPN h2) serving files from a folder, on a free
// loopback port. Stopped with the object.
class Http2Server
{
public:
    ~Http2Server();
    bool start(const QString &docRoot, const TestCertificates &certificates);
    QString error() const { return m_error; }
    quint16 port() const { return m_port; }

private:
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace qd::test
