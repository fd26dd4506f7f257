#pragma once

#include "LoopbackReceiver.h"
#include "Pkce.h"
#include "SignInFlow.h"

#include <QTimer>
#include <QUrl>
#include <functional>

namespace qd {

// Authorization code + PKCE through the system browser and a loopback redirect on
// http://localhost:<free port>/ (or 127.0.0.1, see AuthConfig::redirectHost). Opening the browser is
// injected: the window passes QDesktopServices::openUrl, the CLI runs $BROWSER / xdg-open, tests a fake
// browser.
class BrowserSignIn final : public SignInFlow
{
    Q_OBJECT
public:
    // Returns false when no browser could be opened (the flow keeps waiting: the URL can be
    // opened by hand).
    using Opener = std::function<bool(const QUrl &)>;

    BrowserSignIn(QNetworkAccessManager *network, AuthConfig config, Opener opener,
                  QObject *parent = nullptr);
    ~BrowserSignIn() override;

    void start() override;
    void cancel() override;

    // Valid as soon as start() returned (unless the configuration was rejected).
    QUrl authorizationUrl() const { return m_authorizationUrl; }
    QUrl redirectUri() const { return m_redirectUri; }
    // Overrides AuthConfig::browserTimeoutMs for this attempt (tests).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // Overrides AuthConfig::browserNoAnswerMs for this attempt (tests).
    void setNoAnswerMs(int ms) { m_noAnswerMs = ms; }

signals:
    // The address to open; emitted from the event loop right after start(), before the
    // opener runs (so also when it fails).
    void authorizationUrlReady(const QUrl &url);
    // The opener returned false: show the URL for copying.
    void browserOpenFailed(const QUrl &url);
    // The browser was opened but nothing reached the loopback redirect within
    // browserNoAnswerMs: show the URL for copying and offer a device code. The flow keeps
    // waiting, so a browser that answers later still completes the sign-in.
    void browserNotAnswering(const QUrl &url);
    // The browser came back with a code; the token exchange is under way.
    void exchangingCode();

private:
    void release() override;
    void openBrowser();
    // Decides what the redirect means and which page the browser gets.
    LoopbackReceiver::Page onRedirect(const QUrlQuery &query);
    void exchange(const QString &code);

    Opener m_opener;
    Pkce m_pkce;
    QString m_state;
    QUrl m_authorizationUrl;
    QUrl m_redirectUri;
    int m_timeoutMs = -1;
    int m_noAnswerMs = -1;
    QTimer m_timeout;
    QTimer m_noAnswer;
    LoopbackReceiver *m_receiver = nullptr;
    QPointer<QObject> m_request;
    bool m_codeReceived = false;
    bool m_browserAnswered = false;
};

} // namespace qd
