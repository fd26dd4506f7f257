#pragma once

#include "domain/QualificationRequest.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <optional>

namespace qd {

// A typed failure of a Partner Center call. Every error carries what support needs
// (request and correlation IDs) and a message in the user's language.
struct ApiError
{
    Q_GADGET
    Q_DECLARE_TR_FUNCTIONS(ApiError)
public:
    enum class Kind
    {
        None,
        InvalidInput,   // caught before sending; nothing went out
        Rejected,       // Partner Center refused it (4xx other than 401/429)
        Authentication, // 401, or no usable sign-in
        Throttled,      // 429 still after the retries the policy allows
        Network,        // connection failed, timed out, or 5xx after retries
        OutcomeUnknown, // a POST whose answer was lost and could not be settled
        Protocol,       // a 2xx whose body could not be understood
        Cancelled,      // aborted by the caller
    };
    Q_ENUM(Kind)

    Kind kind = Kind::None;
    int httpStatus = 0;
    QString code;          // server error code, as text (string or number in the body)
    QString serverMessage; // description / message / bare string / raw text, verbatim
    QString requestId;     // MS-RequestId sent
    QString correlationId; // MS-CorrelationId sent (or echoed)
    int retryAfterSeconds = -1;
    bool mfaRequired = false;
    QString detail; // extra technical detail (network error string), not translated
    // For a POST that failed on the network: the request may have reached the server, so the
    // outcome must be settled by re-reading, never guessed.
    bool mayHaveArrived = false;
    // The attempt ran out of time (Kind::Network): the server did not answer within the timeout.
    bool timedOut = false;
    // What stood between QualDesk and the server (Kind::Network), so the message can say what to
    // change: the proxy (named in `proxy`, "host:port") or a certificate nobody here trusts.
    enum class Obstacle
    {
        None,
        ProxyUnreachable,
        ProxyRefusedCredentials,
        UntrustedCertificate
    };
    Obstacle obstacle = Obstacle::None;
    QString proxy;
    // isRetryable from the server's error body, when it said.
    std::optional<bool> serverRetryable;
    // InvalidInput: every problem, tied to its field, so a form can show each one inline.
    // Without issues, `detail` holds the translated reason.
    QList<InputIssue> inputIssues;

    bool isError() const { return kind != Kind::None; }
    // A complete sentence (or two) in the user's language, with the server's reason when given.
    QString userMessage() const;
    // Multi-line text for "Copy details": kind, HTTP status, code, server text, IDs. No secrets.
    QString details() const;
    // The `kind` as a stable lower-case word for JSON and logs ("rejected", "network", ...).
    static QString kindName(Kind kind);

    // Builds an error from a non-2xx answer: reads an error object (code as string or number,
    // description/message), a bare JSON string, or plain text.
    static ApiError fromHttp(int status, const QByteArray &body, const QString &requestId,
                             const QString &correlationId);
    // Invalid input found before sending.
    static ApiError invalidInput(const QList<InputIssue> &issues);
    static ApiError invalidInput(const QString &reason);
};

} // namespace qd
