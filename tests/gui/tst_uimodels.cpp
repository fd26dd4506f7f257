// The window's item models and badge looks, checked with QAbstractItemModelTester.
#include "CustomerListModel.h"
#include "HistoryBadgeProxy.h"
#include "StatusBadge.h"
#include "VettingStatusModel.h"
#include "history/HistoryModel.h"
#include "history/SubmissionStore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestUiModels : public QObject
{
    Q_OBJECT

private slots:
    void vettingModelShowsEveryRowAndKeepsRawValues();
    void vettingModelDatesFollowTheLocale();
    void vettingModelRetranslateAsksViewsAgain();
    void customerListFetchesMoreOncePerPage();
    void statusBadgesDifferByColourAndIcon();
    void historyProxyAddsBadgesAndPassesThrough();
};

namespace {
qd::CustomerQualification q(const QString &type, const QString &status = {}, const QString &reason = {},
                            const QDateTime &date = {})
{
    qd::CustomerQualification c;
    c.qualification = type;
    c.vettingStatus = status;
    c.vettingReason = reason;
    c.vettingCreateDate = date;
    return c;
}
} // namespace

void TestUiModels::vettingModelShowsEveryRowAndKeepsRawValues()
{
    qd::VettingStatusModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime date(QDate(2024, 3, 5), QTime(10, 37, 38), Qt::UTC);
    model.setQualifications({q(u"Education"_s, u"Denied"_s, u"Not an Education Customer"_s, date),
                             q(u"StateOwnedEntity"_s), q(u"Education"_s, u"PendingDocuments"_s),
                             q(u"FutureThing"_s, u"Approved"_s)});
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), int(qd::VettingStatusModel::ColumnCount));
    using M = qd::VettingStatusModel;
    QCOMPARE(model.index(0, M::StatusColumn).data().toString(), u"Denied"_s);
    QCOMPARE(model.index(0, M::StatusColumn).data(qd::BadgeKindRole).toInt(), int(qd::BadgeKind::Negative));
    QCOMPARE(model.index(0, M::ReasonColumn).data().toString(), u"Not an Education Customer"_s);
    QCOMPARE(model.index(0, M::DateColumn).data(M::DateRole).toDateTime(), date);
    QCOMPARE(model.index(1, M::StatusColumn).data(qd::BadgeKindRole).toInt(), int(qd::BadgeKind::Neutral));
    QVERIFY(!model.index(1, M::DateColumn).data().isValid());
    // Unknown values are shown as sent, never dropped or renamed.
    QCOMPARE(model.index(2, M::StatusColumn).data().toString(), u"PendingDocuments"_s);
    QCOMPARE(model.index(2, M::StatusColumn).data(qd::BadgeKindRole).toInt(), int(qd::BadgeKind::Unknown));
    QCOMPARE(model.index(3, M::QualificationColumn).data().toString(), u"FutureThing"_s);
    QCOMPARE(model.index(3, M::QualificationColumn).data(M::RawQualificationRole).toString(),
             u"FutureThing"_s);
    QCOMPARE(model.headerData(M::QualificationColumn, Qt::Horizontal).toString(), u"Qualification"_s);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestUiModels::vettingModelDatesFollowTheLocale()
{
    qd::VettingStatusModel model;
    const QDateTime date(QDate(2024, 3, 5), QTime(10, 37), Qt::UTC);
    model.setQualifications({q(u"Education"_s, u"InReview"_s, {}, date)});
    const QModelIndex cell = model.index(0, qd::VettingStatusModel::DateColumn);
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::Czech, QLocale::Czechia));
    const QString czech = cell.data().toString();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const QString english = cell.data().toString();
    QLocale::setDefault(before);
    QVERIFY2(czech.contains(u"5.3.2024"_s) || czech.contains(u"05.03.2024"_s), qPrintable(czech));
    QVERIFY2(english.contains(u"3/5/2024"_s), qPrintable(english));
}

void TestUiModels::vettingModelRetranslateAsksViewsAgain()
{
    qd::VettingStatusModel model;
    model.setQualifications({q(u"Education"_s, u"Approved"_s)});
    QSignalSpy headers(&model, &QAbstractItemModel::headerDataChanged);
    QSignalSpy data(&model, &QAbstractItemModel::dataChanged);
    model.retranslate();
    QCOMPARE(headers.count(), 1);
    QCOMPARE(data.count(), 1);
}

