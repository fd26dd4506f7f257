#include "StoreError.h"

using namespace Qt::StringLiterals;

namespace qd {

QString StoreError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return u"none"_s;
    case Kind::NotOpen:
        return u"not-open"_s;
    case Kind::ReadOnly:
        return u"read-only"_s;
    case Kind::Locked:
        return u"locked"_s;
    case Kind::DiskFull:
        return u"disk-full"_s;
    case Kind::Corrupt:
        return u"corrupt"_s;
    case Kind::TooNew:
        return u"too-new"_s;
    case Kind::NotFound:
        return u"not-found"_s;
    case Kind::Unreachable:
        return u"unreachable"_s;
    case Kind::SignInRefused:
        return u"sign-in-refused"_s;
    case Kind::Claimed:
        return u"claimed"_s;
    case Kind::Io:
        break;
    }
    return u"io"_s;
}

} // namespace qd
