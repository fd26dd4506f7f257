#pragma once

#include "MainWindow.h"
#include "Simulator.h"
#include "settings/AppServices.h"
#include "settings/AppSettings.h"
#include "settings/MemoryTokenStore.h"

#include <memory>

namespace qd {

class LanguageManager;

struct DesktopServicesOptions
{
    // Demo mode: a listening simulator to use (not owned; it outlives this); null: start one.
    sim::Simulator *simulator = nullptr;
    TokenStore *tokenStore = nullptr;         // null: in memory for demo, the keychain otherwise
    AuthSession::BrowserOpener browserOpener; // empty: demo follows its redirect, else the browser
};

// The one place the desktop program builds its services and hands them to the window: the
// in-process simulator for demo mode, AppServices from the settings, and the window's parts.
// `qualdesk` and the GUI tests both use it, so what the tests drive is what users run.
class DesktopServices
{
public:
    using Options = DesktopServicesOptions;

    DesktopServices() = default;
    ~DesktopServices();
    DesktopServices(const DesktopServices &) = delete;
    DesktopServices &operator=(const DesktopServices &) = delete;

    // Builds everything from settings (demo: the simulator's addresses replace them). False with
    // error(), translated, when the simulator cannot start or the settings cannot be used.
    bool start(AppSettings settings, LanguageManager *languages, Options options = {});
    QString error() const { return m_error; }

    const AppSettings &settings() const { return m_settings; }
    AppServices *services() const { return m_services.get(); }
    sim::Simulator *simulator() const { return m_simulator; }
    // What the window works with.
    MainWindowServices windowServices() const { return m_parts; }

private:
    std::unique_ptr<sim::Simulator> m_ownSimulator;
    sim::Simulator *m_simulator = nullptr;
    std::unique_ptr<MemoryTokenStore> m_demoTokens;
    std::unique_ptr<AppServices> m_services;
    AppSettings m_settings;
    MainWindowServices m_parts;
    QString m_error;
};

} // namespace qd
