#include "Uuid.h"

#include <QUuid>

namespace qd {

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace qd
