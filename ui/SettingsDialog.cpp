#include "SettingsDialog.h"

#include "UiLogging.h"
#include "history/SubmissionStore.h"
#include "settings/AppServices.h"
#include "settings/NetworkSetup.h"
#include "ui_SettingsDialog.h"

#include <QEvent>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QUrl>
#include <climits>

using namespace Qt::StringLiterals;

namespace qd {

SettingsDialog::SettingsDialog(const AppSettings &current, QWidget *parent)
    : SettingsDialog(current, nullptr, parent)
{}

SettingsDialog::SettingsDialog(const AppSettings &current, TokenStore *secrets, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::SettingsDialog>()), m_initial(current), m_secrets(secrets)
{
    m_ui->setupUi(this);
    m_ui->restartNoteLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->historyNoteLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->settingsProblemLabel->setStyleSheet(u"color: #a8201a;"_s);
    m_ui->historyServerProblemLabel->setStyleSheet(u"color: #a8201a;"_s);
    m_ui->timeoutSpinBox->setSuffix(tr(" s", "seconds"));
    fillEnvironments();
    const EnvironmentKind kind = current.environmentKind();
    m_ui->environmentComboBox->setCurrentIndex(m_ui->environmentComboBox->findData(int(kind)));
    if (kind == EnvironmentKind::Custom)
        m_customBaseUrl = current.baseUrl.toString();
    // In demo mode the in-process simulator decides the addresses; show what a switch to
    // Production would use.
    m_ui->authorityEdit->setText(kind == EnvironmentKind::Demo ? AppSettings::defaultAuthority().toString()
                                                               : current.authority.toString());
    m_ui->clientIdEdit->setText(kind == EnvironmentKind::Demo ? QString() : current.clientId);
    m_ui->timeoutSpinBox->setValue(qMax(5, current.requestTimeoutMs / 1000));
    m_ui->proxyEdit->setText(current.proxy);
    m_ui->caFileEdit->setText(current.caFile);
    m_ui->historyServerEdit->setText(current.historyServer);
    m_ui->historyOfflineCheckBox->setChecked(current.offline);

    connect(m_ui->environmentComboBox, &QComboBox::currentIndexChanged, this,
            &SettingsDialog::onEnvironmentChanged);
    connect(m_ui->baseUrlEdit, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_customBaseUrl = text;
        updateState();
    });
    connect(m_ui->authorityEdit, &QLineEdit::textChanged, this, &SettingsDialog::updateState);
    connect(m_ui->clientIdEdit, &QLineEdit::textChanged, this, &SettingsDialog::updateState);
    connect(m_ui->proxyEdit, &QLineEdit::textChanged, this, &SettingsDialog::updateState);
    connect(m_ui->caFileEdit, &QLineEdit::textChanged, this, &SettingsDialog::updateState);
    // A test's outcome says nothing about an address or password typed since.
    const auto forgetTest = [this] {
        m_historyResult.reset();
        updateState();
    };
    connect(m_ui->historyServerEdit, &QLineEdit::textChanged, this, forgetTest);
    connect(m_ui->historyPasswordEdit, &QLineEdit::textChanged, this, forgetTest);
    connect(m_ui->historyTestButton, &QPushButton::clicked, this, &SettingsDialog::testHistory);
    connect(&m_probe, &HistoryServerProbe::finished, this, &SettingsDialog::showHistoryResult);
    connect(m_ui->settingsButtonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->settingsButtonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    onEnvironmentChanged();
}

SettingsDialog::~SettingsDialog() = default;

QString SettingsDialog::demoSettingsKey()
{
    return u"ui/demo"_s;
}

void SettingsDialog::fillEnvironments()
{
    auto *combo = m_ui->environmentComboBox;
    const int index = combo->currentIndex();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(tr("Demo (built-in simulator)"), int(EnvironmentKind::Demo));
    combo->addItem(tr("Production (Partner Center)"), int(EnvironmentKind::Production));
    combo->addItem(tr("Custom address"), int(EnvironmentKind::Custom));
    combo->setCurrentIndex(index);
}

EnvironmentKind SettingsDialog::environment() const
{
    return EnvironmentKind(m_ui->environmentComboBox->currentData().toInt());
}

void SettingsDialog::onEnvironmentChanged()
{
    const EnvironmentKind kind = environment();
    const QSignalBlocker blocker(m_ui->baseUrlEdit);
    switch (kind) {
    case EnvironmentKind::Demo:
        m_ui->baseUrlEdit->setText(tr("started by QualDesk on this computer"));
        break;
    case EnvironmentKind::Production:
        m_ui->baseUrlEdit->setText(AppSettings::defaultBaseUrl().toString());
        break;
    case EnvironmentKind::Custom:
        m_ui->baseUrlEdit->setText(m_customBaseUrl);
        break;
    }
    m_ui->baseUrlEdit->setReadOnly(kind != EnvironmentKind::Custom);
    m_ui->authorityEdit->setEnabled(kind != EnvironmentKind::Demo);
    m_ui->clientIdEdit->setEnabled(kind != EnvironmentKind::Demo);
    updateState();
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s = m_initial;
    s.demo = environment() == EnvironmentKind::Demo;
    if (environment() == EnvironmentKind::Custom)
        s.baseUrl = QUrl::fromUserInput(m_customBaseUrl.trimmed());
    else if (environment() == EnvironmentKind::Production)
        s.baseUrl = AppSettings::defaultBaseUrl();
    else if (m_initial.environmentKind() == EnvironmentKind::Demo)
        s.baseUrl = AppSettings::defaultBaseUrl(); // the simulator's port is not worth keeping
    if (!s.demo) {
        const QString authority = m_ui->authorityEdit->text().trimmed();
        s.authority = authority.isEmpty() ? AppSettings::defaultAuthority() : QUrl::fromUserInput(authority);
        s.clientId = m_ui->clientIdEdit->text().trimmed();
    }
    s.requestTimeoutMs = m_ui->timeoutSpinBox->value() * 1000;
    s.proxy = m_ui->proxyEdit->text().trimmed();
    s.caFile = m_ui->caFileEdit->text().trimmed();
    s.historyServer = historyServer();
    s.offline = m_ui->historyOfflineCheckBox->isChecked();
    s.inputProblems.clear();
    return s;
}

QStringList SettingsDialog::problems() const
{
    const AppSettings s = settings();
    QStringList list = NetworkSetup::validate(s.proxy, s.caFile);
    if (const QString history = historyProblem(); !history.isEmpty())
        list << history;
    if (environment() == EnvironmentKind::Demo)
        return list;
    QString reason;
    if (environment() == EnvironmentKind::Custom && m_customBaseUrl.trimmed().isEmpty())
        list << tr("Enter the address of the Partner Center to use.");
    else if (!AppSettings::isAllowedEndpoint(s.baseUrl, &reason))
        list << reason;
    if (!AppSettings::isAllowedEndpoint(s.authority, &reason))
        list << reason;
    return list;
}

void SettingsDialog::save(QSettings &settings, TokenStore::Callback passwordSaved) const
{
    const AppSettings s = this->settings();
    // This run's server may not be the saved one (--history, QUALDESK_HISTORY, --demo leaves the
    // saved one out): an address left as it was keeps what is saved.
    const bool historyEdited = s.historyServer != m_initial.historyServer.trimmed();
    const QVariant savedHistory = settings.value(SettingsKey::History);
    if (!s.demo)
        s.save(settings);
    else {
        settings.setValue(SettingsKey::TimeoutSeconds, s.requestTimeoutMs / 1000);
        s.saveNetwork(settings);
        s.saveHistory(settings);
    }
    if (!historyEdited) {
        if (savedHistory.isValid())
            settings.setValue(SettingsKey::History, savedHistory);
        else
            settings.remove(SettingsKey::History);
    }
    settings.setValue(demoSettingsKey(), s.demo);
    // saveHistory() left any password out of the file; it belongs in the keychain.
    const QString password = newHistoryPassword();
    if (password.isEmpty() || s.historyServer.isEmpty() || !m_secrets)
        return;
    m_secrets->write(AppServices::historyPasswordKey(s.historyServer), password,
                     [passwordSaved = std::move(passwordSaved)](const TokenStore::Outcome &outcome) {
                         if (!outcome.ok())
                             qCWarning(lcUi) << "history server password not saved:" << outcome.message;
                         if (passwordSaved)
                             passwordSaved(outcome);
                     });
}

QString SettingsDialog::historyServer() const
{
    return m_ui->historyServerEdit->text().trimmed();
}

QString SettingsDialog::newHistoryPassword() const
{
    const QString typed = m_ui->historyPasswordEdit->text();
    if (!typed.isEmpty())
        return typed;
    return QUrl(historyServer()).password();
}

QString SettingsDialog::historyProblem() const
{
    const QString server = historyServer();
    return server.isEmpty() ? QString() : SubmissionStore::checkServerLocation(server);
}

bool SettingsDialog::isTestingHistory() const
{
    return m_waitingForPassword || m_probe.isRunning();
}

void SettingsDialog::testHistory()
{
    const QString location = historyServer();
    if (isTestingHistory() || location.isEmpty() || !historyProblem().isEmpty())
        return;
    m_historyResult.reset();
    const QString typed = m_ui->historyPasswordEdit->text();
    if (!typed.isEmpty() || !QUrl(location).password().isEmpty() || !m_secrets) {
        startHistoryProbe(location, typed);
        return;
    }
    // Nothing typed: the password the program would use, from the keychain (none: ~/.pgpass).
    m_waitingForPassword = true;
    updateHistoryState();
    QPointer<SettingsDialog> self(this);
    m_secrets->read(AppServices::historyPasswordKey(location),
                    [self, location](const TokenStore::Outcome &outcome) {
                        if (!self)
                            return;
                        self->m_waitingForPassword = false;
                        self->startHistoryProbe(location, outcome.ok() ? outcome.secret : QString());
                    });
}

void SettingsDialog::startHistoryProbe(const QString &location, const QString &password)
{
    m_probe.start(location, password);
    updateHistoryState();
}

void SettingsDialog::showHistoryResult(const HistoryServerProbe::Result &result)
{
    // Typed over while it ran: the outcome belongs to another address.
    if (result.location == historyServer())
        m_historyResult = result;
    updateHistoryState();
}

void SettingsDialog::updateHistoryState()
{
    const QString problem = historyProblem();
    m_ui->historyServerProblemLabel->setText(problem);
    m_ui->historyServerProblemLabel->setVisible(!problem.isEmpty());
    const bool testing = isTestingHistory();
    m_ui->historyTestButton->setEnabled(!testing && !historyServer().isEmpty() && problem.isEmpty());
    m_ui->historyTestProgressBar->setVisible(testing);
    QString text;
    QString color;
    if (testing) {
        text = tr("Connecting to the team's history…");
    } else if (m_historyResult && m_historyResult->ok) {
        const int count = int(qMin<qint64>(m_historyResult->submissions, INT_MAX));
        text = m_historyResult->readOnly
                   ? tr("Connected, read only: %n submission(s) in the team's history.", nullptr, count)
                   : tr("Connected: %n submission(s) in the team's history.", nullptr, count);
        color = u"color: #1e6b2e;"_s;
    } else if (m_historyResult) {
        text = m_historyResult->error.message;
        color = u"color: #a8201a;"_s;
    }
    m_ui->historyTestResultLabel->setText(text);
    m_ui->historyTestResultLabel->setStyleSheet(color);
    m_ui->historyTestResultLabel->setVisible(!text.isEmpty());
}

void SettingsDialog::updateState()
{
    const EnvironmentKind kind = environment();
    QString hint;
    if (kind == EnvironmentKind::Demo) {
        hint = tr("Demo mode starts a simulated Partner Center with sample customers on this computer. "
                  "Nothing is sent to Microsoft.");
    } else if (m_ui->clientIdEdit->text().trimmed().isEmpty()) {
        hint =
            tr("<b>A client ID is needed to sign in.</b> QualDesk ships none: register your own application "
               "in Microsoft Entra ID (App registrations → New registration, platform “Mobile and desktop "
               "applications”, redirect URI <tt>http://localhost</tt>), add the delegated API permission "
               "<i>Microsoft Partner Center → user_impersonation</i>, grant admin consent, and enter its "
               "Application (client) ID here. Sign-in requires multi-factor authentication.");
    }
    m_ui->productionHintLabel->setText(hint);
    m_ui->productionHintLabel->setVisible(!hint.isEmpty());
    const QStringList list = problems();
    // The history server's problem is shown next to its field (updateHistoryState).
    QStringList elsewhere = list;
    elsewhere.removeAll(historyProblem());
    m_ui->settingsProblemLabel->setText(elsewhere.join(u'\n'));
    m_ui->settingsProblemLabel->setVisible(!elsewhere.isEmpty());
    m_ui->settingsButtonBox->button(QDialogButtonBox::Ok)->setEnabled(list.isEmpty());
    updateHistoryState();
}

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        m_ui->timeoutSpinBox->setSuffix(tr(" s", "seconds"));
        fillEnvironments();
        onEnvironmentChanged();
    }
    QDialog::changeEvent(event);
}

} // namespace qd
