#pragma once

#include "SimConfig.h"
#include "SimHttp.h"

namespace qd::sim {

class IdentityStore;

// The Microsoft identity platform endpoints: {authority}/oauth2/v2.0/authorize, /token and
// /devicecode, where authority = {base}/{tenant}, plus {base}/devicelogin (the device flow's
// browser page, which approves or denies at once when told to).
class IdentityRoutes
{
public:
    IdentityRoutes(IdentityStore *identity, const SimConfig *config);

    static bool matches(const SimRequest &request);
    SimResponse handle(const SimRequest &request);

private:
    SimResponse authorize(const SimRequest &request);
    SimResponse token(const SimRequest &request);
    SimResponse deviceCode(const SimRequest &request);
    SimResponse deviceLogin(const SimRequest &request);

    static QString issuerBase(const SimRequest &request);
    static SimResponse oauthError(int status, const QString &error, int aadsts, const QString &text);

    IdentityStore *m_identity;
    const SimConfig *m_config;
};

// True for http://localhost[:port]/... and http://127.0.0.1[:port]/... (and [::1]).
bool isLoopbackRedirect(const QUrl &url);

} // namespace qd::sim
