#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

namespace qd::sim {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One parsed request, copied out of QHttpServerRequest so it can outlive the socket's read buffer.
struct SimRequest
{
    QString method;       // upper case
    QString path;         // decoded path, e.g. /v1/customers
    QStringList segments; // path split on '/', without empty parts
    QUrlQuery query;
    HeaderList headers;
    QByteArray body;
    QHostAddress remoteAddress;
    bool secure = false; // came over TLS (links the simulator hands out then say https)

    QByteArray header(const QByteArray &name) const; // case-insensitive, empty when absent
    QString queryValue(const QString &key) const;    // fully decoded
    bool wantsCzech() const;                         // X-Locale (or Accept-Language) is Czech
};

struct SimResponse
{
    int status = 200;
    QByteArray contentType = "application/json; charset=utf-8";
    HeaderList headers;
    QByteArray body;

    static SimResponse json(int status, const QJsonValue &value); // object, array or bare string
    static SimResponse html(int status, const QString &title, const QString &bodyHtml);
    static SimResponse redirect(const QUrl &location);
    static SimResponse empty(int status);

    void addHeader(const QByteArray &name, const QByteArray &value) { headers.append({name, value}); }
    // Status line and header block; Content-Length is `declaredLength` when >= 0, else the body size.
    QByteArray head(qint64 declaredLength = -1) const;
    QByteArray serialize() const { return head() + body; }
};

QByteArray reasonPhrase(int status);
// '*' matches exactly one segment; an empty pattern matches everything. Trailing slashes do not count.
bool pathMatches(const QString &pattern, const QString &path);
// Form-urlencoded body ('+' is a space) into a query.
QUrlQuery parseForm(const QByteArray &body);
// A GUID in the 8-4-4-4-12 form, no braces.
bool isGuid(const QString &text);
// Cryptographically random bytes as unpadded base64url.
QString randomToken(int bytes = 32);
QString newGuid();

} // namespace qd::sim
