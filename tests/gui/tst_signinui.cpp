// The account bar's sign-in experience: waiting for the browser (cancellable, never frozen),
// the device-code fallback, a browser that cannot be opened, and signing out.
#include "AccountBar.h"
#include "DeviceCodeDialog.h"
#include "GuiHarness.h"
#include "SeedFixtures.h"

#include <QAbstractButton>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

class TestSignInUi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GuiHarness::initApplication(); }
    void init() { GuiHarness::clearSettings(); }

    void waitingForTheBrowserIsCancellable();
    void deviceCodeFallbackSignsIn();
    void browserThatCannotOpenOffersTheLink();
    void browserThatNeverAnswersOffersTheLinkAndACode();
    void signOutReturnsToTheSignedOutWindow();
    void mfaRequiredAsksForANewSignIn();
};

void TestSignInUi::waitingForTheBrowserIsCancellable()
{
    GuiHarness h;
    QList<QUrl> opened;
    // A browser that opens but never comes back.
    QVERIFY(h.start([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    }));
    QVERIFY(!h.find<QLineEdit>(u"customerSearchEdit"_s)->isEnabled()); // signed out
    QTest::mouseClick(h.find<QAbstractButton>(u"signInButton"_s), Qt::LeftButton);
    QTRY_COMPARE(opened.size(), 1);
    QVERIFY(opened.first().path().endsWith(u"/oauth2/v2.0/authorize"_s));
    auto *message = h.find<QLabel>(u"signInMessageLabel"_s);
    QCOMPARE(message->text(), u"Waiting for the browser…"_s);
    QVERIFY(h.find<QAbstractButton>(u"cancelSignInButton"_s)->isVisible());
    QVERIFY(h.find<QAbstractButton>(u"deviceCodeButton"_s)->isVisible());
    QVERIFY(!h.find<QAbstractButton>(u"signInButton"_s)->isVisible());

    // The window keeps turning while it waits.
    int ticks = 0;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&ticks] { ++ticks; });
    ticker.start(10);
    QTRY_VERIFY_WITH_TIMEOUT(ticks >= 10, 10000);

    QTest::mouseClick(h.find<QAbstractButton>(u"cancelSignInButton"_s), Qt::LeftButton);
    QTRY_VERIFY(h.find<QAbstractButton>(u"signInButton"_s)->isVisible());
    QVERIFY(!h.find<QAbstractButton>(u"cancelSignInButton"_s)->isVisible());
    QCOMPARE(h.services->authSession()->state(), qd::AuthSession::State::SignedOut);
}

void TestSignInUi::deviceCodeFallbackSignsIn()
{
    GuiHarness h;
    QVERIFY(h.start([](const QUrl &) { return true; }));
    QTest::mouseClick(h.find<QAbstractButton>(u"signInButton"_s), Qt::LeftButton);
    QTRY_VERIFY(h.find<QAbstractButton>(u"deviceCodeButton"_s)->isVisible());
    QTest::mouseClick(h.find<QAbstractButton>(u"deviceCodeButton"_s), Qt::LeftButton);
    auto *bar = h.find<qd::AccountBar>(u"accountBar"_s);
    QVERIFY(bar->deviceCodeDialog());
    QPointer<qd::DeviceCodeDialog> dialog = bar->deviceCodeDialog();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->userCode().isEmpty(), 10000);
    QVERIFY(dialog->isVisible());
    auto *codeLabel = dialog->findChild<QLabel *>(u"userCodeLabel"_s);
    QCOMPARE(codeLabel->text(), dialog->userCode());
    QTest::mouseClick(dialog->findChild<QAbstractButton *>(u"copyCodeButton"_s), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), dialog->userCode());

    // The user approves on "another device".
    QUrl approve = h.sim->baseUrl();
    approve.setPath(u"/devicelogin"_s);
    approve.setQuery(QUrlQuery{{u"user_code"_s, dialog->userCode()}, {u"action"_s, u"approve"_s}});
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(QNetworkRequest(approve));
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(10000));
    reply->deleteLater();

    QTRY_VERIFY_WITH_TIMEOUT(h.find<QAbstractButton>(u"signOutButton"_s)->isVisible(), 15000);
    QTRY_VERIFY(dialog.isNull() || !dialog->isVisible());
    QVERIFY(h.find<QLineEdit>(u"customerSearchEdit"_s)->isEnabled());
}

