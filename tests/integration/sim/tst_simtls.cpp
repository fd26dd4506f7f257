// The simulator over HTTPS: a client refuses it until it trusts the CA the simulator made at start.
#include "SeedFixtures.h"
#include "Simulator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Outcome
{
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int status = 0;
    QList<QSslError> sslErrors;
    QByteArray body;
};

// GET, or POST of a form when `form` is not empty.
Outcome fetch(const QUrl &url, const QString &token, const QString &caFile = {}, const QByteArray &form = {})
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setTransferTimeout(20000);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    if (!caFile.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(caFile);
        request.setSslConfiguration(ssl);
    }
    if (!form.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArray("application/x-www-form-urlencoded"));
    std::unique_ptr<QNetworkReply> reply(form.isEmpty() ? nam.get(request) : nam.post(request, form));
    Outcome out;
    QObject::connect(reply.get(), &QNetworkReply::sslErrors,
                     [&out](const QList<QSslError> &errors) { out.sslErrors = errors; });
    QSignalSpy done(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !done.wait(30000))
        return out;
    out.error = reply->error();
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    return out;
}

} // namespace

class TestSimTls : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<qd::sim::Simulator> m_sim;
    QString m_token;

    QUrl url(const QString &host = u"127.0.0.1"_s) const
    {
        QUrl u = m_sim->baseUrl().resolved(QUrl(u"/v1/customers/"_s + qd::sim::fixtures::kCustomerSoe));
        u.setHost(host);
        return u;
    }

private slots:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        qd::sim::SimulatorOptions options;
        options.tls = true;
        m_sim = std::make_unique<qd::sim::Simulator>(options);
        QVERIFY2(m_sim->listen(), qPrintable(m_sim->errorString()));
        m_token = m_sim->issueAccessToken();
    }

    void cleanupTestCase() { m_sim.reset(); }

    void servesHttpsWithAThrowawayCa()
    {
        QCOMPARE(m_sim->baseUrl().scheme(), u"https"_s);
        QVERIFY(!m_sim->caCertificate().isNull());
        QVERIFY(m_sim->caCertificate().isSelfSigned());
        QFile ca(m_sim->caCertificateFile());
        QVERIFY2(ca.open(QIODevice::ReadOnly), qPrintable(m_sim->caCertificateFile()));
        QCOMPARE(QSslCertificate(ca.readAll(), QSsl::Pem), m_sim->caCertificate());
        // Only the CA certificate is on disk: no private key next to it.
        QDir dir = QFileInfo(ca.fileName()).dir();
        QCOMPARE(dir.entryList(QDir::Files), QStringList{u"ca.pem"_s});
    }

    void refusedWithoutTheCa()
    {
        const int before = m_sim->requestCount({}, {});
        const Outcome out = fetch(url(), m_token);
        QCOMPARE(out.error, QNetworkReply::SslHandshakeFailedError);
        QVERIFY(!out.sslErrors.isEmpty());
        bool untrusted = false;
        for (const QSslError &e : out.sslErrors)
            untrusted = untrusted || e.error() == QSslError::UnableToGetLocalIssuerCertificate ||
                        e.error() == QSslError::SelfSignedCertificateInChain ||
                        e.error() == QSslError::CertificateUntrusted;
        QVERIFY2(untrusted, qPrintable(out.sslErrors.first().errorString()));
        QCOMPARE(m_sim->requestCount({}, {}), before); // nothing reached the routes
    }

    void acceptedWithTheCaFile_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("127.0.0.1") << u"127.0.0.1"_s;
        QTest::newRow("localhost") << u"localhost"_s;
    }
    void acceptedWithTheCaFile()
    {
        QFETCH(QString, host);
        const Outcome out = fetch(url(host), m_token, m_sim->caCertificateFile());
        QVERIFY2(out.sslErrors.isEmpty(), qPrintable(out.sslErrors.value(0).errorString()));
        QCOMPARE(out.error, QNetworkReply::NoError);
        QCOMPARE(out.status, 200);
        QVERIFY(out.body.contains("Státní tiskárna cenin"));
    }

    void signInLinksSayHttps()
    {
        QCOMPARE(m_sim->authority().scheme(), u"https"_s);
        const QUrl url = QUrl(m_sim->authority().toString() + u"/oauth2/v2.0/devicecode"_s);
        const Outcome out = fetch(url, {}, m_sim->caCertificateFile(),
                                  "client_id=" + m_sim->demoClientId().toLatin1() +
                                      "&scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2F.default");
        QCOMPARE(out.status, 200);
        const QString verification =
            QJsonDocument::fromJson(out.body).object().value(u"verification_uri"_s).toString();
        QCOMPARE(verification, m_sim->baseUrl().toString() + u"/devicelogin"_s);
        QVERIFY(verification.startsWith(u"https://"_s));
    }

    void caOutWritesTheCertificateWhereAsked()
    {
        QTemporaryDir dir;
        qd::sim::SimulatorOptions options;
        options.tls = true;
        options.caOutFile = dir.filePath(u"sim-ca.pem"_s);
        qd::sim::Simulator sim(options);
        QVERIFY2(sim.listen(), qPrintable(sim.errorString()));
        QCOMPARE(sim.caCertificateFile(), options.caOutFile);
        QVERIFY(sim.caCertificate() != m_sim->caCertificate()); // a new CA every start
        const Outcome out = fetch(sim.baseUrl().resolved(QUrl(u"/v1/customers/all/validations"_s)),
                                  sim.issueAccessToken(), options.caOutFile);
        QCOMPARE(out.status, 200);
        // The other simulator's CA is no good here.
        const Outcome wrong = fetch(sim.baseUrl().resolved(QUrl(u"/v1/customers/all/validations"_s)),
                                    sim.issueAccessToken(), m_sim->caCertificateFile());
        QCOMPARE(wrong.error, QNetworkReply::SslHandshakeFailedError);
    }
};

QTEST_GUILESS_MAIN(TestSimTls)
#include "tst_simtls.moc"
