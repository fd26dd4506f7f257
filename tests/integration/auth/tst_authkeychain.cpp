#include "AuthHarness.h"
#include "KeychainProbe.h"
#include "partnercenter/PartnerCenterClient.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using qd::AuthSession;
using qd::test::AuthHarness;

// The session with the real OS keychain: what lands there, rotation, restore, sign-out.
class TestAuthKeychain : public QObject
{
    Q_OBJECT

    std::unique_ptr<qd::KeychainTokenStore> m_store;
    std::unique_ptr<AuthHarness> h;

    qd::test::KeychainEntry entry() const
    {
        return qd::test::readKeychain(u"QualDesk"_s, h->config().storageKey());
    }

private slots:
    void initTestCase()
    {
        if (!qd::test::hasSessionBus())
            QSKIP(qd::test::noBusReason());
    }

    void init()
    {
        m_store = std::make_unique<qd::KeychainTokenStore>();
        h = std::make_unique<AuthHarness>(m_store.get());
    }
    void cleanup()
    {
        if (h && h->session->isSignedIn()) {
            QSignalSpy out(h->session.get(), &AuthSession::signedOut);
            h->session->signOut();
            out.wait(10000);
        }
        h.reset();
        m_store.reset();
    }

    void signInStoresTheRefreshTokenInTheKeychain()
    {
        QVERIFY(h->signIn());
        QVERIFY2(h->session->isPersistent(), qPrintable(h->session->lastMessage()));
        const auto stored = entry();
        QVERIFY2(stored.found(), qPrintable(stored.errorString));
        QVERIFY(!stored.secret.isEmpty());
        QVERIFY(stored.secret != h->session->accessToken()); // only the refresh token goes there
    }

    void rotationReplacesTheEntryAtOnce()
    {
        QVERIFY(h->signIn());
        const QString before = entry().secret;
        QSignalSpy refreshed(h->session.get(), &qd::TokenProvider::refreshFinished);
        h->session->requestRefresh();
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(refreshed.first().first().toBool(), true);
        // Read right when the refresh reported back: the keychain already holds the new one.
        const QString after = entry().secret;
        QVERIFY(!after.isEmpty());
        QVERIFY(after != before);
    }

    void restoreAfterRestart()
    {
        QVERIFY(h->signIn());
        // A new program run: a new session over the same keychain.
        auto second = std::make_unique<AuthSession>(&h->network, m_store.get(), h->config());
        QSignalSpy restored(second.get(), &AuthSession::restoreFinished);
        second->restore();
        QVERIFY(restored.wait(15000));
        QCOMPARE(restored.first().first().toBool(), true);
        QCOMPARE(second->account().preferredUsername, qd::sim::fixtures::kDefaultUpn);
        QVERIFY(!second->accessToken().isEmpty());
        second.reset();
    }

    void signOutDeletesTheEntry()
    {
        QVERIFY(h->signIn());
        QVERIFY(entry().found());
        QSignalSpy signedOut(h->session.get(), &AuthSession::signedOut);
        h->session->signOut();
        QVERIFY(signedOut.wait(10000));
        QCOMPARE(entry().error, QKeychain::EntryNotFound);
        // And a restart finds nobody.
        AuthSession second(&h->network, m_store.get(), h->config());
        QSignalSpy restored(&second, &AuthSession::restoreFinished);
        second.restore();
        QVERIFY(restored.wait(10000));
        QCOMPARE(restored.first().first().toBool(), false);
        QCOMPARE(second.signOutReason(), AuthSession::SignOutReason::NoStoredSignIn);
    }

    void revokedRefreshDeletesTheEntry()
    {
        QVERIFY(h->signIn());
        h->sim.revokeRefreshTokens();
        QSignalSpy signedOut(h->session.get(), &AuthSession::signedOut);
        h->session->requestRefresh();
        QVERIFY(signedOut.wait(10000));
        QCOMPARE(signedOut.first().first().value<AuthSession::SignOutReason>(),
                 AuthSession::SignOutReason::SessionExpired);
        QCOMPARE(entry().error, QKeychain::EntryNotFound);
    }
};

QTEST_GUILESS_MAIN(TestAuthKeychain)
#include "tst_authkeychain.moc"
