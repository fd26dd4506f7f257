// The window behind a proxy that wants credentials (tinyproxy with Basic auth on loopback):
// the proxy dialog asks, its "Remember" puts them in the keychain (never in QSettings), and
// sign-in and reads go through the proxy.
#include "GuiHarness.h"
#include "SeedFixtures.h"
#include "TinyProxy.h"
#include "settings/ProxyAuthenticator.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTimer>

using namespace Qt::StringLiterals;

class TestProxyUi : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { GuiHarness::initApplication(); }
    void init() { GuiHarness::clearSettings(); }

    void theDialogAsksAndRemembersInTheKeychain()
    {
        qd::test::TinyProxy proxy;
        QVERIFY2(proxy.start(u"carol"_s, u"pw-7"_s), qPrintable(proxy.error()));
        GuiHarness h;
        h.proxy = proxy.url();
        QVERIFY(h.start());
        const QString proxyName = u"127.0.0.1:"_s + QString::number(proxy.port());

        int asked = 0;
        QString prompt;
        QTimer answer;
        answer.setInterval(20);
        connect(&answer, &QTimer::timeout, this, [&] {
            auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            if (!dialog || dialog->objectName() != "proxyCredentialsDialog"_L1)
                return;
            ++asked;
            prompt = dialog->findChild<QLabel *>(u"proxyPromptLabel"_s)->text();
            auto *user = dialog->findChild<QLineEdit *>(u"proxyUserEdit"_s);
            auto *password = dialog->findChild<QLineEdit *>(u"proxyPasswordEdit"_s);
            auto *ok =
                dialog->findChild<QDialogButtonBox *>(u"proxyButtonBox"_s)->button(QDialogButtonBox::Ok);
            QVERIFY(!ok->isEnabled()); // no user name yet
            QTest::keyClicks(user, u"carol"_s);
            QTest::keyClicks(password, u"pw-7"_s);
            QCOMPARE(password->echoMode(), QLineEdit::Password);
            dialog->findChild<QCheckBox *>(u"proxyRememberCheck"_s)->setChecked(true);
            QVERIFY(ok->isEnabled());
            QTest::mouseClick(ok, Qt::LeftButton);
        });
        answer.start();
        QVERIFY(h.signIn());
        QCOMPARE(asked, 1);
        QVERIFY2(prompt.contains(proxyName), qPrintable(prompt));
        QVERIFY(!proxy.requests().isEmpty());

        QVERIFY(h.openCustomer(qd::sim::fixtures::kCustomerNoQualification,
                               qd::sim::fixtures::kCustomerNoQualification));
        QCOMPARE(asked, 1); // Qt keeps the accepted credentials for the session

        QString stored;
        bool read = false;
        h.tokens->read(qd::ProxyAuthenticator::keyFor(proxyName), [&](const qd::TokenStore::Outcome &o) {
            stored = o.secret;
            read = true;
        });
        QTRY_VERIFY(read);
        QCOMPARE(stored, u"carol\npw-7"_s);
        // Nothing of it in the settings file.
        QSettings settings;
        for (const QString &key : settings.allKeys())
            QVERIFY2(!settings.value(key).toString().contains(u"pw-7"_s), qPrintable(key));
    }
};

QTEST_MAIN(TestProxyUi)
#include "tst_proxyui.moc"
