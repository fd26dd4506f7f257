#include "ApiError.h"

#include "domain/EnumNames.h"
#include "domain/Json.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
constexpr qsizetype kMaxServerText = 1024; // the documented maximum of `description`

QString clipped(const QString &text)
{
    const QString t = text.trimmed();
    if (t.size() <= kMaxServerText)
        return t;
    // Never half of a character written as two UTF-16 units (an emoji, a rare CJK character).
    qsizetype cut = kMaxServerText;
    if (t.at(cut - 1).isHighSurrogate())
        --cut;
    return t.left(cut) + u'…';
}

bool looksLikeHtml(const QString &text)
{
    const QString start = text.left(256).trimmed().toLower();
    return start.startsWith(u"<!doctype html"_s) || start.startsWith(u"<html"_s) ||
           start.startsWith(u"<?xml"_s) || (start.startsWith(u'<') && text.contains(u"</"_s));
}

// The <title> of an HTML error page (a proxy's or gateway's), which is all a person can use.
QString htmlTitle(const QString &html)
{
    static const QRegularExpression re(uR"(<title[^>]*>([^<]*)</title>)"_s,
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(html);
    return m.hasMatch() ? m.captured(1).simplified() : QString();
}

void readErrorObject(const QJsonObject &o, ApiError &e)
{
    e.code = json::string(o, "code"_L1);
    if (e.code.isEmpty())
        e.code = json::string(o, "errorCode"_L1);
    for (const auto key : {"description"_L1, "message"_L1, "error_description"_L1, "errorMessage"_L1}) {
        const QJsonValue v = json::value(o, key);
        if (v.isString() && !v.toString().trimmed().isEmpty()) {
            e.serverMessage = clipped(v.toString());
            break;
        }
    }
    const QJsonValue retryable = json::value(o, "isRetryable"_L1);
    if (retryable.isBool())
        e.serverRetryable = retryable.toBool();
    // OData style {"error": {"code", "message"}} and OAuth style {"error": "invalid_token"}.
    const QJsonValue inner = json::value(o, "error"_L1);
    if (inner.isObject() && e.serverMessage.isEmpty()) {
        ApiError nested;
        readErrorObject(inner.toObject(), nested);
        e.serverMessage = nested.serverMessage;
        if (e.code.isEmpty())
            e.code = nested.code;
        if (!e.serverRetryable)
            e.serverRetryable = nested.serverRetryable;
    } else if (inner.isString() && e.code.isEmpty()) {
        e.code = inner.toString();
    }
}
} // namespace

ApiError ApiError::fromHttp(int status, const QByteArray &body, const QString &requestId,
                            const QString &correlationId)
{
    ApiError e;
    e.httpStatus = status;
    e.requestId = requestId;
    e.correlationId = correlationId;
    if (status == 401)
        e.kind = Kind::Authentication;
    else if (status == 429)
        e.kind = Kind::Throttled;
    else if (status >= 500)
        e.kind = Kind::Network;
    else if (status >= 400)
        e.kind = Kind::Rejected;
    else
        e.kind = Kind::Protocol;

    QByteArray data = body;
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);
    const QByteArray trimmed = data.trimmed();
    if (trimmed.startsWith('{')) {
        const QJsonDocument doc = json::parse(trimmed);
        if (doc.isObject())
            readErrorObject(doc.object(), e);
    } else if (trimmed.startsWith('"')) {
        // A bare JSON string ("Customer tagging denied."); QJsonDocument only takes containers.
        const QJsonDocument doc = json::parse("[" + trimmed + "]");
        if (doc.isArray() && doc.array().size() == 1 && doc.array().at(0).isString())
            e.serverMessage = clipped(doc.array().at(0).toString());
    }
    if (e.serverMessage.isEmpty() && e.code.isEmpty() && !trimmed.isEmpty() && !trimmed.startsWith('{')) {
        const QString text = QString::fromUtf8(trimmed);
        if (looksLikeHtml(text)) {
            e.serverMessage = clipped(htmlTitle(text));
            e.detail = u"HTML error page"_s;
        } else {
            e.serverMessage = clipped(text);
        }
    }
    if (status == 401) {
        e.mfaRequired = e.code == u"10001"_s ||
                        e.serverMessage.contains(QRegularExpression(
                            u"\\bMFA\\b|multi-?factor"_s, QRegularExpression::CaseInsensitiveOption));
    }
    return e;
}

ApiError ApiError::invalidInput(const QList<InputIssue> &issues)
{
    ApiError e;
    e.kind = Kind::InvalidInput;
    e.inputIssues = issues;
    return e;
}

ApiError ApiError::invalidInput(const QString &reason)
{
    ApiError e;
    e.kind = Kind::InvalidInput;
    e.detail = reason;
    return e;
}

