#pragma once

#include "settings/AppSettings.h"

#include <QDialog>
#include <memory>

namespace Ui {
class SettingsDialog;
}

namespace qd {

// Environment (Demo, Production, a custom base URL), sign-in authority, client ID and request
// timeout. Production without a client ID explains what the partner has to register.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(const AppSettings &current, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // The edited values (base URL, authority, client ID, timeout, demo).
    AppSettings settings() const;
    EnvironmentKind environment() const;
    // Reasons the values cannot be saved, translated; empty when OK may be pressed.
    QStringList problems() const;
    // Stores the values where the next start reads them.
    void save(QSettings &settings) const;

    static QString demoSettingsKey(); // "ui/demo"

protected:
    void changeEvent(QEvent *event) override;

private:
    void fillEnvironments();
    void onEnvironmentChanged();
    void updateState();

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    AppSettings m_initial;
    QString m_customBaseUrl;
};

} // namespace qd
