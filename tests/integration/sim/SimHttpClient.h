#pragma once

// A tiny blocking HTTP client for the simulator tests: plain QNetworkAccessManager, no project code.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

namespace qd::test {

struct HttpResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    qint64 elapsedMs = 0;
    bool finished = false;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    QJsonObject object() const { return json().object(); }
    QJsonArray array() const { return json().array(); }
};

class SimHttpClient
{
public:
    explicit SimHttpClient(QUrl base) : m_base(std::move(base))
    {
        m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }

    QString token; // sent as Authorization: Bearer when not empty
    QList<QPair<QByteArray, QByteArray>> extraHeaders;

    // pathAndQuery is relative to the base URL, e.g. "/v1/customers?size=3".
    HttpResult send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                    const QList<QPair<QByteArray, QByteArray>> &headers = {},
                    const QByteArray &contentType = "application/json")
    {
        QUrl url = m_base.resolved(QUrl(pathAndQuery));
        QNetworkRequest request(url);
        request.setTransferTimeout(20000);
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        if (!body.isEmpty() || method == "POST")
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        for (const auto &[key, value] : extraHeaders + headers)
            request.setRawHeader(key, value);
        QElapsedTimer timer;
        timer.start();
        QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        HttpResult result;
        result.finished = done.wait(30000);
        result.elapsedMs = timer.elapsed();
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.error = reply->error();
        result.body = reply->readAll();
        result.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return result;
    }

    HttpResult get(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return send("GET", path, {}, headers);
    }
    HttpResult post(const QString &path, const QJsonObject &body,
                    const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
    }
    HttpResult postForm(const QString &path, const QUrlQuery &form)
    {
        return send("POST", path, form.query(QUrl::FullyEncoded).toUtf8(), {},
                    "application/x-www-form-urlencoded");
    }

private:
    QUrl m_base;
    QNetworkAccessManager m_nam;
};

} // namespace qd::test
