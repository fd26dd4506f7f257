#include "Simulator.h"

#include "AdminRoutes.h"
#include "FaultInjector.h"
#include "IdentityRoutes.h"
#include "IdentityStore.h"
#include "PartnerCenterRoutes.h"
#include "SimConfig.h"
#include "SimLog.h"
#include "SimMessages.h"
#include "SimServer.h"
#include "SimState.h"
#include "SimTls.h"
#include "Throttle.h"

#include <QFile>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace qd::sim {

// The routes and their run-time switches; kept out of the public header.
struct SimRoutes
{
    SimConfig config;
    std::unique_ptr<PartnerCenterRoutes> partnerCenter;
    std::unique_ptr<IdentityRoutes> identity;
    std::unique_ptr<AdminRoutes> admin;
};

Simulator::Simulator(SimulatorOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_state(std::make_unique<SimState>()),
      m_identity(std::make_unique<IdentityStore>()), m_faults(std::make_unique<FaultInjector>()),
      m_routes(std::make_unique<SimRoutes>()), m_throttle(std::make_unique<Throttle>())
{
    if (!m_state->loadSeedFile(m_options.seedFile, &m_error))
        qCWarning(lcSim).noquote() << m_error;
    m_state->setVettingDelayMs(m_options.vettingDelayMs);
    m_identity->setUsers(m_state->users(), m_state->partnerTenantId());
    m_identity->setAccessTokenLifetimeSecs(m_options.accessTokenLifetimeSecs);

    SimRoutes &routes = *m_routes;
    routes.config.requireMfa = m_options.requireMfa;
    routes.config.pageSize = m_options.pageSize > 0 ? m_options.pageSize : 20;
    routes.config.autoApproveSignIn = m_options.autoApproveSignIn;
    routes.config.deviceCodeIntervalSecs = m_options.deviceCodeIntervalSecs;
    routes.config.deviceCodeLifetimeSecs = m_options.deviceCodeLifetimeSecs;
    routes.config.signInUpn = m_options.signInUpn;
    setThrottle(m_options.throttlePerMinute, m_options.throttlePerCustomer, m_options.throttleCountsReads);
    routes.partnerCenter = std::make_unique<PartnerCenterRoutes>(m_state.get(), m_identity.get(),
                                                                 &routes.config, m_throttle.get());
    routes.identity = std::make_unique<IdentityRoutes>(m_identity.get(), &routes.config);
    routes.admin = std::make_unique<AdminRoutes>(this, m_state.get());

    m_server = new SimServer(m_faults.get(), this);
    setLatency(m_options.latencyMinMs, m_options.latencyMaxMs);
    m_server->setHandler([&routes](const SimRequest &request) -> SimResponse {
        const QString first = request.segments.value(0);
        if (first == u"_sim"_s)
            return routes.admin->handle(request);
        if (first == u"v1"_s)
            return routes.partnerCenter->handle(request);
        if (IdentityRoutes::matches(request))
            return routes.identity->handle(request);
        return SimResponse::json(404, errorBody(404, Msg::RouteNotFound, request.wantsCzech(), request.path));
    });
}

Simulator::~Simulator()
{
    // The server's handler refers to the routes: stop serving before anything else goes away.
    delete m_server;
    m_server = nullptr;
}

bool Simulator::listen()
{
    if (!m_error.isEmpty())
        return false;
    if (!m_options.address.isLoopback())
        qCWarning(lcSim).noquote() << "listening on a non-loopback address:" << m_options.address.toString();
    if (m_options.tls && !setUpTls())
        return false;
    if (m_server->listen(m_options.address, m_options.port) == 0) {
        m_error = u"Cannot listen on %1 port %2."_s.arg(m_options.address.toString()).arg(m_options.port);
        return false;
    }
    qCInfo(lcSim).noquote() << "listening on" << baseUrl().toString();
    return true;
}

bool Simulator::setUpTls()
{
    if (!m_ca.isNull())
        return true; // a second listen() keeps the first certificate
    m_tlsDir = std::make_unique<QTemporaryDir>();
    if (!m_tlsDir->isValid()) {
        m_error =
            u"Cannot make a temporary directory for the certificates: %1"_s.arg(m_tlsDir->errorString());
        return false;
    }
    SimTlsMaterial tls;
    QString error;
    if (!makeSimTlsMaterial(m_tlsDir->path(), &tls, &error)) {
        m_error = error;
        return false;
    }
    m_caFile = tls.caFile;
    if (!m_options.caOutFile.isEmpty()) {
        QFile out(m_options.caOutFile);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(tls.ca.toPem()) < 0) {
            m_error =
                u"Cannot write the CA certificate to %1: %2"_s.arg(m_options.caOutFile, out.errorString());
            return false;
        }
        m_caFile = m_options.caOutFile;
    }
    m_ca = tls.ca;
    m_server->sslSetup(tls.certificate, tls.key);
    qCInfo(lcSim).noquote() << "serving HTTPS; CA certificate in" << m_caFile;
    return true;
}

