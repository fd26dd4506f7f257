// Drives the real main window against the in-process simulator: lookup, vetting table,
// submissions (accepted, refused, 401 on the way, slow server), history, keyboard, layout.
#include "CustomerListModel.h"
#include "CustomerView.h"
#include "GuiHarness.h"
#include "HistoryPanel.h"
#include "QualificationForm.h"
#include "SeedFixtures.h"
#include "StatusBadge.h"
#include "ValidationCodePicker.h"
#include "VettingStatusModel.h"
#include "history/HistoryModel.h"
#include "history/SubmissionStore.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QFrame>
#include <QGuiApplication>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;

namespace {
// What a screen reader hears for a widget, and what it hears when it asks for more.
QString accessibleText(QWidget *widget, QAccessible::Text kind)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(widget);
    return iface ? iface->text(kind) : QString();
}

// A label that shows a value is read as that value; its caption is the description.
void verifyReadAsValue(QLabel *label)
{
    QVERIFY(label);
    QVERIFY2(!label->text().isEmpty(), qPrintable(label->objectName()));
    QCOMPARE(accessibleText(label, QAccessible::Name), label->text());
    QVERIFY2(!accessibleText(label, QAccessible::Description).isEmpty(), qPrintable(label->objectName()));
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GuiHarness::initApplication(); }
    void init();
    void cleanup() { m_h.reset(); }

    void signInShowsAccountAndDemoBadge();
    void lookupIsDebouncedAndListsBrnoCustomers();
    void lookupLoadsMorePagesAsTheListScrolls();
    void tenantIdOpensCustomerAndFillsVettingTable();
    void unknownVettingStatusShownRaw();
    void recentCustomersAreOneClickAway();
    void submitGccShowsInReview();
    void exhaustedCodesAreListedButNotSelectable();
    void codesThatCannotLoadLeaveTheFieldTypable();
    void missingFieldsKeepSubmitDisabledWithInlineMessages();
    void heldQualificationsAreMarkedAndNotSubmittable();
    void duplicateRefusalShownNextToTheForm();
    void serverReasonShownForBareStringRefusal();
    void unauthorizedDuringSubmitRefreshesAndSucceeds();
    void slowServerDoesNotFreezeTheWindow();
    void historyShowsSubmissionFiltersOpensAndExports();
    void historyFiltersByWhoSubmitted();
    void keyboardShortcuts();
    void splitterAndGeometryPersist();

private:
    // Opens a customer, chooses State-owned entity and confirms; returns the form.
    qd::QualificationForm *submitSoe(const QString &customerId);
    bool postDirectly(const QString &customerId, const QByteArray &body);

    std::unique_ptr<GuiHarness> m_h;
};

void TestMainWindow::init()
{
    GuiHarness::clearSettings();
    qd::sim::SimulatorOptions options;
    if (QByteArray(QTest::currentTestFunction()) == "lookupLoadsMorePagesAsTheListScrolls")
        options.pageSize = 2;
    m_h = std::make_unique<GuiHarness>(options);
    QVERIFY(m_h->start());
    QVERIFY(m_h->signIn());
}

void TestMainWindow::signInShowsAccountAndDemoBadge()
{
    QCOMPARE(m_h->find<QLabel>(u"accountNameLabel"_s)->text(), fx::kDefaultUserName);
    const QString details = m_h->find<QLabel>(u"accountDetailsLabel"_s)->text();
    QVERIFY2(details.contains(fx::kDefaultUpn), qPrintable(details));
    QVERIFY2(details.contains(fx::kPartnerTenantId), qPrintable(details));
    QCOMPARE(m_h->find<QLabel>(u"environmentBadgeLabel"_s)->text(), u"Demo"_s);
    for (const auto &name : {u"accountNameLabel"_s, u"accountDetailsLabel"_s, u"environmentBadgeLabel"_s})
        verifyReadAsValue(m_h->find<QLabel>(name));
    QVERIFY(!m_h->find<QAbstractButton>(u"signInButton"_s)->isVisible());
    QVERIFY(m_h->find<QLineEdit>(u"customerSearchEdit"_s)->isEnabled());
}

