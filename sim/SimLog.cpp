#include "SimLog.h"

namespace qd::sim {
// Debug lines (one per request) are off unless QT_LOGGING_RULES turns them on.
Q_LOGGING_CATEGORY(lcSim, "qualdesk.sim", QtInfoMsg)
} // namespace qd::sim
