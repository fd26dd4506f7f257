#include "AuthHarness.h"
#include "KeychainProbe.h"
#include "auth/AuthLog.h"
#include "partnercenter/PartnerCenterClient.h"
#include "settings/AppServices.h"
#include "settings/AppSettings.h"
#include "submission/SubmissionService.h"

#include <QDirIterator>
#include <QLoggingCategory>
#include <QMutex>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using qd::AuthSession;

namespace {

QMutex logMutex;
QStringList capturedLog;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        capturedLog << QString::fromLatin1(context.category ? context.category : "default") + u": "_s +
                           message;
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

} // namespace

// After a whole working session (browser and device sign-in, searches, a submission, a 401
// with refresh and replay, rotation) no token, code or verifier may be found in any file under
// the program's folders (data, settings, cache) or in any log line of any qualdesk.* category.
// main() gives the process a fresh HOME so every folder the program could write to is scanned.
class TestNoTokenLeak : public QObject
{
    Q_OBJECT
public:
    explicit TestNoTokenLeak(QString home) : m_home(std::move(home)) {}

private:
    QString m_home;

    struct Hit
    {
        QString where;
        QString secretStart;
    };

    static QList<Hit> scan(const QString &root, const QSet<QString> &secrets)
    {
        QList<Hit> hits;
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QByteArray content = file.readAll();
            for (const QString &secret : secrets) {
                const QByteArray utf16(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2);
                if (content.contains(secret.toUtf8()) || content.contains(utf16))
                    hits.append({file.fileName(), secret.left(6)});
            }
        }
        return hits;
    }

    static QList<Hit> scanLog(const QSet<QString> &secrets)
    {
        QMutexLocker lock(&logMutex);
        QList<Hit> hits;
        for (const QString &line : std::as_const(capturedLog)) {
            for (const QString &secret : secrets) {
                if (line.contains(secret))
                    hits.append({line.left(80), secret.left(6)});
            }
        }
        return hits;
    }

    static QString describe(const QList<Hit> &hits)
    {
        QStringList lines;
        for (const Hit &hit : hits)
            lines << hit.where + u" holds a secret starting " + hit.secretStart;
        return lines.join(u'\n');
    }

