#include "AccountBar.h"

#include "DeviceCodeDialog.h"
#include "UiLogging.h"
#include "ui_AccountBar.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QEvent>
#include <QGuiApplication>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
QString badgeStyle(EnvironmentKind kind)
{
    QString colours;
    switch (kind) {
    case EnvironmentKind::Demo:
        colours = u"background: #fdf1d6; color: #6b4400; border: 1px solid #eed29a;"_s;
        break;
    case EnvironmentKind::Production:
        colours = u"background: #e3eefb; color: #123f73; border: 1px solid #b9cfee;"_s;
        break;
    case EnvironmentKind::Custom:
        colours = u"background: #eceef0; color: #3a4148; border: 1px solid #cfd4d9;"_s;
        break;
    }
    return u"QLabel#environmentBadgeLabel { %1 border-radius: 10px; padding: 2px 10px; font-weight: 600; }"_s
        .arg(colours);
}
} // namespace

AccountBar::AccountBar(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::AccountBar>()),
      m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    m_ui->setupUi(this);
    QFont bold = m_ui->accountNameLabel->font();
    bold.setBold(true);
    m_ui->accountNameLabel->setFont(bold);
    m_ui->accountDetailsLabel->setForegroundRole(QPalette::PlaceholderText);
    connect(m_ui->signInButton, &QPushButton::clicked, this, &AccountBar::signIn);
    connect(m_ui->signOutButton, &QPushButton::clicked, this, &AccountBar::signOut);
    connect(m_ui->cancelSignInButton, &QPushButton::clicked, this, &AccountBar::cancelSignIn);
    connect(m_ui->deviceCodeButton, &QPushButton::clicked, this, &AccountBar::signInWithDeviceCode);
    connect(m_ui->copySignInLinkButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_signInUrl.toString()); });
    setEnvironment(EnvironmentKind::Production, AppSettings::defaultBaseUrl());
    updateTexts();
}

AccountBar::~AccountBar() = default;

DeviceCodeDialog *AccountBar::deviceCodeDialog() const
{
    return m_deviceDialog;
}

void AccountBar::setSession(AuthSession *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (session) {
        connect(session, &AuthSession::stateChanged, this, &AccountBar::onStateChanged);
        connect(session, &AuthSession::accountChanged, this, &AccountBar::updateTexts);
        connect(session, &AuthSession::signInFailed, this,
                [this](const QString &message) { setNote(Note::SignInFailed, message); });
        connect(session, &AuthSession::signedOut, this, &AccountBar::showSignOut);
        connect(session, &AuthSession::keychainUnavailable, this,
                [this](const QString &message) { setNote(Note::KeychainUnavailable, message); });
    }
    onStateChanged();
}

void AccountBar::setBrowserOpener(AuthSession::BrowserOpener opener)
{
    m_opener = std::move(opener);
}

void AccountBar::setEnvironment(EnvironmentKind kind, const QUrl &baseUrl)
{
    m_environment = kind;
    m_baseUrl = baseUrl;
    m_ui->environmentBadgeLabel->setStyleSheet(badgeStyle(kind));
    updateTexts();
}

void AccountBar::setConfigurationProblem(const QString &problem)
{
    m_configurationProblem = problem;
    updateTexts();
}

QString AccountBar::badgeText(EnvironmentKind kind, const QUrl &baseUrl)
{
    // One short word (the tooltip has the long name and the address).
    switch (kind) {
    case EnvironmentKind::Demo:
        return tr("Demo", "environment badge");
    case EnvironmentKind::Production:
        return tr("Production", "environment badge");
    case EnvironmentKind::Custom:
        break;
    }
    const QString host =
        baseUrl.port() > 0 ? u"%1:%2"_s.arg(baseUrl.host()).arg(baseUrl.port()) : baseUrl.host();
    return host.isEmpty() ? AppSettings::environmentName(kind) : host;
}

void AccountBar::signIn()
{
    if (!m_session)
        return;
    QString problem;
    if (!m_session->config().validate(&problem)) {
        setNote(Note::Configuration, problem);
        emit settingsNeeded();
        return;
    }
    setNote(Note::None);
    m_exchanging = false;
    m_signInUrl.clear();
    BrowserSignIn *flow = m_session->signInWithBrowser(m_opener);
    if (!flow)
        return;
    connect(flow, &BrowserSignIn::authorizationUrlReady, this, [this](const QUrl &url) {
        m_signInUrl = url;
        updateTexts();
    });
    connect(flow, &BrowserSignIn::browserOpenFailed, this, [this](const QUrl &url) {
        m_signInUrl = url;
        setNote(Note::BrowserFailed);
    });
    // Opened, but nothing came back (no default browser, a browser on another display):
    // the same way out as when none could be opened.
    connect(flow, &BrowserSignIn::browserNotAnswering, this, [this](const QUrl &url) {
        m_signInUrl = url;
        if (!m_exchanging)
            setNote(Note::BrowserSilent);
    });
    connect(flow, &BrowserSignIn::exchangingCode, this, [this] {
        m_exchanging = true;
        updateTexts();
    });
    if (m_signInUrl.isEmpty())
        m_signInUrl = flow->authorizationUrl();
    updateTexts();
}

