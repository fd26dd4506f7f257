// What a screen reader finds in the window: every interactive control of the main window, the
// Bulk tab and the dialogs has a name in English and in Czech, table headers are named, and the
// vetting table is read cell by cell through QAccessibleTableInterface, status as words.
#include "AboutDialog.h"
#include "DeviceCodeDialog.h"
#include "GuiHarness.h"
#include "SeedFixtures.h"
#include "SettingsDialog.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QLineEdit>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;

namespace {
// The roles a user can act on: what a screen reader announces as a control.
bool isInteractive(QAccessible::Role role)
{
    switch (role) {
    case QAccessible::PushButton:
    case QAccessible::ButtonMenu:
    case QAccessible::ButtonDropDown:
    case QAccessible::CheckBox:
    case QAccessible::RadioButton:
    case QAccessible::ComboBox:
    case QAccessible::SpinBox:
    case QAccessible::EditableText:
    case QAccessible::Table:
    case QAccessible::Tree:
    case QAccessible::List:
    case QAccessible::PageTabList:
    case QAccessible::Slider:
        return true;
    default:
        return false;
    }
}

// Parts Qt builds inside a compound control (a combo box's line edit, a spin box's editor, an
// item view's corner button, a tab bar's scroll arrows): the compound control is what is named.
// A line edit's clear button is not one of them: it is a button of its own to a screen reader.
bool isInsideCompound(const QWidget *widget)
{
    for (const QWidget *p = widget->parentWidget(); p; p = p->parentWidget()) {
        if (qobject_cast<const QComboBox *>(p) || qobject_cast<const QAbstractSpinBox *>(p) ||
            qobject_cast<const QAbstractItemView *>(p) || qobject_cast<const QTabBar *>(p))
            return true;
    }
    return false;
}

QString describe(const QWidget *widget)
{
    QString path = widget->objectName();
    if (path.isEmpty())
        path = u"(no objectName) %1"_s.arg(QString::fromLatin1(widget->metaObject()->className()));
    for (const QWidget *p = widget->parentWidget(); p; p = p->parentWidget()) {
        if (!p->objectName().isEmpty()) {
            path = p->objectName() + u'/' + path;
            break;
        }
    }
    return path;
}

// Every interactive control under root (shown or hidden: a hidden one is shown at some point)
// that has no accessible name, and every table column or tab without one.
QStringList unnamedControls(QWidget *root)
{
    QStringList unnamed;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *widget : std::as_const(widgets)) {
        if (isInsideCompound(widget))
            continue;
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(widget);
        if (!iface || !isInteractive(iface->role()))
            continue;
        if (iface->text(QAccessible::Name).trimmed().isEmpty())
            unnamed.append(describe(widget));
        if (auto *view = qobject_cast<QTableView *>(widget); view && view->model()) {
            for (int column = 0; column < view->model()->columnCount(); ++column) {
                if (!view->isColumnHidden(column) &&
                    view->model()->headerData(column, Qt::Horizontal).toString().trimmed().isEmpty())
                    unnamed.append(u"%1 column %2"_s.arg(describe(widget)).arg(column));
            }
        }
        if (auto *tabs = qobject_cast<QTabBar *>(widget)) {
            for (int i = 0; i < tabs->count(); ++i) {
                if (tabs->tabText(i).remove(u'&').trimmed().isEmpty() && tabs->accessibleTabName(i).isEmpty())
                    unnamed.append(u"%1 tab %2"_s.arg(describe(widget)).arg(i));
            }
        }
    }
    return unnamed;
}

// The text of every cell in a column, as read through the table interface.
QStringList columnTexts(QTableView *view, int column)
{
    QStringList texts;
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(view);
    QAccessibleTableInterface *table = iface ? iface->tableInterface() : nullptr;
    if (!table)
        return texts;
    for (int row = 0; row < table->rowCount(); ++row) {
        if (QAccessibleInterface *cell = table->cellAt(row, column))
            texts.append(cell->text(QAccessible::Name));
    }
    return texts;
}

