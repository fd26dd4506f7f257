#include "Duration.h"

using namespace Qt::StringLiterals;

namespace qd {

QString Duration::text(qint64 ms)
{
    if (ms < 0)
        return tr("unknown");
    const qint64 secs = (ms + 999) / 1000;
    if (secs < 60)
        return tr("%n s", nullptr, int(secs));
    const qint64 mins = secs / 60;
    const qint64 rest = secs % 60;
    if (mins < 60)
        return rest ? tr("%1 min %2 s").arg(mins).arg(rest) : tr("%1 min").arg(mins);
    return tr("%1 h %2 min").arg(mins / 60).arg(mins % 60);
}

QString Duration::clock(qint64 ms)
{
    if (ms < 0)
        return u"--:--"_s;
    const qint64 secs = (ms + 999) / 1000;
    if (secs >= 3600)
        return u"%1:%2:%3"_s.arg(secs / 3600)
            .arg(secs / 60 % 60, 2, 10, QChar(u'0'))
            .arg(secs % 60, 2, 10, QChar(u'0'));
    return u"%1:%2"_s.arg(secs / 60).arg(secs % 60, 2, 10, QChar(u'0'));
}

} // namespace qd
