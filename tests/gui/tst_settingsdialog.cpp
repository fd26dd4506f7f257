// The settings dialog: environments, the HTTPS rule, what Production without a client ID
// asks the partner to register, and the team history (its address, its password in the keychain
// and a connection test against a real PostgreSQL server).
#include "PostgresServer.h"
#include "SettingsDialog.h"
#include "settings/AppServices.h"
#include "settings/MemoryTokenStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

using namespace Qt::StringLiterals;

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void productionWithoutClientIdExplainsTheRegistration();
    void customAddressMustBeHttpsUnlessLoopback();
    void demoNeedsNothingAndIsSaved();
    void invalidHistoryServerIsNamedNextToIt_data();
    void invalidHistoryServerIsNamedNextToIt();
    void testConnectionReachesTheTeamsHistory();
    void testConnectionUsesTheStoredPassword();
    void wrongPasswordIsRefusedNextToTheField();
    void passwordGoesToTheKeychainOnly();
    void savedServerOutlivesARunWithout();
    void workOfflineIsSavedAndReadAtTheNextStart();

private:
    // One server for the tests that need it, started on first use.
    qd::test::PostgresServer m_server;
    QString m_serverUrl; // postgresql://desk@127.0.0.1:port/team, no password
    bool startServer()
    {
        if (!m_serverUrl.isEmpty())
            return true;
        if (!m_server.start() || !m_server.createRole(u"desk"_s, kPassword) ||
            !m_server.createDatabase(u"team"_s, u"desk"_s)) {
            qWarning() << m_server.lastError();
            return false;
        }
        m_serverUrl = u"postgresql://desk@127.0.0.1:%1/team"_s.arg(m_server.port());
        return true;
    }
    static inline const QString kPassword = u"desk-pw-7"_s;

    static QLineEdit *edit(qd::SettingsDialog &dialog, const QString &name)
    {
        return dialog.findChild<QLineEdit *>(name);
    }
    static QPushButton *testButton(qd::SettingsDialog &dialog)
    {
        return dialog.findChild<QPushButton *>(u"historyTestButton"_s);
    }
    static QLabel *label(qd::SettingsDialog &dialog, const QString &name)
    {
        return dialog.findChild<QLabel *>(name);
    }
    static void choose(qd::SettingsDialog &dialog, qd::EnvironmentKind kind)
    {
        auto *combo = dialog.findChild<QComboBox *>(u"environmentComboBox"_s);
        combo->setCurrentIndex(combo->findData(int(kind)));
    }
    static QPushButton *ok(qd::SettingsDialog &dialog)
    {
        return dialog.findChild<QDialogButtonBox *>(u"settingsButtonBox"_s)->button(QDialogButtonBox::Ok);
    }
};

void TestSettingsDialog::productionWithoutClientIdExplainsTheRegistration()
{
    qd::AppSettings current;
    qd::SettingsDialog dialog(current);
    dialog.show();
    QCOMPARE(dialog.environment(), qd::EnvironmentKind::Production);
    auto *hint = dialog.findChild<QLabel *>(u"productionHintLabel"_s);
    QVERIFY(hint->isVisible());
    QVERIFY(hint->text().contains(u"user_impersonation"_s));
    QVERIFY(hint->text().contains(u"http://localhost"_s));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(u"clientIdEdit"_s),
                     u"1f0c2d4e-0000-4000-8000-000000000001"_s);
    QVERIFY(!hint->isVisible());
    QVERIFY(ok(dialog)->isEnabled());
    QCOMPARE(dialog.settings().clientId, u"1f0c2d4e-0000-4000-8000-000000000001"_s);
    QCOMPARE(dialog.settings().baseUrl, qd::AppSettings::defaultBaseUrl());
}

void TestSettingsDialog::customAddressMustBeHttpsUnlessLoopback()
{
    qd::SettingsDialog dialog(qd::AppSettings{});
    dialog.show();
    choose(dialog, qd::EnvironmentKind::Custom);
    auto *base = dialog.findChild<QLineEdit *>(u"baseUrlEdit"_s);
    QVERIFY(!base->isReadOnly());
    QVERIFY(!ok(dialog)->isEnabled()); // empty
    QTest::keyClicks(base, u"http://sandbox.example.com"_s);
    auto *problem = dialog.findChild<QLabel *>(u"settingsProblemLabel"_s);
    QVERIFY(problem->isVisible());
    QVERIFY(!ok(dialog)->isEnabled());
    base->clear();
    QTest::keyClicks(base, u"http://127.0.0.1:8443"_s);
    QVERIFY(!problem->isVisible());
    QVERIFY(ok(dialog)->isEnabled());
    QCOMPARE(dialog.settings().environmentKind(), qd::EnvironmentKind::Custom);
    dialog.findChild<QSpinBox *>(u"timeoutSpinBox"_s)->setValue(45);
    QCOMPARE(dialog.settings().requestTimeoutMs, 45000);
}

