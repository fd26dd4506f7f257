#include "FakeIdentityServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace qd::test {

FakeIdentityServer::FakeIdentityServer(QObject *parent) : QObject(parent) {}

bool FakeIdentityServer::listen()
{
    m_server = new QTcpServer(this);
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        return false;
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            m_buffers.insert(socket, {});
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    });
    return true;
}

QUrl FakeIdentityServer::authority() const
{
    return QUrl(u"http://127.0.0.1:%1/organizations"_s.arg(m_server->serverPort()));
}

void FakeIdentityServer::close()
{
    m_server->close();
    for (auto it = m_buffers.cbegin(); it != m_buffers.cend(); ++it)
        it.key()->abort();
}

void FakeIdentityServer::enqueue(const QString &path, int status, const QByteArray &body)
{
    m_queues[path].enqueue({status, body});
}

void FakeIdentityServer::setDefault(const QString &path, int status, const QByteArray &body)
{
    m_defaults.insert(path, {status, body});
}

void FakeIdentityServer::release()
{
    m_holding = false;
    const auto held = std::exchange(m_held, {});
    for (const auto &[socket, path] : held)
        answer(socket, path);
}

int FakeIdentityServer::count(const QString &path) const
{
    return int(requestsTo(path).size());
}

QList<FakeIdentityServer::Request> FakeIdentityServer::requestsTo(const QString &path) const
{
    QList<Request> result;
    for (const Request &request : m_requests) {
        if (request.path == path)
            result << request;
    }
    return result;
}

void FakeIdentityServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    qsizetype contentLength = 0;
    for (const QByteArray &line : buffer.left(headerEnd).split('\n')) {
        if (line.toLower().startsWith("content-length:"))
            contentLength = line.mid(15).trimmed().toLongLong();
    }
    if (buffer.size() < headerEnd + 4 + contentLength)
        return;
    const QList<QByteArray> requestLine = buffer.left(buffer.indexOf("\r\n")).split(' ');
    Request request;
    request.method = requestLine.value(0);
    const QUrl target = QUrl::fromEncoded(requestLine.value(1));
    request.path = target.path();
    QByteArray body = buffer.mid(headerEnd + 4, contentLength);
    body.replace('+', "%20");
    request.form = QUrlQuery(QString::fromLatin1(body));
    buffer.clear();
    m_requests << request;
    emit requestReceived(request.path);
    if (m_holding)
        m_held << qMakePair(socket, request.path);
    else
        answer(socket, request.path);
}

void FakeIdentityServer::answer(QTcpSocket *socket, const QString &path)
{
    if (!m_buffers.contains(socket))
        return;
    Answer reply{404, "{\"error\":\"not_found\"}"_ba};
    if (!m_queues.value(path).isEmpty())
        reply = m_queues[path].dequeue();
    else if (m_defaults.contains(path))
        reply = m_defaults.value(path);
    QByteArray text = "HTTP/1.1 " + QByteArray::number(reply.status) +
                      " X\r\n"
                      "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                      QByteArray::number(reply.body.size()) + "\r\n\r\n" + reply.body;
    socket->write(text);
    socket->disconnectFromHost();
}

QString FakeIdentityServer::idToken(const QString &name, const QString &upn, const QString &tid, bool mfa)
{
    const auto b64 = [](const QByteArray &data) {
        return QString::fromLatin1(
            data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    QJsonObject payload{{u"name"_s, name},
                        {u"preferred_username"_s, upn},
                        {u"tid"_s, tid},
                        {u"oid"_s, u"00000000-0000-0000-0000-0000000000aa"_s}};
    payload.insert(u"amr"_s, mfa ? QJsonArray{u"pwd"_s, u"mfa"_s} : QJsonArray{u"pwd"_s});
    return b64(R"({"alg":"none","typ":"JWT"})"_ba) + u'.' +
           b64(QJsonDocument(payload).toJson(QJsonDocument::Compact)) + u'.';
}

QByteArray FakeIdentityServer::tokenJson(const QString &accessToken, const QString &refreshToken,
                                         int expiresIn, bool mfa)
{
    QJsonObject object{
        {u"token_type"_s, u"Bearer"_s},
        {u"scope"_s, u"https://api.partnercenter.microsoft.com/user_impersonation"_s},
        {u"expires_in"_s, expiresIn},
        {u"ext_expires_in"_s, expiresIn},
        {u"access_token"_s, accessToken},
        {u"id_token"_s, idToken(u"Anna Nováková"_s, u"anna@partner.example"_s,
                                u"11111111-2222-3333-4444-555555555555"_s, mfa)},
    };
    if (!refreshToken.isEmpty())
        object.insert(u"refresh_token"_s, refreshToken);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray FakeIdentityServer::errorJson(const QString &error, const QString &description, QList<int> codes)
{
    QJsonArray codeArray;
    for (int code : codes)
        codeArray << code;
    return QJsonDocument(QJsonObject{{u"error"_s, error},
                                     {u"error_description"_s, description},
                                     {u"error_codes"_s, codeArray}})
        .toJson(QJsonDocument::Compact);
}

} // namespace qd::test
