#include "FakeIdentityServer.h"
#include "Sentinel.h"
#include "auth/BrowserSignIn.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using qd::test::FakeIdentityServer;

// The browser is faked: it reads the authorize URL and calls the loopback redirect the way
// the identity service would send it there, with whatever query the test wants.
class TestBrowserSignIn : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_network;
    std::unique_ptr<FakeIdentityServer> m_server;
    QList<QUrl> m_opened;
    QByteArray m_lastPage;
    int m_lastPageStatus = 0;

    qd::AuthConfig config() const
    {
        qd::AuthConfig config;
        config.authority = m_server->authority();
        config.clientId = u"client-1"_s;
        return config;
    }

    qd::BrowserSignIn::Opener recordingOpener()
    {
        return [this](const QUrl &url) {
            m_opened << url;
            return true;
        };
    }

    // GET redirectUri with the query; waits for the page.
    void callBack(const QUrl &redirectUri, const QUrlQuery &query, const QString &path = u"/"_s)
    {
        QUrl url = redirectUri;
        url.setPath(path);
        url.setQuery(query);
        QNetworkReply *reply = m_network.get(QNetworkRequest(url));
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(5000));
        m_lastPage = reply->readAll();
        m_lastPageStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
    }

    static QUrlQuery queryOf(const QUrl &url) { return QUrlQuery(url.query(QUrl::FullyEncoded)); }
    static QString item(const QUrl &url, const QString &key)
    {
        return queryOf(url).queryItemValue(key, QUrl::FullyDecoded);
    }

    static qd::SignInResult resultOf(const QSignalSpy &spy)
    {
        return spy.first().first().value<qd::SignInResult>();
    }

