#include "AppServices.h"

#include "NetworkSetup.h"
#include "ProxyAuthenticator.h"
#include "auth/AuthSession.h"
#include "auth/IdTokenClaims.h"
#include "auth/TokenStore.h"
#include "directory/CustomerDirectory.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h"
#include "submission/SubmissionService.h"

#include <QDir>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace qd {

AppServices::AppServices(AppSettings settings, Options options, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_options(std::move(options))
{}

// QObject would delete children in creation order, the network first; users go before what
// they use instead.
AppServices::~AppServices()
{
    delete m_submissions;
    delete m_store;
    delete m_client;
    if (m_tokens != m_session)
        delete m_tokens;
    delete m_session;
    if (m_tokenStore != m_options.tokenStore)
        delete m_tokenStore;
    delete m_network;
}

void AppServices::setLanguage(const QString &language)
{
    m_settings.language = language;
    if (m_client)
        m_client->setLocale(m_settings.xLocale());
}

QNetworkAccessManager *AppServices::network()
{
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        const NetworkSetup setup = NetworkSetup::fromSettings(m_settings.proxy, m_settings.caFile);
        setup.apply(m_network);
        m_secrets = m_options.tokenStore ? m_options.tokenStore : new KeychainTokenStore(this);
        m_proxyAuthenticator = new ProxyAuthenticator(m_network, m_secrets, this);
        if (setup.proxyMode == NetworkSetup::ProxyMode::Url && setup.proxy.password().isEmpty())
            m_proxyAuthenticator->preload(setup.proxy);
    }
    return m_network;
}

ProxyAuthenticator *AppServices::proxyAuthenticator()
{
    network();
    return m_proxyAuthenticator;
}

AuthConfig AppServices::authConfig() const
{
    AuthConfig config;
    config.authority = m_settings.authority;
    config.clientId = m_settings.clientId;
    config.requestTimeoutMs = m_settings.requestTimeoutMs;
    config.browserNoAnswerMs = m_settings.browserWaitMs;
    return config;
}

AuthSession *AppServices::authSession()
{
    if (!m_session) {
        m_tokenStore = m_options.tokenStore;
        if (!m_tokenStore)
            m_tokenStore = new KeychainTokenStore(this);
        m_session = new AuthSession(network(), m_tokenStore, authConfig(), m_options.clock, this);
    }
    return m_session;
}

TokenProvider *AppServices::tokenProvider()
{
    if (!m_tokens) {
        if (usesStaticToken())
            m_tokens = new StaticTokenProvider(m_options.staticAccessToken, this);
        else
            m_tokens = authSession();
    }
    return m_tokens;
}

PartnerCenterClient *AppServices::client()
{
    if (!m_client) {
        ClientConfig config;
        config.baseUrl = m_settings.baseUrl;
        config.locale = m_settings.xLocale();
        config.timeoutMs = m_settings.requestTimeoutMs;
        m_client = new PartnerCenterClient(tokenProvider(), config, m_options.clock, this);
        m_client->setNetwork(network());
        diagnostics()->watch(m_client);
        if (!usesStaticToken()) {
            // Partner Center wants a sign-in with MFA, which no refresh can add: the session ends
            // with that reason, so the window and the CLI ask for an interactive sign-in.
            connect(m_client, &PartnerCenterClient::requestFailed, this,
                    [this](const QString &, const ApiError &error) {
                        // A sign-in that has MFA already: the answer is to a request made
                        // with an earlier token.
                        if (error.mfaRequired && m_session && m_session->isSignedIn() &&
                            !m_session->account().hasMfa())
                            m_session->requireInteractiveSignIn(AuthSession::SignOutReason::MfaRequired);
                    });
        }
    }
    return m_client;
}

CustomerDirectory *AppServices::customerDirectory()
{
    if (!m_directory)
        m_directory = new CustomerDirectory(client(), this);
    return m_directory;
}

ValidationCodeSource *AppServices::validationCodes()
{
    if (!m_validationCodes)
        m_validationCodes = new ValidationCodeSource(client(), this);
    return m_validationCodes;
}

