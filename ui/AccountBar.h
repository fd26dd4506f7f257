#pragma once

#include "auth/AuthSession.h"
#include "settings/AppSettings.h"

#include <QPointer>
#include <QUrl>
#include <QWidget>
#include <memory>

namespace Ui {
class AccountBar;
}

namespace qd {

class DeviceCodeDialog;

// Who is signed in (name, UPN, partner tenant), Sign in / Sign out, and a badge naming the
// environment. Sign-in runs the browser flow of the session; while it waits the bar offers
// Cancel and a device-code fallback, and the rest of the window stays usable.
class AccountBar : public QWidget
{
    Q_OBJECT
public:
    explicit AccountBar(QWidget *parent = nullptr);
    ~AccountBar() override;

    void setSession(AuthSession *session);
    // How the browser step is opened (QDesktopServices in production, the simulator's
    // auto-approving loopback fetch in --demo).
    void setBrowserOpener(AuthSession::BrowserOpener opener);
    void setEnvironment(EnvironmentKind kind, const QUrl &baseUrl);
    // Shown instead of the Sign in button's action when sign-in cannot start (no client ID).
    void setConfigurationProblem(const QString &problem);

    void signIn();
    void signInWithDeviceCode();
    void cancelSignIn();
    void signOut();

    DeviceCodeDialog *deviceCodeDialog() const;
    // Environment badge text, e.g. "Demo", "Production" or the custom host.
    static QString badgeText(EnvironmentKind kind, const QUrl &baseUrl);

signals:
    void signedInChanged(bool signedIn);
    // Sign-in cannot start because of the settings; the window offers the settings dialog.
    void settingsNeeded();

protected:
    void changeEvent(QEvent *event) override;

private:
    enum class Note
    {
        None,
        SignInFailed,
        SignedOut,
        BrowserFailed,
        BrowserSilent,
        KeychainUnavailable,
        Configuration
    };

    void onStateChanged();
    void showSignOut(AuthSession::SignOutReason reason, const QString &message);
    void updateTexts();
    void setNote(Note note, const QString &text = {});

    std::unique_ptr<Ui::AccountBar> m_ui;
    QPointer<AuthSession> m_session;
    AuthSession::BrowserOpener m_opener;
    EnvironmentKind m_environment = EnvironmentKind::Production;
    QUrl m_baseUrl;
    QUrl m_signInUrl;
    QString m_configurationProblem;
    QPointer<DeviceCodeDialog> m_deviceDialog;
    bool m_exchanging = false;
    bool m_wasSignedIn = false;
    Note m_note = Note::None;
    QString m_noteText; // text from the core (already translated when it was produced)
};

} // namespace qd