QString columnHeader(QTableView *view, int column)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(view);
    QAccessibleTableInterface *table = iface ? iface->tableInterface() : nullptr;
    QAccessibleInterface *cell = table ? table->cellAt(0, column) : nullptr;
    QAccessibleTableCellInterface *cellIface = cell ? cell->tableCellInterface() : nullptr;
    const QList<QAccessibleInterface *> headers =
        cellIface ? cellIface->columnHeaderCells() : QList<QAccessibleInterface *>();
    const QString text = headers.isEmpty() ? QString() : headers.first()->text(QAccessible::Name);
    // Qt 6.4 makes these header cells anew on every call and registers them nowhere, so nothing
    // would free them: hand them to the accessibility cache, and have it delete them.
    for (QAccessibleInterface *header : headers)
        QAccessible::deleteAccessibleInterface(QAccessible::registerAccessibleInterface(header));
    return text;
}
} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GuiHarness::initApplication(); }
    void init();
    void cleanup() { m_h.reset(); }

    void everyControlIsNamed_data();
    void everyControlIsNamed();
    void vettingTableReadsStatusAsText_data();
    void vettingTableReadsStatusAsText();

private:
    std::unique_ptr<GuiHarness> m_h;
};

void TestAccessibility::init()
{
    GuiHarness::clearSettings();
    m_h = std::make_unique<GuiHarness>();
    QVERIFY(m_h->start());
}

void TestAccessibility::everyControlIsNamed_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << u"en"_s;
    QTest::newRow("cs") << u"cs"_s;
}

void TestAccessibility::everyControlIsNamed()
{
    QFETCH(QString, language);
    QVERIFY(m_h->languages->apply(language));
    // Signed out first (sign-in controls), then signed in with a customer open.
    QStringList unnamed = unnamedControls(m_h->window.get());
    QVERIFY(m_h->signIn());
    QVERIFY(m_h->openCustomer(fx::kCustomerGccApproved, fx::kCustomerGccApproved));
    unnamed += unnamedControls(m_h->window.get());
    m_h->window->showBulk();
    QWidget *bulk = m_h->window->findChild<QWidget *>(u"bulkPanel"_s);
    QVERIFY(bulk);
    QVERIFY(QTest::qWaitForWindowExposed(m_h->window.get()));
    unnamed += unnamedControls(bulk);
    m_h->window->showHistory();
    unnamed += unnamedControls(m_h->window->findChild<QWidget *>(u"historyPanel"_s));

    qd::SettingsDialog settings(qd::AppSettings{}, m_h->window.get());
    unnamed += unnamedControls(&settings);
    qd::DeviceCodeDialog deviceCode(nullptr, m_h->window.get());
    unnamed += unnamedControls(&deviceCode);
    qd::AboutDialog about(m_h->window.get());
    unnamed += unnamedControls(&about);

    // A line edit's clear button is among what was walked, and is read as what it does.
    auto *lookup = m_h->find<QLineEdit>(u"customerSearchEdit"_s);
    QVERIFY(lookup && lookup->isClearButtonEnabled());
    QAbstractButton *clear = lookup->findChild<QAbstractButton *>();
    QVERIFY(clear);
    QCOMPARE(QAccessible::queryAccessibleInterface(clear)->text(QAccessible::Name),
             language == u"cs"_s ? u"Vymazat"_s : u"Clear"_s);

    unnamed.removeDuplicates();
    QVERIFY2(unnamed.isEmpty(), qPrintable(u"controls without an accessible name (%1): %2"_s.arg(
                                    language, unnamed.join(u", "_s))));
}

void TestAccessibility::vettingTableReadsStatusAsText_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("approved");
    QTest::addColumn<QString>("statusHeader");
    QTest::newRow("en") << u"en"_s << u"Approved"_s << u"Vetting status"_s;
    QTest::newRow("cs") << u"cs"_s << u"Schváleno"_s << u"Stav prověření"_s;
}

void TestAccessibility::vettingTableReadsStatusAsText()
{
    QFETCH(QString, language);
    QFETCH(QString, approved);
    QFETCH(QString, statusHeader);
    QVERIFY(m_h->languages->apply(language));
    QVERIFY(m_h->signIn());
    QVERIFY(m_h->openCustomer(fx::kCustomerEducationApproved, fx::kCustomerEducationApproved));
    auto *view = m_h->find<QTableView>(u"vettingTableView"_s);
    QVERIFY(view);
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(view);
    QVERIFY(iface && iface->tableInterface());
    QCOMPARE(iface->role(), QAccessible::Table);
    QVERIFY(!iface->text(QAccessible::Name).isEmpty());
    QTRY_VERIFY(iface->tableInterface()->rowCount() > 0);
    int statusColumn = -1;
    for (int column = 0; column < iface->tableInterface()->columnCount(); ++column) {
        if (columnHeader(view, column) == statusHeader)
            statusColumn = column;
    }
    QVERIFY2(statusColumn >= 0, qPrintable(columnHeader(view, 1)));
    const QStringList statuses = columnTexts(view, statusColumn);
    QVERIFY2(statuses.contains(approved), qPrintable(statuses.join(u", "_s)));
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
