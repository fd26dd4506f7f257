#pragma once

#include "AppSettings.h"
#include "auth/AuthConfig.h"
#include "diagnostics/DiagnosticsLog.h"
#include "domain/Clock.h"
#include "history/SubmissionStore.h"

#include <QObject>
#include <memory>

class QNetworkAccessManager;

namespace qd {

class AuthSession;
class CustomerDirectory;
class ValidationCodeSource;
class PartnerCenterClient;
class ProxyAuthenticator;
class SubmissionService;
class TokenProvider;
class TokenStore;
struct SubmitterIdentity;

struct AppServicesOptions
{
    QString staticAccessToken;        // empty: use the sign-in session
    TokenStore *tokenStore = nullptr; // not owned; null: the OS keychain
    const Clock *clock = SystemClock::instance();
};

// The core objects one program needs, wired once from AppSettings: network access, the token
// source, the Partner Center client, the history and the submission service. Both faces (the
// window and the CLI) build one of these in main() and hand its parts down; nothing here is
// global. Objects are created on first use, so `qualdesk-cli customer` never opens the history.
//
// Token source: a fixed bearer token (QUALDESK_ACCESS_TOKEN) when given, otherwise the sign-in
// session (AuthSession) whose refresh token lives in the keychain (or in tokenStore when given:
// --demo passes a MemoryTokenStore).
class AppServices : public QObject
{
    Q_OBJECT
public:
    using Options = AppServicesOptions;

    explicit AppServices(AppSettings settings, Options options = {}, QObject *parent = nullptr);
    ~AppServices() override;

    const AppSettings &settings() const { return m_settings; }
    // Changes the X-Locale of every later request (the window's live language switch).
    void setLanguage(const QString &language);

    // Qt's network access for every request (REST and sign-in), with the proxy and CA file of
    // the settings applied.
    QNetworkAccessManager *network();
    // Answers proxies that ask for credentials; the window gives it a dialog to ask with.
    ProxyAuthenticator *proxyAuthenticator();
    // The sign-in session (login, logout, whoami). Other calls use it only when no fixed
    // access token is given.
    AuthSession *authSession();
    bool usesStaticToken() const { return !m_options.staticAccessToken.isEmpty(); }
    TokenProvider *tokenProvider();
    PartnerCenterClient *client();
    // What the views read, over client(): customers and their qualifications, validation codes.
    CustomerDirectory *customerDirectory();
    ValidationCodeSource *validationCodes();
    // The keychain (proxy credentials, the history server's password).
    TokenStore *secrets();
    // The keychain entry of a history server's password.
    static QString historyPasswordKey(const QString &server);
    // Opens the history at settings().historyLocation() on first call (a team's server with its
    // password from the keychain, or the file in historyDir()). Check storeError() when
    // isStoreOpen() is false; client() and authSession() work without it.
    SubmissionStore *store();
    bool isStoreOpen() const;
    StoreError storeError() const;
    SubmissionService *submissions();

    // The last failed requests, for Help → Copy diagnostics, and what the report says about
    // this program (settings, history file, who is signed in; the current token as a secret).
    DiagnosticsLog *diagnostics();
    DiagnosticsContext diagnosticsContext();

    AuthConfig authConfig() const;
    // Who submits, for the history: the signed-in account, or the claims of a fixed JWT token.
    SubmitterIdentity identity() const;

private:
    static constexpr int kKeychainWaitMs = 3000;
    QString readHistoryPassword();

    AppSettings m_settings;
    Options m_options;
    QNetworkAccessManager *m_network = nullptr;
    ProxyAuthenticator *m_proxyAuthenticator = nullptr;
    TokenStore *m_secrets = nullptr;
    TokenStore *m_tokenStore = nullptr;
    TokenProvider *m_tokens = nullptr;
    AuthSession *m_session = nullptr;
    PartnerCenterClient *m_client = nullptr;
    CustomerDirectory *m_directory = nullptr;
    ValidationCodeSource *m_validationCodes = nullptr;
    SubmissionStore *m_store = nullptr;
    bool m_storeTried = false;
    StoreError m_storeError;
    SubmissionService *m_submissions = nullptr;
    DiagnosticsLog *m_diagnostics = nullptr;
};

} // namespace qd
