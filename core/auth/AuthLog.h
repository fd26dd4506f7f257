#pragma once

#include <QLoggingCategory>

namespace qd {
// Sign-in, refresh and keychain events. Never a token, code or verifier in a line.
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
} // namespace qd
