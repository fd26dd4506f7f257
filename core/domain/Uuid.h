#pragma once

#include <QString>

namespace qd {

// A new random (version 4) UUID without braces: the one place where MS-RequestId,
// MS-CorrelationId and bulk run IDs get their value.
QString newUuid();

} // namespace qd