void AccountBar::signInWithDeviceCode()
{
    if (!m_session)
        return;
    setNote(Note::None);
    DeviceCodeSignIn *flow = m_session->signInWithDeviceCode();
    if (!flow)
        return;
    if (m_deviceDialog)
        m_deviceDialog->deleteLater();
    m_deviceDialog = new DeviceCodeDialog(flow, window());
    m_deviceDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_deviceDialog, &QDialog::rejected, this, [this] {
        if (m_session && m_session->state() == AuthSession::State::SigningIn)
            m_session->cancelSignIn();
    });
    m_deviceDialog->open();
}

void AccountBar::cancelSignIn()
{
    if (m_session)
        m_session->cancelSignIn();
}

void AccountBar::signOut()
{
    if (m_session)
        m_session->signOut();
}

void AccountBar::showSignOut(AuthSession::SignOutReason reason, const QString &message)
{
    const bool quiet = reason == AuthSession::SignOutReason::UserSignedOut ||
                       reason == AuthSession::SignOutReason::NoStoredSignIn ||
                       reason == AuthSession::SignOutReason::None;
    setNote(quiet ? Note::None : Note::SignedOut, message);
}

void AccountBar::onStateChanged()
{
    const bool signedIn = m_session && m_session->isSignedIn();
    if (signedIn)
        setNote(Note::None);
    // A session that ends says why at once, with the sign-in button, not a moment later when
    // its dead secret has left the keychain.
    if (m_wasSignedIn && m_session && m_session->state() == AuthSession::State::SignedOut)
        showSignOut(m_session->signOutReason(), m_session->lastMessage());
    m_wasSignedIn = signedIn;
    if (!m_session || m_session->state() != AuthSession::State::SigningIn) {
        m_exchanging = false;
        if (m_deviceDialog && signedIn)
            m_deviceDialog->accept();
    }
    updateTexts();
    emit signedInChanged(signedIn);
}

void AccountBar::setNote(Note note, const QString &text)
{
    m_note = note;
    m_noteText = text;
    updateTexts();
}

void AccountBar::updateTexts()
{
    m_ui->environmentBadgeLabel->setText(badgeText(m_environment, m_baseUrl));
    m_ui->environmentBadgeLabel->setToolTip(
        tr("%1: Partner Center at %2")
            .arg(AppSettings::environmentName(m_environment), m_baseUrl.toString()));

    const AuthSession::State state = m_session ? m_session->state() : AuthSession::State::SignedOut;
    const bool signedIn = state == AuthSession::State::SignedIn;
    const bool signingIn = state == AuthSession::State::SigningIn;
    const bool restoring = state == AuthSession::State::Restoring;

    if (signedIn) {
        const IdTokenClaims account = m_session->account();
        m_ui->accountNameLabel->setText(account.name.isEmpty() ? account.preferredUsername : account.name);
        QStringList details;
        if (!account.name.isEmpty() && !account.preferredUsername.isEmpty())
            details << account.preferredUsername;
        if (!account.tenantId.isEmpty())
            details << tr("partner tenant %1").arg(account.tenantId);
        m_ui->accountDetailsLabel->setText(details.join(u"  ·  "_s));
    } else {
        m_ui->accountNameLabel->setText(restoring ? tr("Signing in…") : tr("Not signed in"));
        m_ui->accountDetailsLabel->clear();
    }
    m_ui->accountDetailsLabel->setVisible(!m_ui->accountDetailsLabel->text().isEmpty());

    QString message;
    bool problem = false;
    if (signingIn) {
        message = m_exchanging ? tr("Finishing sign-in…") : tr("Waiting for the browser…");
        if (m_deviceDialog)
            message = tr("Waiting for the code to be entered…");
    }
    switch (m_note) {
    case Note::None:
        break;
    case Note::BrowserFailed:
        message = tr("No browser could be opened. Copy the link and open it yourself, or use a code.");
        problem = true;
        break;
    case Note::BrowserSilent:
        if (signingIn && !m_exchanging) {
            message = tr("The browser has not answered. Copy the link and open it in a browser yourself, or "
                         "use a code.");
            problem = true;
        }
        break;
    case Note::SignInFailed:
    case Note::SignedOut:
    case Note::Configuration:
        if (!signingIn) {
            message = m_noteText;
            problem = true;
        }
        break;
    case Note::KeychainUnavailable:
        if (!signingIn)
            message = m_noteText;
        break;
    }
    if (message.isEmpty() && !signedIn && !signingIn && !restoring && !m_configurationProblem.isEmpty()) {
        message = m_configurationProblem;
        problem = true;
    }
    m_ui->signInMessageLabel->setText(message);
    m_ui->signInMessageLabel->setVisible(!message.isEmpty());
    m_ui->signInMessageLabel->setStyleSheet(problem ? u"color: #a8201a;"_s : QString());

    m_ui->signInProgressBar->setVisible(signingIn || restoring);
    m_ui->cancelSignInButton->setVisible(signingIn);
    m_ui->deviceCodeButton->setVisible(signingIn && !m_deviceDialog && !m_exchanging);
    m_ui->copySignInLinkButton->setVisible(signingIn && !m_deviceDialog && !m_signInUrl.isEmpty() &&
                                           !m_exchanging);
    m_ui->signInButton->setVisible(!signedIn && !signingIn);
    m_ui->signInButton->setEnabled(m_session && !restoring);
    m_ui->signOutButton->setVisible(signedIn);
}

void AccountBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        updateTexts();
    }
    QWidget::changeEvent(event);
}

} // namespace qd
