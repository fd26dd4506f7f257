#pragma once

#include <QLoggingCategory>

namespace qd {
// qualdesk.api: method, path, status and request ID of every attempt. Never headers or bodies,
// so no token can end up in a log.
Q_DECLARE_LOGGING_CATEGORY(lcApi)
} // namespace qd
