#include "AuthHarness.h"
#include "MemoryTokenStore.h"
#include "Sentinel.h"
#include "partnercenter/PartnerCenterClient.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using qd::AuthSession;
using qd::test::AuthHarness;

// Every sign-in path against the simulator's identity service, with the keychain replaced by
// memory (tst_authkeychain covers the real one).
class TestAuthFlows : public QObject
{
    Q_OBJECT

    std::unique_ptr<qd::test::MemoryTokenStore> m_store;
    std::unique_ptr<AuthHarness> h;

    QString stored() const { return m_store->entries.value(h->config().storageKey()); }

    int tokenPosts() const { return h->sim.requestCount(u"POST"_s, u"/organizations/oauth2/v2.0/token"_s); }

    qd::Result<qd::Customer> getCustomer(qd::PartnerCenterClient &client, const QString &id)
    {
        qd::Result<qd::Customer> out;
        bool done = false;
        client.getCustomer(qd::TenantId::fromText(id), this, [&](const qd::Result<qd::Customer> &r) {
            out = r;
            done = true;
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 15000); }();
        return out;
    }

    qd::ClientConfig clientConfig() const
    {
        qd::ClientConfig config;
        config.baseUrl = h->sim.baseUrl();
        return config;
    }

private slots:
    void init()
    {
        m_store = std::make_unique<qd::test::MemoryTokenStore>();
        h = std::make_unique<AuthHarness>(m_store.get());
    }
    void cleanup()
    {
        h.reset();
        m_store.reset();
    }

    void browserSignIn()
    {
        QSignalSpy accountChanged(h->session.get(), &AuthSession::accountChanged);
        QVERIFY(h->signIn());
        QCOMPARE(h->session->state(), AuthSession::State::SignedIn);
        const qd::IdTokenClaims account = h->session->account();
        QCOMPARE(account.preferredUsername, qd::sim::fixtures::kDefaultUpn);
        QCOMPARE(account.name, qd::sim::fixtures::kDefaultUserName);
        QCOMPARE(account.tenantId, h->sim.partnerTenantId());
        QVERIFY(account.hasMfa());
        QVERIFY(accountChanged.size() >= 1);
        QVERIFY(!h->session->accessToken().isEmpty());
        QVERIFY(!stored().isEmpty());
        QVERIFY(h->session->isPersistent());

        // The service echoed our state and the page told the user to close the window.
        QCOMPARE(h->browser.opened.size(), 1);
        QCOMPARE(qd::test::queryValue(h->browser.redirects.first(), u"state"_s),
                 qd::test::queryValue(h->browser.opened.first(), u"state"_s));
        QTRY_COMPARE(h->browser.pages.size(), 1);
        QVERIFY(h->browser.pages.first().contains("close this window"));
        // The code went back with its verifier.
        QCOMPARE(h->postedTokenFields(u"grant_type"_s), QStringList{u"authorization_code"_s});
        QCOMPARE(h->postedTokenFields(u"code_verifier"_s).size(), 1);
    }

    void tamperedStateIsRefused()
    {
        h->browser.rewrite = [](const QUrl &redirect) {
            QUrlQuery query(redirect.query(QUrl::FullyEncoded));
            const QString state = query.queryItemValue(u"state"_s, QUrl::FullyDecoded);
            query.removeAllQueryItems(u"state"_s);
            // Another last character (the state is random: it may end in 'A' already).
            const QChar other = state.endsWith(u'A') ? u'B' : u'A';
            query.addQueryItem(u"state"_s, state.left(state.size() - 1) + other);
            QUrl changed = redirect;
            changed.setQuery(query);
            return changed;
        };
        QSignalSpy failed(h->session.get(), &AuthSession::signInFailed);
        h->session->signInWithBrowser(h->browser.opener());
        QVERIFY(failed.wait(10000));
        QVERIFY(!failed.first().first().toString().isEmpty());
        QCOMPARE(h->session->state(), AuthSession::State::SignedOut);
        QVERIFY(h->session->accessToken().isEmpty());
        QCOMPARE(tokenPosts(), 0); // the code was never redeemed
        QCOMPARE(m_store->writes, 0);
        QTRY_COMPARE(h->browser.pages.size(), 1);
        QVERIFY(h->browser.pages.first().contains("failed"));
    }

