#pragma once

#include <QCoreApplication>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>
#include <functional>

class QNetworkAccessManager;

namespace qd::authhttp {

// One form POST to the identity service. The reply object is returned so the caller can
// stop it with cancel(). done runs once unless aborted.
// status is 0 and networkError set (translated) when no HTTP answer arrived.
using Done = std::function<void(int status, const QByteArray &body, const QString &networkError)>;
QObject *postForm(QNetworkAccessManager *network, const QUrl &url, const QUrlQuery &form, int timeoutMs,
                  Done done);

// application/x-www-form-urlencoded text of the items, every reserved character
// (including '+', '&', '=') percent-encoded.
QByteArray encodeForm(const QUrlQuery &items);

// Aborts a request from postForm without calling back (null is fine).
void cancel(QObject *request);

// Translated text for a failed connection to the identity service.
QString networkErrorMessage(const QString &detail);

} // namespace qd::authhttp
