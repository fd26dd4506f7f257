#include "NetworkSetup.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QSslConfiguration>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace qd {

bool NetworkSetup::parseProxy(const QString &text, NetworkSetup *setup, QString *problem)
{
    const QString t = text.trimmed();
    NetworkSetup result;
    if (t.isEmpty() || t.compare("system"_L1, Qt::CaseInsensitive) == 0) {
        result.proxyMode = ProxyMode::System;
    } else if (t.compare("none"_L1, Qt::CaseInsensitive) == 0) {
        result.proxyMode = ProxyMode::None;
    } else {
        const QUrl url(t.contains("://"_L1) ? t : u"http://"_s + t, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        QNetworkProxy::ProxyType type = QNetworkProxy::DefaultProxy;
        if (scheme == "http"_L1)
            type = QNetworkProxy::HttpProxy;
        else if (scheme == "socks5"_L1 || scheme == "socks"_L1)
            type = QNetworkProxy::Socks5Proxy;
        if (!url.isValid() || url.host().isEmpty() || type == QNetworkProxy::DefaultProxy ||
            (!url.path().isEmpty() && url.path() != "/"_L1) || url.hasQuery()) {
            if (problem)
                *problem = tr("Proxy: \"%1\" is not a proxy address. Use system, none or a URL such as "
                              "http://proxy.example.com:3128.")
                               .arg(QUrl(t).toDisplayString(QUrl::RemovePassword));
            return false;
        }
        result.proxyMode = ProxyMode::Url;
        result.proxy =
            QNetworkProxy(type, url.host(), quint16(url.port(type == QNetworkProxy::HttpProxy ? 8080 : 1080)),
                          url.userName(QUrl::FullyDecoded), url.password(QUrl::FullyDecoded));
    }
    if (setup) {
        setup->proxyMode = result.proxyMode;
        setup->proxy = result.proxy;
    }
    return true;
}

bool NetworkSetup::loadCaFile(const QString &path, QList<QSslCertificate> *certificates, QString *problem)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (problem)
            *problem = tr("CA file: \"%1\" cannot be read.").arg(path);
        return false;
    }
    const QByteArray data = file.readAll();
    QList<QSslCertificate> found = QSslCertificate::fromData(data, QSsl::Pem);
    if (found.isEmpty())
        found = QSslCertificate::fromData(data, QSsl::Der);
    if (found.isEmpty()) {
        if (problem)
            *problem = tr("CA file: \"%1\" holds no certificate (PEM or DER).").arg(path);
        return false;
    }
    if (certificates)
        *certificates = found;
    return true;
}

QStringList NetworkSetup::validate(const QString &proxyText, const QString &caFile)
{
    QStringList problems;
    QString problem;
    if (!parseProxy(proxyText, nullptr, &problem))
        problems << problem;
    if (!caFile.trimmed().isEmpty() && !loadCaFile(caFile.trimmed(), nullptr, &problem))
        problems << problem;
    return problems;
}

NetworkSetup NetworkSetup::fromSettings(const QString &proxyText, const QString &caFile)
{
    NetworkSetup setup;
    parseProxy(proxyText, &setup, nullptr);
    if (!caFile.trimmed().isEmpty())
        loadCaFile(caFile.trimmed(), &setup.extraCaCertificates, nullptr);
    return setup;
}

void NetworkSetup::apply(QNetworkAccessManager *network) const
{
    switch (proxyMode) {
    case ProxyMode::System:
        QNetworkProxyFactory::setUseSystemConfiguration(true);
        if (network)
            network->setProxy(QNetworkProxy(QNetworkProxy::DefaultProxy));
        break;
    case ProxyMode::None:
        if (network)
            network->setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        break;
    case ProxyMode::Url:
        if (network)
            network->setProxy(proxy);
        break;
    }
    if (!extraCaCertificates.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(extraCaCertificates);
        QSslConfiguration::setDefaultConfiguration(tls);
    }
}

QString NetworkSetup::proxyName(const QNetworkProxy &proxy)
{
    if (proxy.type() == QNetworkProxy::NoProxy || proxy.hostName().isEmpty())
        return {};
    return proxy.hostName() + u':' + QString::number(proxy.port());
}

} // namespace qd