void TestSignInUi::browserThatCannotOpenOffersTheLink()
{
    GuiHarness h;
    QVERIFY(h.start([](const QUrl &) { return false; }));
    QTest::mouseClick(h.find<QAbstractButton>(u"signInButton"_s), Qt::LeftButton);
    auto *copy = h.find<QAbstractButton>(u"copySignInLinkButton"_s);
    QTRY_VERIFY(copy->isVisible());
    QVERIFY(h.find<QLabel>(u"signInMessageLabel"_s)->text().contains(u"browser"_s));
    QTest::mouseClick(copy, Qt::LeftButton);
    QVERIFY(QGuiApplication::clipboard()->text().contains(u"/oauth2/v2.0/authorize"_s));
    QTest::mouseClick(h.find<QAbstractButton>(u"cancelSignInButton"_s), Qt::LeftButton);
    QTRY_VERIFY(h.find<QAbstractButton>(u"signInButton"_s)->isVisible());
}

void TestSignInUi::browserThatNeverAnswersOffersTheLinkAndACode()
{
    GuiHarness h;
    QList<QUrl> opened;
    // The browser "opens" (xdg-open returned 0) but never reaches the redirect.
    QVERIFY(h.start([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    }));
    qd::AuthConfig config = h.services->authSession()->config();
    config.browserNoAnswerMs = 200;
    h.services->authSession()->setConfig(config);
    QTest::mouseClick(h.find<QAbstractButton>(u"signInButton"_s), Qt::LeftButton);
    QTRY_COMPARE(opened.size(), 1);
    auto *message = h.find<QLabel>(u"signInMessageLabel"_s);
    QCOMPARE(message->text(), u"Waiting for the browser…"_s);
    QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(u"has not answered"_s), 5000);
    auto *copy = h.find<QAbstractButton>(u"copySignInLinkButton"_s);
    QVERIFY(copy->isVisible());
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), opened.first().toString());
    QCOMPARE(h.services->authSession()->state(), qd::AuthSession::State::SigningIn);

    // The code sign-in is offered in the same place and works.
    auto *deviceCode = h.find<QAbstractButton>(u"deviceCodeButton"_s);
    QVERIFY(deviceCode->isVisible());
    QTest::mouseClick(deviceCode, Qt::LeftButton);
    auto *bar = h.find<qd::AccountBar>(u"accountBar"_s);
    QPointer<qd::DeviceCodeDialog> dialog = bar->deviceCodeDialog();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->userCode().isEmpty(), 10000);
    QUrl approve = h.sim->baseUrl();
    approve.setPath(u"/devicelogin"_s);
    approve.setQuery(QUrlQuery{{u"user_code"_s, dialog->userCode()}, {u"action"_s, u"approve"_s}});
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(QNetworkRequest(approve));
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(10000));
    reply->deleteLater();
    QTRY_VERIFY_WITH_TIMEOUT(h.find<QAbstractButton>(u"signOutButton"_s)->isVisible(), 15000);
    QVERIFY(!message->isVisible());
}

void TestSignInUi::signOutReturnsToTheSignedOutWindow()
{
    GuiHarness h;
    QVERIFY(h.start());
    QVERIFY(h.signIn());
    QTest::mouseClick(h.find<QAbstractButton>(u"signOutButton"_s), Qt::LeftButton);
    QTRY_VERIFY(h.find<QAbstractButton>(u"signInButton"_s)->isVisible());
    QCOMPARE(h.find<QLabel>(u"accountNameLabel"_s)->text(), u"Not signed in"_s);
    QVERIFY(!h.find<QLineEdit>(u"customerSearchEdit"_s)->isEnabled());
    QVERIFY(h.find<QAbstractButton>(u"emptySignInButton"_s)->isVisible());
}

void TestSignInUi::mfaRequiredAsksForANewSignIn()
{
    GuiHarness h;
    QVERIFY(h.start());
    h.sim->setSignInMfa(false); // the sign-in completes without MFA; Partner Center wants it
    QVERIFY(h.signIn());
    auto *edit = h.find<QLineEdit>(u"customerSearchEdit"_s);
    QTest::keyClicks(edit, qd::sim::fixtures::kCustomerSoe);
    QTest::keyClick(edit, Qt::Key_Return);
    // The window does not leave the user with a dead session: it asks for a sign-in with MFA.
    QTRY_VERIFY_WITH_TIMEOUT(h.find<QAbstractButton>(u"signInButton"_s)->isVisible(), 15000);
    QCOMPARE(h.services->authSession()->state(), qd::AuthSession::State::SignedOut);
    QVERIFY2(h.find<QLabel>(u"signInMessageLabel"_s)->text().contains(u"multi-factor"_s),
             qPrintable(h.find<QLabel>(u"signInMessageLabel"_s)->text()));

    h.sim->setSignInMfa(true);
    QVERIFY(h.signIn());
    QVERIFY(h.openCustomer(qd::sim::fixtures::kCustomerSoe, qd::sim::fixtures::kCustomerSoe));
}

QTEST_MAIN(TestSignInUi)
#include "tst_signinui.moc"