QString Simulator::errorString() const
{
    return m_error;
}

quint16 Simulator::port() const
{
    const QList<quint16> ports = m_server->serverPorts();
    return ports.isEmpty() ? 0 : ports.first();
}

QUrl Simulator::baseUrl() const
{
    QUrl url;
    url.setScheme(m_options.tls ? u"https"_s : u"http"_s);
    const QHostAddress &a = m_options.address;
    if (a == QHostAddress::LocalHost || a == QHostAddress::Any || a == QHostAddress::AnyIPv4)
        url.setHost(u"127.0.0.1"_s);
    else if (a == QHostAddress::LocalHostIPv6 || a == QHostAddress::AnyIPv6)
        url.setHost(u"::1"_s);
    else
        url.setHost(a.toString());
    url.setPort(port());
    return url;
}

QUrl Simulator::authority() const
{
    QUrl url = baseUrl();
    url.setPath(u"/organizations"_s);
    return url;
}

QString Simulator::demoClientId() const
{
    return u"qualdesk-demo"_s;
}

QString Simulator::issueAccessToken(const QString &upn, bool mfa)
{
    return m_identity->issueAccessToken(upn, mfa);
}

void Simulator::addFault(const Fault &fault)
{
    m_faults->add(fault);
}

void Simulator::clearFaults()
{
    m_faults->clear();
}

void Simulator::expireAccessTokens()
{
    m_identity->expireAccessTokens();
}

void Simulator::revokeRefreshTokens()
{
    m_identity->revokeRefreshTokens();
}

void Simulator::setRequireMfa(bool on)
{
    m_routes->config.requireMfa = on;
}

void Simulator::setVettingDelayMs(int ms)
{
    m_state->setVettingDelayMs(ms);
}

void Simulator::settleVettingNow()
{
    m_state->settleAllVetting();
}

int Simulator::createdCount(const QString &tenantId) const
{
    return m_state->createdCount(tenantId);
}

int Simulator::duplicateCount() const
{
    return m_state->duplicateCount();
}

int Simulator::requestCount(const QString &method, const QString &pathPattern) const
{
    int count = 0;
    for (const RecordedRequest &r : m_server->recorded()) {
        if ((method.isEmpty() || r.method.compare(method, Qt::CaseInsensitive) == 0) &&
            pathMatches(pathPattern, r.path))
            ++count;
    }
    return count;
}

QByteArray Simulator::RecordedRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QList<Simulator::RecordedRequest> Simulator::recordedRequests() const
{
    return m_server->recorded();
}

void Simulator::clearRecordedRequests()
{
    m_server->clearRecorded();
}

void Simulator::addFixedAccessToken(const QString &token, const QString &upn)
{
    m_identity->addFixedAccessToken(token, upn);
}

void Simulator::setSignInMfa(bool on)
{
    m_routes->config.signInMfa = on;
}

void Simulator::setRefreshNeedsInteraction(bool on)
{
    m_identity->setRefreshNeedsInteraction(on);
}

void Simulator::setAutoApproveSignIn(bool on)
{
    m_routes->config.autoApproveSignIn = on;
}

void Simulator::setDeviceCodeIntervalSecs(int secs)
{
    m_routes->config.deviceCodeIntervalSecs = secs;
}

bool Simulator::approveDeviceCode(const QString &userCode, bool approve)
{
    const SimConfig &config = m_routes->config;
    return m_identity->decideDeviceCode(userCode, approve, config.signInUpn, config.signInMfa);
}

QString Simulator::lastUserCode() const
{
    return m_identity->lastUserCode();
}

QString Simulator::partnerTenantId() const
{
    return m_state->partnerTenantId();
}

void Simulator::setThrottle(int perMinute, bool perCustomer, bool countReads)
{
    m_throttle->configure(perMinute, perCustomer ? ThrottleScope::PartnerAndCustomer : ThrottleScope::Partner,
                          countReads);
    if (perMinute > 0)
        qCInfo(lcSim).noquote() << "throttle:" << perMinute << "a minute per"
                                << Throttle::scopeName(m_throttle->scope()) << "burst" << m_throttle->burst()
                                << (countReads ? "(reads count)" : "(writes only)");
}

int Simulator::throttledCount() const
{
    return m_throttle->refusedCount();
}

void Simulator::setLatency(int minMs, int maxMs)
{
    m_server->setLatency(minMs, maxMs);
}

int Simulator::inFlight() const
{
    return m_server->inFlight();
}

int Simulator::peakInFlight() const
{
    return m_server->peakInFlight();
}

QString Simulator::caCertificateFile() const
{
    return m_caFile;
}

QSslCertificate Simulator::caCertificate() const
{
    return m_ca;
}

void Simulator::setTimeSource(std::function<QDateTime()> nowUtc)
{
    m_state->setNow(nowUtc);
    m_identity->setNow(nowUtc);
}

} // namespace qd::sim