void TestUiModels::customerListFetchesMoreOncePerPage()
{
    qd::CustomerListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy more(&model, &qd::CustomerListModel::moreRequested);
    qd::Customer a;
    a.id = u"11111111-1111-1111-1111-111111111111"_s;
    a.companyName = u"Alpha"_s;
    a.domain = u"alpha.example"_s;
    qd::PageLink next;
    next.uri = u"/v1/customers?size=1&seekOperation=Next"_s;
    next.headers = {{"MS-ContinuationToken", "t1"}};
    model.setCustomers({a}, next);
    // (The tester may already have asked once; either way one page is asked for, not more.)
    model.fetchMore({});
    model.fetchMore({}); // a second scroll while the page is on its way asks nothing more
    QCOMPARE(more.count(), 1);
    QCOMPARE(more.first().first().value<qd::PageLink>().headers.first().second, QByteArray("t1"));
    QVERIFY(!model.canFetchMore({}));
    model.pageFailed();
    QVERIFY(model.canFetchMore({}));
    qd::Customer b = a;
    b.id = u"22222222-2222-2222-2222-222222222222"_s;
    b.companyName = u"Beta"_s;
    model.appendPage({b}, {});
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.index(1, qd::CustomerListModel::TenantIdColumn).data().toString(), b.id);
    QVERIFY(
        model.index(1, qd::CustomerListModel::CompanyColumn).data(Qt::ToolTipRole).toString().contains(b.id));
    QCOMPARE(model.customerAt(5).id, QString());
}

void TestUiModels::statusBadgesDifferByColourAndIcon()
{
    const QList<qd::BadgeKind> kinds{qd::BadgeKind::Positive, qd::BadgeKind::Pending, qd::BadgeKind::Negative,
                                     qd::BadgeKind::Neutral, qd::BadgeKind::Unknown};
    QSet<QRgb> colours;
    for (qd::BadgeKind kind : kinds) {
        QVERIFY(!qd::StatusBadge::icon(kind).isNull());
        colours.insert(qd::StatusBadge::foreground(kind).rgb());
        // Readable: the text colour is much darker than the tint behind it.
        QVERIFY(qd::StatusBadge::background(kind).lightness() -
                    qd::StatusBadge::foreground(kind).lightness() >
                100);
    }
    QCOMPARE(colours.size(), kinds.size());
    QCOMPARE(qd::StatusBadge::kindFor(qd::VettingStatus::InReview), qd::BadgeKind::Pending);
}

void TestUiModels::historyProxyAddsBadgesAndPassesThrough()
{
    QTemporaryDir dir;
    qd::SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    qd::Submission s;
    s.customerId = u"683447c1-0cc8-4f11-9d4e-abbd1fcfb980"_s;
    s.companyName = u"Brno City Municipality"_s;
    s.request.type = qd::QualificationType::StateOwnedEntity;
    QVERIFY(store.insertPending(s));
    s.state = qd::Submission::State::Rejected;
    s.httpStatus = 409;
    QVERIFY(store.recordOutcome(s));
    qd::Submission t = s;
    t.id = 0;
    t.requestId.clear();
    t.request.type = qd::QualificationType::Education;
    t.request.segment = qd::EducationSegment::K12;
    QVERIFY(store.insertPending(t));
    t.state = qd::Submission::State::Accepted;
    t.vettingStatus = u"InReview"_s;
    QVERIFY(store.recordOutcome(t));

    qd::HistoryModel history(&store);
    qd::HistoryBadgeProxy proxy;
    proxy.setSourceModel(&history);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(proxy.rowCount(), 2);
    QSet<int> states, vetting;
    for (int row = 0; row < 2; ++row) {
        states.insert(proxy.index(row, qd::HistoryModel::StateColumn).data(qd::BadgeKindRole).toInt());
        const QVariant v = proxy.index(row, qd::HistoryModel::VettingStatusColumn).data(qd::BadgeKindRole);
        if (v.isValid())
            vetting.insert(v.toInt());
    }
    QCOMPARE(states, (QSet<int>{int(qd::BadgeKind::Negative), int(qd::BadgeKind::Positive)}));
    QCOMPARE(vetting, QSet<int>{int(qd::BadgeKind::Pending)}); // no badge where there is no status
    QVERIFY(!proxy.index(0, qd::HistoryModel::CustomerColumn).data(qd::BadgeKindRole).isValid());
    // Sorting goes to the database through the proxy.
    proxy.sort(qd::HistoryModel::CustomerColumn, Qt::AscendingOrder);
    QCOMPARE(history.sortOrder().column, qd::SubmissionColumn::Customer);
}

QTEST_MAIN(TestUiModels)
#include "tst_uimodels.moc"