void TestSettingsDialog::demoNeedsNothingAndIsSaved()
{
    qd::SettingsDialog dialog(qd::AppSettings{});
    dialog.show();
    choose(dialog, qd::EnvironmentKind::Demo);
    QVERIFY(ok(dialog)->isEnabled());
    QVERIFY(!dialog.findChild<QLineEdit *>(u"clientIdEdit"_s)->isEnabled());
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    dialog.save(settings);
    QCOMPARE(settings.value(qd::SettingsDialog::demoSettingsKey()).toBool(), true);
    choose(dialog, qd::EnvironmentKind::Production);
    dialog.save(settings);
    QCOMPARE(settings.value(qd::SettingsDialog::demoSettingsKey()).toBool(), false);
    QCOMPARE(settings.value(qd::SettingsKey::BaseUrl).toString(),
             qd::AppSettings::defaultBaseUrl().toString());
}

void TestSettingsDialog::invalidHistoryServerIsNamedNextToIt_data()
{
    QTest::addColumn<QString>("address");
    QTest::newRow("not postgresql") << u"mysql://desk@db.example/team"_s;
    QTest::newRow("no user") << u"postgresql://db.example:5432/team"_s;
    QTest::newRow("no database") << u"postgresql://desk@db.example:5432/"_s;
    QTest::newRow("unknown option") << u"postgresql://desk@db.example/team?colour=blue"_s;
}

void TestSettingsDialog::invalidHistoryServerIsNamedNextToIt()
{
    QFETCH(QString, address);
    qd::SettingsDialog dialog(qd::AppSettings{});
    dialog.show();
    auto *problem = label(dialog, u"historyServerProblemLabel"_s);
    QVERIFY(!problem->isVisible()); // empty: this computer's own history
    QVERIFY(ok(dialog)->isEnabled());
    QVERIFY(!testButton(dialog)->isEnabled());
    QTest::keyClicks(edit(dialog, u"historyServerEdit"_s), address);
    const QString expected = qd::SubmissionStore::checkServerLocation(address);
    QVERIFY(!expected.isEmpty());
    QVERIFY(problem->isVisible());
    QCOMPARE(problem->text(), expected);
    QVERIFY(!ok(dialog)->isEnabled());
    QVERIFY(!testButton(dialog)->isEnabled());
    QVERIFY(dialog.problems().contains(expected));
    // Next to the field, not again among the dialog's other problems.
    QVERIFY(!label(dialog, u"settingsProblemLabel"_s)->isVisible());

    edit(dialog, u"historyServerEdit"_s)->clear();
    QTest::keyClicks(edit(dialog, u"historyServerEdit"_s), u"postgresql://desk@db.example:5432/team"_s);
    QVERIFY(!problem->isVisible());
    QVERIFY(ok(dialog)->isEnabled());
    QVERIFY(testButton(dialog)->isEnabled());
    QCOMPARE(dialog.settings().historyServer, u"postgresql://desk@db.example:5432/team"_s);
}

void TestSettingsDialog::testConnectionReachesTheTeamsHistory()
{
    QVERIFY(startServer());
    {
        // Two rows already in the team's history.
        qd::SubmissionStore store;
        store.setServerPassword(kPassword);
        QVERIFY2(store.open(m_serverUrl), qPrintable(store.lastError().message));
        for (int n = 1; n <= 2; ++n) {
            qd::Submission s;
            s.user = u"anna.novak@contoso-partner.example"_s;
            s.partnerTenant = u"566bf9d7-c55a-45f8-91a6-e55e9b9b1325"_s;
            s.customerId = u"00000000-0000-4000-8000-00000000000%1"_s.arg(n);
            s.companyName = u"Customer %1"_s.arg(n);
            s.request.type = qd::QualificationType::Education;
            s.request.segment = qd::EducationSegment::HigherEducation;
            QVERIFY2(store.insertPending(s), qPrintable(store.lastError().message));
        }
        QCOMPARE(store.count(), 2);
    }
    qd::SettingsDialog dialog(qd::AppSettings{});
    dialog.show();
    QTest::keyClicks(edit(dialog, u"historyServerEdit"_s), m_serverUrl);
    QTest::keyClicks(edit(dialog, u"historyPasswordEdit"_s), kPassword);
    QCOMPARE(edit(dialog, u"historyPasswordEdit"_s)->echoMode(), QLineEdit::Password);
    auto *result = label(dialog, u"historyTestResultLabel"_s);
    auto *busy = dialog.findChild<QProgressBar *>(u"historyTestProgressBar"_s);
    QVERIFY(!busy->isVisible());
    QTest::mouseClick(testButton(dialog), Qt::LeftButton);
    // The store opens on a thread of its own: the dialog shows it is busy and can take no
    // second test meanwhile.
    QVERIFY(dialog.isTestingHistory());
    QVERIFY(busy->isVisible());
    QVERIFY(!testButton(dialog)->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isTestingHistory(), 30000);
    QVERIFY(!busy->isVisible());
    QVERIFY(testButton(dialog)->isEnabled());
    QVERIFY(result->isVisible());
    QVERIFY2(result->text().startsWith(u"Connected: 2 submission"_s), qPrintable(result->text()));
    QVERIFY(result->text().contains(u"team's history"_s));
    // Changing the address forgets the outcome.
    QTest::keyClicks(edit(dialog, u"historyServerEdit"_s), u"x"_s);
    QVERIFY(!result->isVisible());
}

