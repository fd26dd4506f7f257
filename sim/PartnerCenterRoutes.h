#pragma once

#include "SimConfig.h"
#include "SimHttp.h"
#include "SimState.h"

#include <QHash>
#include <optional>

namespace qd::sim {

class IdentityStore;
class Throttle;

// The Partner Center REST endpoints under /v1 (see SIM_API.md and partner-center-api.md).
class PartnerCenterRoutes
{
public:
    PartnerCenterRoutes(SimState *state, IdentityStore *identity, const SimConfig *config,
                        Throttle *throttle = nullptr);

    SimResponse handle(const SimRequest &request);

private:
    struct Cursor
    {
        SimState::SearchField field = SimState::SearchField::Any;
        QString prefix;
        QString filterParam; // the filter as the client sent it, for links
        int offset = 0;
        int size = 20;
    };

    std::optional<SimResponse> rejectUnauthorized(const SimRequest &request) const;
    SimResponse getCustomer(const SimRequest &request, const QString &id) const;
    SimResponse listCustomers(const SimRequest &request);
    SimResponse getQualifications(const SimRequest &request, const QString &id);
    SimResponse createQualification(const SimRequest &request, const QString &id);
    SimResponse page(const Cursor &cursor);
    std::optional<SimResponse> checkCustomerId(const SimRequest &request, const QString &id) const;

    SimState *m_state;
    IdentityStore *m_identity;
    const SimConfig *m_config;
    Throttle *m_throttle;
    QHash<QString, Cursor> m_cursors; // continuation token -> where the next page starts
};

// The JSON of one customer: `full` adds the fields only get-by-id returns.
QJsonObject customerJson(const SimCustomer &customer, bool full);

} // namespace qd::sim
