#include "MainWindow.h"

#include "AboutDialog.h"
#include "BulkPanel.h"
#include "ClearButtonName.h"
#include "HistoryPanel.h"
#include "ProxyCredentialsDialog.h"
#include "SettingsDialog.h"
#include "StartupDeferrals.h"
#include "UiLogging.h"
#include "history/SubmissionStore.h"
#include "i18n/LanguageManager.h"
#include "submission/SubmissionService.h"
#include "ui_MainWindow.h"

#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
// Puts the keyboard focus on the first control of panel that Tab would reach, unless the focus
// already is inside it (a tab opened by its shortcut is ready to be used without the mouse).
void focusFirstControl(QWidget *panel)
{
    const QWidget *focused = QApplication::focusWidget();
    if (focused && panel->isAncestorOf(focused))
        return;
    for (QWidget *w = panel->nextInFocusChain(); w && w != panel; w = w->nextInFocusChain()) {
        if (panel->isAncestorOf(w) && w->isVisibleTo(panel) && w->isEnabled() &&
            (w->focusPolicy() & Qt::TabFocus)) {
            w->setFocus(Qt::ShortcutFocusReason);
            return;
        }
    }
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()), m_languageGroup(new QActionGroup(this))
{
    m_ui->setupUi(this);
    m_ui->submitAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_ui->mainSplitter->setStretchFactor(0, 0);
    m_ui->mainSplitter->setStretchFactor(1, 1);
    m_ui->mainSplitter->setSizes({340, 840});
    m_ui->detailSplitter->setSizes({360, 320});
    m_ui->detailSplitter->setStretchFactor(0, 1);
    m_ui->detailSplitter->setStretchFactor(1, 0);

    connect(m_ui->findCustomerAction, &QAction::triggered, this, [this] {
        if (m_ui->mainTabWidget->currentWidget() == m_ui->historyTab && m_historyPanel) {
            m_historyPanel->focusFilter();
            return;
        }
        m_ui->customerSearchPanel->focusLookup();
    });
    connect(m_ui->refreshAction, &QAction::triggered, this, &MainWindow::refreshCurrent);
    connect(m_ui->submitAction, &QAction::triggered, this, [this] {
        showCustomers();
        m_ui->qualificationForm->submitShortcut();
    });
    connect(m_ui->showCustomersAction, &QAction::triggered, this, [this] {
        showCustomers();
        m_ui->customerSearchPanel->focusLookup();
    });
    connect(m_ui->showHistoryAction, &QAction::triggered, this, [this] {
        showHistory();
        if (m_historyPanel)
            m_historyPanel->focusFilter();
    });
    connect(m_ui->showBulkAction, &QAction::triggered, this, [this] {
        showBulk();
        if (m_bulkPanel)
            focusFirstControl(m_bulkPanel);
    });
    connect(m_ui->settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->copyDiagnosticsAction, &QAction::triggered, this, &MainWindow::copyDiagnostics);

    connect(m_ui->customerSearchPanel, &CustomerSearchPanel::customerActivated, this,
            &MainWindow::openCustomer);
    connect(m_ui->customerView, &CustomerView::qualificationsChanged, m_ui->qualificationForm,
            &QualificationForm::setExistingQualifications);
    connect(m_ui->qualificationForm, &QualificationForm::submitted, this,
            [this](const QString &customerId, const CustomerQualification &created) {
                if (customerId.compare(m_ui->customerView->customer().id, Qt::CaseInsensitive) != 0)
                    return;
                if (!created.qualification.isEmpty())
                    m_ui->customerView->mergeQualifications({created});
                m_ui->customerView->refresh();
            });
    connect(m_ui->customerView, &CustomerView::signInRequested, this, &MainWindow::signIn);
    connect(m_ui->qualificationForm, &QualificationForm::submissionRequested, this, [this](qint64 id) {
        showHistory();
        ensureTabPanels();
        m_historyPanel->showSubmission(id);
    });
    connect(m_ui->mainTabWidget, &QTabWidget::currentChanged, this, [this] {
        if (m_ui->mainTabWidget->currentWidget() != m_ui->customersTab)
            ensureTabPanels();
    });
    connect(m_ui->accountBar, &AccountBar::signedInChanged, this, &MainWindow::onSignedInChanged);
    connect(m_ui->accountBar, &AccountBar::settingsNeeded, this, &MainWindow::showSettings,
            Qt::QueuedConnection);

    // The form appears with the first customer; before that it would only be a wall of disabled controls.
    m_ui->qualificationForm->hide();
    setupLanguageMenu();
    nameMenuBarParts();
    restoreLayout();
    onSignedInChanged(false);
    updateTitle();
}

MainWindow::~MainWindow() = default;

