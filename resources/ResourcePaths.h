#pragma once

#include <QString>

// Paths of the embedded icons (resources/icons.qrc, prefix /icons) and license texts
// (resources/legal.qrc, prefix /legal). Calling any of these makes
// sure the resource is linked in and registered: it lives in a static library, where the linker
// would otherwise drop it.
namespace qd::resources {

// The application icon (SVG; QIcon renders it at every size).
QString appIconPath();

// A small status badge: "approved", "inreview", "denied", "unknown", "pending" or "failed".
// Any other name gives the "unknown" badge.
QString statusIconPath(QStringView status);

// The license texts for the About dialog (prefix /legal): QualDesk's Apache-2.0 LICENSE, and the
// third-party notices (Qt, QtKeychain).
QString licensePath();
QString thirdPartyNoticesPath();

} // namespace qd::resources
