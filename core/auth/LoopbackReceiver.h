#pragma once

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>
#include <functional>

class QTcpServer;

namespace qd {

// The loopback end of the browser sign-in: Qt's HTTP server on 127.0.0.1:<free port> (and
// [::1] on the same port when it is free, since browsers may resolve "localhost" to either)
// takes the redirect (GET /?code=..&state=..) and answers with a short page.
class LoopbackReceiver : public QObject
{
    Q_OBJECT
public:
    struct Page
    {
        bool success = false;
        QString heading;
        QString text;
    };
    // Decides the page for a redirect's query; called once per redirect request.
    using Handler = std::function<Page(const QUrlQuery &query)>;

    explicit LoopbackReceiver(Handler handler, QObject *parent = nullptr);
    ~LoopbackReceiver() override;

    // Listens on 127.0.0.1, port chosen by the system. false with a translated error.
    bool listen(QString *error = nullptr);
    // http://HOST:PORT/ with HOST "localhost" or "127.0.0.1".
    QUrl redirectUri(const QString &host = QStringLiteral("localhost")) const;
    void close();

    // The HTML sent to the browser, in the user's language (exposed for tests).
    static QByteArray renderPage(const Page &page);

private:
    class Server;
    friend class Server;
    // What the server answers for one request: the status and, for the redirect, the page.
    QByteArray answer(const QByteArray &method, const QUrl &url, int *status);

    Handler m_handler;
    QPointer<Server> m_http;
    QPointer<QTcpServer> m_server;  // 127.0.0.1
    QPointer<QTcpServer> m_server6; // [::1], best effort
};

} // namespace qd
