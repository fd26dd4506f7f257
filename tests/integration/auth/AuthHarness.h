#pragma once

// Shared pieces of the sign-in integration tests: an in-process simulator, a session wired to
// it, and a fake browser that does what a real one does with the authorize address.

#include "SeedFixtures.h"
#include "Simulator.h"
#include "auth/AuthSession.h"
#include "auth/TokenStore.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <functional>
#include <memory>

namespace qd::test {

// A browser that fetches the authorize address, and follows the identity service's redirect
// to the loopback listener, after letting the test change it (tamper with the state).
class FakeBrowser
{
public:
    using Rewrite = std::function<QUrl(const QUrl &redirect)>;
    explicit FakeBrowser(QNetworkAccessManager *network) : m_network(network) {}

    QList<QUrl> opened;      // what the app asked to open
    QList<QUrl> redirects;   // where the service sent the browser back (after rewriting)
    QList<QByteArray> pages; // what the loopback listener showed
    Rewrite rewrite;         // changes the redirect before following it
    QString extraQuery;      // appended to the authorize address (sim_action=deny)

    AuthSession::BrowserOpener opener()
    {
        return [this](const QUrl &url) {
            opened << url;
            QUrl target = url;
            if (!extraQuery.isEmpty())
                target.setQuery(url.query(QUrl::FullyEncoded) + u'&' + extraQuery);
            QNetworkRequest request(target);
            request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                 QNetworkRequest::ManualRedirectPolicy);
            QNetworkReply *reply = m_network->get(request);
            QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply] {
                reply->deleteLater();
                QUrl back = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
                if (back.isEmpty())
                    return; // an error page: nothing to follow, like a user stuck on it
                back = reply->url().resolved(back);
                if (rewrite)
                    back = rewrite(back);
                redirects << back;
                QNetworkReply *page = m_network->get(QNetworkRequest(back));
                QObject::connect(page, &QNetworkReply::finished, page, [this, page] {
                    page->deleteLater();
                    pages << page->readAll();
                });
            });
            return true;
        };
    }

private:
    QNetworkAccessManager *m_network;
};

inline QString queryValue(const QUrl &url, const QString &key)
{
    return QUrlQuery(url.query(QUrl::FullyEncoded)).queryItemValue(key, QUrl::FullyDecoded);
}

// A simulator on a free loopback port and a session signed in against it.
struct AuthHarness
{
    explicit AuthHarness(TokenStore *tokenStore, sim::SimulatorOptions options = {})
        : sim(options), store(tokenStore), browser(&network)
    {
        QVERIFY2(sim.listen(), qPrintable(sim.errorString()));
        session = std::make_unique<AuthSession>(&network, store, config());
    }

    AuthConfig config() const
    {
        AuthConfig config;
        config.authority = sim.authority();
        config.clientId = sim.demoClientId();
        return config;
    }

    // Signs in through the browser flow; true when signedIn() came.
    bool signIn(AuthSession *target = nullptr)
    {
        AuthSession *s = target ? target : session.get();
        QSignalSpy signedIn(s, &AuthSession::signedIn);
        s->signInWithBrowser(browser.opener());
        return signedIn.wait(10000);
    }

    // Answers from the token endpoint's recorded POST bodies: every value of `field`.
    QStringList postedTokenFields(const QString &field) const
    {
        QStringList values;
        for (const auto &request : sim.recordedRequests()) {
            if (request.method != QStringLiteral("POST") ||
                !request.path.endsWith(QStringLiteral("/oauth2/v2.0/token")))
                continue;
            QByteArray body = request.body;
            body.replace('+', "%20");
            const QString value =
                QUrlQuery(QString::fromLatin1(body)).queryItemValue(field, QUrl::FullyDecoded);
            if (!value.isEmpty())
                values << value;
        }
        return values;
    }

    sim::Simulator sim;
    QNetworkAccessManager network;
    TokenStore *store;
    FakeBrowser browser;
    std::unique_ptr<AuthSession> session;
};

} // namespace qd::test
