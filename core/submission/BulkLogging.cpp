#include "BulkLogging.h"

namespace qd {
Q_LOGGING_CATEGORY(lcBulk, "qualdesk.submission.bulk")
} // namespace qd
