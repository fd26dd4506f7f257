#pragma once

#include <QString>

namespace qd {

// A new random (version 4) UUID without braces: the one place where MS-RequestId,
// MS-CorrelationId and bulk run IDs get their value.
QString newUuid();

// The MS-RequestId of a new submission (a newUuid()). The only function that makes one: the
// service, a bulk run, the history (a row stored without one) and the request builder (a call
// given none) all ask here.
QString newRequestId();

} // namespace qd
