#include "AdminRoutes.h"

#include "FaultInjector.h"
#include "SimMessages.h"
#include "SimState.h"
#include "Simulator.h"
#include "Throttle.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace qd::sim {

namespace {

SimResponse ok(const QJsonObject &body = QJsonObject{{u"ok"_s, true}})
{
    return SimResponse::json(200, body);
}

SimResponse bad(const QString &text)
{
    return SimResponse::json(400, QJsonObject{{u"error"_s, text}});
}

} // namespace

AdminRoutes::AdminRoutes(Simulator *simulator, SimState *state) : m_simulator(simulator), m_state(state) {}

SimResponse AdminRoutes::handle(const SimRequest &request)
{
    if (!request.remoteAddress.isLoopback())
        return SimResponse::json(403, errorBody(403, Msg::AdminLoopbackOnly, request.wantsCzech()));
    const QString what = request.segments.value(1);
    const QString method = request.method;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    const QJsonObject body = doc.object();
    if (!request.body.trimmed().isEmpty() && !doc.isObject())
        return bad(u"the body must be a JSON object"_s);
    auto onFlag = [&body] { return body.value(u"on"_s).toBool(true); };

    if (what == u"faults"_s && method == u"POST"_s) {
        QString error;
        const std::optional<Fault> fault = FaultInjector::fromJson(body, &error);
        if (!fault)
            return bad(error);
        m_simulator->addFault(*fault);
        return ok();
    }
    if (what == u"faults"_s && method == u"DELETE"_s) {
        m_simulator->clearFaults();
        return ok();
    }
    if (what == u"stats"_s && method == u"GET"_s) {
        QJsonObject created;
        for (auto it = m_state->createdCounts().cbegin(); it != m_state->createdCounts().cend(); ++it)
            created.insert(it.key(), it.value());
        return ok(QJsonObject{{u"created"_s, created},
                              {u"duplicates"_s, m_state->duplicateCount()},
                              {u"requests"_s, m_simulator->requestCount({}, {})},
                              {u"throttled"_s, m_simulator->throttledCount()},
                              {u"peakInFlight"_s, m_simulator->peakInFlight()}});
    }
    if (method != u"POST"_s)
        return SimResponse::json(404, QJsonObject{{u"error"_s, u"unknown admin endpoint"_s}});

    if (what == u"token"_s) {
        const QString upn = body.value(u"upn"_s).toString(u"anna.novak@contoso-partner.example"_s);
        return ok(QJsonObject{
            {u"access_token"_s, m_simulator->issueAccessToken(upn, body.value(u"mfa"_s).toBool(true))}});
    }
    if (what == u"throttle"_s) {
        // {"perMinute": N, "scope": "partner"|"customer", "countReads": bool}; perMinute 0 switches it off
        ThrottleScope scope = ThrottleScope::Partner;
        const int perMinute = body.value(u"perMinute"_s).toInt(-1);
        if (perMinute < 0 || !Throttle::parseScope(body.value(u"scope"_s).toString(u"partner"_s), &scope))
            return bad(u"use {\"perMinute\": N >= 0, \"scope\": \"partner\" or \"customer\", "
                       "\"countReads\": false}"_s);
        m_simulator->setThrottle(perMinute, scope == ThrottleScope::PartnerAndCustomer,
                                 body.value(u"countReads"_s).toBool(false));
        return ok();
    }
    if (what == u"latency"_s) {
        const int minMs = body.value(u"minMs"_s).toInt(-1);
        const int maxMs = body.value(u"maxMs"_s).toInt(minMs);
        if (minMs < 0 || maxMs < minMs)
            return bad(u"use {\"minMs\": N, \"maxMs\": M} with 0 <= N <= M"_s);
        m_simulator->setLatency(minMs, maxMs);
        return ok();
    }
    if (what == u"expire-tokens"_s)
        m_simulator->expireAccessTokens();
    else if (what == u"revoke-refresh-tokens"_s)
        m_simulator->revokeRefreshTokens();
    else if (what == u"require-mfa"_s)
        m_simulator->setRequireMfa(onFlag());
    else if (what == u"settle-vetting"_s)
        m_simulator->settleVettingNow();
    else if (what == u"vetting-delay"_s)
        m_simulator->setVettingDelayMs(body.value(u"ms"_s).toInt(0));
    else if (what == u"sign-in-mfa"_s)
        m_simulator->setSignInMfa(onFlag());
    else if (what == u"refresh-needs-interaction"_s)
        m_simulator->setRefreshNeedsInteraction(onFlag());
    else if (what == u"auto-approve-sign-in"_s)
        m_simulator->setAutoApproveSignIn(onFlag());
    else
        return SimResponse::json(404, QJsonObject{{u"error"_s, u"unknown admin endpoint"_s}});
    return ok();
}

} // namespace qd::sim
