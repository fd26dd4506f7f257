#include "SimHttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace qd::sim {

QByteArray SimRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString SimRequest::queryValue(const QString &key) const
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

bool SimRequest::wantsCzech() const
{
    QByteArray locale = header("X-Locale");
    if (locale.isEmpty())
        locale = header("Accept-Language");
    return locale.trimmed().toLower().startsWith("cs");
}

SimResponse SimResponse::json(int status, const QJsonValue &value)
{
    SimResponse r;
    r.status = status;
    if (value.isObject()) {
        r.body = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    } else if (value.isArray()) {
        r.body = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    } else {
        // QJsonDocument holds only objects and arrays: serialise a one-element array and unwrap it.
        const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        r.body = wrapped.mid(1, wrapped.size() - 2);
    }
    return r;
}

SimResponse SimResponse::html(int status, const QString &title, const QString &bodyHtml)
{
    SimResponse r;
    r.status = status;
    r.contentType = "text/html; charset=utf-8";
    r.body =
        (u"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"_s + title.toHtmlEscaped() +
         u"</title></head><body><h1>"_s + title.toHtmlEscaped() + u"</h1>"_s + bodyHtml + u"</body></html>"_s)
            .toUtf8();
    return r;
}

SimResponse SimResponse::redirect(const QUrl &location)
{
    SimResponse r = empty(302);
    r.addHeader("Location", location.toEncoded());
    return r;
}

SimResponse SimResponse::empty(int status)
{
    SimResponse r;
    r.status = status;
    r.contentType.clear();
    return r;
}

QByteArray SimResponse::head(qint64 declaredLength) const
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    out +=
        "Content-Length: " + QByteArray::number(declaredLength >= 0 ? declaredLength : body.size()) + "\r\n";
    for (const auto &[key, value] : headers)
        out += key + ": " + value + "\r\n";
    out += "\r\n";
    return out;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

bool pathMatches(const QString &pattern, const QString &path)
{
    if (pattern.isEmpty())
        return true;
    const QStringList want = pattern.split(u'/', Qt::SkipEmptyParts);
    const QStringList have = path.split(u'/', Qt::SkipEmptyParts);
    if (want.size() != have.size())
        return false;
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want.at(i) != u"*"_s && want.at(i).compare(have.at(i), Qt::CaseInsensitive) != 0)
            return false;
    }
    return true;
}

QUrlQuery parseForm(const QByteArray &body)
{
    QByteArray spaced = body;
    spaced.replace('+', "%20");
    return QUrlQuery(QString::fromUtf8(spaced));
}

bool isGuid(const QString &text)
{
    static const QRegularExpression re(
        u"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"_s);
    return re.match(text).hasMatch();
}

QString randomToken(int bytes)
{
    QList<quint32> words((bytes + 3) / 4);
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray raw(reinterpret_cast<const char *>(words.constData()), bytes);
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString newGuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace qd::sim
