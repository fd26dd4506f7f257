// The whole flow without a mouse: sign in, look up a customer, open it, choose a qualification,
// submit and confirm, then open History and Bulk by the shortcuts the View menu shows. Every key
// goes to the widget that has the keyboard focus, as it would from a real keyboard.
#include "CustomerView.h"
#include "GuiHarness.h"
#include "SeedFixtures.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QFrame>
#include <QHash>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QRadioButton>
#include <QTabWidget>
#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;

namespace {
QWidget *focused()
{
    return QApplication::focusWidget();
}

QString focusName()
{
    QWidget *w = focused();
    return w ? w->objectName() : u"(none)"_s;
}

// One key to whatever has the focus (the window when nothing has).
void press(GuiHarness &h, Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QWidget *target = focused();
    QTest::keyClick(target ? target : h.window.get(), key, modifiers);
}

// Presses Tab until the named widget has the focus; false when a full round never reaches it.
bool tabTo(GuiHarness &h, const QString &objectName, int maxPresses = 60)
{
    for (int i = 0; i < maxPresses; ++i) {
        if (focused() && focused()->objectName() == objectName)
            return true;
        press(h, Qt::Key_Tab);
    }
    return focused() && focused()->objectName() == objectName;
}

// The menu of the menu bar that holds action, or null.
QMenu *menuOf(QMainWindow *window, const QAction *action)
{
    for (QMenu *menu : window->menuBar()->findChildren<QMenu *>()) {
        if (menu->actions().contains(action))
            return menu;
    }
    return nullptr;
}
} // namespace

class TestKeyboard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GuiHarness::initApplication(); }
    void wholeFlowWithoutAMouse();
    void menusShowTheShortcuts();
    void mnemonicsAreUnique_data();
    void mnemonicsAreUnique();
};

