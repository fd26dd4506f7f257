#include "FaultInjector.h"

#include "SimHttp.h"
#include "SimLog.h"

using namespace Qt::StringLiterals;

namespace qd::sim {

namespace {

struct KindName
{
    Fault::Kind kind;
    const char *name;
};

constexpr KindName kKinds[] = {
    {Fault::Kind::Latency, "latency"},          {Fault::Kind::Throttle, "throttle"},
    {Fault::Kind::ServerError, "server-error"}, {Fault::Kind::DropBeforeWork, "drop-before"},
    {Fault::Kind::DropAfterWork, "drop-after"}, {Fault::Kind::Malformed, "malformed"},
    {Fault::Kind::Truncated, "truncated"},
};

} // namespace

void FaultInjector::add(const Fault &fault)
{
    if (fault.times == 0)
        return;
    m_faults.append(fault);
    qCInfo(lcSim).noquote() << "fault added:" << kindName(fault.kind)
                            << (fault.method.isEmpty() ? u"*"_s : fault.method)
                            << (fault.pathPattern.isEmpty() ? u"*"_s : fault.pathPattern) << "times"
                            << fault.times;
}

std::optional<Fault> FaultInjector::take(const QString &method, const QString &path)
{
    for (qsizetype i = 0; i < m_faults.size(); ++i) {
        Fault &f = m_faults[i];
        if (!f.method.isEmpty() && f.method.compare(method, Qt::CaseInsensitive) != 0)
            continue;
        if (!pathMatches(f.pathPattern, path))
            continue;
        const Fault hit = f;
        if (f.times > 0 && --f.times == 0)
            m_faults.removeAt(i);
        return hit;
    }
    return std::nullopt;
}

QString FaultInjector::kindName(Fault::Kind kind)
{
    for (const KindName &k : kKinds) {
        if (k.kind == kind)
            return QString::fromLatin1(k.name);
    }
    return {};
}

std::optional<Fault> FaultInjector::fromJson(const QJsonObject &json, QString *error)
{
    Fault f;
    const QString kind = json.value(u"kind"_s).toString();
    bool known = false;
    for (const KindName &k : kKinds) {
        if (kind.compare(QLatin1StringView(k.name), Qt::CaseInsensitive) == 0) {
            f.kind = k.kind;
            known = true;
        }
    }
    if (!known) {
        if (error)
            *error =
                u"unknown fault kind \"%1\"; use latency, throttle, server-error, drop-before, drop-after, "
                "malformed or truncated"_s.arg(kind);
        return std::nullopt;
    }
    f.method = json.value(u"method"_s).toString().toUpper();
    f.pathPattern = json.value(u"path"_s).toString(json.value(u"pathPattern"_s).toString());
    f.times = json.value(u"times"_s).toInt(-1);
    f.latencyMs = json.value(u"latencyMs"_s).toInt(0);
    f.status = json.value(u"status"_s).toInt(503);
    f.retryAfterSeconds = json.value(u"retryAfterSeconds"_s).toInt(1);
    f.omitRetryAfter = json.value(u"omitRetryAfter"_s).toBool(false);
    f.retryAfterRaw = json.value(u"retryAfterRaw"_s).toString().toLatin1();
    for (const char c : std::as_const(f.retryAfterRaw)) {
        if (c < 0x20 || c == 0x7f) {
            if (error)
                *error = u"retryAfterRaw must not hold control characters"_s;
            return std::nullopt;
        }
    }
    if (f.latencyMs < 0 || f.retryAfterSeconds < 0 || f.status < 100 || f.status > 599) {
        if (error)
            *error = u"latencyMs and retryAfterSeconds must not be negative; status must be an HTTP status"_s;
        return std::nullopt;
    }
    return f;
}

QJsonObject FaultInjector::toJson(const Fault &fault)
{
    return QJsonObject{
        {u"kind"_s, kindName(fault.kind)},
        {u"method"_s, fault.method},
        {u"path"_s, fault.pathPattern},
        {u"times"_s, fault.times},
        {u"latencyMs"_s, fault.latencyMs},
        {u"status"_s, fault.status},
        {u"retryAfterSeconds"_s, fault.retryAfterSeconds},
        {u"omitRetryAfter"_s, fault.omitRetryAfter},
        {u"retryAfterRaw"_s, QString::fromLatin1(fault.retryAfterRaw)},
    };
}

} // namespace qd::sim