private slots:
    void init()
    {
        m_server = std::make_unique<FakeIdentityServer>();
        QVERIFY(m_server->listen());
        m_opened.clear();
        m_lastPage.clear();
    }

    void successExchangesCodeWithVerifier()
    {
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at-1"_s, u"rt-1"_s));
        qd::BrowserSignIn flow(&m_network, config(), recordingOpener());
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        QSignalSpy urlReady(&flow, &qd::BrowserSignIn::authorizationUrlReady);
        flow.start();
        QCOMPARE(m_opened.size(), 0); // opened from the event loop, after start() returned
        QTRY_COMPARE(m_opened.size(), 1);
        QCOMPARE(urlReady.size(), 1);
        const QUrl url = flow.authorizationUrl();
        QCOMPARE(m_opened.first(), url);
        QCOMPARE(url.adjusted(QUrl::RemoveQuery), config().authorizeUrl());
        QCOMPARE(item(url, u"client_id"_s), u"client-1"_s);
        QCOMPARE(item(url, u"response_type"_s), u"code"_s);
        QCOMPARE(item(url, u"code_challenge_method"_s), u"S256"_s);
        QCOMPARE(item(url, u"scope"_s), qd::AuthConfig::defaultScope());
        const QUrl redirect(item(url, u"redirect_uri"_s));
        QCOMPARE(redirect, flow.redirectUri());
        QCOMPARE(redirect.host(), u"localhost"_s); // what the Entra portal registers
        QVERIFY(redirect.port() > 0);
        const QString state = item(url, u"state"_s);
        QVERIFY(state.size() >= 32);

        callBack(redirect, QUrlQuery{{u"code"_s, u"the-code"_s}, {u"state"_s, state}});
        QCOMPARE(m_lastPageStatus, 200);
        QVERIFY(m_lastPage.contains("close this window"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        const qd::SignInResult result = resultOf(finished);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.tokens.accessToken, u"at-1"_s);
        QCOMPARE(result.tokens.refreshToken, u"rt-1"_s);

        const auto posts = m_server->requestsTo(FakeIdentityServer::tokenPath());
        QCOMPARE(posts.size(), 1);
        const QUrlQuery form = posts.first().form;
        QCOMPARE(form.queryItemValue(u"grant_type"_s), u"authorization_code"_s);
        QCOMPARE(form.queryItemValue(u"code"_s), u"the-code"_s);
        QCOMPARE(QUrl(form.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded)), redirect);
        const QByteArray verifier = form.queryItemValue(u"code_verifier"_s, QUrl::FullyDecoded).toLatin1();
        QVERIFY(qd::Pkce::isValidVerifier(verifier));
        // The challenge sent to the browser belongs to the verifier sent with the code.
        QCOMPARE(item(url, u"code_challenge"_s).toLatin1(), qd::Pkce::challengeFor(verifier));
        QCOMPARE(finished.size(), 1);
    }

    void freshVerifierAndStateEachAttempt()
    {
        qd::BrowserSignIn first(&m_network, config(), recordingOpener());
        qd::BrowserSignIn second(&m_network, config(), recordingOpener());
        first.start();
        second.start();
        QVERIFY(item(first.authorizationUrl(), u"code_challenge"_s) !=
                item(second.authorizationUrl(), u"code_challenge"_s));
        QVERIFY(item(first.authorizationUrl(), u"state"_s) != item(second.authorizationUrl(), u"state"_s));
        QVERIFY(first.redirectUri().port() != second.redirectUri().port());
    }

    void refusedRedirects_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("error");
        QTest::newRow("wrong state") << u"state"_s << int(qd::SignInResult::Error::StateMismatch);
        QTest::newRow("no state") << u"nostate"_s << int(qd::SignInResult::Error::StateMismatch);
        QTest::newRow("access denied") << u"denied"_s << int(qd::SignInResult::Error::AccessDenied);
        QTest::newRow("other error") << u"error"_s << int(qd::SignInResult::Error::ServerError);
        QTest::newRow("missing code") << u"nocode"_s << int(qd::SignInResult::Error::MissingCode);
    }
    void refusedRedirects()
    {
        QFETCH(QString, kind);
        QFETCH(int, error);
        m_server->setDefault(FakeIdentityServer::tokenPath(), 200,
                             FakeIdentityServer::tokenJson(u"at"_s, u"rt"_s));
        qd::BrowserSignIn flow(&m_network, config(), recordingOpener());
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        flow.start();
        const QString state = item(flow.authorizationUrl(), u"state"_s);
        QUrlQuery query;
        if (kind == "state"_L1) {
            query = {{u"code"_s, u"c"_s}, {u"state"_s, state + u'x'}};
        } else if (kind == "nostate"_L1) {
            query = {{u"code"_s, u"c"_s}};
        } else if (kind == "denied"_L1) {
            query = {{u"error"_s, u"access_denied"_s},
                     {u"error_description"_s, u"AADSTS65004: User declined"_s},
                     {u"state"_s, state}};
        } else if (kind == "error"_L1) {
            query = {{u"error"_s, u"server_error"_s},
                     {u"error_description"_s, u"AADSTS90014 broken"_s},
                     {u"state"_s, state}};
        } else {
            query = {{u"state"_s, state}};
        }
        callBack(flow.redirectUri(), query);
        QCOMPARE(m_lastPageStatus, 200);
        QVERIFY(m_lastPage.contains("failed"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        const qd::SignInResult result = resultOf(finished);
        QCOMPARE(int(result.error), error);
        QVERIFY(!result.message.isEmpty());
        QVERIFY(result.tokens.accessToken.isEmpty());
        // Nothing was exchanged.
        QCOMPARE(m_server->count(FakeIdentityServer::tokenPath()), 0);
        if (kind == "error"_L1)
            QVERIFY2(result.message.contains(u"AADSTS90014"_s), qPrintable(result.message));
    }

    void numericLoopbackRedirect()
    {
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at"_s, u"rt"_s));
        qd::AuthConfig cfg = config();
        cfg.redirectHost = u"127.0.0.1"_s;
        qd::BrowserSignIn flow(&m_network, cfg, recordingOpener());
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        flow.start();
        QCOMPARE(QUrl(item(flow.authorizationUrl(), u"redirect_uri"_s)).host(), u"127.0.0.1"_s);
        callBack(flow.redirectUri(),
                 {{u"code"_s, u"c"_s}, {u"state"_s, item(flow.authorizationUrl(), u"state"_s)}});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QVERIFY(resultOf(finished).ok());
        QCOMPARE(m_server->requestsTo(FakeIdentityServer::tokenPath())
                     .first()
                     .form.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded),
                 flow.redirectUri().toString());
    }

    void unrelatedRequestsAreIgnored()
    {
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at"_s, u"rt"_s));
        qd::BrowserSignIn flow(&m_network, config(), recordingOpener());
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        flow.start();
        callBack(flow.redirectUri(), {}, u"/favicon.ico"_s);
        QCOMPARE(m_lastPageStatus, 404);
        QVERIFY(!flow.isFinished());
        callBack(flow.redirectUri(),
                 {{u"code"_s, u"c"_s}, {u"state"_s, item(flow.authorizationUrl(), u"state"_s)}});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QVERIFY(resultOf(finished).ok());
    }

    void timeout()
    {
        qd::BrowserSignIn flow(&m_network, config(), recordingOpener());
        flow.setTimeoutMs(50);
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        flow.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        const qd::SignInResult result = resultOf(finished);
        QCOMPARE(result.error, qd::SignInResult::Error::TimedOut);
        QVERIFY(result.message.contains(u"browser"_s));
        // The listener is gone: a late redirect cannot complete anything.
        QNetworkReply *late = m_network.get(QNetworkRequest(flow.redirectUri()));
        QSignalSpy lateDone(late, &QNetworkReply::finished);
        QVERIFY(lateDone.wait(5000));
        QVERIFY(late->error() != QNetworkReply::NoError);
        delete late;
    }

    void cancel()
    {
        qd::BrowserSignIn flow(&m_network, config(), recordingOpener());
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        flow.start();
        flow.cancel();
        flow.cancel(); // harmless twice
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QCOMPARE(resultOf(finished).error, qd::SignInResult::Error::Cancelled);
        // finished() is queued: a second one from the second cancel() would be delivered by now.
        QVERIFY(qd::test::waitForPostedEvents());
        QCOMPARE(finished.size(), 1);
    }

    void openerFailureKeepsWaiting()
    {
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at"_s, u"rt"_s));
        qd::BrowserSignIn flow(&m_network, config(), [](const QUrl &) { return false; });
        QSignalSpy openFailed(&flow, &qd::BrowserSignIn::browserOpenFailed);
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        flow.start();
        QTRY_COMPARE(openFailed.size(), 1);
        QCOMPARE(openFailed.first().first().toUrl(), flow.authorizationUrl());
        // The user opens the printed address by hand.
        callBack(flow.redirectUri(),
                 {{u"code"_s, u"c"_s}, {u"state"_s, item(flow.authorizationUrl(), u"state"_s)}});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QVERIFY(resultOf(finished).ok());
    }

    void browserThatNeverAnswersIsReportedAndStillWaits()
    {
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at"_s, u"rt"_s));
        qd::AuthConfig slow = config();
        slow.browserNoAnswerMs = 200;
        qd::BrowserSignIn flow(&m_network, slow, recordingOpener());
        QSignalSpy silent(&flow, &qd::BrowserSignIn::browserNotAnswering);
        QSignalSpy openFailed(&flow, &qd::BrowserSignIn::browserOpenFailed);
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        flow.start();
        QVERIFY(silent.wait(5000));
        QCOMPARE(silent.first().first().toUrl(), flow.authorizationUrl());
        QCOMPARE(openFailed.size(), 0);
        QVERIFY(!flow.isFinished());
        // The address opened by hand (or a browser that was only slow) still completes it.
        callBack(flow.redirectUri(),
                 {{u"code"_s, u"c"_s}, {u"state"_s, item(flow.authorizationUrl(), u"state"_s)}});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QVERIFY(resultOf(finished).ok());
        QCOMPARE(silent.size(), 1);
    }

    void browserThatAnswersIsNotReported()
    {
        m_server->enqueue(FakeIdentityServer::tokenPath(), 200,
                          FakeIdentityServer::tokenJson(u"at"_s, u"rt"_s));
        qd::BrowserSignIn flow(&m_network, config(), recordingOpener());
        flow.setNoAnswerMs(300);
        flow.setTimeoutMs(600);
        QSignalSpy silent(&flow, &qd::BrowserSignIn::browserNotAnswering);
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        flow.start();
        QTRY_COMPARE(m_opened.size(), 1);
        // A redirect that carries an error still is an answer: the browser works.
        callBack(flow.redirectUri(),
                 {{u"error"_s, u"access_denied"_s}, {u"state"_s, item(flow.authorizationUrl(), u"state"_s)}});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QCOMPARE(resultOf(finished).error, qd::SignInResult::Error::AccessDenied);
        // Past the no-answer while: nothing more is said about the browser.
        QVERIFY(!silent.wait(500));
        QCOMPARE(silent.size(), 0);
    }

    void tokenAnswerProblems_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("error");
        QTest::newRow("not JSON") << 200 << "<html>proxy</html>"_ba
                                  << int(qd::SignInResult::Error::InvalidResponse);
        QTest::newRow("no refresh token") << 200 << FakeIdentityServer::tokenJson(u"at"_s, QString())
                                          << int(qd::SignInResult::Error::InvalidResponse);
        QTest::newRow("invalid_grant")
            << 400 << FakeIdentityServer::errorJson(u"invalid_grant"_s, u"AADSTS54005: code used"_s)
            << int(qd::SignInResult::Error::ServerError);
    }
    void tokenAnswerProblems()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, error);
        m_server->enqueue(FakeIdentityServer::tokenPath(), status, body);
        qd::BrowserSignIn flow(&m_network, config(), recordingOpener());
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        flow.start();
        callBack(flow.redirectUri(),
                 {{u"code"_s, u"c"_s}, {u"state"_s, item(flow.authorizationUrl(), u"state"_s)}});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        const auto result = resultOf(finished);
        QCOMPARE(int(result.error), error);
        QVERIFY(!result.message.isEmpty());
        QVERIFY(result.tokens.accessToken.isEmpty());
    }

    void configurationRejected()
    {
        qd::AuthConfig cfg = config();
        cfg.authority = QUrl(u"http://login.example.com/organizations"_s);
        qd::BrowserSignIn flow(&m_network, cfg, recordingOpener());
        QSignalSpy finished(&flow, &qd::SignInFlow::finished);
        flow.start();
        QCOMPARE(finished.size(), 0); // reported later, never inside start()
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QCOMPARE(resultOf(finished).error, qd::SignInResult::Error::Configuration);
        QVERIFY(resultOf(finished).message.contains(u"HTTPS"_s));
        QVERIFY(m_opened.isEmpty());
    }

    void pageIsEscapedAndTagged()
    {
        const QByteArray html = qd::LoopbackReceiver::renderPage({false, u"<b>x</b>"_s, u"a & b"_s});
        QVERIFY(html.contains("&lt;b&gt;x&lt;/b&gt;"));
        QVERIFY(html.contains("a &amp; b"));
        QVERIFY(html.contains("<html lang="));
        QVERIFY(html.contains("charset=\"utf-8\""));
    }
};

QTEST_GUILESS_MAIN(TestBrowserSignIn)
#include "tst_browsersignin.moc"
