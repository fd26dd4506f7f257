#include "partnercenter/RequestBuilder.h"

#include <QRegularExpression>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using qd::ClientConfig;
using qd::RequestBuilder;
using qd::RequestSpec;

namespace {
ClientConfig config(const QString &locale = u"cs-CZ"_s)
{
    ClientConfig c;
    c.baseUrl = QUrl(u"https://api.partnercenter.microsoft.com"_s);
    c.locale = locale;
    c.timeoutMs = 12345;
    return c;
}

RequestSpec get(const QString &url = u"https://api.partnercenter.microsoft.com/v1/customers/x"_s)
{
    RequestSpec s;
    s.url = QUrl(url);
    return s;
}

bool isGuid(const QByteArray &text)
{
    static const QRegularExpression re(u"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"_s);
    return re.match(QString::fromLatin1(text)).hasMatch();
}
} // namespace

class TestRequestBuilder : public QObject
{
    Q_OBJECT
private slots:
    void everyHeader();
    void contentTypeOnlyWithBody();
    void localeFromConfig();
    void sameRequestIdOnEveryAttempt();
    void givenRequestIdIsKept();
    void noTokenNoAuthorization();
    void linkHeadersCannotReplaceOurs();
    void allowedUrls_data();
    void allowedUrls();
    void refusalOfTheCallUrl();
    void redirects_data();
    void redirects();
    void authorizationOnlyToTheSameOrigin_data();
    void authorizationOnlyToTheSameOrigin();
    void resolve_data();
    void resolve();
};

void TestRequestBuilder::everyHeader()
{
    RequestBuilder builder(config(), get());
    const QNetworkRequest r = builder.build(u"tok123"_s);
    QCOMPARE(r.url(), QUrl(u"https://api.partnercenter.microsoft.com/v1/customers/x"_s));
    QCOMPARE(r.rawHeader("Authorization"), QByteArray("Bearer tok123"));
    QCOMPARE(r.rawHeader("Accept"), QByteArray("application/json"));
    QVERIFY(isGuid(r.rawHeader("MS-RequestId")));
    QVERIFY(isGuid(r.rawHeader("MS-CorrelationId")));
    QVERIFY(r.rawHeader("MS-RequestId") != r.rawHeader("MS-CorrelationId"));
    QCOMPARE(r.rawHeader("X-Locale"), QByteArray("cs-CZ"));
    QCOMPARE(r.rawHeader("MS-PartnerCenter-Application"), QByteArray("QualDesk"));
    QCOMPARE(r.rawHeader("MS-Contract-Version"), QByteArray("v1"));
    QVERIFY(r.header(QNetworkRequest::UserAgentHeader).toString().startsWith(u"QualDesk/"_s));
    QCOMPARE(r.transferTimeout(), 12345);
    QCOMPARE(r.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
             int(QNetworkRequest::ManualRedirectPolicy));
    QCOMPARE(builder.requestId().toLatin1(), r.rawHeader("MS-RequestId"));
    QCOMPARE(builder.correlationId().toLatin1(), r.rawHeader("MS-CorrelationId"));
}

void TestRequestBuilder::contentTypeOnlyWithBody()
{
    RequestBuilder getBuilder(config(), get());
    QVERIFY(!getBuilder.build(u"t"_s).hasRawHeader("Content-Type"));

    RequestSpec post = get();
    post.method = "POST";
    post.body = R"({"qualification":"StateOwnedEntity"})";
    RequestBuilder postBuilder(config(), post);
    QCOMPARE(postBuilder.build(u"t"_s).header(QNetworkRequest::ContentTypeHeader).toString(),
             u"application/json"_s);
}

void TestRequestBuilder::localeFromConfig()
{
    RequestBuilder english(config(u"en-US"_s), get());
    QCOMPARE(english.build(u"t"_s).rawHeader("X-Locale"), QByteArray("en-US"));
    RequestBuilder unset(config(QString()), get());
    QCOMPARE(unset.build(u"t"_s).rawHeader("X-Locale"), QByteArray("en-US"));

    ClientConfig custom = config();
    custom.applicationName = u"QualDesk CLI"_s;
    RequestBuilder cli(custom, get());
    QCOMPARE(cli.build(u"t"_s).rawHeader("MS-PartnerCenter-Application"), QByteArray("QualDesk CLI"));
}