void TestMainWindow::lookupIsDebouncedAndListsBrnoCustomers()
{
    auto *view = m_h->find<QTableView>(u"customerResultsView"_s);
    auto *model = qobject_cast<qd::CustomerListModel *>(view->model());
    QVERIFY(model);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_h->sim->clearRecordedRequests();
    QTest::keyClicks(m_h->find<QLineEdit>(u"customerSearchEdit"_s), u"brno"_s);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), fx::kBrnoPrefixCount, 10000);
    // Four keystrokes inside the debounce window make one lookup, not four.
    QCOMPARE(m_h->sim->requestCount(u"GET"_s, u"/v1/customers"_s), 1);
    for (int row = 0; row < model->rowCount(); ++row) {
        const qd::Customer c = model->customerAt(row);
        QVERIFY2(c.companyName.startsWith(u"Brno"_s), qPrintable(c.companyName));
        QVERIFY(!c.domain.isEmpty());
        QVERIFY(!c.id.isEmpty());
    }
    const QString status = m_h->find<QLabel>(u"searchStatusLabel"_s)->text();
    QVERIFY2(status.contains(QString::number(fx::kBrnoPrefixCount)), qPrintable(status));

    // Enter opens the highlighted (first) customer.
    QTest::keyClick(m_h->find<QLineEdit>(u"customerSearchEdit"_s), Qt::Key_Return);
    auto *customerView = m_h->find<qd::CustomerView>(u"customerView"_s);
    QTRY_COMPARE(customerView->customer().id, model->customerAt(0).id);
    QCOMPARE(m_h->find<QLabel>(u"companyNameLabel"_s)->text(), model->customerAt(0).companyName);
}

void TestMainWindow::lookupLoadsMorePagesAsTheListScrolls()
{
    // Page size 2: the first page fills part of the list, so the view asks for the next one.
    auto *view = m_h->find<QTableView>(u"customerResultsView"_s);
    auto *model = qobject_cast<qd::CustomerListModel *>(view->model());
    QTest::keyClicks(m_h->find<QLineEdit>(u"customerSearchEdit"_s), u"brno"_s);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), fx::kBrnoPrefixCount, 10000);
    QVERIFY(m_h->sim->requestCount(u"GET"_s, u"/v1/customers"_s) >= 2);
    QVERIFY(!model->hasMore());
    QSet<QString> ids;
    for (const qd::Customer &c : model->customers())
        ids.insert(c.id);
    QCOMPARE(ids.size(), fx::kBrnoPrefixCount);
}

void TestMainWindow::tenantIdOpensCustomerAndFillsVettingTable()
{
    m_h->sim->clearRecordedRequests();
    QVERIFY(m_h->openCustomer(fx::kCustomerGccApproved.toUpper(), fx::kCustomerGccApproved));
    // A GUID goes straight to get-by-ID, never to a name search.
    QCOMPARE(m_h->sim->requestCount(u"GET"_s, u"/v1/customers/*"_s), 1);
    QCOMPARE(m_h->sim->requestCount(u"GET"_s, u"/v1/customers"_s), 0);

    auto *table = m_h->find<QTableView>(u"vettingTableView"_s);
    auto *model = qobject_cast<qd::VettingStatusModel *>(table->model());
    QVERIFY(model);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), 2);
    int gcc = -1, soe = -1;
    for (int row = 0; row < 2; ++row) {
        const QString raw =
            model->index(row, 0).data(qd::VettingStatusModel::RawQualificationRole).toString();
        (raw == u"GovernmentCommunityCloud"_s ? gcc : soe) = row;
    }
    QVERIFY(gcc >= 0 && soe >= 0);
    const QModelIndex status = model->index(gcc, qd::VettingStatusModel::StatusColumn);
    QCOMPARE(status.data().toString(), u"Approved"_s);
    QCOMPARE(status.data(qd::BadgeKindRole).toInt(), int(qd::BadgeKind::Positive));
    QVERIFY(!model->index(gcc, qd::VettingStatusModel::DateColumn).data().toString().isEmpty());
    QCOMPARE(model->index(soe, qd::VettingStatusModel::StatusColumn).data(qd::BadgeKindRole).toInt(),
             int(qd::BadgeKind::Neutral));
    QCOMPARE(model->headerData(qd::VettingStatusModel::StatusColumn, Qt::Horizontal).toString(),
             u"Vetting status"_s);
    QCOMPARE(m_h->find<QLabel>(u"tenantIdValueLabel"_s)->text(), fx::kCustomerGccApproved);
    QVERIFY(!m_h->find<QLabel>(u"lastRefreshedLabel"_s)->text().isEmpty());
    for (const auto &name :
         {u"companyNameLabel"_s, u"domainValueLabel"_s, u"tenantIdValueLabel"_s, u"lastRefreshedLabel"_s})
        verifyReadAsValue(m_h->find<QLabel>(name));

    QTest::mouseClick(m_h->find<QAbstractButton>(u"copyTenantIdButton"_s), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), fx::kCustomerGccApproved);
}