QString ApiError::kindName(Kind kind)
{
    const QString words = enumWords(kind);
    return words.isEmpty() ? u"unknown"_s : words;
}

QString ApiError::userMessage() const
{
    QString text;
    bool withServerText = true;
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::InvalidInput: {
        QStringList parts;
        for (const InputIssue &issue : inputIssues)
            parts.append(issue.message);
        if (parts.isEmpty() && !detail.isEmpty())
            parts.append(detail);
        if (parts.isEmpty())
            parts.append(tr("The input is not valid. Nothing was sent to Partner Center."));
        return parts.join(u' ');
    }
    case Kind::Rejected:
        switch (httpStatus) {
        case 403:
            text = tr("Access denied. Your account does not have the required role or relationship with this "
                      "customer.");
            break;
        case 404:
            text = tr("Partner Center could not find the customer, or it is not one of your customers.");
            break;
        case 409:
            text = tr(
                "Partner Center refused the request because it conflicts with the customer's current state, "
                "for example a qualification the customer already has.");
            break;
        default:
            text = tr("Partner Center refused the request (HTTP %1).").arg(httpStatus);
            break;
        }
        break;
    case Kind::Authentication:
        if (mfaRequired)
            text = tr(
                "Partner Center requires multi-factor authentication (MFA). Sign in again and complete the "
                "MFA prompt.");
        else if (httpStatus == 401)
            text = tr("Your sign-in has expired. Sign in again.");
        else
            text = tr("You are not signed in. Sign in to continue.");
        break;
    case Kind::Throttled:
        text = retryAfterSeconds > 0
                   ? tr("Partner Center is receiving too many requests. Try again in %n second(s).", nullptr,
                        retryAfterSeconds)
                   : tr("Partner Center is receiving too many requests. Try again later.");
        break;
    case Kind::Network:
        if (obstacle == Obstacle::ProxyRefusedCredentials)
            text =
                tr("The proxy %1 refused the user name and password. Check them, or give them in the proxy "
                   "address (http://user:password@host:port).")
                    .arg(proxy);
        else if (obstacle == Obstacle::ProxyUnreachable)
            text = tr("The proxy %1 cannot be reached. Check the proxy setting (Settings, --proxy or "
                      "QUALDESK_PROXY).")
                       .arg(proxy);
        else if (obstacle == Obstacle::UntrustedCertificate)
            text = tr("The server's certificate is not trusted (%1). If your company's network inspects "
                      "TLS, add its CA certificate file in Settings or QUALDESK_CA_FILE.")
                       .arg(detail);
        else if (httpStatus >= 500)
            text = tr("Partner Center had a server error (%1). Try again later.").arg(httpStatus);
        else if (timedOut)
            text = tr("Partner Center did not answer in time. Check your network connection and try again.");
        else
            text = tr("Could not reach Partner Center. Check your network connection and try again.");
        if (mayHaveArrived)
            text += u' ' + tr("The request may still have reached Partner Center.");
        break;
    case Kind::OutcomeUnknown:
        text = tr("It is not known whether Partner Center accepted the submission. Refresh the customer's "
                  "qualifications before sending it again.");
        withServerText = false;
        break;
    case Kind::Protocol:
        text = tr("Partner Center sent an answer QualDesk could not understand.");
        withServerText = false;
        break;
    case Kind::Cancelled:
        text = tr("The request was cancelled.");
        withServerText = false;
        break;
    }
    if (withServerText && !serverMessage.isEmpty())
        text += u' ' + tr("Partner Center said: \"%1\"").arg(serverMessage);
    return text;
}

QString ApiError::details() const
{
    QStringList lines;
    lines.append(tr("Error: %1").arg(kindName(kind)));
    if (httpStatus > 0)
        lines.append(tr("HTTP status: %1").arg(httpStatus));
    if (!code.isEmpty())
        lines.append(tr("Error code: %1").arg(code));
    if (!serverMessage.isEmpty())
        lines.append(tr("Partner Center said: %1").arg(serverMessage));
    for (const InputIssue &issue : inputIssues)
        lines.append(tr("Input: %1").arg(issue.message));
    if (!detail.isEmpty())
        lines.append(tr("Detail: %1").arg(detail));
    if (retryAfterSeconds >= 0)
        lines.append(tr("Retry after: %n second(s)", nullptr, retryAfterSeconds));
    if (mfaRequired)
        lines.append(tr("MFA required: yes"));
    if (timedOut)
        lines.append(tr("Timed out: yes"));
    if (mayHaveArrived)
        lines.append(tr("May have reached Partner Center: yes"));
    if (!requestId.isEmpty())
        lines.append(tr("Request ID (MS-RequestId): %1").arg(requestId));
    if (!correlationId.isEmpty())
        lines.append(tr("Correlation ID (MS-CorrelationId): %1").arg(correlationId));
    return lines.join(u'\n');
}

} // namespace qd
