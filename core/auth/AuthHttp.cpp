#include "AuthHttp.h"

#include "AuthLog.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace qd::authhttp {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(qd::AuthHttp)
};
} // namespace

QString networkErrorMessage(const QString &detail)
{
    return Tr::tr("The sign-in service could not be reached: %1").arg(detail);
}

QByteArray encodeForm(const QUrlQuery &items)
{
    QByteArray text;
    for (const auto &[key, value] : items.queryItems(QUrl::FullyDecoded)) {
        if (!text.isEmpty())
            text += '&';
        text += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return text;
}

QObject *postForm(QNetworkAccessManager *network, const QUrl &url, const QUrlQuery &form, int timeoutMs,
                  Done done)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded"_ba);
    request.setRawHeader("Accept"_ba, "application/json"_ba);
    request.setTransferTimeout(timeoutMs);
    // The identity service never redirects a token request; following one could send the
    // code or refresh token elsewhere.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);

    QNetworkReply *reply = network->post(request, encodeForm(form));
    qCDebug(lcAuth) << "POST" << url.toString(QUrl::RemoveQuery);

    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, done = std::move(done)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll();
        if (status == 0) {
            qCInfo(lcAuth) << "identity service unreachable:" << reply->errorString();
            done(0, {}, networkErrorMessage(reply->errorString()));
            return;
        }
        qCDebug(lcAuth) << "identity service answered" << status;
        done(status, answer, QString());
    });
    return reply;
}

void cancel(QObject *request)
{
    auto *reply = qobject_cast<QNetworkReply *>(request);
    if (!reply)
        return;
    QObject::disconnect(reply, nullptr, nullptr, nullptr);
    reply->abort();
    reply->deleteLater();
}

} // namespace qd::authhttp
