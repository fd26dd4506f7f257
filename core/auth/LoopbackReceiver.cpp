#include "LoopbackReceiver.h"

#include "AuthLog.h"

#include <QHostAddress>
#include <QLocale>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
constexpr qsizetype MaxRequestBytes = 16 * 1024;
}

LoopbackReceiver::LoopbackReceiver(Handler handler, QObject *parent)
    : QObject(parent)
    , m_handler(std::move(handler))
{
}

LoopbackReceiver::~LoopbackReceiver()
{
    close();
}

bool LoopbackReceiver::listen(QString *error)
{
    close();
    m_server = new QTcpServer(this);
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        if (error) {
            *error = tr("QualDesk could not open a local port for the browser to return to: %1")
                         .arg(m_server->errorString());
        }
        delete m_server;
        m_server = nullptr;
        return false;
    }
    connect(m_server, &QTcpServer::newConnection, this, [this] { onNewConnection(m_server); });
    m_server6 = new QTcpServer(this);
    if (m_server6->listen(QHostAddress::LocalHostIPv6, m_server->serverPort())) {
        connect(m_server6, &QTcpServer::newConnection, this, [this] { onNewConnection(m_server6); });
    } else {
        delete m_server6;
        m_server6 = nullptr;
    }
    qCDebug(lcAuth) << "waiting for the browser on port" << m_server->serverPort()
                    << (m_server6 ? "(IPv4 and IPv6)" : "(IPv4)");
    return true;
}

QUrl LoopbackReceiver::redirectUri(const QString &host) const
{
    if (!m_server)
        return {};
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(host);
    url.setPort(m_server->serverPort());
    url.setPath(u"/"_s);
    return url;
}

void LoopbackReceiver::close()
{
    for (auto it = m_buffers.cbegin(); it != m_buffers.cend(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
        it.key()->deleteLater();
    }
    m_buffers.clear();
    for (QTcpServer **server : {&m_server, &m_server6}) {
        if (*server) {
            (*server)->close();
            (*server)->deleteLater();
            *server = nullptr;
        }
    }
}

void LoopbackReceiver::onNewConnection(QTcpServer *server)
{
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        m_buffers.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void LoopbackReceiver::onReadyRead(QTcpSocket *socket)
{
    auto it = m_buffers.find(socket);
    if (it == m_buffers.end())
        return;
    it->append(socket->readAll());
    if (it->size() > MaxRequestBytes) {
        respond(socket, 431, "Request Header Fields Too Large"_ba, {});
        return;
    }
    const qsizetype headerEnd = it->indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return; // wait for the rest of the headers

    const QByteArray requestLine = it->left(it->indexOf("\r\n"));
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || parts.at(0) != "GET") {
        respond(socket, 405, "Method Not Allowed"_ba, {});
        return;
    }
    const QUrl target = QUrl::fromEncoded(parts.at(1));
    if (target.path() != "/"_L1) {
        respond(socket, 404, "Not Found"_ba, {}); // favicon.ico and the like
        return;
    }
    // The redirect query is form-encoded: '+' stands for a space.
    QString query = target.query(QUrl::FullyEncoded);
    query.replace(u'+', "%20"_L1);
    // The handler may end the flow and close the listener; this socket still gets its page.
    m_buffers.remove(socket);
    socket->disconnect(this);
    const QPointer<QTcpSocket> guard(socket);
    const Page page = m_handler ? m_handler(QUrlQuery(query)) : Page{};
    if (guard)
        respond(socket, 200, "OK"_ba, renderPage(page));
}

void LoopbackReceiver::respond(QTcpSocket *socket, int status, const QByteArray &reason,
                               const QByteArray &html)
{
    m_buffers.remove(socket);
    socket->disconnect(this);
    QByteArray answer = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    answer += "Content-Type: text/html; charset=utf-8\r\n";
    answer += "Cache-Control: no-store\r\n";
    answer += "Content-Length: " + QByteArray::number(html.size()) + "\r\n";
    answer += "Connection: close\r\n\r\n";
    answer += html;
    socket->write(answer);
    // A short page fits the loopback socket buffer at once, so it is on its way even if the
    // flow finishes and closes the listener right after this.
    socket->flush();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->disconnectFromHost();
}

QByteArray LoopbackReceiver::renderPage(const Page &page)
{
    const QString language = QLocale().bcp47Name();
    const QString html = u"<!DOCTYPE html>\n<html lang=\""_s + language.toHtmlEscaped()
                         + u"\"><head><meta charset=\"utf-8\"><title>QualDesk</title>"
                           "<style>body{font-family:sans-serif;margin:3em auto;max-width:36em;}"
                           "h1{font-size:1.4em;}</style></head><body><h1>"_s
                         + page.heading.toHtmlEscaped() + u"</h1><p>"_s + page.text.toHtmlEscaped()
                         + u"</p></body></html>\n"_s;
    return html.toUtf8();
}

} // namespace qd
