// What Qt's network stack gives the client, checked on the wire: HTTP/2 where the server offers
// it (nghttpd over TLS, ALPN h2) and HTTP/1.1 where it does not (the simulator); gzip and deflate
// answers decoded; a certificate nobody trusts refused with a message that says what to do,
// accepted once its CA file is trusted; and a POST that Qt resends by itself after a dropped
// connection still creating exactly one qualification.
#include "ClientHarness.h"
#include "TestTls.h"
#include "settings/NetworkSetup.h"

#include <QDir>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslConfiguration>

using namespace Qt::StringLiterals;
using namespace qd::sim::fixtures;
using namespace qd::test;
using Kind = qd::ApiError::Kind;
using Obstacle = qd::ApiError::Obstacle;

namespace {
const QString kId = u"4b6f0e2a-31c1-4e7e-9d3e-0c9c5f1b2a77"_s;
const QByteArray kCustomer =
    R"({"id":"4b6f0e2a-31c1-4e7e-9d3e-0c9c5f1b2a77","companyProfile":{"tenantId":"4b6f0e2a-31c1-4e7e-9d3e-0c9c5f1b2a77","domain":"h2.example.com","companyName":"Over HTTP/2 s.r.o."},"relationshipToPartner":"reseller"})";

QByteArray gzip(const QByteArray &data)
{
    QProcess p;
    p.start(u"gzip"_s, {u"-c"_s, u"-n"_s});
    p.write(data);
    p.closeWriteChannel();
    p.waitForFinished(10000);
    return p.readAllStandardOutput();
}
} // namespace

