#include "FakeIdentityServer.h"
#include "ManualClock.h"
#include "MemoryTokenStore.h"
#include "Sentinel.h"
#include "auth/AuthSession.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using qd::AuthSession;
using qd::test::FakeIdentityServer;

namespace {
QByteArray deviceCodeJson()
{
    return QJsonDocument(QJsonObject{{u"device_code"_s, u"d"_s},
                                     {u"user_code"_s, u"U"_s},
                                     {u"verification_uri"_s, u"https://x.example"_s},
                                     {u"expires_in"_s, 60},
                                     {u"interval"_s, 1}})
        .toJson(QJsonDocument::Compact);
}
} // namespace

class TestAuthSession : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_network;
    std::unique_ptr<FakeIdentityServer> m_server;
    std::unique_ptr<qd::test::MemoryTokenStore> m_store;
    std::unique_ptr<qd::test::ManualClock> m_clock;
    std::unique_ptr<AuthSession> m_session;

    qd::AuthConfig config() const
    {
        qd::AuthConfig config;
        config.authority = m_server->authority();
        config.clientId = u"client-1"_s;
        return config;
    }
    QString m_key; // fixed at init: closing the server changes its authority
    QString key() const { return m_key; }

    // Signs in by restoring "rt-0" from the store; the server answers with the given tokens.
    bool restoreWith(const QByteArray &tokenAnswer)
    {
        m_store->entries.insert(key(), u"rt-0"_s);
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200, tokenAnswer);
        QSignalSpy restored(m_session.get(), &AuthSession::restoreFinished);
        m_session->restore();
        if (!restored.wait(5000))
            return false;
        return restored.first().first().toBool();
    }

