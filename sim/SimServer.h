#pragma once

#include "SimHttp.h"
#include "Simulator.h"

#include <QAbstractHttpServer>
#include <QPointer>
#include <functional>
#include <optional>

class QTcpSocket;

namespace qd::sim {

class FaultInjector;

// HTTP plumbing: copies each request out of Qt's parser, records it, applies the first matching
// fault and writes the handler's answer straight to the socket, which is what lets the simulator
// delay, drop or truncate answers. Responses always carry Content-Length and keep the connection.
class SimServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<SimResponse(const SimRequest &)>;

    explicit SimServer(FaultInjector *faults, QObject *parent = nullptr);

    void setHandler(Handler handler) { m_handler = std::move(handler); }

    QList<Simulator::RecordedRequest> recorded() const { return m_recorded; }
    void clearRecorded() { m_recorded.clear(); }
    int requestsSeen() const { return m_requestsSeen; }

    // Every answer but /_sim waits a uniform random time in [minMs, maxMs] (0, 0: none).
    void setLatency(int minMs, int maxMs);
    int inFlight() const { return m_inFlight; }
    int peakInFlight() const { return m_peakInFlight; }

    static bool isAdminPath(const QString &path);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void process(const SimRequest &request, QPointer<QTcpSocket> socket, std::optional<Fault> fault);
    void send(QTcpSocket *socket, const SimRequest &request, SimResponse response);
    void truncate(QTcpSocket *socket, const SimRequest &request, SimResponse response);
    static void drop(QTcpSocket *socket);
    void record(const SimRequest &request);

    FaultInjector *m_faults;
    Handler m_handler;
    QList<Simulator::RecordedRequest> m_recorded;
    int m_requestsSeen = 0;
    int m_latencyMinMs = 0;
    int m_latencyMaxMs = 0;
    int m_inFlight = 0;
    int m_peakInFlight = 0;
};

} // namespace qd::sim
