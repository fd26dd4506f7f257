#pragma once

#include "DesktopServices.h"
#include "MainWindow.h"
#include "Simulator.h"
#include "i18n/LanguageManager.h"
#include "settings/AppServices.h"
#include "settings/MemoryTokenStore.h"

#include <QAbstractItemView>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

// One real MainWindow wired like `qualdesk --demo` against an in-process simulator, with a
// temporary data folder. Widgets are found by objectName, as a user would find them by label.
class GuiHarness
{
public:
    // Once per test program, before any QSettings is made: settings go to a temporary folder.
    static void initApplication();
    // Clears what a previous test left in QSettings (geometry, recent customers, language).
    static void clearSettings();

    explicit GuiHarness(qd::sim::SimulatorOptions options = {});
    ~GuiHarness();

    // Starts the simulator, builds the services and shows the window. False on failure.
    bool start(qd::AuthSession::BrowserOpener opener = {});
    // Closes the window and its services as a quit (or a crash) would, keeping the simulator
    // and the data folder, and starts them again: the next run of the program.
    bool restart();
    // Clicks Sign in and waits until the account bar shows the signed-in user.
    bool signIn();
    // Types text into the lookup, presses Enter and waits until the customer view shows id.
    bool openCustomer(const QString &lookupText, const QString &id);
    // Waits until the customer's qualifications have been read.
    bool waitForQualifications();

    // A real double-click on a cell: press and release, then the double-click event (QTest's
    // mouseDClick alone sends only the latter, which item views ignore without a press).
    static void doubleClick(QAbstractItemView *view, const QModelIndex &index);

    // The widget with that objectName; warns when there is none or more than one (another
    // panel may use the same name: then use findIn with the panel's name).
    template <typename T> T *find(const QString &objectName) const
    {
        const QList<T *> all = window->findChildren<T *>(objectName);
        if (all.size() != 1)
            qWarning("%lld widgets named %s", qlonglong(all.size()), qPrintable(objectName));
        return all.value(0);
    }
    template <typename T> T *findIn(const QString &panelName, const QString &objectName) const
    {
        QWidget *panel = window->findChild<QWidget *>(panelName);
        T *widget = panel ? panel->findChild<T *>(objectName) : nullptr;
        if (!widget)
            qWarning("no widget named %s in %s", qPrintable(objectName), qPrintable(panelName));
        return widget;
    }

    QString proxy;         // the settings' proxy text for the next start(); empty: the system's
    QString historyServer; // a team's history server for the next start(); empty: the data folder

    QTemporaryDir dataDir;
    std::unique_ptr<qd::sim::Simulator> sim;
    std::unique_ptr<qd::MemoryTokenStore> tokens;
    std::unique_ptr<qd::DesktopServices> desktop; // the program's own composition root
    qd::AppServices *services = nullptr;          // desktop's
    std::unique_ptr<qd::LanguageManager> languages;
    std::unique_ptr<qd::MainWindow> window;

private:
    bool build(qd::AuthSession::BrowserOpener opener);

    qd::sim::SimulatorOptions m_options;
};
