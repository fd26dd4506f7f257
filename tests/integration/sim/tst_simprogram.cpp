// The qualdesk-sim program: starts, prints its address, serves, stops cleanly on SIGTERM.
#include "SeedFixtures.h"
#include "SimHttpClient.h"

#include <QProcess>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using qd::test::SimHttpClient;

class TestSimProgram : public QObject
{
    Q_OBJECT

private:
    static QString program() { return qEnvironmentVariable("QUALDESK_BIN_DIR") + u"/qualdesk-sim"_s; }

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("QUALDESK_BIN_DIR"),
                 "QUALDESK_BIN_DIR is unset: run through ctest");
    }

    void servesAndStopsOnSigterm()
    {
        QProcess sim;
        sim.setProcessChannelMode(QProcess::SeparateChannels);
        sim.start(program(), {u"--port"_s, u"0"_s, u"--token"_s, u"fixed-test-token"_s,
                              u"--vetting-delay-ms"_s, u"0"_s});
        QVERIFY2(sim.waitForStarted(10000), qPrintable(sim.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(sim.canReadLine(), 20000);
        const QString line = QString::fromUtf8(sim.readLine()).trimmed();
        QVERIFY2(line.startsWith(u"listening on http://127.0.0.1:"_s), qPrintable(line));
        const QUrl base(line.section(u' ', 2));
        QVERIFY(base.port() > 0);

        SimHttpClient http(base);
        http.token = u"fixed-test-token"_s;
        const auto r = http.get(u"/v1/customers/"_s + qd::sim::fixtures::kCustomerSoe);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object()[u"companyProfile"_s][u"companyName"_s].toString(), u"Státní tiskárna cenin"_s);
        // Out-of-process control works as in-process.
        SimHttpClient admin(base);
        QCOMPARE(admin.post(u"/_sim/faults"_s, {{u"kind"_s, u"server-error"_s}, {u"times"_s, 1}}).status,
                 200);
        QCOMPARE(http.get(u"/v1/customers/all/validations"_s).status, 503);
        QCOMPARE(admin.get(u"/_sim/stats"_s).object().value(u"requests"_s).toInt(), 2);

        sim.terminate(); // SIGTERM
        QVERIFY(sim.waitForFinished(10000));
        QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
        QCOMPARE(sim.exitCode(), 0);
    }

    void refusesARemoteAddressUnlessAllowed()
    {
        QProcess sim;
        sim.start(program(), {u"--address"_s, u"0.0.0.0"_s, u"--port"_s, u"0"_s});
        QVERIFY(sim.waitForFinished(10000));
        QCOMPARE(sim.exitCode(), 2);
        QVERIFY(sim.readAllStandardError().contains("--allow-remote"));
        QVERIFY(sim.readAllStandardOutput().isEmpty());
    }

    void servesHttpsWithTheCaItWrote()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        QTemporaryDir dir;
        const QString caFile = dir.filePath(u"ca.pem"_s);
        QProcess sim;
        sim.setProcessChannelMode(QProcess::SeparateChannels);
        sim.start(program(), {u"--port"_s, u"0"_s, u"--token"_s, u"fixed-test-token"_s, u"--tls"_s,
                              u"--ca-out"_s, caFile, u"--latency"_s, u"0-20"_s, u"--throttle-per-minute"_s,
                              u"600"_s, u"--throttle-scope"_s, u"customer"_s});
        QVERIFY2(sim.waitForStarted(10000), qPrintable(sim.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(sim.canReadLine(), 30000);
        const QString caLine = QString::fromUtf8(sim.readLine()).trimmed();
        QCOMPARE(caLine, u"ca-file "_s + caFile); // before "listening on": known once that line is there
        QTRY_VERIFY_WITH_TIMEOUT(sim.canReadLine(), 10000);
        const QString line = QString::fromUtf8(sim.readLine()).trimmed();
        QVERIFY2(line.startsWith(u"listening on https://127.0.0.1:"_s), qPrintable(line));
        const QUrl base(line.section(u' ', 2));

        QNetworkAccessManager nam;
        QNetworkRequest request(base.resolved(QUrl(u"/v1/customers/all/validations"_s)));
        request.setRawHeader("Authorization", "Bearer fixed-test-token");
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(caFile);
        request.setSslConfiguration(ssl);
        std::unique_ptr<QNetworkReply> reply(nam.get(request));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

        sim.terminate();
        QVERIFY(sim.waitForFinished(10000));
        QCOMPARE(sim.exitCode(), 0);
    }

    void refusesBadThrottleLatencyAndTlsOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("named");
        QTest::newRow("latency text") << QStringList{u"--latency"_s, u"soon"_s} << QByteArray("--latency");
        QTest::newRow("latency reversed")
            << QStringList{u"--latency"_s, u"600-150"_s} << QByteArray("--latency");
        QTest::newRow("latency three parts")
            << QStringList{u"--latency"_s, u"1-2-3"_s} << QByteArray("--latency");
        QTest::newRow("negative throttle")
            << QStringList{u"--throttle-per-minute"_s, u"-5"_s} << QByteArray("--throttle-per-minute");
        QTest::newRow("scope") << QStringList{u"--throttle-scope"_s, u"tenant"_s}
                               << QByteArray("--throttle-scope");
        QTest::newRow("ca-out without tls")
            << QStringList{u"--ca-out"_s, u"/tmp/x.pem"_s} << QByteArray("--tls");
    }
    void refusesBadThrottleLatencyAndTlsOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, named);
        QProcess sim;
        sim.start(program(), QStringList{u"--port"_s, u"0"_s} + args);
        QVERIFY(sim.waitForFinished(10000));
        QCOMPARE(sim.exitCode(), 2);
        const QByteArray err = sim.readAllStandardError();
        QVERIFY2(err.contains(named), err.constData());
        QVERIFY(sim.readAllStandardOutput().isEmpty());
    }

    void helpNamesTheNewOptions()
    {
        QProcess sim;
        sim.start(program(), {u"--help"_s});
        QVERIFY(sim.waitForFinished(10000));
        const QByteArray help = sim.readAllStandardOutput();
        for (const char *option : {"--throttle-per-minute", "--throttle-scope", "--throttle-reads",
                                   "--latency", "--tls", "--ca-out"})
            QVERIFY2(help.contains(option), option);
    }

    void reportsABadSeedFile()
    {
        QProcess sim;
        sim.start(program(), {u"--seed"_s, u"/nonexistent/seed.json"_s});
        QVERIFY(sim.waitForFinished(10000));
        QCOMPARE(sim.exitCode(), 2);
        QVERIFY(sim.readAllStandardError().contains("/nonexistent/seed.json"));
    }
};

QTEST_GUILESS_MAIN(TestSimProgram)
#include "tst_simprogram.moc"
