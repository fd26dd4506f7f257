#include "DesktopServices.h"

#include "i18n/LanguageManager.h"

#include <QCoreApplication>

namespace qd {

// The window's users go first, the simulator they talk to last.
DesktopServices::~DesktopServices()
{
    m_services.reset();
    m_demoTokens.reset();
    m_ownSimulator.reset();
}

bool DesktopServices::start(AppSettings settings, LanguageManager *languages, Options options)
{
    if (settings.demo) {
        m_simulator = options.simulator;
        if (!m_simulator) {
            m_ownSimulator = std::make_unique<sim::Simulator>();
            if (!m_ownSimulator->listen()) {
                m_error = QCoreApplication::translate("main", "The demo service could not start: %1")
                              .arg(m_ownSimulator->errorString());
                return false;
            }
            m_simulator = m_ownSimulator.get();
        }
        settings.baseUrl = m_simulator->baseUrl();
        settings.authority = m_simulator->authority();
        settings.clientId = m_simulator->demoClientId();
        if (!options.tokenStore) {
            m_demoTokens = std::make_unique<MemoryTokenStore>();
            options.tokenStore = m_demoTokens.get();
        }
    }
    if (const QStringList problems = settings.validate(); !problems.isEmpty()) {
        m_error = problems.join(u'\n');
        return false;
    }
    m_settings = settings;
    AppServices::Options serviceOptions;
    serviceOptions.tokenStore = options.tokenStore;
    m_services = std::make_unique<AppServices>(settings, serviceOptions);
    if (languages)
        QObject::connect(languages, &LanguageManager::languageChanged, m_services.get(),
                         &AppServices::setLanguage);

    AppServices *services = m_services.get();
    m_parts.settings = settings;
    m_parts.language = languages;
    m_parts.session = services->authSession();
    m_parts.directory = services->customerDirectory();
    m_parts.validationCodes = services->validationCodes();
    m_parts.store = services->store();
    m_parts.storeProblem = services->isStoreOpen() ? QString() : services->storeError().message;
    m_parts.submissions = services->submissions();
    m_parts.diagnostics = services->diagnostics();
    m_parts.proxyAuthenticator = services->proxyAuthenticator();
    m_parts.secrets = services->secrets();
    m_parts.diagnosticsContext = [services] { return services->diagnosticsContext(); };
    m_parts.browserOpener = options.browserOpener;
    if (!m_parts.browserOpener && settings.demo) // the simulator approves at once; follow its redirect
        m_parts.browserOpener = AuthSession::loopbackBrowser(services->network());
    return true;
}

} // namespace qd
