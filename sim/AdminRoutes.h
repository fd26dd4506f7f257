#pragma once

#include "SimHttp.h"

namespace qd::sim {

class Simulator;
class SimState;

// /_sim/*: out-of-process control of the simulator (loopback clients only, no auth).
class AdminRoutes
{
public:
    AdminRoutes(Simulator *simulator, SimState *state);
    SimResponse handle(const SimRequest &request);

private:
    Simulator *m_simulator;
    SimState *m_state;
};

} // namespace qd::sim
