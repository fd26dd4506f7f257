#include "SimServer.h"

#include "FaultInjector.h"
#include "SimLog.h"
#include "SimMessages.h"
#include "Throttle.h"

#include <QHttpServerRequest>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace qd::sim {

namespace {

// Keeps a long-running simulator from growing without bound; tests see far fewer requests.
constexpr qsizetype kMaxRecorded = 20000;

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return u"GET"_s;
    case QHttpServerRequest::Method::Put:
        return u"PUT"_s;
    case QHttpServerRequest::Method::Delete:
        return u"DELETE"_s;
    case QHttpServerRequest::Method::Post:
        return u"POST"_s;
    case QHttpServerRequest::Method::Head:
        return u"HEAD"_s;
    case QHttpServerRequest::Method::Options:
        return u"OPTIONS"_s;
    case QHttpServerRequest::Method::Patch:
        return u"PATCH"_s;
    default:
        return u"UNKNOWN"_s;
    }
}

SimRequest copyRequest(const QHttpServerRequest &request)
{
    SimRequest r;
    r.method = methodName(request.method());
    r.path = request.url().path(QUrl::FullyDecoded);
    if (r.path.isEmpty())
        r.path = u"/"_s;
    r.segments = r.path.split(u'/', Qt::SkipEmptyParts);
    r.query = request.query();
    r.headers = request.headers();
    r.body = request.body();
    r.remoteAddress = request.remoteAddress();
    return r;
}

void addEchoHeaders(const SimRequest &request, SimResponse &response)
{
    if (SimServer::isAdminPath(request.path))
        return;
    // Partner Center echoes the caller's IDs, or makes them up when there were none.
    for (const QByteArray &name : {QByteArray("MS-CorrelationId"), QByteArray("MS-RequestId")}) {
        QByteArray value = request.header(name);
        if (value.isEmpty())
            value = newGuid().toLatin1();
        response.addHeader(name, value);
    }
}

} // namespace

SimServer::SimServer(FaultInjector *faults, QObject *parent) : QAbstractHttpServer(parent), m_faults(faults)
{}

bool SimServer::isAdminPath(const QString &path)
{
    return path == u"/_sim"_s || path.startsWith(u"/_sim/"_s);
}

bool SimServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    SimRequest req = copyRequest(request);
    req.secure = qobject_cast<QSslSocket *>(socket) != nullptr;
    qCDebug(lcSim).noquote() << req.method << req.path; // never headers or bodies: they carry tokens
    std::optional<Fault> fault;
    int delayMs = 0;
    if (!isAdminPath(req.path)) {
        record(req);
        fault = m_faults->take(req.method, req.path);
        if (fault)
            delayMs += fault->latencyMs;
        if (m_latencyMaxMs > 0)
            delayMs += m_latencyMinMs +
                       int(QRandomGenerator::global()->bounded(m_latencyMaxMs - m_latencyMinMs + 1));
        m_peakInFlight = std::max(m_peakInFlight, ++m_inFlight);
    }
    QPointer<QTcpSocket> guard(socket);
    if (delayMs > 0) {
        qCDebug(lcSim) << "delaying by" << delayMs << "ms";
        // One timer per request, so delayed answers overlap and the event loop keeps serving.
        // Precise: a coarse timer may fire up to 5 % early, and tests assert the minimum delay.
        QTimer::singleShot(delayMs, Qt::PreciseTimer, this, [this, req, guard, fault] {
            process(req, guard, fault);
            --m_inFlight;
        });
    } else {
        process(req, guard, fault);
        if (!isAdminPath(req.path))
            --m_inFlight;
    }
    return true;
}

void SimServer::setLatency(int minMs, int maxMs)
{
    m_latencyMinMs = std::max(0, std::min(minMs, maxMs));
    m_latencyMaxMs = std::max(0, std::max(minMs, maxMs));
}

void SimServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest() takes every request; this only runs if Qt calls it anyway.
    const SimRequest req = copyRequest(request);
    send(socket, req, SimResponse::json(404, errorBody(404, Msg::RouteNotFound, req.wantsCzech(), req.path)));
}

void SimServer::process(const SimRequest &request, QPointer<QTcpSocket> socket, std::optional<Fault> fault)
{
    if (!socket)
        return; // the client gave up while we waited
    const Fault::Kind kind = fault ? fault->kind : Fault::Kind::Latency;
    if (fault)
        qCInfo(lcSim).noquote() << "fault" << FaultInjector::kindName(kind) << "on" << request.method
                                << request.path;
    switch (kind) {
    case Fault::Kind::Latency:
        send(socket, request, m_handler(request));
        return;
    case Fault::Kind::Throttle: {
        SimResponse r = SimResponse::json(429, rateLimitBody(fault->retryAfterSeconds));
        if (!fault->retryAfterRaw.isEmpty())
            r.addHeader("Retry-After", fault->retryAfterRaw);
        else if (!fault->omitRetryAfter)
            r.addHeader("Retry-After", QByteArray::number(fault->retryAfterSeconds));
        send(socket, request, r);
        return;
    }
    case Fault::Kind::ServerError:
        send(socket, request,
             SimResponse::json(fault->status,
                               errorBody(fault->status, Msg::ServiceUnavailable, request.wantsCzech())));
        return;
    case Fault::Kind::DropBeforeWork:
        drop(socket);
        return;
    case Fault::Kind::DropAfterWork:
        m_handler(request); // the work happens (and is remembered for MS-RequestId); the answer is lost
        drop(socket);
        return;
    case Fault::Kind::Malformed: {
        SimResponse r;
        r.body = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><p>upstream sent garbage</body></html>";
        send(socket, request, r); // claims application/json
        return;
    }
    case Fault::Kind::Truncated:
        truncate(socket, request, m_handler(request));
        return;
    }
}

void SimServer::send(QTcpSocket *socket, const SimRequest &request, SimResponse response)
{
    addEchoHeaders(request, response);
    socket->write(response.serialize());
}

void SimServer::truncate(QTcpSocket *socket, const SimRequest &request, SimResponse response)
{
    addEchoHeaders(request, response);
    if (response.body.isEmpty())
        response.body = "{}";
    const qint64 declared = response.body.size() + 64;
    socket->write(response.head(declared) + response.body.left(response.body.size() / 2));
    socket->disconnectFromHost(); // flushes what was written, then closes: the client sees a short body
}

void SimServer::drop(QTcpSocket *socket)
{
    // Deferred, so Qt's request parser is done with the socket before it goes away.
    QTimer::singleShot(0, socket, [socket] { socket->abort(); });
}

void SimServer::record(const SimRequest &request)
{
    ++m_requestsSeen;
    if (m_recorded.size() >= kMaxRecorded)
        m_recorded.removeFirst();
    m_recorded.append({request.method, request.path, request.query, request.headers, request.body});
}

} // namespace qd::sim
