#pragma once

#include <QLoggingCategory>

namespace qd::sim {
Q_DECLARE_LOGGING_CATEGORY(lcSim)
}