private slots:
    void init()
    {
        m_server = std::make_unique<FakeIdentityServer>();
        QVERIFY(m_server->listen());
        m_store = std::make_unique<qd::test::MemoryTokenStore>();
        m_clock = std::make_unique<qd::test::ManualClock>();
        m_session = std::make_unique<AuthSession>(&m_network, m_store.get(), config(), m_clock.get());
        m_key = config().storageKey();
    }
    void cleanup()
    {
        m_session.reset();
        m_store.reset();
        m_server.reset();
    }

    void restoreRefreshesSilently()
    {
        QSignalSpy signedIn(m_session.get(), &AuthSession::signedIn);
        QVERIFY(restoreWith(FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s)));
        QCOMPARE(signedIn.size(), 1);
        QCOMPARE(m_session->state(), AuthSession::State::SignedIn);
        QCOMPARE(m_session->accessToken(), u"at-1"_s);
        QCOMPARE(m_session->account().preferredUsername, u"anna@partner.example"_s);
        QCOMPARE(m_session->account().name, u"Anna Nováková"_s);
        QCOMPARE(m_session->account().tenantId, u"11111111-2222-3333-4444-555555555555"_s);
        QVERIFY(m_session->isPersistent());
        const auto posts = m_server->requestsTo(FakeIdentityServer::tokenPath());
        QCOMPARE(posts.size(), 1);
        QCOMPARE(posts.first().form.queryItemValue(u"grant_type"_s), u"refresh_token"_s);
        QCOMPARE(posts.first().form.queryItemValue(u"refresh_token"_s), u"rt-0"_s);
        // Rotation: the new refresh token replaced the old one in the store before signedIn.
        QCOMPARE(m_store->entries.value(key()), u"rt-1"_s);
    }

    void expiryScheduling()
    {
        m_session->setExpiryCheckIntervalMs(5);
        QVERIFY(restoreWith(FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s, 3600)));
        const QDateTime start = m_clock->nowUtc();
        QCOMPARE(m_session->accessTokenExpiresAt(), start.addSecs(3600));
        QCOMPARE(m_session->refreshDueAt(), start.addSecs(3600 - 300));

        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at-2"_s, u"rt-2"_s, 3600));
        m_clock->advanceSecs(3299);
        // Each expiry check reads the clock; a dozen reads after the move means several checks
        // have seen the new time and decided: still a second early.
        const int reads = m_clock->reads();
        QTRY_VERIFY_WITH_TIMEOUT(m_clock->reads() >= reads + 12, 15000);
        QCOMPARE(m_server->count(FakeIdentityServer::tokenPath()), 1);
        QVERIFY(!m_session->isRefreshing());

        QSignalSpy refreshed(m_session.get(), &qd::TokenProvider::refreshFinished);
        m_clock->advanceSecs(2);
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(refreshed.first().at(0).toBool(), true);
        QCOMPARE(m_server->count(FakeIdentityServer::tokenPath()), 2);
        QCOMPARE(m_session->accessToken(), u"at-2"_s);
        QCOMPARE(m_store->entries.value(key()), u"rt-2"_s);
        QCOMPARE(m_session->refreshDueAt(), m_clock->nowUtc().addSecs(3600 - 300));
    }

    void shortLifetimeRefreshesAtHalf()
    {
        QVERIFY(restoreWith(FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s, 120)));
        QCOMPARE(m_session->refreshDueAt(), m_clock->nowUtc().addSecs(60));
    }

    void concurrentRequestsJoinOneRefresh()
    {
        QVERIFY(restoreWith(FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s)));
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at-2"_s, u"rt-2"_s));
        QSignalSpy refreshed(m_session.get(), &qd::TokenProvider::refreshFinished);
        m_session->requestRefresh();
        m_session->requestRefresh();
        QVERIFY(m_session->isRefreshing());
        m_session->requestRefresh();
        QVERIFY(refreshed.wait(5000));
        QVERIFY(qd::test::waitForPostedEvents()); // a second answer queued meanwhile is in now
        QCOMPARE(refreshed.size(), 1);
        QCOMPARE(m_server->count(FakeIdentityServer::tokenPath()), 2); // restore + one refresh
        QCOMPARE(m_session->accessToken(), u"at-2"_s);
        // The next 401 starts a new refresh.
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at-3"_s, u"rt-3"_s));
        m_session->requestRefresh();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(refreshed.size(), 2);
        // A second request of the joined calls would have reached the server before this one.
        QCOMPARE(m_server->count(FakeIdentityServer::tokenPath()), 3);
        QCOMPARE(m_server->requestsTo(FakeIdentityServer::tokenPath())
                     .last()
                     .form.queryItemValue(u"refresh_token"_s),
                 u"rt-2"_s);
    }

    void refusedRefreshSignsOut_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<AuthSession::SignOutReason>("reason");
        QTest::newRow("invalid_grant")
            << FakeIdentityServer::errorJson(u"invalid_grant"_s, u"AADSTS700082: expired"_s, {700082})
            << AuthSession::SignOutReason::SessionExpired;
        QTest::newRow("interaction_required")
            << FakeIdentityServer::errorJson(u"interaction_required"_s, u"AADSTS50078"_s)
            << AuthSession::SignOutReason::InteractionRequired;
        QTest::newRow("MFA") << FakeIdentityServer::errorJson(u"invalid_grant"_s, u"AADSTS50076: MFA"_s,
                                                              {50076})
                             << AuthSession::SignOutReason::MfaRequired;
    }
    void refusedRefreshSignsOut()
    {
        QFETCH(QByteArray, answer);
        QFETCH(AuthSession::SignOutReason, reason);
        QVERIFY(restoreWith(FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s)));
        m_server->enqueue(FakeIdentityServer::tokenPath(), 400, answer);
        QSignalSpy refreshed(m_session.get(), &qd::TokenProvider::refreshFinished);
        QSignalSpy signedOut(m_session.get(), &AuthSession::signedOut);
        m_session->requestRefresh();
        QVERIFY(signedOut.wait(5000));
        QCOMPARE(refreshed.size(), 1);
        QCOMPARE(refreshed.first().at(0).toBool(), false);
        QVERIFY(!refreshed.first().at(1).toString().isEmpty());
        QCOMPARE(signedOut.first().at(0).value<AuthSession::SignOutReason>(), reason);
        QVERIFY(signedOut.first().at(1).toString().contains(u"again"_s));
        QCOMPARE(m_session->state(), AuthSession::State::SignedOut);
        QCOMPARE(m_session->signOutReason(), reason);
        QVERIFY(m_session->accessToken().isEmpty());
        QVERIFY(m_session->account().isEmpty());
        QVERIFY(!m_store->entries.contains(key())); // the dead refresh token is gone
    }

    void transientFailureKeepsSession_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("not JSON") << 200 << "<html>proxy login</html>"_ba;
        QTest::newRow("missing access_token")
            << 200 << R"({"token_type":"Bearer","expires_in":10,"scope":"x"})"_ba;
        QTest::newRow("server error") << 503 << "busy"_ba;
        QTest::newRow("unreachable") << 0 << QByteArray();
    }
    void transientFailureKeepsSession()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QVERIFY(restoreWith(FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s)));
        if (status == 0)
            m_server->close();
        else
            m_server->enqueue(FakeIdentityServer::tokenPath(), status, body);
        QSignalSpy refreshed(m_session.get(), &qd::TokenProvider::refreshFinished);
        QSignalSpy signedOut(m_session.get(), &AuthSession::signedOut);
        m_session->requestRefresh();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(refreshed.first().at(0).toBool(), false);
        QVERIFY(!refreshed.first().at(1).toString().isEmpty());
        QCOMPARE(signedOut.size(), 0);
        QCOMPARE(m_session->state(), AuthSession::State::SignedIn);
        QCOMPARE(m_session->accessToken(), u"at-1"_s);
        QCOMPARE(m_store->entries.value(key()), u"rt-1"_s); // nothing half-stored
        // The background refresh tries again later, not in a tight loop.
        QCOMPARE(m_session->refreshDueAt(), m_clock->nowUtc().addSecs(3600 - 300));
    }

    void restoreWithNothingStored()
    {
        QSignalSpy restored(m_session.get(), &AuthSession::restoreFinished);
        QSignalSpy signedOut(m_session.get(), &AuthSession::signedOut);
        m_session->restore();
        QCOMPARE(m_session->state(), AuthSession::State::Restoring);
        QVERIFY(restored.wait(5000));
        QCOMPARE(restored.first().first().toBool(), false);
        QCOMPARE(signedOut.first().first().value<AuthSession::SignOutReason>(),
                 AuthSession::SignOutReason::NoStoredSignIn);
        QCOMPARE(m_server->requests().size(), 0);
        QCOMPARE(m_session->state(), AuthSession::State::SignedOut);
    }

    void restoreWithRevokedToken()
    {
        m_store->entries.insert(key(), u"rt-old"_s);
        m_server->enqueue(FakeIdentityServer::tokenPath(), 400,
                          FakeIdentityServer::errorJson(u"invalid_grant"_s, u"AADSTS70000: revoked"_s));
        QSignalSpy restored(m_session.get(), &AuthSession::restoreFinished);
        m_session->restore();
        QVERIFY(restored.wait(5000));
        QCOMPARE(restored.first().first().toBool(), false);
        QCOMPARE(m_session->signOutReason(), AuthSession::SignOutReason::SessionExpired);
        QVERIFY(!m_session->lastMessage().isEmpty());
        QVERIFY(!m_store->entries.contains(key()));
    }

    void restoreWithoutKeychain()
    {
        m_store->unavailable = true;
        QSignalSpy restored(m_session.get(), &AuthSession::restoreFinished);
        QSignalSpy unavailable(m_session.get(), &AuthSession::keychainUnavailable);
        m_session->restore();
        QVERIFY(restored.wait(5000));
        QCOMPARE(restored.first().first().toBool(), false);
        QCOMPARE(unavailable.size(), 1);
        QCOMPARE(m_session->signOutReason(), AuthSession::SignOutReason::RestoreFailed);
        QVERIFY(m_session->lastMessage().contains(u"keychain"_s));
    }

    void signInWithoutKeychainLastsForTheRun()
    {
        m_store->unavailable = true;
        m_server->enqueue(FakeIdentityServer::deviceCodePath(), 200, deviceCodeJson());
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s));
        QSignalSpy signedIn(m_session.get(), &AuthSession::signedIn);
        QSignalSpy unavailable(m_session.get(), &AuthSession::keychainUnavailable);
        qd::DeviceCodeSignIn *flow = m_session->signInWithDeviceCode();
        flow->setSecondMs(5);
        QCOMPARE(m_session->state(), AuthSession::State::SigningIn);
        QVERIFY(signedIn.wait(5000));
        QCOMPARE(unavailable.size(), 1);
        QVERIFY(!m_session->isPersistent());
        QCOMPARE(m_session->accessToken(), u"at-1"_s);
        QVERIFY(m_store->entries.isEmpty());
        // Refresh still works with the token held in memory.
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at-2"_s, u"rt-2"_s));
        QSignalSpy refreshed(m_session.get(), &qd::TokenProvider::refreshFinished);
        m_session->requestRefresh();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(refreshed.first().first().toBool(), true);
        QCOMPARE(m_server->requestsTo(FakeIdentityServer::tokenPath())
                     .last()
                     .form.queryItemValue(u"refresh_token"_s),
                 u"rt-1"_s);
    }

    void failedSignInLeavesNothing()
    {
        m_server->enqueue(FakeIdentityServer::deviceCodePath(), 200, deviceCodeJson());
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200, R"({"token_type":"Bearer"})"_ba);
        QSignalSpy failed(m_session.get(), &AuthSession::signInFailed);
        m_session->signInWithDeviceCode()->setSecondMs(5);
        QVERIFY(failed.wait(5000));
        QVERIFY(!failed.first().first().toString().isEmpty());
        QCOMPARE(m_session->state(), AuthSession::State::SignedOut);
        QCOMPARE(m_session->signOutReason(), AuthSession::SignOutReason::SignInFailed);
        QVERIFY(m_session->accessToken().isEmpty());
        QCOMPARE(m_store->writes, 0);
    }

    void failedReSignInKeepsTheSession()
    {
        QVERIFY(restoreWith(FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s)));
        m_server->enqueue(FakeIdentityServer::deviceCodePath(), 200, deviceCodeJson());
        m_server->enqueue(FakeIdentityServer::tokenPath(), 400,
                          FakeIdentityServer::errorJson(u"authorization_declined"_s));
        QSignalSpy failed(m_session.get(), &AuthSession::signInFailed);
        m_session->signInWithDeviceCode()->setSecondMs(5);
        QCOMPARE(m_session->state(), AuthSession::State::SigningIn);
        QCOMPARE(m_session->accessToken(), u"at-1"_s); // work goes on during the new sign-in
        QVERIFY(failed.wait(5000));
        QCOMPARE(m_session->state(), AuthSession::State::SignedIn);
        QCOMPARE(m_session->accessToken(), u"at-1"_s);
        QCOMPARE(m_store->entries.value(key()), u"rt-1"_s);
    }

    void signOutForgetsEverything()
    {
        QVERIFY(restoreWith(FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s)));
        QSignalSpy signedOut(m_session.get(), &AuthSession::signedOut);
        QSignalSpy account(m_session.get(), &AuthSession::accountChanged);
        m_session->signOut();
        QVERIFY(m_session->accessToken().isEmpty()); // at once
        QCOMPARE(m_session->state(), AuthSession::State::SignedOut);
        QVERIFY(signedOut.wait(5000));
        QCOMPARE(signedOut.first().first().value<AuthSession::SignOutReason>(),
                 AuthSession::SignOutReason::UserSignedOut);
        QVERIFY(!m_store->entries.contains(key()));
        QCOMPARE(account.size(), 1);
        QVERIFY(!m_session->refreshDueAt().isValid());
    }

    void signOutDuringRefreshAnswersWaiters()
    {
        QVERIFY(restoreWith(FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s)));
        m_server->hold();
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at-2"_s, u"rt-2"_s));
        QSignalSpy refreshed(m_session.get(), &qd::TokenProvider::refreshFinished);
        m_session->requestRefresh();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->count(FakeIdentityServer::tokenPath()), 2, 5000);
        m_session->signOut();
        QCOMPARE(refreshed.size(), 1);
        QCOMPARE(refreshed.first().first().toBool(), false);
        m_server->release();
        // A request of our own after the release is the sentinel: the held answer left the
        // server before this one arrived, so once this is answered, that one had its chance.
        m_server->enqueue(FakeIdentityServer::tokenPath(), 400,
                          FakeIdentityServer::errorJson(u"invalid_request"_s));
        QNetworkRequest probe(config().tokenUrl());
        probe.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded"_ba);
        std::unique_ptr<QNetworkReply> reply(m_network.post(probe, "grant_type=probe"_ba));
        QSignalSpy answered(reply.get(), &QNetworkReply::finished);
        QVERIFY(answered.wait(15000));
        QCOMPARE(m_server->count(FakeIdentityServer::tokenPath()), 3);
        QVERIFY(qd::test::waitForPostedEvents());
        QVERIFY(m_session->accessToken().isEmpty()); // the late answer is dropped
        QVERIFY(!m_store->entries.contains(key()));
    }

    void refreshWhenSignedOut()
    {
        QSignalSpy refreshed(m_session.get(), &qd::TokenProvider::refreshFinished);
        m_session->requestRefresh();
        QCOMPARE(refreshed.size(), 0); // never inside the call
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(refreshed.first().first().toBool(), false);
        QCOMPARE(m_server->requests().size(), 0);
    }

    void requireInteractiveSignIn()
    {
        QVERIFY(restoreWith(FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s)));
        QSignalSpy signedOut(m_session.get(), &AuthSession::signedOut);
        m_session->requireInteractiveSignIn(AuthSession::SignOutReason::MfaRequired);
        QVERIFY(signedOut.wait(5000));
        QVERIFY(signedOut.first().at(1).toString().contains(u"multi-factor"_s));
        QVERIFY(!m_store->entries.contains(key()));
    }
};

QTEST_GUILESS_MAIN(TestAuthSession)
#include "tst_authsession.moc"
