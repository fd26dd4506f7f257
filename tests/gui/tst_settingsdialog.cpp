// The settings dialog: environments, the HTTPS rule, and what Production without a client ID
// asks the partner to register.
#include "SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void productionWithoutClientIdExplainsTheRegistration();
    void customAddressMustBeHttpsUnlessLoopback();
    void demoNeedsNothingAndIsSaved();

private:
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
    QTest::keyClicks(dialog.findChild<QLineEdit *>(u"clientIdEdit"_s), u"1f0c2d4e-0000-4000-8000-000000000001"_s);
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
    QCOMPARE(settings.value(qd::SettingsKey::BaseUrl).toString(), qd::AppSettings::defaultBaseUrl().toString());
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