DiagnosticsLog *AppServices::diagnostics()
{
    if (!m_diagnostics)
        m_diagnostics = new DiagnosticsLog(this);
    return m_diagnostics;
}

DiagnosticsContext AppServices::diagnosticsContext()
{
    DiagnosticsContext context;
    context.settings = m_settings;
    context.language = m_settings.language;
    context.historyFile = m_settings.usesHistoryServer()
                              ? SubmissionStore::displayLocation(m_settings.historyServer)
                              : QDir(m_settings.historyDir()).filePath(SubmissionStore::fileName());
    if (m_storeTried && !isStoreOpen())
        context.historyProblem = m_storeError.message;
    if (m_session && m_session->isSignedIn()) {
        context.signedInAs = m_session->account().preferredUsername;
        context.partnerTenant = m_session->account().tenantId;
    }
    if (m_tokens)
        context.secrets.append(m_tokens->accessToken());
    if (!m_options.staticAccessToken.isEmpty())
        context.secrets.append(m_options.staticAccessToken);
    return context;
}

TokenStore *AppServices::secrets()
{
    network(); // the proxy's credentials and the history server's password share the keychain
    return m_secrets;
}

QString AppServices::historyPasswordKey(const QString &server)
{
    QUrl url(server.trimmed());
    url.setPassword({});
    url.setQuery(QString());
    return u"history-server:"_s + url.toString(QUrl::RemovePassword);
}

QString AppServices::readHistoryPassword()
{
    // The store opens synchronously on first use; the keychain answers in a moment.
    QString password;
    QEventLoop loop;
    bool answered = false;
    secrets()->read(historyPasswordKey(m_settings.historyServer), [&](const TokenStore::Outcome &outcome) {
        if (outcome.ok())
            password = outcome.secret;
        answered = true;
        loop.quit();
    });
    if (!answered) {
        QTimer::singleShot(kKeychainWaitMs, &loop, &QEventLoop::quit);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    return password;
}

SubmissionStore *AppServices::store()
{
    if (!m_store) {
        m_store = new SubmissionStore(m_options.clock, this);
        m_storeTried = true;
        QString error;
        if (m_settings.usesHistoryServer()) {
            if (QUrl(m_settings.historyServer).password().isEmpty())
                m_store->setServerPassword(readHistoryPassword()); // none: libpq reads ~/.pgpass
            if (!m_store->open(m_settings.historyLocation()))
                m_storeError = m_store->lastError();
            else if (m_store->pushOfflineRows(m_settings.historyDir()) < 0)
                m_storeError = m_store->lastError(); // the store stays usable; the push is tried next time
        } else if (!m_settings.ensureHistoryDir(&error)) {
            m_storeError.kind = StoreError::Kind::ReadOnly;
            m_storeError.message = error;
        } else {
            // Offline with a team's server set: new rows wait in the file to be pushed.
            m_store->setWorkingOffline(m_settings.offline && !m_settings.historyServer.isEmpty());
            if (!m_store->open(m_settings.historyDir()))
                m_storeError = m_store->lastError();
        }
    }
    return m_store;
}

bool AppServices::isStoreOpen() const
{
    return m_store && m_store->isOpen();
}

StoreError AppServices::storeError() const
{
    return m_storeError;
}

SubmissionService *AppServices::submissions()
{
    if (!m_submissions) {
        // The identity is read at submit time, so a sign-in after start-up is recorded.
        m_submissions = new SubmissionService(
            client(), store(), [this] { return identity(); }, m_options.clock, this);
    }
    return m_submissions;
}

SubmitterIdentity AppServices::identity() const
{
    SubmitterIdentity who;
    if (m_session && m_session->isSignedIn()) {
        const IdTokenClaims account = m_session->account();
        who.user = account.preferredUsername.isEmpty() ? account.name : account.preferredUsername;
        who.partnerTenant = account.tenantId;
    } else if (usesStaticToken()) {
        // A real Entra access token is a JWT naming the user; a simulator token is opaque.
        if (const auto claims = IdTokenClaims::parse(m_options.staticAccessToken)) {
            who.user = claims->preferredUsername;
            who.partnerTenant = claims->tenantId;
        }
    }
    return who;
}

} // namespace qd