void TestRequestBuilder::sameRequestIdOnEveryAttempt()
{
    RequestBuilder builder(config(), get());
    const QNetworkRequest first = builder.build(u"old"_s);
    const QNetworkRequest retry = builder.build(u"old"_s);
    const QNetworkRequest replay = builder.build(u"new"_s); // after a token refresh
    QCOMPARE(retry.rawHeader("MS-RequestId"), first.rawHeader("MS-RequestId"));
    QCOMPARE(replay.rawHeader("MS-RequestId"), first.rawHeader("MS-RequestId"));
    QVERIFY(retry.rawHeader("MS-CorrelationId") != first.rawHeader("MS-CorrelationId"));
    QVERIFY(replay.rawHeader("MS-CorrelationId") != retry.rawHeader("MS-CorrelationId"));
    QCOMPARE(replay.rawHeader("Authorization"), QByteArray("Bearer new"));

    // A redirect belongs to the attempt: same IDs.
    const QNetworkRequest redirected =
        builder.buildRedirect(QUrl(u"https://api.partnercenter.microsoft.com/v2/x"_s), u"new"_s);
    QCOMPARE(redirected.rawHeader("MS-RequestId"), first.rawHeader("MS-RequestId"));
    QCOMPARE(redirected.rawHeader("MS-CorrelationId"), replay.rawHeader("MS-CorrelationId"));

    // Another logical call gets another ID.
    RequestBuilder other(config(), get());
    QVERIFY(other.build(u"old"_s).rawHeader("MS-RequestId") != first.rawHeader("MS-RequestId"));
}

void TestRequestBuilder::givenRequestIdIsKept()
{
    RequestBuilder builder(config(), get(), u"9f0c0a55-1111-4222-8333-444455556666"_s);
    QCOMPARE(builder.build(u"t"_s).rawHeader("MS-RequestId"),
             QByteArray("9f0c0a55-1111-4222-8333-444455556666"));
    RequestBuilder blank(config(), get(), u"  "_s);
    QVERIFY(isGuid(blank.build(u"t"_s).rawHeader("MS-RequestId")));
}

void TestRequestBuilder::noTokenNoAuthorization()
{
    RequestBuilder builder(config(), get());
    QVERIFY(!builder.build(QString()).hasRawHeader("Authorization"));
}

void TestRequestBuilder::linkHeadersCannotReplaceOurs()
{
    RequestSpec spec = get();
    spec.headers = {{"MS-ContinuationToken", "abc=="},
                    {"Authorization", "Bearer stolen"},
                    {"ms-requestid", "forged"},
                    {"X-Locale", "de-DE"}};
    RequestBuilder builder(config(), spec);
    const QNetworkRequest r = builder.build(u"mine"_s);
    QCOMPARE(r.rawHeader("MS-ContinuationToken"), QByteArray("abc=="));
    QCOMPARE(r.rawHeader("Authorization"), QByteArray("Bearer mine"));
    QCOMPARE(r.rawHeader("MS-RequestId"), builder.requestId().toLatin1());
    QCOMPARE(r.rawHeader("X-Locale"), QByteArray("cs-CZ"));
    // Only one Authorization header at all.
    int authorizations = 0;
    for (const QByteArray &name : r.rawHeaderList())
        authorizations += name.compare("authorization", Qt::CaseInsensitive) == 0;
    QCOMPARE(authorizations, 1);
}

void TestRequestBuilder::allowedUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("https") << u"https://api.partnercenter.microsoft.com"_s << true;
    QTest::newRow("https china") << u"https://partner.partnercenterapi.microsoftonline.cn/"_s << true;
    QTest::newRow("https ip") << u"https://10.0.0.5:8443"_s << true;
    QTest::newRow("http 127.0.0.1") << u"http://127.0.0.1:8080"_s << true;
    QTest::newRow("http 127.1.2.3") << u"http://127.1.2.3:8080"_s << true;
    QTest::newRow("http localhost") << u"http://localhost:8080"_s << true;
    QTest::newRow("http LOCALHOST") << u"http://LOCALHOST:8080"_s << true;
    QTest::newRow("http ::1") << u"http://[::1]:8080"_s << true;
    QTest::newRow("http remote") << u"http://api.partnercenter.microsoft.com"_s << false;
    QTest::newRow("http lan") << u"http://192.168.1.10:8080"_s << false;
    QTest::newRow("http localhost lookalike") << u"http://localhost.example.com"_s << false;
    QTest::newRow("http 0.0.0.0") << u"http://0.0.0.0:8080"_s << false;
    QTest::newRow("ftp") << u"ftp://127.0.0.1"_s << false;
    QTest::newRow("file") << u"file:///etc/passwd"_s << false;
    QTest::newRow("no host") << u"https://"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestRequestBuilder::allowedUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    QString reason;
    QCOMPARE(ClientConfig::isAllowedUrl(QUrl(url), &reason), allowed);
    QCOMPARE(reason.isEmpty(), allowed);
    QCOMPARE(ClientConfig::isAllowedUrl(QUrl(url)), allowed); // reason is optional
}