QString MainWindow::settingsGroup()
{
    return u"mainWindow"_s;
}

void MainWindow::setServices(const MainWindowServices &services)
{
    m_services = services;
    m_ui->accountBar->setEnvironment(services.settings.environmentKind(), services.settings.baseUrl);
    if (services.browserOpener)
        m_ui->accountBar->setBrowserOpener(services.browserOpener);
    QString configProblem;
    if (services.session && !services.session->config().validate(&configProblem))
        m_ui->accountBar->setConfigurationProblem(configProblem);
    m_ui->accountBar->setSession(services.session);
    if (services.proxyAuthenticator)
        services.proxyAuthenticator->setPrompter(ProxyCredentialsDialog::prompter(this));
    m_ui->customerSearchPanel->setDirectory(services.directory);
    m_ui->customerView->setDirectory(services.directory);
    m_ui->qualificationForm->setValidationCodes(services.validationCodes);
    m_ui->qualificationForm->setService(services.submissions);
    if (m_historyPanel)
        applyTabServices();
    else if (services.directory || services.store)
        ensureTabPanels();
    if (services.store && !services.store->openNotice().isEmpty())
        statusBar()->showMessage(services.store->openNotice());
    setupLanguageMenu();
    // A fixed access token (automation) counts as signed in.
    onSignedInChanged(services.session ? services.session->isSignedIn() : services.directory != nullptr);
    updateTitle();
    // The panels turn their clear buttons on once they have services.
    ClearButtonName::applyAll(this);
    // Value labels become selectable once there are values (after the first paint).
    if (services.session || services.directory)
        startup::enableTextSelection(this);
}

void MainWindow::ensureTabPanels()
{
    if (m_historyPanel)
        return;
    m_historyPanel = new HistoryPanel(m_ui->historyTab);
    m_historyPanel->setObjectName(u"historyPanel"_s);
    m_ui->historyTab->layout()->addWidget(m_historyPanel);
    connect(m_historyPanel, &HistoryPanel::customerRequested, this, &MainWindow::openCustomerById);
    m_bulkPanel = new BulkPanel(m_ui->bulkTab);
    m_bulkPanel->setObjectName(u"bulkPanel"_s);
    m_ui->bulkTab->layout()->addWidget(m_bulkPanel);
    applyTabServices();
    ClearButtonName::applyAll(m_historyPanel);
    ClearButtonName::applyAll(m_bulkPanel);
}

void MainWindow::applyTabServices()
{
    m_historyPanel->setService(m_services.submissions);
    m_historyPanel->setStore(m_services.store, m_services.storeProblem);
    m_bulkPanel->setService(m_services.store && m_services.store->isOpen() ? m_services.submissions : nullptr,
                            m_services.directory, m_services.validationCodes);
}

void MainWindow::openCustomer(const Customer &customer)
{
    if (!customer.isValid())
        return;
    showCustomers();
    m_ui->customerView->setCustomer(customer);
    m_ui->qualificationForm->setCustomer(customer);
    m_ui->qualificationForm->show();
    updateTitle();
}

void MainWindow::openCustomerById(const QString &tenantId, const QString &companyName)
{
    Customer customer;
    customer.id = tenantId;
    customer.companyName = companyName;
    openCustomer(customer);
    m_ui->customerSearchPanel->rememberCustomer(customer);
    if (!m_services.directory)
        return;
    const TenantId tenant = TenantId::fromText(tenantId); // as the history row holds it
    m_services.directory->customer(tenant, this, [this](const Result<Customer> &result) {
        if (!result.ok())
            return;
        m_ui->customerView->setCustomerDetails(result.value);
        m_ui->customerSearchPanel->rememberCustomer(result.value);
    });
}

void MainWindow::signIn()
{
    m_ui->accountBar->signIn();
}

void MainWindow::showHistory()
{
    m_ui->mainTabWidget->setCurrentWidget(m_ui->historyTab);
}

void MainWindow::showBulk()
{
    m_ui->mainTabWidget->setCurrentWidget(m_ui->bulkTab);
}

void MainWindow::showCustomers()
{
    m_ui->mainTabWidget->setCurrentWidget(m_ui->customersTab);
}

void MainWindow::onSignedInChanged(bool signedIn)
{
    m_ui->customerSearchPanel->setEnabled(signedIn);
    m_ui->customerView->setSignedIn(signedIn);
    m_ui->qualificationForm->setEnabled(signedIn);
    m_ui->refreshAction->setEnabled(signedIn);
    m_ui->submitAction->setEnabled(signedIn);
    if (!signedIn)
        return;
    // Signed in: the next thing to do is type a customer.
    if (m_ui->mainTabWidget->currentWidget() == m_ui->customersTab && !m_ui->customerView->hasCustomer())
        m_ui->customerSearchPanel->focusLookup();
    // Submissions a crash left open are settled as soon as someone is signed in.
    if (!m_settledAfterSignIn && m_services.store && m_services.store->recoveredAtOpen() > 0) {
        m_settledAfterSignIn = true;
        ensureTabPanels();
        m_historyPanel->refreshStatuses();
    }
}