void TestMainWindow::unknownVettingStatusShownRaw()
{
    QVERIFY(m_h->openCustomer(fx::kCustomerUnknownStatus, fx::kCustomerUnknownStatus));
    auto *model = m_h->find<QTableView>(u"vettingTableView"_s)->model();
    QCOMPARE(model->rowCount(), 1);
    const QModelIndex status = model->index(0, qd::VettingStatusModel::StatusColumn);
    QCOMPARE(status.data().toString(), fx::kUnknownVettingStatus);
    QCOMPARE(status.data(qd::BadgeKindRole).toInt(), int(qd::BadgeKind::Unknown));
}

void TestMainWindow::recentCustomersAreOneClickAway()
{
    QVERIFY(m_h->openCustomer(fx::kCustomerSoe, fx::kCustomerSoe));
    auto *edit = m_h->find<QLineEdit>(u"customerSearchEdit"_s);
    edit->clear(); // the clear button: back to the recent list
    auto *view = m_h->find<QTableView>(u"customerResultsView"_s);
    auto *model = qobject_cast<qd::CustomerListModel *>(view->model());
    QTRY_VERIFY(model->rowCount() >= 1);
    QCOMPARE(model->customerAt(0).id, fx::kCustomerSoe);
    QCOMPARE(m_h->find<QLabel>(u"resultsHeaderLabel"_s)->text(), u"Recent customers"_s);

    QVERIFY(m_h->openCustomer(fx::kCustomerGccApproved, fx::kCustomerGccApproved));
    edit->clear();
    QTRY_COMPARE(model->customerAt(0).id, fx::kCustomerGccApproved);
    // One double-click on the older entry opens it again.
    GuiHarness::doubleClick(view, model->index(1, 0));
    auto *customerView = m_h->find<qd::CustomerView>(u"customerView"_s);
    QTRY_COMPARE(customerView->customer().id, fx::kCustomerSoe);
}

void TestMainWindow::submitGccShowsInReview()
{
    QVERIFY(m_h->openCustomer(fx::kCustomerNoQualification2, fx::kCustomerNoQualification2));
    auto *form = m_h->find<qd::QualificationForm>(u"qualificationForm"_s);
    QVERIFY(form->isVisible());
    QTest::mouseClick(m_h->find<QAbstractButton>(u"gccRadioButton"_s), Qt::LeftButton);
    auto *picker = m_h->find<qd::ValidationCodePicker>(u"validationCodePicker"_s);
    QTRY_COMPARE(picker->loadState(), qd::ValidationCodePicker::LoadState::Loaded);
    QCOMPARE(picker->codes().size(), fx::kValidationCodeCount);
    auto *combo = m_h->find<QComboBox>(u"validationCodeComboBox"_s);
    const int available = combo->findText(fx::kValidationCodeAvailable, Qt::MatchStartsWith);
    QVERIFY(available >= 0);
    combo->setCurrentIndex(available);
    QCOMPARE(picker->code(), fx::kValidationCodeAvailable);

    auto *submit = m_h->find<QAbstractButton>(u"submitButton"_s);
    QTRY_VERIFY(submit->isEnabled());
    QTest::mouseClick(submit, Qt::LeftButton);
    auto *confirmFrame = m_h->find<QFrame>(u"confirmFrame"_s);
    QVERIFY(confirmFrame->isVisible());
    const QString question = m_h->find<QLabel>(u"confirmLabel"_s)->text();
    QVERIFY2(question.contains(u"Brno City Municipality"_s), qPrintable(question));
    QVERIFY2(question.contains(u"Government Community Cloud"_s), qPrintable(question));
    QCOMPARE(m_h->sim->createdCount(fx::kCustomerNoQualification2), 0); // nothing before confirming

    QTest::mouseClick(m_h->find<QAbstractButton>(u"confirmButton"_s), Qt::LeftButton);
    auto *result = m_h->find<QFrame>(u"resultFrame"_s);
    QTRY_VERIFY_WITH_TIMEOUT(result->isVisible(), 15000);
    const QString message = m_h->find<QLabel>(u"resultLabel"_s)->text();
    QVERIFY2(message.contains(u"Brno City Municipality"_s), qPrintable(message));
    QVERIFY(!m_h->find<QAbstractButton>(u"copyDetailsButton"_s)->isVisible());
    QCOMPARE(m_h->sim->createdCount(fx::kCustomerNoQualification2), 1);

    auto *model = m_h->find<QTableView>(u"vettingTableView"_s)->model();
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data(qd::VettingStatusModel::RawQualificationRole).toString(),
             u"GovernmentCommunityCloud"_s);
    QCOMPARE(model->index(0, qd::VettingStatusModel::StatusColumn)
                 .data(qd::VettingStatusModel::RawStatusRole)
                 .toString(),
             u"InReview"_s);
    QCOMPARE(model->index(0, qd::VettingStatusModel::StatusColumn).data(qd::BadgeKindRole).toInt(),
             int(qd::BadgeKind::Pending));
    // Now held: marked and no longer submittable.
    QTRY_VERIFY(!m_h->find<QAbstractButton>(u"gccRadioButton"_s)->isEnabled());
}

