#pragma once

#include "Simulator.h"

#include <QJsonObject>
#include <QList>
#include <optional>

namespace qd::sim {

// The list of injected faults; the first one matching a request is applied and counts down.
class FaultInjector
{
public:
    void add(const Fault &fault);
    void clear() { m_faults.clear(); }
    int size() const { return int(m_faults.size()); }
    // The fault to apply to this request, if any; uses up one of its `times`.
    std::optional<Fault> take(const QString &method, const QString &path);

    // The admin endpoint's JSON form: {kind, method, path, times, latencyMs, status, retryAfterSeconds,
    // omitRetryAfter, retryAfterRaw}.
    static std::optional<Fault> fromJson(const QJsonObject &json, QString *error);
    static QJsonObject toJson(const Fault &fault);
    static QString kindName(Fault::Kind kind);

private:
    QList<Fault> m_faults;
};

} // namespace qd::sim
