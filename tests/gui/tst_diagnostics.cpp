// Help → Copy diagnostics after a signed-in session with a failed request: the text names the
// version, the environment and the failure with its request ID, and holds no token at all.
#include "GuiHarness.h"
#include "auth/AuthConfig.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QStatusBar>
#include <QTest>

using namespace Qt::StringLiterals;

class TestDiagnostics : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { GuiHarness::initApplication(); }
    void copiedTextHasTheFailureAndNoToken();
};

void TestDiagnostics::copiedTextHasTheFailureAndNoToken()
{
    GuiHarness::clearSettings();
    GuiHarness h;
    QVERIFY(h.start());
    QVERIFY(h.signIn());

    const QString accessToken = h.services->tokenProvider()->accessToken();
    QVERIFY(accessToken.size() >= 16);
    QString refreshToken;
    bool read = false;
    h.tokens->read(h.services->authConfig().storageKey(), [&](const qd::TokenStore::Outcome &outcome) {
        refreshToken = outcome.secret;
        read = true;
    });
    QTRY_VERIFY(read);
    QVERIFY(refreshToken.size() >= 16);

    // A customer Partner Center does not know: a real 404 through the real client.
    QString requestId;
    bool answered = false;
    h.services->client()->getCustomer(qd::TenantId::fromText(u"0badc0de-0000-4000-8000-000000000404"_s),
                                      h.window.get(), [&](const qd::Result<qd::Customer> &result) {
                                          requestId = result.error.requestId;
                                          answered = true;
                                      });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
    QVERIFY(!requestId.isEmpty());

    // An answer that arrives but cannot be read is a failure a support ticket needs too.
    qd::sim::Fault malformed;
    malformed.kind = qd::sim::Fault::Kind::Malformed;
    malformed.method = u"GET"_s;
    malformed.times = 1;
    h.sim->addFault(malformed);
    QString unreadableRequestId;
    answered = false;
    h.services->client()->getCustomer(qd::TenantId::fromText(u"0badc0de-0000-4000-8000-000000000200"_s),
                                      h.window.get(), [&](const qd::Result<qd::Customer> &result) {
                                          QCOMPARE(result.error.kind, qd::ApiError::Kind::Protocol);
                                          unreadableRequestId = result.error.requestId;
                                          answered = true;
                                      });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
    QVERIFY(!unreadableRequestId.isEmpty());

    QGuiApplication::clipboard()->clear();
    auto *action = h.window->findChild<QAction *>(u"copyDiagnosticsAction"_s);
    QVERIFY(action);
    action->trigger();
    const QString text = QGuiApplication::clipboard()->text();
    QVERIFY2(text.contains(u"QualDesk "_s + QCoreApplication::applicationVersion()), qPrintable(text));
    QVERIFY2(text.contains(QString::fromLatin1(qVersion())), qPrintable(text));
    QVERIFY2(text.contains(u"Demo"_s), qPrintable(text));
    QVERIFY2(text.contains(h.services->settings().baseUrl.toString(QUrl::RemoveUserInfo)), qPrintable(text));
    QVERIFY2(text.contains(requestId), qPrintable(text));
    QVERIFY2(text.contains(unreadableRequestId), qPrintable(text));
    QVERIFY2(text.contains(u"GET /v1/customers/{id}"_s), qPrintable(text));
    QVERIFY2(text.contains(u"404"_s), qPrintable(text));
    QVERIFY2(!text.contains(accessToken), "the access token is in the diagnostics");
    QVERIFY2(!text.contains(refreshToken), "the refresh token is in the diagnostics");
    QVERIFY2(!text.contains(u"eyJ"_s), "something shaped like a JWT is in the diagnostics");
    QVERIFY(!h.window->statusBar()->currentMessage().isEmpty());
}

QTEST_MAIN(TestDiagnostics)
#include "tst_diagnostics.moc"
