#include "ApiLogging.h"

namespace qd {
Q_LOGGING_CATEGORY(lcApi, "qualdesk.api", QtInfoMsg)
} // namespace qd