void MainWindow::refreshCurrent()
{
    if (m_ui->mainTabWidget->currentWidget() == m_ui->historyTab && m_historyPanel) {
        m_historyPanel->refreshStatuses();
        return;
    }
    m_ui->customerView->refresh();
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_services.settings, m_services.secrets, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QSettings settings;
    QPointer<MainWindow> self(this);
    dialog.save(settings, [self](const TokenStore::Outcome &outcome) {
        if (self && !outcome.ok())
            self->statusBar()->showMessage(
                tr("The history server's password could not be saved in the keychain: %1")
                    .arg(outcome.message),
                15000);
    });
    statusBar()->showMessage(tr("Settings saved. They take effect the next time QualDesk starts."), 8000);
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::bringToFront()
{
    if (isMinimized())
        setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    show();
    raise();
    activateWindow();
}

QString MainWindow::diagnosticsText() const
{
    DiagnosticsContext context;
    if (m_services.diagnosticsContext)
        context = m_services.diagnosticsContext();
    else
        context.settings = m_services.settings;
    context.platform = QGuiApplication::platformName();
    if (m_services.language)
        context.language = m_services.language->language();
    if (m_services.diagnostics)
        return m_services.diagnostics->report(context);
    return DiagnosticsLog().report(context);
}

void MainWindow::copyDiagnostics()
{
    QGuiApplication::clipboard()->setText(diagnosticsText());
    statusBar()->showMessage(tr("Diagnostics copied to the clipboard. They contain no token or password."),
                             8000);
}

void MainWindow::setupLanguageMenu()
{
    m_ui->languageMenu->clear();
    for (QAction *action : m_languageGroup->actions())
        m_languageGroup->removeAction(action);
    if (!m_services.language) {
        m_ui->languageMenu->menuAction()->setVisible(false);
        return;
    }
    m_ui->languageMenu->menuAction()->setVisible(true);
    for (const QString &code : LanguageManager::supportedLanguages()) {
        // Each language in its own name, so someone who does not read the current one finds theirs.
        QAction *action = m_ui->languageMenu->addAction(LanguageManager::nativeName(code));
        action->setObjectName(u"language_%1_Action"_s.arg(code));
        action->setCheckable(true);
        action->setData(code);
        m_languageGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] {
            if (m_services.language)
                m_services.language->setPreference(code);
        });
    }
    updateLanguageMenu();
}

void MainWindow::nameMenuBarParts()
{
    // The » button a narrow window shows for the menus that do not fit has only an icon.
    if (auto *more = menuBar()->findChild<QToolButton *>(u"qt_menubar_ext_button"_s))
        more->setAccessibleName(tr("More menus"));
}

void MainWindow::updateLanguageMenu()
{
    const QString current = m_services.language ? m_services.language->language() : QString();
    for (QAction *action : m_languageGroup->actions())
        action->setChecked(action->data().toString() == current);
}

void MainWindow::updateTitle()
{
    const QString environment = AppSettings::environmentName(m_services.settings.environmentKind());
    const Customer &customer = m_ui->customerView->customer();
    if (customer.isValid())
        setWindowTitle(
            tr("%1 — QualDesk (%2)")
                .arg(customer.companyName.isEmpty() ? customer.id : customer.companyName, environment));
    else
        setWindowTitle(tr("QualDesk (%1)").arg(environment));
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    settings.beginGroup(settingsGroup());
    restoreGeometry(settings.value(u"geometry"_s).toByteArray());
    restoreState(settings.value(u"state"_s).toByteArray());
    m_ui->mainSplitter->restoreState(settings.value(u"mainSplitter"_s).toByteArray());
    m_ui->detailSplitter->restoreState(settings.value(u"detailSplitter"_s).toByteArray());
    settings.endGroup();
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup());
    settings.setValue(u"geometry"_s, saveGeometry());
    settings.setValue(u"state"_s, saveState());
    settings.setValue(u"mainSplitter"_s, m_ui->mainSplitter->saveState());
    settings.setValue(u"detailSplitter"_s, m_ui->detailSplitter->saveState());
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        nameMenuBarParts();
        updateLanguageMenu();
        updateTitle();
        QString configProblem;
        if (m_services.session && !m_services.session->config().validate(&configProblem))
            m_ui->accountBar->setConfigurationProblem(configProblem);
    }
    QMainWindow::changeEvent(event);
}

} // namespace qd
