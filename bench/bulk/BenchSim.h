#pragma once

// A qualdesk-sim process for the bulk benchmarks: a seed with `customers` extra customers
// without qualifications (so every row of a run is a distinct customer and a real create),
// a fixed token, and optional latency on every POST.

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

namespace qd::bench {

inline QString benchCustomerId(int i)
{
    return QStringLiteral("c0000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0'));
}

class BenchSim
{
public:
    static constexpr const char *kToken = "bulk-bench-token";

    ~BenchSim() { stop(); }

    // extraArgs go to qualdesk-sim as they are (--throttle-per-minute 600 --latency 150-600).
    bool start(int customers, int postLatencyMs, const QStringList &extraArgs = {})
    {
        if (!writeSeed(customers))
            return false;
        m_process.setStandardErrorFile(QProcess::nullDevice()); // its per-request log is noise here
        m_process.start(QCoreApplication::applicationDirPath() + QStringLiteral("/qualdesk-sim"),
                        QStringList{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--token"),
                                    QString::fromLatin1(kToken), QStringLiteral("--seed"),
                                    m_dir.filePath(QStringLiteral("seed.json")),
                                    QStringLiteral("--vetting-delay-ms"), QStringLiteral("3600000")} +
                            extraArgs);
        if (!m_process.waitForStarted(10000))
            return false;
        while (!m_process.canReadLine()) {
            if (!m_process.waitForReadyRead(20000))
                return false;
        }
        const QByteArray line = m_process.readLine().trimmed();
        if (!line.startsWith("listening on "))
            return false;
        m_baseUrl = QUrl(QString::fromUtf8(line.mid(13)));
        if (postLatencyMs > 0) {
            admin("POST", QStringLiteral("/_sim/faults"),
                  {{QStringLiteral("kind"), QStringLiteral("latency")},
                   {QStringLiteral("method"), QStringLiteral("POST")},
                   {QStringLiteral("path"), QStringLiteral("/v1/customers/*/qualifications")},
                   {QStringLiteral("latencyMs"), postLatencyMs}});
        }
        return true;
    }

    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    QUrl baseUrl() const { return m_baseUrl; }

    // Requests Partner Center answered 429 (the simulator's throttle).
    int throttled()
    {
        return admin("GET", QStringLiteral("/_sim/stats")).value(QStringLiteral("throttled")).toInt();
    }
    // Requests Partner Center received (every attempt, /_sim/* not counted).
    int requests()
    {
        return admin("GET", QStringLiteral("/_sim/stats")).value(QStringLiteral("requests")).toInt();
    }

    // Customers with exactly one created qualification.
    int createdOnce(int customers)
    {
        const QJsonObject created =
            admin("GET", QStringLiteral("/_sim/stats")).value(QStringLiteral("created")).toObject();
        int n = 0;
        for (int i = 0; i < customers; ++i)
            n += created.value(benchCustomerId(i)).toInt() == 1 ? 1 : 0;
        return n;
    }

    QJsonObject admin(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        QNetworkRequest request(m_baseUrl.resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, QJsonDocument(body).toJson());
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return answer;
    }

private:
    bool writeSeed(int customers)
    {
        QFile source(QStringLiteral(QUALDESK_SEED_FILE));
        if (!source.open(QIODevice::ReadOnly))
            return false;
        QJsonObject seed = QJsonDocument::fromJson(source.readAll()).object();
        QJsonArray list = seed.value(QStringLiteral("customers")).toArray();
        for (int i = 0; i < customers; ++i) {
            list.append(
                QJsonObject{{QStringLiteral("id"), benchCustomerId(i)},
                            {QStringLiteral("companyName"), QStringLiteral("Bench School %1").arg(i)},
                            {QStringLiteral("domain"), QStringLiteral("bench-%1.onmicrosoft.com").arg(i)},
                            {QStringLiteral("country"), QStringLiteral("CZ")},
                            {QStringLiteral("qualifications"), QJsonArray()}});
        }
        seed.insert(QStringLiteral("customers"), list);
        QFile out(m_dir.filePath(QStringLiteral("seed.json")));
        return out.open(QIODevice::WriteOnly) &&
               out.write(QJsonDocument(seed).toJson(QJsonDocument::Compact)) > 0;
    }

    QTemporaryDir m_dir;
    QProcess m_process;
    QUrl m_baseUrl;
    QNetworkAccessManager m_network;
};

} // namespace qd::bench