void TestRequestBuilder::refusalOfTheCallUrl()
{
    RequestBuilder remote(config(), get(u"http://pc.example.com/v1/customers"_s));
    QVERIFY(remote.refusal().contains(u"HTTPS"_s));
    RequestBuilder local(config(), get(u"http://127.0.0.1:4000/v1/customers"_s));
    QVERIFY(local.refusal().isEmpty());
}

void TestRequestBuilder::redirects_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("followed");
    QTest::newRow("https to https elsewhere") << u"https://a.example"_s << u"https://b.example/x"_s << true;
    QTest::newRow("https to http") << u"https://a.example"_s << u"http://a.example/x"_s << false;
    QTest::newRow("https to http loopback") << u"https://a.example"_s << u"http://127.0.0.1/x"_s << false;
    QTest::newRow("loopback http to https") << u"http://127.0.0.1:1"_s << u"https://a.example/x"_s << true;
    QTest::newRow("loopback http to loopback")
        << u"http://127.0.0.1:1"_s << u"http://localhost:2/x"_s << true;
    QTest::newRow("loopback http to remote http")
        << u"http://127.0.0.1:1"_s << u"http://evil.example/x"_s << false;
    QTest::newRow("to file") << u"https://a.example"_s << u"file:///etc/passwd"_s << false;
}

void TestRequestBuilder::redirects()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(bool, followed);
    QCOMPARE(RequestBuilder::redirectRefusal(QUrl(from), QUrl(to)).isEmpty(), followed);
}

void TestRequestBuilder::authorizationOnlyToTheSameOrigin_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("withAuthorization");
    QTest::newRow("same origin, other path") << u"https://api.example:8443/v1/other"_s << true;
    QTest::newRow("host case") << u"https://API.example:8443/v1/other"_s << true;
    QTest::newRow("other host") << u"https://evil.example:8443/v1/x"_s << false;
    QTest::newRow("other port") << u"https://api.example:9443/v1/x"_s << false;
    QTest::newRow("default port") << u"https://api.example/v1/x"_s << false;
    QTest::newRow("other scheme") << u"http://api.example:8443/v1/x"_s << false;
}

void TestRequestBuilder::authorizationOnlyToTheSameOrigin()
{
    QFETCH(QString, target);
    QFETCH(bool, withAuthorization);
    RequestBuilder builder(config(), get(u"https://api.example:8443/v1/customers"_s));
    builder.build(u"secret"_s);
    const QNetworkRequest r = builder.buildRedirect(QUrl(target), u"secret"_s);
    QCOMPARE(r.hasRawHeader("Authorization"), withAuthorization);
    QCOMPARE(builder.sendsAuthorizationTo(QUrl(target)), withAuthorization);
    QVERIFY(r.hasRawHeader("MS-RequestId")); // the other headers still go along

    // localhost and 127.0.0.1 are different origins, even on the same port.
    RequestBuilder local(config(), get(u"http://127.0.0.1:5000/v1/customers"_s));
    QVERIFY(!local.sendsAuthorizationTo(QUrl(u"http://localhost:5000/v1/customers"_s)));
    QVERIFY(RequestBuilder::sameOrigin(QUrl(u"https://a.example"_s), QUrl(u"https://a.example:443/x"_s)));
}

void TestRequestBuilder::resolve_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << u"https://api.example"_s << u"/v1/customers"_s << QString()
                           << u"https://api.example/v1/customers"_s;
    QTest::newRow("base with slash") << u"https://api.example/"_s << u"/v1/customers"_s << QString()
                                     << u"https://api.example/v1/customers"_s;
    QTest::newRow("base with path") << u"https://gw.example/pc/"_s << u"v1/customers"_s << QString()
                                    << u"https://gw.example/pc/v1/customers"_s;
    QTest::newRow("query kept encoded")
        << u"http://127.0.0.1:5000"_s << u"/v1/customers"_s
        << u"size=2&filter=%7B%22Field%22%3A%22A%26B%22%7D"_s
        << u"http://127.0.0.1:5000/v1/customers?size=2&filter=%7B%22Field%22%3A%22A%26B%22%7D"_s;
    QTest::newRow("base query dropped")
        << u"https://api.example/?x=1#frag"_s << u"/v1/a"_s << QString() << u"https://api.example/v1/a"_s;
}

void TestRequestBuilder::resolve()
{
    QFETCH(QString, base);
    QFETCH(QString, path);
    QFETCH(QString, query);
    QFETCH(QString, expected);
    QCOMPARE(RequestBuilder::resolve(QUrl(base), path, query).toString(QUrl::FullyEncoded), expected);
}

QTEST_GUILESS_MAIN(TestRequestBuilder)
#include "tst_requestbuilder.moc"