void TestKeyboard::wholeFlowWithoutAMouse()
{
    GuiHarness::clearSettings();
    GuiHarness h;
    QVERIFY(h.start());
    h.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(h.window.get()));

    // Sign in: Tab reaches the Sign in button, Space presses it.
    QVERIFY2(tabTo(h, u"signInButton"_s), qPrintable(focusName()));
    press(h, Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(h.find<QAbstractButton>(u"signOutButton"_s)->isVisible(), 15000);
    // Signed in, the lookup has the focus: type a tenant ID and press Enter.
    auto *search = h.find<QLineEdit>(u"customerSearchEdit"_s);
    QTRY_COMPARE(focused(), search);
    QTest::keyClicks(focused(), fx::kCustomerNoQualification3);
    press(h, Qt::Key_Return);
    auto *view = h.find<qd::CustomerView>(u"customerView"_s);
    QTRY_COMPARE_WITH_TIMEOUT(view->customer().id, fx::kCustomerNoQualification3, 15000);
    QVERIFY(h.waitForQualifications());

    // The qualification types are one tab stop (a radio group): Tab reaches the group, the
    // arrow keys move within it, Space chooses. Then submit and confirm from the keyboard.
    QVERIFY2(tabTo(h, u"educationRadioButton"_s), qPrintable(focusName()));
    for (int i = 0; i < 3 && focusName() != u"soeRadioButton"_s; ++i)
        press(h, Qt::Key_Right);
    QCOMPARE(focusName(), u"soeRadioButton"_s);
    press(h, Qt::Key_Space);
    QVERIFY(h.find<QRadioButton>(u"soeRadioButton"_s)->isChecked());
    QVERIFY2(tabTo(h, u"submitButton"_s), qPrintable(focusName()));
    press(h, Qt::Key_Space);
    auto *confirm = h.find<QFrame>(u"confirmFrame"_s);
    QTRY_VERIFY(confirm->isVisible());
    QCOMPARE(focusName(), u"confirmButton"_s); // the confirmation is ready for Enter
    press(h, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(h.find<QFrame>(u"resultFrame"_s)->isVisible(), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(h.sim->createdCount(fx::kCustomerNoQualification3), 1, 15000);

    // History and Bulk by their shortcuts, each ready for the keyboard.
    auto *tabs = h.find<QTabWidget>(u"mainTabWidget"_s);
    press(h, Qt::Key_2, Qt::ControlModifier);
    QTRY_COMPARE(tabs->currentWidget()->objectName(), u"historyTab"_s);
    QTRY_COMPARE(focusName(), u"historyFilterEdit"_s);
    press(h, Qt::Key_3, Qt::ControlModifier);
    QTRY_COMPARE(tabs->currentWidget()->objectName(), u"bulkTab"_s);
    QTRY_VERIFY2(focused() && h.window->findChild<QWidget *>(u"bulkPanel"_s)->isAncestorOf(focused()),
                 qPrintable(focusName()));
    press(h, Qt::Key_1, Qt::ControlModifier);
    QTRY_COMPARE(tabs->currentWidget()->objectName(), u"customersTab"_s);
    QTRY_COMPARE(focused(), search);
}

void TestKeyboard::menusShowTheShortcuts()
{
    GuiHarness::clearSettings();
    GuiHarness h;
    QVERIFY(h.start());
    const QList<QPair<QString, QKeySequence>> expected{
        {u"findCustomerAction"_s, QKeySequence(Qt::CTRL | Qt::Key_F)},
        {u"refreshAction"_s, QKeySequence(Qt::Key_F5)},
        {u"submitAction"_s, QKeySequence(Qt::CTRL | Qt::Key_Return)},
        {u"showCustomersAction"_s, QKeySequence(Qt::CTRL | Qt::Key_1)},
        {u"showHistoryAction"_s, QKeySequence(Qt::CTRL | Qt::Key_2)},
        {u"showBulkAction"_s, QKeySequence(Qt::CTRL | Qt::Key_3)},
    };
    for (const auto &[name, keys] : expected) {
        auto *action = h.window->findChild<QAction *>(name);
        QVERIFY2(action, qPrintable(name));
        QCOMPARE(action->shortcut(), keys);
        QVERIFY2(menuOf(h.window.get(), action), qPrintable(name)); // so the menu shows the keys
        QVERIFY(!action->text().isEmpty());
    }
}

void TestKeyboard::mnemonicsAreUnique_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << u"en"_s;
    QTest::newRow("cs") << u"cs"_s;
}

void TestKeyboard::mnemonicsAreUnique()
{
    // Alt+letter of a menu and of a tab share the window: one letter for two means neither works.
    QFETCH(QString, language);
    GuiHarness::clearSettings();
    GuiHarness h;
    QVERIFY(h.start());
    QVERIFY(h.languages->apply(language));
    QStringList titles;
    for (QAction *menu : h.window->menuBar()->actions())
        titles << menu->text();
    auto *tabs = h.find<QTabWidget>(u"mainTabWidget"_s);
    for (int i = 0; i < tabs->count(); ++i)
        titles << tabs->tabText(i);
    QHash<int, QString> seen;
    for (const QString &title : std::as_const(titles)) {
        const QKeySequence mnemonic = QKeySequence::mnemonic(title);
        QVERIFY2(!mnemonic.isEmpty(), qPrintable(title));
        QVERIFY2(!seen.contains(mnemonic[0].toCombined()), qPrintable(u"%1 and %2 share a mnemonic"_s.arg(
                                                               seen.value(mnemonic[0].toCombined()), title)));
        seen.insert(mnemonic[0].toCombined(), title);
    }

    // Alt+the History tab's letter opens it.
    h.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(h.window.get()));
    const int history = tabs->indexOf(h.window->findChild<QWidget *>(u"historyTab"_s));
    const QKeySequence keys = QKeySequence::mnemonic(tabs->tabText(history));
    QTest::keyClick(h.window.get(), keys[0].key(), keys[0].keyboardModifiers());
    QTRY_COMPARE(tabs->currentIndex(), history);
}

QTEST_MAIN(TestKeyboard)
#include "tst_keyboard.moc"
