#pragma once

#include <QCoreApplication>
#include <QList>
#include <QNetworkProxy>
#include <QSslCertificate>
#include <QString>

class QNetworkAccessManager;

namespace qd {

// How requests reach the network: the proxy choice and the extra certificate authorities a
// user trusts (a company's TLS-inspecting proxy). The one place that configures Qt's network
// access for both the REST client and the sign-in.
struct NetworkSetup
{
    Q_DECLARE_TR_FUNCTIONS(NetworkSetup)
public:
    enum class ProxyMode
    {
        System, // the desktop's or http_proxy/https_proxy/no_proxy (Qt's system configuration)
        None,   // direct connections only
        Url,    // one proxy for everything, from a URL (http://[user[:password]@]host:port, socks5://...)
    };

    ProxyMode proxyMode = ProxyMode::System;
    QNetworkProxy proxy; // ProxyMode::Url
    QList<QSslCertificate> extraCaCertificates;

    // From the settings' text: empty or "system", "none", or a proxy URL. False with a
    // translated reason for anything else.
    static bool parseProxy(const QString &text, NetworkSetup *setup, QString *problem);
    // Reads every PEM (or DER) certificate in path. False with a translated reason when the file
    // cannot be read or holds no certificate.
    static bool loadCaFile(const QString &path, QList<QSslCertificate> *certificates, QString *problem);

    // Every problem with these texts (empty when usable), translated.
    static QStringList validate(const QString &proxyText, const QString &caFile);
    static NetworkSetup fromSettings(const QString &proxyText, const QString &caFile);

    // Configures network: its proxy, and the process's default TLS configuration (system CAs
    // plus the extra ones), which every request made afterwards starts from.
    void apply(QNetworkAccessManager *network) const;

    // "host:port" of a proxy, for messages.
    static QString proxyName(const QNetworkProxy &proxy);
};

} // namespace qd
