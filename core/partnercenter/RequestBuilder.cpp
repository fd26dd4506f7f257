#include "RequestBuilder.h"

#include "domain/Uuid.h"

#include <QCoreApplication>
#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
bool isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

int effectivePort(const QUrl &url)
{
    if (url.scheme() == u"https"_s)
        return url.port(443);
    if (url.scheme() == u"http"_s)
        return url.port(80);
    return url.port();
}

// Headers the builder owns; a next-page link may not replace them.
bool isReservedHeader(const QByteArray &name)
{
    static const QByteArray reserved[] = {"authorization",    "host",     "content-length",
                                          "content-type",     "accept",   "ms-requestid",
                                          "ms-correlationid", "x-locale", "cookie"};
    const QByteArray lower = name.trimmed().toLower();
    for (const QByteArray &r : reserved) {
        if (lower == r)
            return true;
    }
    return false;
}
} // namespace

bool ClientConfig::isAllowedUrl(const QUrl &url, QString *reason)
{
    auto refuse = [reason](const QString &why) {
        if (reason)
            *reason = why;
        return false;
    };
    if (!url.isValid() || url.host().isEmpty())
        return refuse(QCoreApplication::translate("qd::ClientConfig",
                                                  "The Partner Center address is not a valid URL."));
    if (url.scheme() == u"https"_s)
        return true;
    if (url.scheme() == u"http"_s && isLoopbackHost(url.host()))
        return true;
    return refuse(QCoreApplication::translate(
        "qd::ClientConfig",
        "Partner Center must be reached over HTTPS. Plain HTTP is allowed only to this computer "
        "(localhost), for the simulator."));
}

RequestBuilder::RequestBuilder(ClientConfig config, RequestSpec spec, const QString &requestId)
    : m_config(std::move(config)), m_spec(std::move(spec)),
      m_requestId(requestId.trimmed().isEmpty() ? newRequestId() : requestId.trimmed())
{}

QString RequestBuilder::refusal() const
{
    QString reason;
    if (!ClientConfig::isAllowedUrl(m_spec.url, &reason))
        return reason;
    return {};
}

QNetworkRequest RequestBuilder::build(const QString &accessToken)
{
    m_correlationId = newUuid();
    return make(m_spec.url, accessToken, !m_spec.body.isEmpty());
}

QNetworkRequest RequestBuilder::buildRedirect(const QUrl &target, const QString &accessToken,
                                              bool withBody) const
{
    return make(target, sendsAuthorizationTo(target) ? accessToken : QString(),
                withBody && !m_spec.body.isEmpty());
}

QNetworkRequest RequestBuilder::make(const QUrl &url, const QString &accessToken, bool withBody) const
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : m_spec.headers) {
        if (!name.trimmed().isEmpty() && !isReservedHeader(name))
            request.setRawHeader(name.trimmed(), value);
    }
    if (!accessToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + accessToken.toUtf8());
    request.setRawHeader("Accept", "application/json");
    if (withBody)
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("MS-RequestId", m_requestId.toLatin1());
    request.setRawHeader("MS-CorrelationId", m_correlationId.toLatin1());
    request.setRawHeader("X-Locale", (m_config.locale.isEmpty() ? u"en-US"_s : m_config.locale).toLatin1());
    request.setRawHeader(
        "MS-PartnerCenter-Application",
        (m_config.applicationName.isEmpty() ? u"QualDesk"_s : m_config.applicationName).toUtf8());
    request.setRawHeader("MS-Contract-Version", "v1");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("QualDesk/" QUALDESK_VERSION));
    if (m_config.timeoutMs > 0)
        request.setTransferTimeout(m_config.timeoutMs);
    // Redirects are followed by the call itself, so Authorization never leaks to another host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    return request;
}

QString RequestBuilder::redirectRefusal(const QUrl &from, const QUrl &to)
{
    if (from.scheme() == u"https"_s && to.scheme() != u"https"_s)
        return QCoreApplication::translate(
            "qd::RequestBuilder", "Refused a redirect from a secure (HTTPS) address to an insecure one.");
    QString reason;
    if (!ClientConfig::isAllowedUrl(to, &reason))
        return reason;
    return {};
}

bool RequestBuilder::sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && effectivePort(a) == effectivePort(b);
}

QUrl RequestBuilder::resolve(const QUrl &baseUrl, const QString &path, const QString &encodedQuery)
{
    QUrl url = baseUrl;
    QString basePath = baseUrl.path(QUrl::FullyEncoded);
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    const QString relative = path.startsWith(u'/') ? path : u'/' + path;
    url.setPath(basePath + relative, QUrl::TolerantMode);
    url.setQuery(encodedQuery.isEmpty() ? QString() : encodedQuery, QUrl::TolerantMode);
    url.setFragment(QString());
    return url;
}

} // namespace qd
