#include "Throttle.h"

#include <QJsonObject>
#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace qd::sim {

Throttle::Throttle()
{
    m_started.start();
}

void Throttle::configure(int perMinute, ThrottleScope scope, bool countReads)
{
    m_perMinute = std::max(0, perMinute);
    m_scope = scope;
    m_countReads = countReads;
    m_buckets.clear(); // a new limit starts with full buckets
}

int Throttle::burst() const
{
    return std::max(1, m_perMinute / 60);
}

Throttle::Verdict Throttle::take(const QString &partner, const QString &customer, bool write)
{
    if (!enabled() || (!write && !m_countReads))
        return {};
    QString key = partner.toLower();
    if (m_scope == ThrottleScope::PartnerAndCustomer && !customer.isEmpty())
        key += u'/' + customer.toLower();

    const qint64 now = m_now ? m_now() : m_started.elapsed();
    const double perMs = m_perMinute / 60000.0;
    const double capacity = burst();
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{capacity, now});
    Bucket &bucket = *it;
    if (now > bucket.updatedMs)
        bucket.tokens = std::min(capacity, bucket.tokens + double(now - bucket.updatedMs) * perMs);
    bucket.updatedMs = std::max(bucket.updatedMs, now);
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return {};
    }
    ++m_refused;
    const double waitMs = (1.0 - bucket.tokens) / perMs;
    return {false, std::max(1, int(std::ceil(waitMs / 1000.0)))};
}

QString Throttle::scopeName(ThrottleScope scope)
{
    return scope == ThrottleScope::PartnerAndCustomer ? u"customer"_s : u"partner"_s;
}

bool Throttle::parseScope(const QString &text, ThrottleScope *scope)
{
    if (text.compare(u"partner"_s, Qt::CaseInsensitive) == 0)
        *scope = ThrottleScope::Partner;
    else if (text.compare(u"customer"_s, Qt::CaseInsensitive) == 0)
        *scope = ThrottleScope::PartnerAndCustomer;
    else
        return false;
    return true;
}

QJsonObject rateLimitBody(int retryAfterSeconds)
{
    return QJsonObject{
        {u"statusCode"_s, 429},
        {u"message"_s, u"Rate limit is exceeded. Try again in %1 seconds."_s.arg(retryAfterSeconds)}};
}

SimResponse rateLimitAnswer(int retryAfterSeconds)
{
    SimResponse r = SimResponse::json(429, rateLimitBody(retryAfterSeconds));
    r.addHeader("Retry-After", QByteArray::number(retryAfterSeconds));
    return r;
}

} // namespace qd::sim
