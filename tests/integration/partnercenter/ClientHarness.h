#pragma once

// Shared pieces of the client's integration tests: a simulator per test, a client wired to it,
// a callback recorder, a token provider that renews through the simulator, and a tiny
// redirecting HTTP server.

#include "SeedFixtures.h"
#include "Simulator.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <functional>
#include <memory>

namespace qd::test {

// Records what a client callback received.
template <typename T> struct Outcome
{
    int calls = 0;
    Result<T> result;
    PartnerCenterClient::Callback<T> callback()
    {
        return [this](const Result<T> &r) {
            ++calls;
            result = r;
        };
    }
};

// Hands out a simulator token and, when asked to refresh, a new one (queued, like a real
// sign-in session). Counts the refreshes.
class SimTokenProvider final : public TokenProvider
{
public:
    SimTokenProvider(sim::Simulator *sim, QString token, bool refreshSucceeds = true)
        : m_sim(sim), m_token(std::move(token)), m_refreshSucceeds(refreshSucceeds)
    {}
    // false: a "successful" refresh that keeps the old token (a confused session).
    bool issueNewToken = true;
    QString accessToken() const override { return m_token; }
    void requestRefresh() override
    {
        ++refreshes;
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (m_refreshSucceeds && issueNewToken)
                    m_token = m_sim->issueAccessToken();
                emit refreshFinished(m_refreshSucceeds, m_refreshSucceeds ? QString() : QStringLiteral("no"));
            },
            Qt::QueuedConnection);
    }
    int refreshes = 0;

private:
    sim::Simulator *m_sim;
    QString m_token;
    bool m_refreshSucceeds;
};

// Answers every HTTP request with what `respond` returns for its head, and remembers the heads.
class TinyHttpServer final : public QObject
{
public:
    using Respond = std::function<QByteArray(const QByteArray &head)>;
    explicit TinyHttpServer(Respond respond) : m_respond(std::move(respond))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { onData(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    QList<QByteArray> heads;

    static QByteArray response(int status, const QByteArray &extraHeaders = {}, const QByteArray &body = {})
    {
        return "HTTP/1.1 " + QByteArray::number(status) + " X\r\n" + extraHeaders +
               "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    }
    static QByteArray path(const QByteArray &head) { return head.split(' ').value(1); }

    // The value of a header in a request head, empty when absent.
    static QByteArray header(const QByteArray &head, const QByteArray &name)
    {
        const QList<QByteArray> lines = head.split('\n');
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = buffer.left(end);
        const qsizetype length = header(head, "Content-Length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        buffer.remove(0, end + 4 + length);
        heads.append(head);
        socket->write(m_respond(head));
    }

    QTcpServer m_server;
    Respond m_respond;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// A simulator on a free loopback port with a client wired to it.
class ClientHarness
{
public:
    explicit ClientHarness(sim::SimulatorOptions options = {})
    {
        sim = std::make_unique<sim::Simulator>(options);
        listening = sim->listen();
        tokens = std::make_unique<SimTokenProvider>(sim.get(), sim->issueAccessToken());
        config.baseUrl = sim->baseUrl();
        config.timeoutMs = 5000;
        config.maxRetries = 3;
        config.retryBaseDelayMs = 20; // fast retries; the policy's timing has its own unit test
        config.retryMaxDelayMs = 100;
        client = std::make_unique<PartnerCenterClient>(tokens.get(), config);
    }
    ~ClientHarness() { client.reset(); }
    void reconfigure(const ClientConfig &c)
    {
        config = c;
        client->setConfig(c);
    }
    void useTokens(TokenProvider *provider)
    {
        client = std::make_unique<PartnerCenterClient>(provider, config);
    }
    // Requests the simulator recorded for paths starting with `pathPrefix`.
    QList<sim::Simulator::RecordedRequest> recorded(const QString &pathPrefix = {}) const
    {
        QList<sim::Simulator::RecordedRequest> list;
        const auto all = sim->recordedRequests();
        for (const auto &r : all) {
            if (r.path.startsWith(pathPrefix))
                list.append(r);
        }
        return list;
    }

    std::unique_ptr<sim::Simulator> sim;
    std::unique_ptr<SimTokenProvider> tokens;
    ClientConfig config;
    std::unique_ptr<PartnerCenterClient> client;
    bool listening = false;
};

inline sim::Fault fault(sim::Fault::Kind kind, const QString &method, const QString &path, int times)
{
    sim::Fault f;
    f.kind = kind;
    f.method = method;
    f.pathPattern = path;
    f.times = times;
    return f;
}

inline QualificationRequest soe()
{
    QualificationRequest r;
    r.type = QualificationType::StateOwnedEntity;
    return r;
}

inline QualificationRequest education(EducationSegment segment, const QString &website = {})
{
    QualificationRequest r;
    r.type = QualificationType::Education;
    r.segment = segment;
    r.website = website;
    return r;
}

inline QualificationRequest gcc(const QString &code)
{
    QualificationRequest r;
    r.type = QualificationType::GovernmentCommunityCloud;
    r.validationCode = code;
    return r;
}

} // namespace qd::test