void TestMainWindow::exhaustedCodesAreListedButNotSelectable()
{
    QVERIFY(m_h->openCustomer(fx::kCustomerNoQualification3, fx::kCustomerNoQualification3));
    QTest::mouseClick(m_h->find<QAbstractButton>(u"gccRadioButton"_s), Qt::LeftButton);
    auto *picker = m_h->find<qd::ValidationCodePicker>(u"validationCodePicker"_s);
    QTRY_COMPARE(picker->loadState(), qd::ValidationCodePicker::LoadState::Loaded);
    auto *combo = m_h->find<QComboBox>(u"validationCodeComboBox"_s);
    auto *items = qobject_cast<QStandardItemModel *>(combo->model());
    QVERIFY(items);
    const int exhausted = combo->findText(fx::kValidationCodeExhausted, Qt::MatchStartsWith);
    QVERIFY(exhausted >= 0);
    QVERIFY(!items->item(exhausted)->isEnabled());
    QVERIFY(!items->item(exhausted)->isSelectable());
    // Typing it anyway is caught before anything is sent.
    combo->setEditText(fx::kValidationCodeExhausted);
    auto *error = m_h->find<QLabel>(u"validationCodeErrorLabel"_s);
    QTRY_VERIFY(error->isVisible());
    QVERIFY(!error->text().isEmpty());
    QVERIFY(!m_h->find<QAbstractButton>(u"submitButton"_s)->isEnabled());
    // Free typing of a code that is not listed is allowed (the list may be incomplete).
    combo->setEditText(fx::kValidationCodeSpacious);
    QTRY_VERIFY(m_h->find<QAbstractButton>(u"submitButton"_s)->isEnabled());
}

