#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>
#include <functional>

class QTcpServer;
class QTcpSocket;

namespace qd {

// The loopback end of the browser sign-in: a tiny HTTP listener on 127.0.0.1:<free port>
// (and [::1] on the same port when it is free, since browsers may resolve "localhost" to
// either) that takes the redirect (GET /?code=..&state=..) and answers with a short page.
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
    void onNewConnection(QTcpServer *server);
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, int status, const QByteArray &reason, const QByteArray &html);

    Handler m_handler;
    QTcpServer *m_server = nullptr;
    QTcpServer *m_server6 = nullptr; // [::1], best effort
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace qd