void TestSettingsDialog::testConnectionUsesTheStoredPassword()
{
    QVERIFY(startServer());
    qd::MemoryTokenStore secrets;
    bool written = false;
    secrets.write(qd::AppServices::historyPasswordKey(m_serverUrl), kPassword,
                  [&written](const qd::TokenStore::Outcome &outcome) { written = outcome.ok(); });
    QTRY_VERIFY(written);
    qd::SettingsDialog dialog(qd::AppSettings{}, &secrets);
    dialog.show();
    QTest::keyClicks(edit(dialog, u"historyServerEdit"_s), m_serverUrl);
    QTest::mouseClick(testButton(dialog), Qt::LeftButton); // no password typed: the keychain's
    QVERIFY(dialog.isTestingHistory());
    QVERIFY(!testButton(dialog)->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isTestingHistory(), 30000);
    auto *result = label(dialog, u"historyTestResultLabel"_s);
    QVERIFY2(result->text().startsWith(u"Connected: "_s), qPrintable(result->text()));
}

void TestSettingsDialog::wrongPasswordIsRefusedNextToTheField()
{
    QVERIFY(startServer());
    // What the store itself says to this password.
    qd::SubmissionStore store;
    store.setServerPassword(u"not-the-password"_s);
    QVERIFY(!store.open(m_serverUrl));
    QCOMPARE(store.lastError().kind, qd::StoreError::Kind::SignInRefused);
    const QString refusal = store.lastError().message;
    QVERIFY(!refusal.isEmpty());

    qd::SettingsDialog dialog(qd::AppSettings{});
    dialog.show();
    QTest::keyClicks(edit(dialog, u"historyServerEdit"_s), m_serverUrl);
    QTest::keyClicks(edit(dialog, u"historyPasswordEdit"_s), u"not-the-password"_s);
    QTest::mouseClick(testButton(dialog), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isTestingHistory(), 30000);
    auto *result = label(dialog, u"historyTestResultLabel"_s);
    QVERIFY(result->isVisible());
    QCOMPARE(result->text(), refusal);
    QVERIFY(!result->text().startsWith(u"Connected"_s));
    QVERIFY(ok(dialog)->isEnabled()); // an unreachable server may still be saved for later
}

void TestSettingsDialog::passwordGoesToTheKeychainOnly()
{
    const QString server = u"postgresql://desk@db.example:5432/team"_s;
    const QString key = qd::AppServices::historyPasswordKey(server);
    qd::MemoryTokenStore secrets;
    QTemporaryDir dir;
    const QString iniPath = dir.filePath(u"s.ini"_s);
    const auto fileText = [&iniPath] {
        QFile file(iniPath);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    };
    const auto stored = [&secrets, &key] {
        std::optional<QString> secret;
        secrets.read(key, [&secret](const qd::TokenStore::Outcome &outcome) {
            secret = outcome.ok() ? outcome.secret : QString();
        });
        if (!QTest::qWaitFor([&secret] { return secret.has_value(); }, 5000))
            return u"(no answer from the token store)"_s;
        return *secret;
    };
    {
        qd::SettingsDialog dialog(qd::AppSettings{}, &secrets);
        QTest::keyClicks(edit(dialog, u"historyServerEdit"_s), server);
        QTest::keyClicks(edit(dialog, u"historyPasswordEdit"_s), u"Typed-Secret-41"_s);
        bool saved = false;
        {
            QSettings settings(iniPath, QSettings::IniFormat);
            dialog.save(settings, [&saved](const qd::TokenStore::Outcome &outcome) { saved = outcome.ok(); });
        }
        QTRY_VERIFY(saved);
        QVERIFY(fileText().contains(u"postgresql://desk@db.example:5432/team"_s));
        QVERIFY(!fileText().contains(u"Typed-Secret-41"_s));
        QCOMPARE(QSettings(iniPath, QSettings::IniFormat).value(qd::SettingsKey::History).toString(), server);
    }
    QCOMPARE(stored(), u"Typed-Secret-41"_s);
    {
        // Opened again: the field is empty, and saving with it empty keeps the stored password.
        qd::AppSettings current;
        current.historyServer = server;
        qd::SettingsDialog dialog(current, &secrets);
        QCOMPARE(edit(dialog, u"historyServerEdit"_s)->text(), server);
        QVERIFY(edit(dialog, u"historyPasswordEdit"_s)->text().isEmpty());
        bool called = false;
        QSettings settings(iniPath, QSettings::IniFormat);
        dialog.save(settings, [&called](const qd::TokenStore::Outcome &) { called = true; });
        QVERIFY(!called);
    }
    QCOMPARE(stored(), u"Typed-Secret-41"_s);
    {
        // A password written into the address moves to the keychain too.
        qd::SettingsDialog dialog(qd::AppSettings{}, &secrets);
        QTest::keyClicks(edit(dialog, u"historyServerEdit"_s),
                         u"postgresql://desk:In-Url-Secret@db.example:5432/team"_s);
        bool saved = false;
        {
            QSettings settings(iniPath, QSettings::IniFormat);
            dialog.save(settings, [&saved](const qd::TokenStore::Outcome &outcome) { saved = outcome.ok(); });
        }
        QTRY_VERIFY(saved);
        QVERIFY(!fileText().contains(u"In-Url-Secret"_s));
        QVERIFY(!fileText().contains(u"Typed-Secret-41"_s));
        QCOMPARE(QSettings(iniPath, QSettings::IniFormat).value(qd::SettingsKey::History).toString(), server);
    }
    QCOMPARE(stored(), u"In-Url-Secret"_s);
}