class TestTransport : public QObject
{
    Q_OBJECT
private:
    QSslConfiguration m_defaultTls;
    TestCertificates m_certs;
    QTemporaryDir m_docs;
    static constexpr int kWait = 15000;

private slots:
    void initTestCase()
    {
        m_defaultTls = QSslConfiguration::defaultConfiguration();
        QVERIFY2(m_certs.make(), qPrintable(m_certs.error()));
        QVERIFY(QDir(m_docs.path()).mkpath(u"v1/customers"_s));
        QFile file(m_docs.filePath(u"v1/customers/"_s + kId));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kCustomer);
    }
    void cleanup() { QSslConfiguration::setDefaultConfiguration(m_defaultTls); }

    void untrustedCertificateIsRefusedThenTrustedWithItsCaFile()
    {
        Http2Server server;
        QVERIFY2(server.start(m_docs.path(), m_certs), qPrintable(server.error()));
        ClientHarness h;
        qd::ClientConfig config = h.config;
        config.baseUrl = QUrl(u"https://127.0.0.1:%1"_s.arg(server.port()));
        h.reconfigure(config);

        Outcome<qd::Customer> refused;
        h.client->getCustomer(qd::TenantId::fromText(kId), this, refused.callback());
        QTRY_COMPARE_WITH_TIMEOUT(refused.calls, 1, kWait);
        QCOMPARE(refused.result.error.kind, Kind::Network);
        QCOMPARE(refused.result.error.obstacle, Obstacle::UntrustedCertificate);
        QVERIFY2(refused.result.error.userMessage().contains(u"QUALDESK_CA_FILE"_s),
                 qPrintable(refused.result.error.userMessage()));

        const qd::NetworkSetup setup = qd::NetworkSetup::fromSettings(u"none"_s, m_certs.caFile());
        QVERIFY(qd::NetworkSetup::validate(u"none"_s, m_certs.caFile()).isEmpty());
        QCOMPARE(setup.extraCaCertificates.size(), 1);
        setup.apply(h.client->network());
        h.client->network()->clearConnectionCache();

        bool http2 = false;
        connect(h.client->network(), &QNetworkAccessManager::finished, this, [&](QNetworkReply *reply) {
            http2 = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
        });
        Outcome<qd::Customer> trusted;
        h.client->getCustomer(qd::TenantId::fromText(kId), this, trusted.callback());
        QTRY_COMPARE_WITH_TIMEOUT(trusted.calls, 1, kWait);
        QVERIFY2(trusted.result.ok(), qPrintable(trusted.result.error.details()));
        QCOMPARE(trusted.result.value.companyName, u"Over HTTP/2 s.r.o."_s);
        QVERIFY(http2); // the server offered h2 (ALPN): Qt used it
    }

    void theSimulatorOverTlsIsTrustedOnlyWithItsCa()
    {
        // How a company's TLS-inspecting proxy looks: a certificate from a CA the system does not
        // know. Refused with a message that says what to do; trusted once its CA file is set.
        qd::sim::SimulatorOptions options;
        options.tls = true;
        ClientHarness h(options);
        QVERIFY(h.listening);
        QCOMPARE(h.sim->baseUrl().scheme(), u"https"_s);
        Outcome<QList<qd::CustomerQualification>> refused;
        h.client->createQualification(qd::TenantId::fromText(kCustomerNoQualification), soe(), {}, this,
                                      refused.callback());
        QTRY_COMPARE_WITH_TIMEOUT(refused.calls, 1, kWait);
        QCOMPARE(refused.result.error.obstacle, Obstacle::UntrustedCertificate);
        QVERIFY(!refused.result.error.mayHaveArrived); // the handshake failed: nothing was sent
        QVERIFY2(refused.result.error.userMessage().contains(u"CA"_s),
                 qPrintable(refused.result.error.userMessage()));
        QCOMPARE(h.sim->createdCount(kCustomerNoQualification), 0);

        qd::NetworkSetup::fromSettings(u"none"_s, h.sim->caCertificateFile()).apply(h.client->network());
        h.client->network()->clearConnectionCache();
        Outcome<QList<qd::CustomerQualification>> trusted;
        h.client->createQualification(qd::TenantId::fromText(kCustomerNoQualification), soe(), {}, this,
                                      trusted.callback());
        QTRY_COMPARE_WITH_TIMEOUT(trusted.calls, 1, kWait);
        QVERIFY2(trusted.result.ok(), qPrintable(trusted.result.error.details()));
        QCOMPARE(h.sim->createdCount(kCustomerNoQualification), 1);
    }

    void http11WhereTheServerOffersNothingElse()
    {
        ClientHarness h;
        QVERIFY(h.listening);
        int replies = 0;
        bool anyHttp2 = false;
        connect(h.client->network(), &QNetworkAccessManager::finished, this, [&](QNetworkReply *reply) {
            ++replies;
            anyHttp2 |= reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
        });
        Outcome<qd::Customer> get;
        h.client->getCustomer(qd::TenantId::fromText(kCustomerNoQualification), this, get.callback());
        QTRY_COMPARE_WITH_TIMEOUT(get.calls, 1, kWait);
        QVERIFY2(get.result.ok(), qPrintable(get.result.error.details()));
        QCOMPARE(replies, 1);
        QVERIFY(!anyHttp2);
    }

    void compressedAnswersAreDecoded_data()
    {
        QTest::addColumn<QByteArray>("encoding");
        QTest::newRow("gzip") << QByteArray("gzip");
        QTest::newRow("deflate") << QByteArray("deflate");
    }
    void compressedAnswersAreDecoded()
    {
        QFETCH(QByteArray, encoding);
        QByteArray acceptEncoding;
        TinyHttpServer server([&](const QByteArray &head) {
            acceptEncoding = TinyHttpServer::header(head, "Accept-Encoding");
            // deflate is the zlib format (RFC 9110): qCompress without its 4-byte length.
            const QByteArray body = encoding == "gzip" ? gzip(kCustomer) : qCompress(kCustomer).mid(4);
            return TinyHttpServer::response(
                200, "Content-Type: application/json\r\nContent-Encoding: " + encoding + "\r\n", body);
        });
        QVERIFY(server.listen());
        ClientHarness h;
        qd::ClientConfig config = h.config;
        config.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(server.port()));
        h.reconfigure(config);
        Outcome<qd::Customer> get;
        h.client->getCustomer(qd::TenantId::fromText(kId), this, get.callback());
        QTRY_COMPARE_WITH_TIMEOUT(get.calls, 1, kWait);
        QVERIFY2(get.result.ok(), qPrintable(get.result.error.details()));
        QCOMPARE(get.result.value.domain, u"h2.example.com"_s);
        QVERIFY2(acceptEncoding.contains(encoding), acceptEncoding.constData());
    }

    void aPostQtResendsAfterADropCreatesOneQualification()
    {
        // The simulator does the work, then closes the connection without answering, once. Qt
        // sends the POST again by itself on a new connection (its own resend, no retry of
        // ours), with the same MS-RequestId; Partner Center (the simulator) does it once.
        ClientHarness h;
        QVERIFY(h.listening);
        // A kept-alive connection first, as in a desk that has been working for a while.
        Outcome<qd::Customer> warm;
        h.client->getCustomer(qd::TenantId::fromText(kCustomerNoQualification), this, warm.callback());
        QTRY_COMPARE_WITH_TIMEOUT(warm.calls, 1, kWait);
        h.sim->addFault(
            fault(qd::sim::Fault::Kind::DropAfterWork, u"POST"_s, u"/v1/customers/*/qualifications"_s, 1));
        QSignalSpy retries(h.client.get(), &qd::PartnerCenterClient::requestFailed);
        Outcome<QList<qd::CustomerQualification>> post;
        qd::ApiJob *job = h.client->createQualification(qd::TenantId::fromText(kCustomerNoQualification),
                                                        soe(), {}, this, post.callback());
        QSignalSpy ourRetries(job, &qd::ApiJob::retrying);
        QTRY_COMPARE_WITH_TIMEOUT(post.calls, 1, kWait);
        QVERIFY2(post.result.ok(), qPrintable(post.result.error.details()));
        const auto posts = h.recorded(u"/v1/customers/"_s + kCustomerNoQualification + u"/qualifications"_s);
        QVERIFY2(posts.size() >= 2, "the drop was not seen");
        for (const auto &p : posts)
            QCOMPARE(p.header("MS-RequestId"), posts.first().header("MS-RequestId"));
        QCOMPARE(h.sim->createdCount(kCustomerNoQualification), 1);
        QCOMPARE(retries.count(), 0);
        QCOMPARE(ourRetries.count(), 0); // Qt's own resend, not the retry policy's
    }
};

QTEST_GUILESS_MAIN(TestTransport)
#include "tst_transport.moc"
