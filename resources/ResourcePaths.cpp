#include "ResourcePaths.h"

#include <QStringList>
#include <QtGlobal>

using namespace Qt::StringLiterals;

// Q_INIT_RESOURCE must be used outside any namespace.
static void registerIcons()
{
    Q_INIT_RESOURCE(icons);
    Q_INIT_RESOURCE(legal);
}

namespace qd::resources {

namespace {

void ensureRegistered()
{
    static const bool once = (registerIcons(), true);
    Q_UNUSED(once);
}

} // namespace

QString appIconPath()
{
    ensureRegistered();
    return u":/icons/qualdesk.svg"_s;
}

QString statusIconPath(QStringView status)
{
    ensureRegistered();
    static const QStringList known{u"approved"_s, u"inreview"_s, u"denied"_s,
                                   u"unknown"_s,  u"pending"_s,  u"failed"_s};
    const QString name = status.toString().toLower();
    return u":/icons/status/"_s + (known.contains(name) ? name : u"unknown"_s) + u".svg"_s;
}

QString licensePath()
{
    ensureRegistered();
    return u":/legal/LICENSE"_s;
}

QString thirdPartyNoticesPath()
{
    ensureRegistered();
    return u":/legal/THIRD-PARTY-NOTICES"_s;
}

} // namespace qd::resources
