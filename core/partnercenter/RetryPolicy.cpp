#include "RetryPolicy.h"

#include <QLocale>
#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace qd {

AttemptOutcome AttemptOutcome::http(int status, const QByteArray &retryAfter,
                                    std::optional<bool> serverRetryable)
{
    AttemptOutcome o;
    o.kind = (status >= 200 && status < 300) ? Kind::Success : Kind::Http;
    o.httpStatus = status;
    o.retryAfter = retryAfter;
    o.serverRetryable = serverRetryable;
    return o;
}

AttemptOutcome AttemptOutcome::network(QNetworkReply::NetworkError error)
{
    AttemptOutcome o;
    o.kind = Kind::Network;
    o.networkError = error;
    return o;
}

AttemptOutcome AttemptOutcome::timeout()
{
    AttemptOutcome o;
    o.kind = Kind::Timeout;
    o.networkError = QNetworkReply::TimeoutError;
    return o;
}

RetryPolicy::RetryPolicy(Settings settings, const Clock *clock)
    : m_settings(settings), m_clock(clock ? clock : SystemClock::instance())
{}

int RetryPolicy::backoffMs(int retriesSoFar) const
{
    qint64 delay = std::max(0, m_settings.baseDelayMs);
    for (int i = 0; i < retriesSoFar && delay < m_settings.maxDelayMs; ++i)
        delay *= 2;
    return int(std::min<qint64>(delay, std::max(0, m_settings.maxDelayMs)));
}

bool RetryPolicy::isRetryableStatus(int status)
{
    // 408 is the server timing out the request; 501/505 will not change on a retry.
    if (status == 408 || status == 429)
        return true;
    return status >= 500 && status <= 599 && status != 501 && status != 505;
}

bool RetryPolicy::isTransientNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProtocolFailure:
        return true;
    default:
        return false;
    }
}

RetryDecision RetryPolicy::decide(const AttemptOutcome &outcome, int retriesSoFar) const
{
    RetryDecision d;
    switch (outcome.kind) {
    case AttemptOutcome::Kind::Success:
        return d;
    case AttemptOutcome::Kind::Timeout:
        d.retry = true;
        break;
    case AttemptOutcome::Kind::Network:
        d.retry = isTransientNetworkError(outcome.networkError);
        break;
    case AttemptOutcome::Kind::Http:
        d.retry = isRetryableStatus(outcome.httpStatus);
        // The server may say a 5xx is permanent; a 429 or a 503 is "try again later" by
        // definition, whatever the body's isRetryable says.
        if (outcome.httpStatus != 429 && outcome.httpStatus != 503 && outcome.serverRetryable == false)
            d.retry = false;
        if (outcome.httpStatus == 429 || outcome.httpStatus == 503)
            d.retryAfterMs = retryAfterMs(outcome.retryAfter);
        break;
    }
    if (!d.retry)
        return d;
    if (retriesSoFar >= m_settings.maxRetries) {
        d.retry = false;
        return d;
    }
    if (d.retryAfterMs >= 0) {
        if (d.retryAfterMs > m_settings.maxRetryAfterMs) {
            // Too long to keep the user waiting: report it, with the time, instead.
            d.retry = false;
            return d;
        }
        // The first wait is what the server asked for; if it repeats, back off beyond that.
        d.delayMs = retriesSoFar == 0 ? d.retryAfterMs : std::max(d.retryAfterMs, backoffMs(retriesSoFar));
    } else {
        d.delayMs = backoffMs(retriesSoFar);
    }
    return d;
}

int RetryPolicy::retryAfterMs(const QByteArray &value) const
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return -1;
    bool isNumber = false;
    const qint64 seconds = v.toLongLong(&isNumber);
    if (isNumber) {
        if (seconds < 0)
            return -1;
        return int(std::min<qint64>(seconds * 1000, std::numeric_limits<int>::max()));
    }
    // The weekday is left out before parsing: Qt would check it against a two-digit RFC 850
    // year read as 19xx, and a wrong weekday should not make the date unusable.
    QString text = QString::fromLatin1(v).simplified();
    const qsizetype comma = text.indexOf(u',');
    static const QString formats[] = {u"dd MMM yyyy hh:mm:ss 'GMT'"_s, u"dd-MMM-yy hh:mm:ss 'GMT'"_s,
                                      u"MMM d hh:mm:ss yyyy"_s};
    if (comma >= 0)
        text = text.mid(comma + 1).trimmed(); // IMF-fixdate, RFC 850
    else
        text = text.mid(text.indexOf(u' ') + 1); // asctime
    const QLocale c = QLocale::c();
    QDateTime date;
    for (const QString &format : formats) {
        date = c.toDateTime(text, format);
        if (date.isValid())
            break;
    }
    if (!date.isValid())
        return -1;
    QDate day = date.date();
    if (day.year() < 1970) // two-digit RFC 850 years
        day = day.addYears(100);
    const QDateTime when(day, date.time(), Qt::UTC);
    const qint64 ms = m_clock->nowUtc().msecsTo(when);
    return int(std::clamp<qint64>(ms, 0, std::numeric_limits<int>::max()));
}

} // namespace qd
