#pragma once

#include "domain/Clock.h"

#include <QByteArray>
#include <QNetworkReply>
#include <optional>

namespace qd {

// How one attempt of a call ended, as far as retrying is concerned.
struct AttemptOutcome
{
    enum class Kind
    {
        Success,
        Http,
        Network,
        Timeout
    };
    Kind kind = Kind::Success;
    int httpStatus = 0;
    QByteArray retryAfter;               // raw Retry-After header of a 429/503
    std::optional<bool> serverRetryable; // isRetryable from the error body, when present
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;

    static AttemptOutcome http(int status, const QByteArray &retryAfter = {},
                               std::optional<bool> serverRetryable = std::nullopt);
    static AttemptOutcome network(QNetworkReply::NetworkError error);
    static AttemptOutcome timeout();
};

struct RetryDecision
{
    bool retry = false;
    int delayMs = 0;
    int retryAfterMs = -1; // what the server asked for (429), -1 when it did not say
};

struct RetrySettings
{
    int maxRetries = 3;           // retries after the first attempt
    int baseDelayMs = 500;        // first backoff
    int maxDelayMs = 8000;        // cap of one backoff
    int maxRetryAfterMs = 120000; // a longer Retry-After is reported instead of waited for
};

// The one place that decides whether and when a failed attempt is repeated. Pure: no timers,
// no network; time comes from the injected clock (for Retry-After as an HTTP-date).
// 429 waits Retry-After (then backs off if it repeats); 5xx, timeouts and dropped
// connections back off exponentially up to a cap; other 4xx never retry. 401 is not handled
// here: the call refreshes the token once and replays.
class RetryPolicy
{
public:
    using Settings = RetrySettings;

    explicit RetryPolicy(Settings settings = {}, const Clock *clock = SystemClock::instance());

    const Settings &settings() const { return m_settings; }
    // retriesSoFar: retries already made for this logical call (0 after the first attempt).
    RetryDecision decide(const AttemptOutcome &outcome, int retriesSoFar) const;
    // base * 2^retriesSoFar, capped at maxDelayMs.
    int backoffMs(int retriesSoFar) const;
    // Retry-After as milliseconds from now: delta-seconds or an HTTP-date (IMF-fixdate, RFC 850
    // or asctime). 0 for a date in the past, -1 when absent or unreadable.
    int retryAfterMs(const QByteArray &value) const;

    static bool isRetryableStatus(int status);
    // Errors of the connection itself that a later attempt may not meet (not TLS or URL errors).
    static bool isTransientNetworkError(QNetworkReply::NetworkError error);

private:
    Settings m_settings;
    const Clock *m_clock;
};

} // namespace qd
