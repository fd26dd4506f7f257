#pragma once

#include "auth/TokenStore.h"
#include "history/HistoryServerProbe.h"
#include "settings/AppSettings.h"

#include <QDialog>
#include <memory>
#include <optional>

namespace Ui {
class SettingsDialog;
}

namespace qd {

// Environment (Demo, Production, a custom base URL), sign-in authority, client ID and request
// timeout. Production without a client ID explains what the partner has to register.
// Team history: a PostgreSQL server's URL (saved without a password) and its password (saved in
// secrets, the keychain, under AppServices::historyPasswordKey), with a connection test that runs
// off the GUI thread.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(const AppSettings &current, QWidget *parent = nullptr);
    // secrets (not owned; may be null: no password is saved or read) keeps the history
    // server's password.
    SettingsDialog(const AppSettings &current, TokenStore *secrets, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // The edited values (base URL, authority, client ID, timeout, demo).
    AppSettings settings() const;
    EnvironmentKind environment() const;
    // Reasons the values cannot be saved, translated; empty when OK may be pressed.
    QStringList problems() const;
    // Stores the values where the next start reads them. A history server password typed in
    // (or written in its URL) goes to secrets only; passwordSaved, when given, hears how that went
    // (it is not called when there is no new password).
    void save(QSettings &settings, TokenStore::Callback passwordSaved = {}) const;
    // The history server's password as typed (or from its URL); empty: keep the stored one.
    QString newHistoryPassword() const;
    // Whether a connection test is running.
    bool isTestingHistory() const;

    static QString demoSettingsKey(); // "ui/demo"

protected:
    void changeEvent(QEvent *event) override;

private:
    void fillEnvironments();
    void onEnvironmentChanged();
    void updateState();
    QString historyServer() const;
    QString historyProblem() const;
    void testHistory();
    void startHistoryProbe(const QString &location, const QString &password);
    void showHistoryResult(const HistoryServerProbe::Result &result);
    void updateHistoryState();

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    AppSettings m_initial;
    QString m_customBaseUrl;
    TokenStore *m_secrets = nullptr;
    HistoryServerProbe m_probe;
    bool m_waitingForPassword = false; // the test reads the stored password first
    // The last test's outcome, shown until the address or password changes (kept for a
    // language switch).
    std::optional<HistoryServerProbe::Result> m_historyResult;
};

} // namespace qd
