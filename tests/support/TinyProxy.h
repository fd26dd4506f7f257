#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace qd::test {

// A real HTTP proxy (Debian's tinyproxy) on a free loopback port, optionally asking for Basic
// credentials, stopped with the object. What it forwarded is read back from its log.
class TinyProxy
{
public:
    TinyProxy() = default;
    ~TinyProxy();

    // Starts it and waits until it accepts connections. False with error() when it cannot run.
    bool start(const QString &user = {}, const QString &password = {});
    void stop();
    QString error() const { return m_error; }

    quint16 port() const { return m_port; }
    // http://127.0.0.1:port, with user:password when given.
    QString url(const QString &user = {}, const QString &password = {}) const;
    // The request lines it received ("GET http://127.0.0.1:1234/v1/... HTTP/1.1"), in order,
    // waiting up to 5 s for at least atLeast of them to reach its log.
    QStringList requests(int atLeast = 1);

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QByteArray m_log;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace qd::test
