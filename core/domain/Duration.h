#pragma once

#include <QCoreApplication>
#include <QString>

namespace qd {

// How QualDesk writes a span of time: rounded up to whole seconds.
class Duration
{
    Q_DECLARE_TR_FUNCTIONS(Duration)
public:
    // "45 s", "2 min 5 s", "3 min", "1 h 5 min" in the user's language; "unknown" when negative.
    static QString text(qint64 ms);
    // "2:05", "1:05:00" for a progress line that is redrawn in place; "--:--" when negative.
    static QString clock(qint64 ms);
};

} // namespace qd