    void accessDenied()
    {
        h->browser.extraQuery = u"sim_action=deny"_s;
        QSignalSpy failed(h->session.get(), &AuthSession::signInFailed);
        h->session->signInWithBrowser(h->browser.opener());
        QVERIFY(failed.wait(10000));
        QVERIFY2(failed.first().first().toString().contains(u"declined"_s),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(qd::test::queryValue(h->browser.redirects.first(), u"error"_s), u"access_denied"_s);
        QCOMPARE(tokenPosts(), 0);
        QCOMPARE(m_store->writes, 0);
        QCOMPARE(h->session->signOutReason(), AuthSession::SignOutReason::SignInFailed);
    }

    void demoLoopbackBrowser()
    {
        QSignalSpy signedIn(h->session.get(), &AuthSession::signedIn);
        h->session->signInWithBrowser(AuthSession::loopbackBrowser(&h->network));
        QVERIFY(signedIn.wait(10000));
        QCOMPARE(h->session->account().preferredUsername, qd::sim::fixtures::kDefaultUpn);
    }

    void deviceCodeApproved()
    {
        QSignalSpy signedIn(h->session.get(), &AuthSession::signedIn);
        qd::DeviceCodeSignIn *flow = h->session->signInWithDeviceCode();
        QSignalSpy codeReady(flow, &qd::DeviceCodeSignIn::userCodeReady);
        QVERIFY(codeReady.wait(10000));
        const auto info = codeReady.first().first().value<qd::DeviceCodeInfo>();
        QVERIFY(!info.userCode.isEmpty());
        QCOMPARE(info.verificationUri.host(), u"127.0.0.1"_s);
        QVERIFY(info.message.contains(info.userCode));
        QUrl approve = h->sim.baseUrl();
        approve.setPath(u"/devicelogin"_s);
        approve.setQuery(QUrlQuery{{u"user_code"_s, info.userCode}, {u"action"_s, u"approve"_s}});
        std::unique_ptr<QNetworkReply> reply(h->network.get(QNetworkRequest(approve)));
        QSignalSpy approved(reply.get(), &QNetworkReply::finished);
        QVERIFY(approved.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(signedIn.wait(15000));
        QCOMPARE(h->session->account().preferredUsername, qd::sim::fixtures::kDefaultUpn);
        QVERIFY(!stored().isEmpty());
        // Polled at the server's interval: the simulator answers slow_down to anything faster.
        QVERIFY(!h->postedTokenFields(u"device_code"_s).isEmpty());
    }

    void deviceCodeDeclined()
    {
        QSignalSpy failed(h->session.get(), &AuthSession::signInFailed);
        qd::DeviceCodeSignIn *flow = h->session->signInWithDeviceCode();
        QSignalSpy codeReady(flow, &qd::DeviceCodeSignIn::userCodeReady);
        QVERIFY(codeReady.wait(10000));
        QVERIFY(
            h->sim.approveDeviceCode(codeReady.first().first().value<qd::DeviceCodeInfo>().userCode, false));
        QVERIFY(failed.wait(15000));
        QVERIFY2(failed.first().first().toString().contains(u"declined"_s),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(m_store->writes, 0);
    }

    void deviceCodeExpired()
    {
        h.reset();
        qd::sim::SimulatorOptions options;
        options.deviceCodeLifetimeSecs = 2;
        h = std::make_unique<AuthHarness>(m_store.get(), options);
        QSignalSpy failed(h->session.get(), &AuthSession::signInFailed);
        h->session->signInWithDeviceCode();
        QVERIFY(failed.wait(15000));
        QVERIFY2(failed.first().first().toString().contains(u"expired"_s),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(h->session->state(), AuthSession::State::SignedOut);
    }

    void deviceCodeCancelled()
    {
        QSignalSpy failed(h->session.get(), &AuthSession::signInFailed);
        qd::DeviceCodeSignIn *flow = h->session->signInWithDeviceCode();
        QSignalSpy codeReady(flow, &qd::DeviceCodeSignIn::userCodeReady);
        QVERIFY(codeReady.wait(10000));
        h->session->cancelSignIn();
        QCOMPARE(h->session->state(), AuthSession::State::SignedOut);
        const int polls = tokenPosts();
        // A second device-code sign-in polls at the same interval: after two of its polls, the
        // cancelled one would have polled again too, had it not stopped.
        qd::DeviceCodeSignIn *later = h->session->signInWithDeviceCode();
        QSignalSpy laterPending(later, &qd::DeviceCodeSignIn::pollPending);
        QTRY_VERIFY_WITH_TIMEOUT(laterPending.size() >= 2, 15000);
        h->session->cancelSignIn();
        const QStringList codes = h->postedTokenFields(u"device_code"_s);
        QCOMPARE(codes.size(), tokenPosts()); // every token request so far was a poll
        const QString laterCode = codes.constLast();
        QCOMPARE(codes.size() - codes.count(laterCode), polls);
    }

    void refreshRotatesAndRetiresTheOldToken()
    {
        QVERIFY(h->signIn());
        const QString firstRefresh = stored();
        const QString firstAccess = h->session->accessToken();
        QSignalSpy refreshed(h->session.get(), &qd::TokenProvider::refreshFinished);
        h->session->requestRefresh();
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(refreshed.first().first().toBool(), true);
        QVERIFY(stored() != firstRefresh);
        QVERIFY(!stored().isEmpty());
        QVERIFY(h->session->accessToken() != firstAccess);

        // The simulator rotates: the first refresh token no longer works.
        QNetworkRequest request(h->config().tokenUrl());
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded"_ba);
        const QByteArray form = "grant_type=refresh_token&client_id=" + h->sim.demoClientId().toLatin1() +
                                "&refresh_token=" + QUrl::toPercentEncoding(firstRefresh);
        std::unique_ptr<QNetworkReply> reply(h->network.post(request, form));
        QSignalSpy done(reply.get(), &QNetworkReply::finished);
        QVERIFY(done.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
        QVERIFY(reply->readAll().contains("invalid_grant"));
    }

    void restoreInANewSession()
    {
        QVERIFY(h->signIn());
        const QString before = stored();
        AuthSession second(&h->network, m_store.get(), h->config());
        QSignalSpy restored(&second, &AuthSession::restoreFinished);
        second.restore();
        QVERIFY(restored.wait(10000));
        QCOMPARE(restored.first().first().toBool(), true);
        QCOMPARE(second.account().preferredUsername, qd::sim::fixtures::kDefaultUpn);
        QVERIFY(stored() != before); // rotated during the silent refresh
    }

    void unauthorizedThenReplayWithSameRequestId()
    {
        QVERIFY(h->signIn());
        qd::PartnerCenterClient client(h->session.get(), clientConfig());
        h->sim.expireAccessTokens();
        h->sim.clearRecordedRequests();
        const QString customerPath = u"/v1/customers/"_s + qd::sim::fixtures::kCustomerEducationApproved;

        const auto result = getCustomer(client, qd::sim::fixtures::kCustomerEducationApproved);
        QVERIFY2(result.ok(), qPrintable(result.error.details()));

        QList<qd::sim::Simulator::RecordedRequest> gets;
        int refreshes = 0;
        for (const auto &request : h->sim.recordedRequests()) {
            if (request.method == u"GET"_s && request.path == customerPath)
                gets << request;
            if (request.path.endsWith(u"/oauth2/v2.0/token"_s)) {
                ++refreshes;
                QVERIFY(request.body.contains("grant_type=refresh_token"));
            }
        }
        QCOMPARE(refreshes, 1);
        QCOMPARE(gets.size(), 2);
        QVERIFY(!gets[0].header("MS-RequestId").isEmpty());
        QCOMPARE(gets[1].header("MS-RequestId"), gets[0].header("MS-RequestId"));
        QVERIFY(gets[1].header("Authorization") != gets[0].header("Authorization"));
        QCOMPARE(gets[1].header("Authorization"), "Bearer " + h->session->accessToken().toLatin1());
    }

    void concurrentUnauthorizedCallsShareOneRefresh()
    {
        QVERIFY(h->signIn());
        qd::PartnerCenterClient client(h->session.get(), clientConfig());
        h->sim.expireAccessTokens();
        const int before = tokenPosts();
        int done = 0;
        int ok = 0;
        const QStringList ids = {qd::sim::fixtures::kCustomerEducationApproved,
                                 qd::sim::fixtures::kCustomerSoe, qd::sim::fixtures::kCustomerGccApproved};
        for (const QString &id : ids) {
            client.getCustomer(qd::TenantId::fromText(id), this, [&](const qd::Result<qd::Customer> &r) {
                ++done;
                ok += r.ok() ? 1 : 0;
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, 3, 15000);
        QCOMPARE(ok, 3);
        QCOMPARE(tokenPosts() - before, 1);
    }

    void revokedRefreshSignsOut()
    {
        QVERIFY(h->signIn());
        qd::PartnerCenterClient client(h->session.get(), clientConfig());
        h->sim.revokeRefreshTokens();
        h->sim.expireAccessTokens();
        QSignalSpy signedOut(h->session.get(), &AuthSession::signedOut);
        const auto result = getCustomer(client, qd::sim::fixtures::kCustomerSoe);
        QVERIFY(!result.ok());
        QCOMPARE(result.error.kind, qd::ApiError::Kind::Authentication);
        QTRY_COMPARE_WITH_TIMEOUT(signedOut.size(), 1, 5000);
        QCOMPARE(signedOut.first().at(0).value<AuthSession::SignOutReason>(),
                 AuthSession::SignOutReason::SessionExpired);
        QVERIFY(signedOut.first().at(1).toString().contains(u"sign in again"_s));
        QCOMPARE(h->session->state(), AuthSession::State::SignedOut);
        QVERIFY(stored().isEmpty());
    }

    void refusedRefreshDuringASignInKeepsIt()
    {
        QVERIFY(h->signIn());
        // A second, interactive sign-in waits for the browser while a call needs a new token.
        h->session->signInWithBrowser([](const QUrl &) { return true; });
        QCOMPARE(h->session->state(), AuthSession::State::SigningIn);
        h->sim.revokeRefreshTokens();
        QSignalSpy signedOut(h->session.get(), &AuthSession::signedOut);
        QSignalSpy refreshed(h->session.get(), &qd::TokenProvider::refreshFinished);
        h->session->requestRefresh();
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(refreshed.first().at(0).toBool(), false);
        QTRY_VERIFY_WITH_TIMEOUT(stored().isEmpty(), 15000); // the refused refresh token is not kept
        // A sign-out would be announced once the keychain answered that removal: let it answer.
        QVERIFY(qd::test::waitForPostedEvents());
        QCOMPARE(h->session->state(), AuthSession::State::SigningIn); // the browser flow goes on
        QCOMPARE(signedOut.size(), 0);
        QVERIFY(h->session->accessToken().isEmpty());
        h->session->cancelSignIn();
        QCOMPARE(h->session->state(), AuthSession::State::SignedOut);
    }

    void mfaNowRequiredSignsOut()
    {
        QVERIFY(h->signIn());
        h->sim.setRefreshNeedsInteraction(true);
        QSignalSpy signedOut(h->session.get(), &AuthSession::signedOut);
        h->session->requestRefresh();
        QVERIFY(signedOut.wait(10000));
        QCOMPARE(signedOut.first().at(0).value<AuthSession::SignOutReason>(),
                 AuthSession::SignOutReason::MfaRequired);
        QVERIFY(!h->session->lastMessage().isEmpty());
        QVERIFY(stored().isEmpty());
    }

    void signInWithoutMfaIsVisible()
    {
        h->sim.setSignInMfa(false);
        QVERIFY(h->signIn());
        QVERIFY(h->session->account().hasAmr());
        QVERIFY(!h->session->account().hasMfa());
        qd::PartnerCenterClient client(h->session.get(), clientConfig());
        const auto result = getCustomer(client, qd::sim::fixtures::kCustomerSoe);
        QVERIFY(!result.ok());
        QVERIFY(result.error.mfaRequired);
        // What the faces do with it: ask for a new sign-in with MFA.
        QSignalSpy signedOut(h->session.get(), &AuthSession::signedOut);
        h->session->requireInteractiveSignIn(AuthSession::SignOutReason::MfaRequired);
        QVERIFY(signedOut.wait(5000));
        QVERIFY(stored().isEmpty());
    }

    void signOut()
    {
        QVERIFY(h->signIn());
        QSignalSpy signedOut(h->session.get(), &AuthSession::signedOut);
        h->session->signOut();
        QVERIFY(h->session->accessToken().isEmpty());
        QVERIFY(signedOut.wait(5000));
        QVERIFY(stored().isEmpty());
        QVERIFY(h->session->account().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAuthFlows)
#include "tst_authflows.moc"
