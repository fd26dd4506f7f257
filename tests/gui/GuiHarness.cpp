#include "GuiHarness.h"

#include "CustomerView.h"
#include "i18n/LanguageManager.h"
#include "settings/AppServices.h"
#include "settings/MemoryTokenStore.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {
QTemporaryDir *settingsDir()
{
    static QTemporaryDir dir;
    return &dir;
}
} // namespace

void GuiHarness::initApplication()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"QualDeskGuiTests"_s);
    QCoreApplication::setApplicationName(u"QualDeskGuiTests"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir()->path());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir()->path());
}

void GuiHarness::clearSettings()
{
    QSettings settings;
    settings.clear();
    settings.sync();
}

GuiHarness::GuiHarness(qd::sim::SimulatorOptions options) : m_options(std::move(options)) {}

GuiHarness::~GuiHarness()
{
    // The window goes before the services it uses, the services before their simulator.
    window.reset();
    services = nullptr;
    desktop.reset();
    tokens.reset();
    languages.reset();
    sim.reset();
}

bool GuiHarness::start(qd::AuthSession::BrowserOpener opener)
{
    if (!dataDir.isValid())
        return false;
    sim = std::make_unique<qd::sim::Simulator>(m_options);
    if (!sim->listen()) {
        qWarning("simulator: %s", qPrintable(sim->errorString()));
        return false;
    }
    return build(opener);
}

bool GuiHarness::restart()
{
    window.reset();
    services = nullptr;
    desktop.reset();
    tokens.reset();
    languages.reset();
    return build({});
}

bool GuiHarness::build(qd::AuthSession::BrowserOpener opener)
{
    qd::AppSettings settings;
    settings.demo = true;
    settings.dataDir = dataDir.path();
    settings.language = u"en"_s;
    settings.proxy = proxy;
    settings.historyServer = historyServer;
    tokens = std::make_unique<qd::MemoryTokenStore>();
    languages = std::make_unique<qd::LanguageManager>();
    languages->apply(u"en"_s);
    desktop = std::make_unique<qd::DesktopServices>();
    qd::DesktopServices::Options options;
    options.simulator = sim.get();
    options.tokenStore = tokens.get();
    options.browserOpener = opener;
    if (!desktop->start(settings, languages.get(), options)) {
        qWarning("services: %s", qPrintable(desktop->error()));
        return false;
    }
    services = desktop->services();
    window = std::make_unique<qd::MainWindow>();
    window->setServices(desktop->windowServices());
    window->resize(1180, 760);
    window->show();
    return QTest::qWaitForWindowExposed(window.get());
}

bool GuiHarness::signIn()
{
    auto *button = find<QAbstractButton>(u"signInButton"_s);
    if (!button || !button->isVisible())
        return false;
    QTest::mouseClick(button, Qt::LeftButton);
    auto *signOut = find<QAbstractButton>(u"signOutButton"_s);
    return QTest::qWaitFor([signOut] { return signOut->isVisible(); }, 15000);
}

bool GuiHarness::openCustomer(const QString &lookupText, const QString &id)
{
    auto *edit = find<QLineEdit>(u"customerSearchEdit"_s);
    auto *view = find<qd::CustomerView>(u"customerView"_s);
    if (!edit || !view)
        return false;
    edit->clear();
    QTest::keyClicks(edit, lookupText);
    QTest::keyClick(edit, Qt::Key_Return);
    if (!QTest::qWaitFor([view, id] { return view->customer().id == id; }, 15000))
        return false;
    return waitForQualifications();
}

bool GuiHarness::waitForQualifications()
{
    auto *view = find<qd::CustomerView>(u"customerView"_s);
    auto *refresh = find<QAbstractButton>(u"refreshButton"_s);
    return QTest::qWaitFor([view, refresh] { return !view->isLoading() && refresh->isEnabled(); }, 15000);
}

void GuiHarness::doubleClick(QAbstractItemView *view, const QModelIndex &index)
{
    const QPoint at = view->visualRect(index).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
}