void TestSettingsDialog::savedServerOutlivesARunWithout()
{
    // --demo (or --history local) gives the dialog no server; saving other settings keeps the
    // saved one, and only an address typed in replaces it.
    const QString saved = u"postgresql://desk@db.example:5432/team"_s;
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    settings.setValue(qd::SettingsKey::History, saved);
    {
        qd::SettingsDialog dialog(qd::AppSettings{});
        QVERIFY(edit(dialog, u"historyServerEdit"_s)->text().isEmpty());
        dialog.findChild<QSpinBox *>(u"timeoutSpinBox"_s)->setValue(50);
        dialog.save(settings);
        QCOMPARE(settings.value(qd::SettingsKey::TimeoutSeconds).toInt(), 50);
        QCOMPARE(settings.value(qd::SettingsKey::History).toString(), saved);
        choose(dialog, qd::EnvironmentKind::Demo);
        dialog.save(settings);
        QCOMPARE(settings.value(qd::SettingsKey::History).toString(), saved);
    }
    {
        qd::SettingsDialog dialog(qd::AppSettings{});
        QTest::keyClicks(edit(dialog, u"historyServerEdit"_s), u"postgresql://desk@db2.example/team"_s);
        dialog.save(settings);
        QCOMPARE(settings.value(qd::SettingsKey::History).toString(),
                 u"postgresql://desk@db2.example/team"_s);
    }
    {
        // Emptied on purpose: this computer's own history from the next start.
        qd::AppSettings current;
        current.historyServer = u"postgresql://desk@db2.example/team"_s;
        qd::SettingsDialog dialog(current);
        edit(dialog, u"historyServerEdit"_s)->clear();
        dialog.save(settings);
        QCOMPARE(settings.value(qd::SettingsKey::History).toString(), QString());
    }
}

void TestSettingsDialog::workOfflineIsSavedAndReadAtTheNextStart()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    qd::AppSettings current;
    current.historyServer = u"postgresql://desk@db.example:5432/team"_s;
    settings.setValue(qd::SettingsKey::History, current.historyServer); // where it came from
    qd::SettingsDialog dialog(current);
    auto *offline = dialog.findChild<QCheckBox *>(u"historyOfflineCheckBox"_s);
    QVERIFY(offline);
    QVERIFY(!offline->isChecked());
    offline->setFocus();
    QTest::keyClick(offline, Qt::Key_Space); // by keyboard, as the rest of the dialog
    QVERIFY(offline->isChecked());
    dialog.save(settings);
    settings.sync();

    qd::AppSettings::Sources sources;
    sources.environment = QProcessEnvironment(); // nothing of the machine's
    sources.settings = &settings;
    sources.defaultDataDir = dir.path();
    qd::AppSettings next = qd::AppSettings::resolve(sources);
    QVERIFY(next.offline);
    QVERIFY(!next.usesHistoryServer());
    QCOMPARE(next.historyLocation(), next.historyDir()); // this computer's own history for now
    QCOMPARE(next.historyServer, current.historyServer); // and the server kept for the push

    offline->setChecked(false);
    dialog.save(settings);
    next = qd::AppSettings::resolve(sources);
    QVERIFY(next.usesHistoryServer());
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
