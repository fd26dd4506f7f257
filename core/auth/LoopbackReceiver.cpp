#include "LoopbackReceiver.h"

#include "AuthLog.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLocale>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace qd {

class LoopbackReceiver::Server final : public QAbstractHttpServer
{
public:
    explicit Server(LoopbackReceiver *receiver) : QAbstractHttpServer(receiver), m_receiver(receiver) {}

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        // The responder is made first: the handler may end the flow and close the listener,
        // and this socket still gets its page.
        QHttpServerResponder responder = makeResponder(request, socket);
        const QByteArray method = request.method() == QHttpServerRequest::Method::Get ? "GET"_ba : "OTHER"_ba;
        int status = 500;
        const QByteArray page = m_receiver->answer(method, request.url(), &status);
        responder.write(
            page, {{"Content-Type"_ba, "text/html; charset=utf-8"_ba}, {"Cache-Control"_ba, "no-store"_ba}},
            QHttpServerResponder::StatusCode(status));
        // A short page fits the loopback socket buffer at once, so it is on its way even if
        // the flow ends and the server is deleted right after this.
        socket->flush();
        return true;
    }

    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
    }

private:
    LoopbackReceiver *m_receiver;
};

LoopbackReceiver::LoopbackReceiver(Handler handler, QObject *parent)
    : QObject(parent), m_handler(std::move(handler))
{}

LoopbackReceiver::~LoopbackReceiver()
{
    close();
}

bool LoopbackReceiver::listen(QString *error)
{
    close();
    m_http = new Server(this);
    // The listening sockets are made here, not by QAbstractHttpServer::listen(), so a failure
    // can say why and [::1] can take the port 127.0.0.1 got.
    auto *server = new QTcpServer(m_http);
    if (!server->listen(QHostAddress::LocalHost, 0)) {
        if (error) {
            *error = tr("QualDesk could not open a local port for the browser to return to: %1")
                         .arg(server->errorString());
        }
        close();
        return false;
    }
    m_http->bind(server);
    m_server = server;
    auto *server6 = new QTcpServer(m_http);
    if (server6->listen(QHostAddress::LocalHostIPv6, server->serverPort())) {
        m_http->bind(server6);
        m_server6 = server6;
    } else {
        delete server6;
    }
    qCDebug(lcAuth) << "waiting for the browser on port" << server->serverPort()
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
    // No new connections; a page being written (the handler may close the listener while it
    // answers) is finished before the server goes, on the next turn of the event loop.
    for (QTcpServer *server : {m_server.data(), m_server6.data()}) {
        if (server)
            server->close();
    }
    m_server = nullptr;
    m_server6 = nullptr;
    if (m_http) {
        m_http->deleteLater();
        m_http = nullptr;
    }
}

QByteArray LoopbackReceiver::answer(const QByteArray &method, const QUrl &url, int *status)
{
    if (method != "GET") {
        *status = 405;
        return {};
    }
    if (url.path() != "/"_L1) {
        *status = 404; // favicon.ico and the like
        return {};
    }
    // The redirect query is form-encoded: '+' stands for a space.
    QString query = url.query(QUrl::FullyEncoded);
    query.replace(u'+', "%20"_L1);
    const Page page = m_handler ? m_handler(QUrlQuery(query)) : Page{};
    *status = 200;
    return renderPage(page);
}

QByteArray LoopbackReceiver::renderPage(const Page &page)
{
    const QString language = QLocale().bcp47Name();
    const QString html = u"<!DOCTYPE html>\n<html lang=\""_s + language.toHtmlEscaped() +
                         u"\"><head><meta charset=\"utf-8\"><title>QualDesk</title>"
                         "<style>body{font-family:sans-serif;margin:3em auto;max-width:36em;}"
                         "h1{font-size:1.4em;}</style></head><body><h1>"_s +
                         page.heading.toHtmlEscaped() + u"</h1><p>"_s + page.text.toHtmlEscaped() +
                         u"</p></body></html>\n"_s;
    return html.toUtf8();
}

} // namespace qd
