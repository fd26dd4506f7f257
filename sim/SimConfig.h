#pragma once

#include <QString>

namespace qd::sim {

// Switches the routes read on every request; the Simulator and /_sim change them at run time.
struct SimConfig
{
    bool requireMfa = true;
    int pageSize = 20;
    bool autoApproveSignIn = true;
    bool signInMfa = true;
    int deviceCodeIntervalSecs = 1;
    int deviceCodeLifetimeSecs = 900;
    QString signInUpn; // empty: the seed's first user
};

} // namespace qd::sim
