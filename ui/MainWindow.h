#pragma once

#include "auth/AuthSession.h"
#include "diagnostics/DiagnosticsLog.h"
#include "settings/AppSettings.h"

#include <QMainWindow>
#include <QPointer>
#include <functional>
#include <memory>

class QActionGroup;

namespace Ui {
class MainWindow;
}

namespace qd {

class BulkPanel;
class HistoryPanel;
class LanguageManager;
class CustomerDirectory;
class ValidationCodeSource;
class ProxyAuthenticator;
class SubmissionService;
class SubmissionStore;
class TokenStore;
struct Customer;

// What the window works with; built by main() (from AppServices) or by a test.
struct MainWindowServices
{
    AppSettings settings;                   // environment badge, settings dialog
    AuthSession *session = nullptr;         // null with a fixed access token
    CustomerDirectory *directory = nullptr; // customers and their qualifications
    ValidationCodeSource *validationCodes = nullptr;
    SubmissionService *submissions = nullptr;
    SubmissionStore *store = nullptr;         // null or closed: the History tab says why
    QString storeProblem;                     // translated reason when the store is unusable
    LanguageManager *language = nullptr;      // null: no Language menu entries
    AuthSession::BrowserOpener browserOpener; // empty: the system browser
    DiagnosticsLog *diagnostics = nullptr;    // Help → Copy diagnostics; null: no errors to list
    std::function<DiagnosticsContext()> diagnosticsContext; // settings, history file, secrets
    ProxyAuthenticator *proxyAuthenticator = nullptr; // asks through a dialog when a proxy wants credentials
    TokenStore *secrets = nullptr; // the keychain: the history server's password (settings dialog)
};

// The main window composes the panels (account bar, customer lookup, customer view,
// qualification form, history) and wires them to the core; it holds no business logic.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void setServices(const MainWindowServices &services);
    void openCustomer(const Customer &customer);
    // Opens a customer known only by ID (history double-click); details are read in the background.
    void openCustomerById(const QString &tenantId, const QString &companyName = {});
    // Starts the interactive sign-in (the Sign in button).
    void signIn();
    // Shows, raises and activates the window (a second launch asked for it).
    void bringToFront();
    // Help → Copy diagnostics: the text on the clipboard, without any token or secret.
    QString diagnosticsText() const;
    void copyDiagnostics();
    void showHistory();
    void showBulk();
    void showCustomers();

    static QString settingsGroup(); // "mainWindow"

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    // The History and Bulk tabs are built when services arrive or the tab is opened, not with
    // the window: they are hidden at start and their cost would delay its first paint.
    void ensureTabPanels();
    void applyTabServices();
    void setupLanguageMenu();
    void updateLanguageMenu();
    void nameMenuBarParts();
    void onSignedInChanged(bool signedIn);
    void refreshCurrent();
    void showSettings();
    void showAbout();
    void updateTitle();
    void restoreLayout();
    void saveLayout() const;

    std::unique_ptr<Ui::MainWindow> m_ui;
    MainWindowServices m_services;
    QActionGroup *m_languageGroup;
    HistoryPanel *m_historyPanel = nullptr;
    BulkPanel *m_bulkPanel = nullptr;
    bool m_settledAfterSignIn = false;
};

} // namespace qd
