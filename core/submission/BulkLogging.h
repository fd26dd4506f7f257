#pragma once

#include <QLoggingCategory>

namespace qd {
// Bulk runs log under the submission area.
Q_DECLARE_LOGGING_CATEGORY(lcBulk)
} // namespace qd