void TestMainWindow::codesThatCannotLoadLeaveTheFieldTypable()
{
    qd::sim::Fault down;
    down.kind = qd::sim::Fault::Kind::ServerError;
    down.method = u"GET"_s;
    down.pathPattern = u"/v1/customers/all/validations"_s;
    down.status = 500;
    m_h->sim->addFault(down);
    QVERIFY(m_h->openCustomer(fx::kCustomerNoQualification3, fx::kCustomerNoQualification3));
    QTest::mouseClick(m_h->find<QAbstractButton>(u"gccRadioButton"_s), Qt::LeftButton);
    auto *picker = m_h->find<qd::ValidationCodePicker>(u"validationCodePicker"_s);
    QTRY_COMPARE_WITH_TIMEOUT(picker->loadState(), qd::ValidationCodePicker::LoadState::Failed, 30000);
    QVERIFY(m_h->find<QLabel>(u"codesStatusLabel"_s)->isVisible());
    QVERIFY(m_h->find<QAbstractButton>(u"reloadCodesButton"_s)->isVisible());
    QTest::keyClicks(m_h->find<QComboBox>(u"validationCodeComboBox"_s), fx::kValidationCodeAvailable);
    QCOMPARE(picker->code(), fx::kValidationCodeAvailable);
    QTRY_VERIFY(m_h->find<QAbstractButton>(u"submitButton"_s)->isEnabled());
    // Once Partner Center answers again, Reload fills the list.
    m_h->sim->clearFaults();
    QTest::mouseClick(m_h->find<QAbstractButton>(u"reloadCodesButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(picker->loadState(), qd::ValidationCodePicker::LoadState::Loaded, 15000);
    QCOMPARE(picker->code(), fx::kValidationCodeAvailable); // what was typed stays
}

void TestMainWindow::missingFieldsKeepSubmitDisabledWithInlineMessages()
{
    QVERIFY(m_h->openCustomer(fx::kCustomerNoQualification, fx::kCustomerNoQualification));
    auto *submit = m_h->find<QAbstractButton>(u"submitButton"_s);
    QVERIFY(!submit->isEnabled()); // nothing chosen yet
    QTest::mouseClick(m_h->find<QAbstractButton>(u"educationRadioButton"_s), Qt::LeftButton);
    auto *segmentError = m_h->find<QLabel>(u"segmentErrorLabel"_s);
    QVERIFY(segmentError->isVisible());
    QVERIFY(!segmentError->text().isEmpty());
    QVERIFY(!submit->isEnabled());
    // Ctrl+Enter does not get around it.
    QTest::keyClick(m_h->window.get(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(!m_h->find<QFrame>(u"confirmFrame"_s)->isVisible());

    m_h->findIn<QComboBox>(u"qualificationForm"_s, u"segmentComboBox"_s)->setCurrentIndex(1);
    QVERIFY(!segmentError->isVisible());
    QVERIFY(submit->isEnabled());
    auto *website = m_h->findIn<QLineEdit>(u"qualificationForm"_s, u"websiteEdit"_s);
    QTest::keyClicks(website, u"not a web address"_s);
    auto *websiteError = m_h->find<QLabel>(u"websiteErrorLabel"_s);
    QVERIFY(websiteError->isVisible());
    QVERIFY(!submit->isEnabled());
    website->clear(); // the website is optional
    QVERIFY(!websiteError->isVisible());
    QVERIFY(submit->isEnabled());
    QCOMPARE(m_h->sim->requestCount(u"POST"_s, u"/v1/customers/*/qualifications"_s), 0);
}

void TestMainWindow::heldQualificationsAreMarkedAndNotSubmittable()
{
    QVERIFY(m_h->openCustomer(fx::kCustomerGccApproved, fx::kCustomerGccApproved));
    auto *gcc = m_h->find<QAbstractButton>(u"gccRadioButton"_s);
    auto *soe = m_h->find<QAbstractButton>(u"soeRadioButton"_s);
    auto *education = m_h->find<QAbstractButton>(u"educationRadioButton"_s);
    QTRY_VERIFY(!gcc->isEnabled());
    QVERIFY(!soe->isEnabled());
    QVERIFY(education->isEnabled());
    QVERIFY2(gcc->text().contains(u"already"_s), qPrintable(gcc->text()));
    QVERIFY(!education->text().contains(u"already"_s));
}

bool TestMainWindow::postDirectly(const QString &customerId, const QByteArray &body)
{
    QNetworkAccessManager network;
    QUrl url = m_h->sim->baseUrl();
    url.setPath(u"/v1/customers/%1/qualifications"_s.arg(customerId));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Authorization", "Bearer " + m_h->sim->issueAccessToken().toUtf8());
    QNetworkReply *reply = network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    const bool ok = finished.wait(10000) && reply->error() == QNetworkReply::NoError;
    reply->deleteLater();
    return ok;
}

qd::QualificationForm *TestMainWindow::submitSoe(const QString &customerId)
{
    if (!m_h->openCustomer(customerId, customerId))
        return nullptr;
    QTest::mouseClick(m_h->find<QAbstractButton>(u"soeRadioButton"_s), Qt::LeftButton);
    auto *submit = m_h->find<QAbstractButton>(u"submitButton"_s);
    if (!submit->isEnabled())
        return nullptr;
    QTest::mouseClick(submit, Qt::LeftButton);
    QTest::mouseClick(m_h->find<QAbstractButton>(u"confirmButton"_s), Qt::LeftButton);
    return m_h->find<qd::QualificationForm>(u"qualificationForm"_s);
}

void TestMainWindow::duplicateRefusalShownNextToTheForm()
{
    QVERIFY(m_h->openCustomer(fx::kCustomerNoQualification3, fx::kCustomerNoQualification3));
    // Someone else creates it after the table was read; the form does not know yet.
    QVERIFY(postDirectly(fx::kCustomerNoQualification3, R"({"qualification":"StateOwnedEntity"})"));
    QTest::mouseClick(m_h->find<QAbstractButton>(u"soeRadioButton"_s), Qt::LeftButton);
    QTest::mouseClick(m_h->find<QAbstractButton>(u"submitButton"_s), Qt::LeftButton);
    QTest::mouseClick(m_h->find<QAbstractButton>(u"confirmButton"_s), Qt::LeftButton);

    auto *result = m_h->find<QFrame>(u"resultFrame"_s);
    QTRY_VERIFY_WITH_TIMEOUT(result->isVisible(), 15000);
    const QString message = m_h->find<QLabel>(u"resultLabel"_s)->text();
    QVERIFY2(message.contains(u"409"_s) || message.contains(u"already"_s, Qt::CaseInsensitive),
             qPrintable(message));
    auto *copy = m_h->find<QAbstractButton>(u"copyDetailsButton"_s);
    QVERIFY(copy->isVisible());
    QTest::mouseClick(copy, Qt::LeftButton);
    const QString details = QGuiApplication::clipboard()->text();
    QVERIFY2(details.contains(u"409"_s), qPrintable(details));
    const auto rows = m_h->services->store()->query();
    QCOMPARE(rows.size(), 1);
    QVERIFY2(details.contains(rows.first().requestId), qPrintable(details));
    QCOMPARE(rows.first().state, qd::Submission::State::Rejected);
    QCOMPARE(m_h->sim->createdCount(fx::kCustomerNoQualification3), 1); // only the direct one
}

void TestMainWindow::serverReasonShownForBareStringRefusal()
{
    QVERIFY(m_h->openCustomer(fx::kCustomerTaggingDenied, fx::kCustomerTaggingDenied));
    QTest::mouseClick(m_h->find<QAbstractButton>(u"educationRadioButton"_s), Qt::LeftButton);
    m_h->findIn<QComboBox>(u"qualificationForm"_s, u"segmentComboBox"_s)->setCurrentIndex(0);
    QTest::mouseClick(m_h->find<QAbstractButton>(u"submitButton"_s), Qt::LeftButton);
    QTest::mouseClick(m_h->find<QAbstractButton>(u"confirmButton"_s), Qt::LeftButton);
    auto *result = m_h->find<QFrame>(u"resultFrame"_s);
    QTRY_VERIFY_WITH_TIMEOUT(result->isVisible(), 15000);
    const QString message = m_h->find<QLabel>(u"resultLabel"_s)->text();
    QVERIFY2(message.contains(fx::kTaggingDeniedBody), qPrintable(message));
    // The input stays so the user can correct and retry.
    QVERIFY(m_h->find<QAbstractButton>(u"educationRadioButton"_s)->isChecked());
}

void TestMainWindow::unauthorizedDuringSubmitRefreshesAndSucceeds()
{
    QVERIFY(m_h->openCustomer(fx::kCustomerNoQualification, fx::kCustomerNoQualification));
    const int tokenCalls = m_h->sim->requestCount(u"POST"_s, u"/organizations/oauth2/v2.0/token"_s);
    m_h->sim->expireAccessTokens();
    QTest::mouseClick(m_h->find<QAbstractButton>(u"soeRadioButton"_s), Qt::LeftButton);
    QTest::mouseClick(m_h->find<QAbstractButton>(u"submitButton"_s), Qt::LeftButton);
    QTest::mouseClick(m_h->find<QAbstractButton>(u"confirmButton"_s), Qt::LeftButton);
    auto *result = m_h->find<QFrame>(u"resultFrame"_s);
    QTRY_VERIFY_WITH_TIMEOUT(result->isVisible(), 15000);
    QVERIFY2(!m_h->find<QAbstractButton>(u"copyDetailsButton"_s)->isVisible(),
             qPrintable(m_h->find<QLabel>(u"resultLabel"_s)->text()));
    QCOMPARE(m_h->sim->createdCount(fx::kCustomerNoQualification), 1);
    QVERIFY(m_h->sim->requestCount(u"POST"_s, u"/organizations/oauth2/v2.0/token"_s) > tokenCalls);
    QVERIFY(m_h->find<QAbstractButton>(u"signOutButton"_s)->isVisible()); // still signed in
}

void TestMainWindow::slowServerDoesNotFreezeTheWindow()
{
    QVERIFY(m_h->openCustomer(fx::kCustomerNoQualification2, fx::kCustomerNoQualification2));
    qd::sim::Fault slow;
    slow.kind = qd::sim::Fault::Kind::Latency;
    slow.method = u"POST"_s;
    slow.pathPattern = u"/v1/customers/*/qualifications"_s;
    slow.latencyMs = 2000;
    slow.times = 1;
    m_h->sim->addFault(slow);

    int ticks = 0;
    QTimer ticker;
    ticker.setInterval(20);
    QObject::connect(&ticker, &QTimer::timeout, [&ticks] { ++ticks; });
    ticker.start();
    QTest::mouseClick(m_h->find<QAbstractButton>(u"soeRadioButton"_s), Qt::LeftButton);
    QTest::mouseClick(m_h->find<QAbstractButton>(u"submitButton"_s), Qt::LeftButton);
    QTest::mouseClick(m_h->find<QAbstractButton>(u"confirmButton"_s), Qt::LeftButton);
    auto *form = m_h->find<qd::QualificationForm>(u"qualificationForm"_s);
    // Busy on the form only: the lookup stays usable while the request is in flight.
    QVERIFY(form->isBusy());
    QVERIFY(m_h->find<QProgressBar>(u"busyProgressBar"_s)->isVisible());
    QVERIFY(!m_h->find<QAbstractButton>(u"submitButton"_s)->isEnabled());
    auto *search = m_h->find<QLineEdit>(u"customerSearchEdit"_s);
    QVERIFY(search->isEnabled());
    search->clear();
    QTest::keyClicks(search, u"brn"_s);
    QCOMPARE(search->text(), u"brn"_s);
    // The event loop keeps turning while the answer is held back: timer ticks arrive with the
    // request still in flight. A blocked loop would deliver them only after the answer.
    QTRY_VERIFY_WITH_TIMEOUT(ticks >= 10, 15000);
    QVERIFY(form->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(!form->isBusy(), 15000);
    QVERIFY(!m_h->find<QAbstractButton>(u"copyDetailsButton"_s)->isVisible());
    QCOMPARE(m_h->sim->createdCount(fx::kCustomerNoQualification2), 1);
}

void TestMainWindow::historyShowsSubmissionFiltersOpensAndExports()
{
    QVERIFY(submitSoe(fx::kCustomerNoQualification2));
    QTRY_VERIFY_WITH_TIMEOUT(m_h->find<QFrame>(u"resultFrame"_s)->isVisible(), 15000);
    QVERIFY(m_h->openCustomer(fx::kCustomerSoe, fx::kCustomerSoe)); // something else is open
    m_h->window->showHistory();
    auto *table = m_h->find<QTableView>(u"historyTableView"_s);
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(table->model()->rowCount(), 1);
    const QModelIndex customer = table->model()->index(0, qd::HistoryModel::CustomerColumn);
    QCOMPARE(customer.data().toString(), u"Brno City Municipality"_s);
    QCOMPARE(table->model()->index(0, qd::HistoryModel::StateColumn).data(qd::BadgeKindRole).toInt(),
             int(qd::BadgeKind::Positive));
    QVERIFY(m_h->find<QLabel>(u"historyCountLabel"_s)->text().contains(u'1'));

    auto *filter = m_h->find<QLineEdit>(u"historyFilterEdit"_s);
    QTest::keyClicks(filter, u"zzz-nobody"_s);
    QTRY_COMPARE(table->model()->rowCount(), 0);
    filter->clear();
    QTRY_COMPARE(table->model()->rowCount(), 1);

    // Sortable by the header, newest first by default.
    QVERIFY(table->isSortingEnabled());
    QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), int(qd::HistoryModel::TimeColumn));
    QCOMPARE(table->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);

    // Refresh statuses runs and says what it found.
    QTest::mouseClick(m_h->find<QAbstractButton>(u"refreshStatusesButton"_s), Qt::LeftButton);
    auto *historyMessage = m_h->find<QLabel>(u"historyMessageLabel"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!historyMessage->text().isEmpty(), 15000);
    QVERIFY(!m_h->find<QProgressBar>(u"refreshProgressBar"_s)->isVisible());

    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.csv"_s);
    QCOMPARE(m_h->find<qd::HistoryPanel>(u"historyPanel"_s)->exportTo(path), 1);
    QFile csv(path);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(csv.readAll()).contains(u"Brno City Municipality"_s));

    // Double-click opens the customer in the Customers tab.
    GuiHarness::doubleClick(table, table->model()->index(0, qd::HistoryModel::CustomerColumn));
    auto *view = m_h->find<qd::CustomerView>(u"customerView"_s);
    QTRY_COMPARE(view->customer().id, fx::kCustomerNoQualification2);
    QVERIFY(m_h->find<QWidget>(u"customersTab"_s)->isVisible());
}

void TestMainWindow::historyFiltersByWhoSubmitted()
{
    QVERIFY(submitSoe(fx::kCustomerNoQualification2));
    QTRY_VERIFY_WITH_TIMEOUT(m_h->find<QFrame>(u"resultFrame"_s)->isVisible(), 15000);
    m_h->window->showHistory();
    auto *table = m_h->find<QTableView>(u"historyTableView"_s);
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->headerData(qd::HistoryModel::UserColumn, Qt::Horizontal).toString(),
             u"Submitted by"_s);
    QVERIFY(!table->isColumnHidden(qd::HistoryModel::UserColumn));
    QCOMPARE(table->model()->index(0, qd::HistoryModel::UserColumn).data().toString(), fx::kDefaultUpn);

    // Everyone, then whoever is in the history: so far only the signed-in user.
    auto *people = m_h->find<QComboBox>(u"userFilterComboBox"_s);
    QTRY_COMPARE(people->count(), 2);
    QCOMPARE(people->itemText(0), u"Everyone"_s);
    QCOMPARE(people->itemText(1), fx::kDefaultUpn);
    QVERIFY(people->isEnabled());
    QCOMPARE(people->accessibleName(), u"Filter by person"_s);
    auto *label = m_h->find<QLabel>(u"userFilterLabel"_s);
    QCOMPARE(label->buddy(), people);

    // A colleague submits into the shared history: their name becomes a choice.
    qd::Submission colleague;
    colleague.user = u"zdenek.kral@contoso-partner.example"_s;
    colleague.customerId = fx::kCustomerSoe;
    colleague.companyName = u"Colleague's customer"_s;
    colleague.request.type = qd::QualificationType::StateOwnedEntity;
    QVERIFY(m_h->services->store()->insertPending(colleague));
    QTRY_COMPARE(people->count(), 3);
    QCOMPARE(people->itemText(2), colleague.user);
    QCOMPARE(people->currentIndex(), 0);
    QTRY_COMPARE(table->model()->rowCount(), 2);

    // Alt and the label's letter reach the box; choosing the colleague shows only their row.
    m_h->window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_h->window.get()));
    const QKeySequence keys = QKeySequence::mnemonic(label->text());
    QVERIFY(!keys.isEmpty());
    QTest::keyClick(m_h->window.get(), keys[0].key(), keys[0].keyboardModifiers());
    QTRY_VERIFY(people->hasFocus());
    QTest::keyClick(people, Qt::Key_End);
    QCOMPARE(people->currentText(), colleague.user);
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, qd::HistoryModel::UserColumn).data().toString(), colleague.user);
    QCOMPARE(table->model()->index(0, qd::HistoryModel::CustomerColumn).data().toString(),
             u"Colleague's customer"_s);
    QTRY_VERIFY(m_h->find<QLabel>(u"historyCountLabel"_s)->text().startsWith(u'1'));
    // The exported file holds what is shown.
    QTemporaryDir dir;
    QCOMPARE(m_h->find<qd::HistoryPanel>(u"historyPanel"_s)->exportTo(dir.filePath(u"mine.csv"_s)), 1);

    // A new row of someone else leaves the view as it is; choosing everyone shows all again.
    qd::Submission another = colleague;
    another.user = u"bohdana.mala@contoso-partner.example"_s;
    QVERIFY(m_h->services->store()->insertPending(another));
    QTRY_COMPARE(people->count(), 4);
    QCOMPARE(people->currentText(), colleague.user); // the choice survives the new name
    QCOMPARE(table->model()->rowCount(), 1);
    QTest::keyClick(people, Qt::Key_Home);
    QTRY_COMPARE(table->model()->rowCount(), 3);

    // A language switch renames the first choice and keeps the people and the choice.
    QTest::keyClick(people, Qt::Key_End);
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QVERIFY(m_h->languages->apply(u"cs"_s));
    QTRY_COMPARE(people->itemText(0), u"Všichni"_s); // the switch reaches widgets as a posted event
    QCOMPARE(people->count(), 4);
    QCOMPARE(people->currentText(), colleague.user);
    QCOMPARE(table->model()->headerData(qd::HistoryModel::UserColumn, Qt::Horizontal).toString(),
             u"Uživatel"_s);
    QCOMPARE(table->model()->rowCount(), 1);
}

