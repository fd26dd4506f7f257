// The window on a team's history (a real PostgreSQL server): a colleague's rows appear in the
// History tab as they are written, and a customer's qualification a colleague holds is stopped
// before sending, with the way to that colleague's row.
#include "GuiHarness.h"
#include "HistoryPanel.h"
#include "PostgresServer.h"
#include "SeedFixtures.h"
#include "history/HistoryModel.h"
#include "history/SubmissionStore.h"

#include <QAbstractButton>
#include <QAbstractProxyModel>
#include <QFrame>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;
using qd::test::PostgresServer;

class TestTeamHistoryUi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        GuiHarness::initApplication();
        QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
        QVERIFY2(m_server.createRole(u"desk"_s, u"desk-pw"_s), qPrintable(m_server.lastError()));
        QVERIFY2(m_server.createDatabase(u"team"_s, u"desk"_s), qPrintable(m_server.lastError()));
    }

    void aColleaguesClaimStopsTheSubmissionAndLeadsToTheirRow()
    {
        GuiHarness::clearSettings();
        GuiHarness h;
        h.historyServer = m_server.url(u"desk"_s, u"desk-pw"_s, u"team"_s);
        QVERIFY(h.start());
        QVERIFY(h.signIn());
        QVERIFY(h.services->store()->isShared());

        // Bob, at another desk, has this customer's SOE qualification in flight.
        qd::SubmissionStore bob;
        QVERIFY(bob.open(h.historyServer));
        qd::Submission held;
        held.user = u"bob.svoboda@contoso-partner.example"_s;
        held.customerId = fx::kCustomerNoQualification3;
        held.companyName = u"Held by Bob"_s;
        held.request.type = qd::QualificationType::StateOwnedEntity;
        QVERIFY(bob.insertPending(held));
        QVERIFY(bob.markSent(held.id));

        // His row arrives in this window's History without anyone asking.
        auto *tabs = h.find<QTabWidget>(u"mainTabWidget"_s);
        tabs->setCurrentWidget(h.window->findChild<QWidget *>(u"historyTab"_s));
        auto *table = h.findIn<QTableView>(u"historyPanel"_s, u"historyTableView"_s);
        QVERIFY(table);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 10000);
        QCOMPARE(table->model()->index(0, qd::HistoryModel::CustomerColumn).data().toString(),
                 held.companyName);

        QVERIFY(h.openCustomer(fx::kCustomerNoQualification3, fx::kCustomerNoQualification3));
        QTest::mouseClick(h.find<QAbstractButton>(u"soeRadioButton"_s), Qt::LeftButton);
        QTest::mouseClick(h.find<QAbstractButton>(u"submitButton"_s), Qt::LeftButton);
        QTest::mouseClick(h.find<QAbstractButton>(u"confirmButton"_s), Qt::LeftButton);
        auto *result = h.find<QFrame>(u"resultFrame"_s);
        QTRY_VERIFY_WITH_TIMEOUT(result->isVisible(), 15000);
        const QString message = h.find<QLabel>(u"resultLabel"_s)->text();
        QVERIFY2(message.contains(held.user) && message.contains(u"Nothing was sent"_s), qPrintable(message));
        QCOMPARE(h.sim->createdCount(fx::kCustomerNoQualification3), 0);
        QCOMPARE(bob.count(), 1);
        QVERIFY(h.find<QAbstractButton>(u"soeRadioButton"_s)->isChecked()); // the form keeps the choice

        auto *open = h.find<QAbstractButton>(u"openHolderButton"_s);
        QVERIFY(open->isVisible());
        QTest::mouseClick(open, Qt::LeftButton);
        QCOMPARE(tabs->currentWidget()->objectName(), u"historyTab"_s);
        QTRY_VERIFY(table->currentIndex().isValid());
        const auto *proxy = qobject_cast<const QAbstractProxyModel *>(table->model());
        const auto *model =
            qobject_cast<const qd::HistoryModel *>(proxy ? proxy->sourceModel() : table->model());
        QVERIFY(model);
        const QModelIndex current = proxy ? proxy->mapToSource(table->currentIndex()) : table->currentIndex();
        QCOMPARE(model->submissionAt(current.row()).id, held.id);
    }

private:
    PostgresServer m_server;
};

QTEST_MAIN(TestTeamHistoryUi)
#include "tst_teamhistoryui.moc"
