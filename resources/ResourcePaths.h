#pragma once

#include <QString>

// Paths of the embedded icons (resources/icons.qrc, prefix /icons). Calling any of these makes
// sure the resource is linked in and registered: it lives in a static library, where the linker
// would otherwise drop it.
namespace qd::resources {

// The application icon (SVG; QIcon renders it at every size).
QString appIconPath();

// A small status badge: "approved", "inreview", "denied", "unknown", "pending" or "failed".
// Any other name gives the "unknown" badge.
QString statusIconPath(QStringView status);

} // namespace qd::resources