private slots:
    void initTestCase()
    {
        if (!qd::test::hasSessionBus())
            QSKIP(qd::test::noBusReason());
        QVERIFY(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation).startsWith(m_home));
        QLoggingCategory::setFilterRules(u"qualdesk.*=true"_s); // every level of every area
        previousHandler = qInstallMessageHandler(captureMessage);
    }

    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    void noTokenAnywhere()
    {
        qd::sim::Simulator sim;
        QVERIFY(sim.listen());
        QSet<QString> secrets;
        qint64 historyBytes = 0;
        QString settingsFile;
        {
            qd::AppSettings settings;
            settings.baseUrl = sim.baseUrl();
            settings.authority = sim.authority();
            settings.clientId = sim.demoClientId();
            settings.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
            QSettings stored;
            settings.save(stored);
            stored.sync();
            settingsFile = stored.fileName();

            qd::AppServices services(settings);
            AuthSession *session = services.authSession();
            qd::test::FakeBrowser browser(services.network());

            // Browser sign-in.
            QSignalSpy signedIn(session, &AuthSession::signedIn);
            session->signInWithBrowser(browser.opener());
            QVERIFY(signedIn.wait(15000));
            QVERIFY2(session->isPersistent(), qPrintable(session->lastMessage()));
            secrets << session->accessToken();

            // Device-code sign-in on top.
            qd::DeviceCodeSignIn *flow = session->signInWithDeviceCode();
            QSignalSpy codeReady(flow, &qd::DeviceCodeSignIn::userCodeReady);
            QVERIFY(codeReady.wait(10000));
            QVERIFY(sim.approveDeviceCode(codeReady.first().first().value<qd::DeviceCodeInfo>().userCode));
            QVERIFY(signedIn.wait(15000));
            secrets << session->accessToken();

            // Work: search, read, submit (this writes the history).
            qd::PartnerCenterClient *client = services.client();
            bool searched = false;
            client->searchAllCustomers(qd::sim::fixtures::kBrnoPrefix, qd::CustomerSearchField::CompanyName,
                                       this, [&](const qd::Result<QList<qd::Customer>> &r) {
                                           QVERIFY2(r.ok(), qPrintable(r.error.details()));
                                           searched = true;
                                       });
            QTRY_VERIFY_WITH_TIMEOUT(searched, 15000);

            qd::QualificationRequest request;
            request.type = qd::QualificationType::Education;
            request.segment = qd::EducationSegment::HigherEducation;
            bool submitted = false;
            services.submissions()->submit(
                qd::TenantId::fromText(qd::sim::fixtures::kCustomerNoQualification),
                qd::sim::fixtures::kCustomerNoQualificationName, request, this,
                [&](const qd::SubmitResult &r) {
                    QVERIFY2(r.ok(), qPrintable(r.userMessage()));
                    submitted = true;
                });
            QTRY_VERIFY_WITH_TIMEOUT(submitted, 15000);

            // A 401: refresh (rotation) and replay.
            sim.expireAccessTokens();
            bool read = false;
            client->getQualifications(qd::TenantId::fromText(qd::sim::fixtures::kCustomerNoQualification),
                                      this, [&](const qd::Result<QList<qd::CustomerQualification>> &r) {
                                          QVERIFY2(r.ok(), qPrintable(r.error.details()));
                                          read = true;
                                      });
            QTRY_VERIFY_WITH_TIMEOUT(read, 15000);
            secrets << session->accessToken();

            const auto keychain = qd::test::readKeychain(u"QualDesk"_s, services.authConfig().storageKey());
            QVERIFY2(keychain.found(), qPrintable(keychain.errorString));
            secrets << keychain.secret;
        }

        // Everything that travelled: bearer tokens, refresh tokens, codes, verifiers.
        for (const auto &request : sim.recordedRequests()) {
            const QByteArray bearer = request.header("Authorization");
            if (bearer.startsWith("Bearer "))
                secrets << QString::fromLatin1(bearer.mid(7));
            QByteArray body = request.body;
            body.replace('+', "%20");
            const QUrlQuery form(QString::fromLatin1(body));
            for (const QString &field :
                 {u"refresh_token"_s, u"code"_s, u"code_verifier"_s, u"device_code"_s}) {
                const QString value = form.queryItemValue(field, QUrl::FullyDecoded);
                if (value.size() >= 16)
                    secrets << value;
            }
        }
        secrets.remove(QString());
        QVERIFY2(secrets.size() >= 8, qPrintable(QString::number(secrets.size())));

        // The scan covered real files: the settings file and the history database.
        QVERIFY(QFile::exists(settingsFile));
        QVERIFY(settingsFile.startsWith(m_home));
        QDirIterator it(m_home, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains(u".sqlite"_s) || path.endsWith(u".db"_s) || path.contains(u".db-"_s))
                historyBytes += QFileInfo(path).size();
        }
        QVERIFY2(historyBytes > 0, "no history database was written under the test HOME");
        {
            QMutexLocker lock(&logMutex);
            QVERIFY(capturedLog.size() > 20);
        }

        const QList<Hit> fileHits = scan(m_home, secrets);
        QVERIFY2(fileHits.isEmpty(), qPrintable(describe(fileHits)));
        const QList<Hit> logHits = scanLog(secrets);
        QVERIFY2(logHits.isEmpty(), qPrintable(describe(logHits)));
    }

    void scannersCanFail()
    {
        const QString secret = u"canary-token-0123456789abcdef"_s;
        QDir(m_home).mkpath(u"canary"_s);
        QFile file(m_home + u"/canary/file.bin"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray("x") +
                   QByteArray(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2));
        file.close();
        QCOMPARE(scan(m_home, {secret}).size(), 1);
        file.remove();
        qCDebug(qd::lcAuth) << "planted" << secret;
        QCOMPARE(scanLog({secret}).size(), 1);
    }
};

int main(int argc, char **argv)
{
    QTemporaryDir home;
    if (!home.isValid())
        return 2;
    // A fresh HOME for this process: every folder QStandardPaths hands out lies below it. The
    // D-Bus session (and the keyring daemon behind it) is inherited.
    qputenv("HOME", home.path().toLocal8Bit());
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        qunsetenv(name);
    QCoreApplication app(argc, argv);
    qd::AppSettings::applyApplicationIdentity();
    TestNoTokenLeak test(home.path());
    return QTest::qExec(&test, argc, argv);
}

#include "tst_notokenleak.moc"