void TestMainWindow::keyboardShortcuts()
{
    QVERIFY(m_h->openCustomer(fx::kCustomerNoQualification3, fx::kCustomerNoQualification3));
    auto *search = m_h->find<QLineEdit>(u"customerSearchEdit"_s);
    m_h->find<QAbstractButton>(u"refreshButton"_s)->setFocus();
    QTest::keyClick(m_h->window.get(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(search->hasFocus());

    const int reads = m_h->sim->requestCount(u"GET"_s, u"/v1/customers/*/qualifications"_s);
    QTest::keyClick(m_h->window.get(), Qt::Key_F5);
    QTRY_COMPARE(m_h->sim->requestCount(u"GET"_s, u"/v1/customers/*/qualifications"_s), reads + 1);
    QVERIFY(m_h->waitForQualifications());

    QTest::mouseClick(m_h->find<QAbstractButton>(u"soeRadioButton"_s), Qt::LeftButton);
    QTest::keyClick(m_h->window.get(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(m_h->find<QFrame>(u"confirmFrame"_s)->isVisible());
    QTest::keyClick(m_h->window.get(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(m_h->find<QFrame>(u"resultFrame"_s)->isVisible(), 15000);
    QCOMPARE(m_h->sim->createdCount(fx::kCustomerNoQualification3), 1);
}

void TestMainWindow::splitterAndGeometryPersist()
{
    auto *splitter = m_h->find<QSplitter>(u"mainSplitter"_s);
    splitter->setSizes({420, 700});
    const QByteArray state = splitter->saveState();
    m_h->window->resize(1150, 720);
    QVERIFY(m_h->window->close());
    qd::MainWindow second;
    QCOMPARE(second.findChild<QSplitter *>(u"mainSplitter"_s)->saveState(), state);
    QCOMPARE(second.size(), QSize(1150, 720));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
