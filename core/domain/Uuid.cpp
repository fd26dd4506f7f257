#include "Uuid.h"

#include <QUuid>

namespace qd {

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString newRequestId()
{
    return newUuid();
}

} // namespace qd
