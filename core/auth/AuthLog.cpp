#include "AuthLog.h"

namespace qd {
Q_LOGGING_CATEGORY(lcAuth, "qualdesk.auth")
} // namespace qd
