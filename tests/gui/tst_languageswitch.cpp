// Switching the language from the menu changes the open window at once (widgets, table
// headers, model cells, plural messages, the X-Locale of later requests) and switches back.
#include "GuiHarness.h"
#include "SeedFixtures.h"
#include "VettingStatusModel.h"
#include "i18n/LanguageManager.h"

#include <QAbstractButton>
#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;

class TestLanguageSwitch : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GuiHarness::initApplication(); }
    void switchesLiveAndBack();
};

namespace {
struct Texts
{
    QString tab, submit, header, cell, plural, title;
    bool operator==(const Texts &) const = default;
};

QString lastXLocale(qd::sim::Simulator *sim)
{
    const auto requests = sim->recordedRequests();
    for (auto it = requests.crbegin(); it != requests.crend(); ++it) {
        for (const auto &[name, value] : it->headers) {
            if (name.compare("X-Locale", Qt::CaseInsensitive) == 0)
                return QString::fromLatin1(value);
        }
    }
    return {};
}
} // namespace

void TestLanguageSwitch::switchesLiveAndBack()
{
    GuiHarness::clearSettings();
    GuiHarness h;
    QVERIFY(h.start());
    QVERIFY(h.signIn());
    auto *search = h.find<QLineEdit>(u"customerSearchEdit"_s);
    QTest::keyClicks(search, u"brno"_s);
    auto *status = h.find<QLabel>(u"searchStatusLabel"_s);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QString::number(fx::kBrnoPrefixCount)), 10000);
    // Open a customer with an Education row; the lookup's status line (a plural) stays as it is.
    const auto *model = h.find<QTableView>(u"vettingTableView"_s)->model();
    {
        qd::Customer muni;
        muni.id = fx::kCustomerEducationApproved;
        muni.companyName = fx::kCustomerEducationApprovedName;
        h.window->openCustomer(muni);
        QVERIFY(h.waitForQualifications());
    }
    QCOMPARE(model->rowCount(), 1);

    auto *tabs = h.find<QTabWidget>(u"mainTabWidget"_s);
    const auto texts = [&] {
        return Texts{tabs->tabText(0),
                     h.find<QAbstractButton>(u"submitButton"_s)->text(),
                     model->headerData(qd::VettingStatusModel::StatusColumn, Qt::Horizontal).toString(),
                     model->index(0, qd::VettingStatusModel::QualificationColumn).data().toString(),
                     status->text(),
                     h.window->windowTitle()};
    };
    const Texts english = texts();
    QCOMPARE(english.cell, u"Education"_s);

    // The Language menu, as a user would use it.
    auto *czech = h.window->findChild<QAction *>(u"language_cs_Action"_s);
    QVERIFY(czech);
    czech->trigger();
    QCOMPARE(h.languages->language(), u"cs"_s);
    QTRY_COMPARE(model->index(0, qd::VettingStatusModel::QualificationColumn).data().toString(),
                 u"Vzdělávání"_s);
    QVERIFY(czech->isChecked());

    // Later requests ask Partner Center for Czech messages.
    h.sim->clearRecordedRequests();
    QTest::keyClick(h.window.get(), Qt::Key_F5);
    QTRY_COMPARE(lastXLocale(h.sim.get()), u"cs-CZ"_s);
    QVERIFY(h.waitForQualifications());

    const Texts inCzech = texts();
    QCOMPARE(english.plural, u"4 customers found"_s);
    QVERIFY2(inCzech.tab != english.tab, qPrintable(inCzech.tab));
    QVERIFY2(inCzech.submit != english.submit, qPrintable(inCzech.submit));
    QVERIFY2(inCzech.header != english.header, qPrintable(inCzech.header));
    QVERIFY2(inCzech.title != english.title, qPrintable(inCzech.title));
    // Czech has three plural forms; 4 takes the second ("zákazníci"), not the English "(s)".
    QCOMPARE(inCzech.plural, u"Nalezeni 4 zákazníci"_s);

    h.window->findChild<QAction *>(u"language_en_Action"_s)->trigger();
    QCOMPARE(h.languages->language(), u"en"_s);
    QTRY_COMPARE(texts(), english);
    QTest::keyClick(h.window.get(), Qt::Key_F5);
    QTRY_COMPARE(lastXLocale(h.sim.get()), u"en-US"_s);
}

QTEST_MAIN(TestLanguageSwitch)
#include "tst_languageswitch.moc"
