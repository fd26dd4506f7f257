#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QQueue>
#include <QUrl>
#include <QUrlQuery>

class QTcpServer;
class QTcpSocket;

namespace qd::test {

// A scripted HTTP server on 127.0.0.1:<free port> playing the identity service for unit
// tests: each path answers from its queue, then with its default answer.
class FakeIdentityServer : public QObject
{
    Q_OBJECT
public:
    struct Answer
    {
        int status = 200;
        QByteArray body;
    };
    struct Request
    {
        QByteArray method;
        QString path;
        QUrlQuery form; // decoded body of a form POST
    };

    explicit FakeIdentityServer(QObject *parent = nullptr);
    bool listen();
    QUrl authority() const; // http://127.0.0.1:PORT/organizations
    void close();           // stops answering: later requests fail on the network

    void enqueue(const QString &path, int status, const QByteArray &body);
    void setDefault(const QString &path, int status, const QByteArray &body);
    // While held, requests wait unanswered until release().
    void hold() { m_holding = true; }
    void release();

    QList<Request> requests() const { return m_requests; }
    int count(const QString &path) const;
    QList<Request> requestsTo(const QString &path) const;

    static QString tokenPath() { return QStringLiteral("/organizations/oauth2/v2.0/token"); }
    static QString deviceCodePath() { return QStringLiteral("/organizations/oauth2/v2.0/devicecode"); }

    // JSON helpers for the answers.
    static QByteArray tokenJson(const QString &accessToken, const QString &refreshToken, int expiresIn = 3600,
                                bool mfa = true);
    static QByteArray errorJson(const QString &error, const QString &description = {}, QList<int> codes = {});
    static QString idToken(const QString &name, const QString &upn, const QString &tid, bool mfa);

signals:
    void requestReceived(const QString &path);

private:
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const QString &path);

    QTcpServer *m_server = nullptr;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QHash<QString, QQueue<Answer>> m_queues;
    QHash<QString, Answer> m_defaults;
    QList<Request> m_requests;
    bool m_holding = false;
    QList<QPair<QTcpSocket *, QString>> m_held;
};

} // namespace qd::test
