#include "CustomerSearchPanel.h"

#include "CustomerItemDelegate.h"
#include "CustomerListModel.h"
#include "RecentCustomers.h"
#include "UiLogging.h"
#include "domain/QualificationRequest.h"
#include "ui_CustomerSearchPanel.h"

#include <QEvent>
#include <QHeaderView>
#include <QKeyEvent>

using namespace Qt::StringLiterals;

namespace qd {

CustomerSearchPanel::CustomerSearchPanel(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::CustomerSearchPanel>()), m_model(new CustomerListModel(this))
{
    m_ui->setupUi(this);
    auto *view = m_ui->customerResultsView;
    // Hidden before the model is set, so no size is worked out for a header nobody sees.
    view->horizontalHeader()->hide();
    view->setModel(m_model);
    // One column drawn in two lines (name; domain and tenant ID) fits a narrow panel; the other
    // columns stay in the model for accessibility and copying.
    view->setItemDelegateForColumn(CustomerListModel::CompanyColumn, new CustomerItemDelegate(view));
    view->setColumnHidden(CustomerListModel::DomainColumn, true);
    view->setColumnHidden(CustomerListModel::TenantIdColumn, true);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // the height: fitRowHeight()
    QFont small = m_ui->resultsHeaderLabel->font();
    small.setBold(true);
    m_ui->resultsHeaderLabel->setFont(small);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &CustomerSearchPanel::startLookup);
    connect(m_ui->customerSearchEdit, &QLineEdit::textEdited, this, &CustomerSearchPanel::onTextEdited);
    // The clear button emits textChanged only.
    connect(m_ui->customerSearchEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty() && m_mode != Mode::Recent)
            onTextEdited();
    });
    connect(m_ui->customerSearchEdit, &QLineEdit::returnPressed, this,
            &CustomerSearchPanel::openCurrentOrFirst);
    connect(m_ui->customerResultsView, &QAbstractItemView::activated, this,
            [this](const QModelIndex &index) { openRow(index.row()); });
    connect(m_model, &CustomerListModel::moreRequested, this, &CustomerSearchPanel::requestMore);
    connect(m_ui->clearRecentButton, &QToolButton::clicked, this, [this] {
        RecentCustomers::clear();
        showRecent();
    });
    m_ui->customerSearchEdit->installEventFilter(this);
    showRecent();
}

CustomerSearchPanel::~CustomerSearchPanel()
{
    abortLookup();
}

void CustomerSearchPanel::setDirectory(CustomerDirectory *directory)
{
    m_directory = directory;
    // Set here, not in the form: the clear icon's theme lookup costs several milliseconds of
    // start-up, and the field is of no use before there is a directory to search.
    if (directory)
        m_ui->customerSearchEdit->setClearButtonEnabled(true);
}

void CustomerSearchPanel::focusLookup()
{
    m_ui->customerSearchEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->customerSearchEdit->selectAll();
}

void CustomerSearchPanel::rememberCustomer(const Customer &customer)
{
    RecentCustomers::remember(customer);
    if (m_mode == Mode::Recent)
        showRecent();
}

void CustomerSearchPanel::searchNow()
{
    if (m_debounce.isActive()) {
        m_debounce.stop();
        startLookup();
    }
}

void CustomerSearchPanel::onTextEdited()
{
    m_openWhenReady = false;
    if (m_ui->customerSearchEdit->text().trimmed().isEmpty()) {
        m_debounce.stop();
        abortLookup();
        showRecent();
        return;
    }
    m_debounce.start();
}

void CustomerSearchPanel::abortLookup()
{
    ++m_generation;
    if (m_job)
        m_job->abort();
    if (m_pageJob)
        m_pageJob->abort();
    m_job.clear();
    m_pageJob.clear();
}

void CustomerSearchPanel::startLookup()
{
    abortLookup();
    m_query = m_ui->customerSearchEdit->text().trimmed();
    if (m_query.isEmpty()) {
        showRecent();
        return;
    }
    m_mode = Mode::Searching;
    m_error = {};
    m_totalCount = -1;
    m_model->setCustomers({});
    updateTexts();
    if (!m_directory) {
        ApiError notSignedIn;
        notSignedIn.kind = ApiError::Kind::Authentication;
        onError(notSignedIn);
        return;
    }
    const quint64 generation = m_generation;
    // What the search field holds is parsed here, once: a tenant ID is looked up directly.
    if (const std::optional<TenantId> tenantId = TenantId::parse(m_query)) {
        m_job = m_directory->customer(*tenantId, this, [this, generation](const Result<Customer> &result) {
            if (generation != m_generation)
                return;
            m_job.clear();
            if (!result.ok() && result.error.httpStatus != 404) {
                onError(result.error);
                return;
            }
            CustomerPage page;
            if (result.ok())
                page.customers.append(result.value);
            onPage(page, true);
        });
        return;
    }
    // A dot means a domain ("contoso.", "brno.cz"); a bare word is tried as a company name
    // first and as a domain prefix when no company starts with it.
    const bool looksLikeDomain = m_query.contains(u'.');
    searchByName(m_query, looksLikeDomain, !looksLikeDomain);
}

void CustomerSearchPanel::searchByName(const QString &prefix, bool domain, bool fallbackToDomain)
{
    const quint64 generation = m_generation;
    const auto field = domain ? CustomerSearchField::Domain : CustomerSearchField::CompanyName;
    m_job =
        m_directory->search(prefix, field, this,
                            [this, generation, prefix, fallbackToDomain](const Result<CustomerPage> &result) {
                                if (generation != m_generation)
                                    return;
                                m_job.clear();
                                if (!result.ok()) {
                                    onError(result.error);
                                    return;
                                }
                                if (fallbackToDomain && result.value.customers.isEmpty()) {
                                    searchByName(prefix, true, false);
                                    return;
                                }
                                onPage(result.value, true);
                            });
}

void CustomerSearchPanel::onPage(const CustomerPage &page, bool isFirst)
{
    m_mode = Mode::Results;
    fitRowHeight();
    if (isFirst) {
        m_totalCount = page.totalCount;
        m_model->setCustomers(page.customers, page.next);
        if (!page.customers.isEmpty())
            m_ui->customerResultsView->setCurrentIndex(m_model->index(0, 0));
    } else {
        m_model->appendPage(page.customers, page.next);
    }
    updateTexts();
    if (isFirst && m_openWhenReady) {
        m_openWhenReady = false;
        openCurrentOrFirst();
    }
}

void CustomerSearchPanel::onError(const ApiError &error)
{
    if (error.kind == ApiError::Kind::Cancelled)
        return;
    m_mode = Mode::Failed;
    m_openWhenReady = false;
    m_error = error;
    qCInfo(lcUi) << "customer lookup failed:" << ApiError::kindName(error.kind) << error.httpStatus;
    updateTexts();
}

void CustomerSearchPanel::requestMore(const PageLink &next)
{
    if (!m_directory || m_mode != Mode::Results) {
        m_model->pageFailed();
        return;
    }
    const quint64 generation = m_generation;
    m_pageJob = m_directory->nextPage(next, this, [this, generation](const Result<CustomerPage> &result) {
        if (generation != m_generation)
            return;
        m_pageJob.clear();
        if (!result.ok()) {
            m_model->pageFailed();
            if (result.error.kind != ApiError::Kind::Cancelled) {
                m_error = result.error;
                updateTexts();
            }
            return;
        }
        onPage(result.value, false);
    });
}

void CustomerSearchPanel::openRow(int row)
{
    const Customer customer = m_model->customerAt(row);
    if (!customer.isValid())
        return;
    rememberCustomer(customer);
    emit customerActivated(customer);
}

void CustomerSearchPanel::openCurrentOrFirst()
{
    if (m_debounce.isActive() || m_job) {
        // Enter before the results arrived: open the best match as soon as it is there.
        m_openWhenReady = true;
        searchNow();
        return;
    }
    const QModelIndex current = m_ui->customerResultsView->currentIndex();
    openRow(current.isValid() ? current.row() : 0);
}

void CustomerSearchPanel::showRecent()
{
    m_mode = Mode::Recent;
    m_error = {};
    const QList<Customer> recent = RecentCustomers::load();
    if (!recent.isEmpty())
        fitRowHeight();
    m_model->setCustomers(recent);
    updateTexts();
}

void CustomerSearchPanel::fitRowHeight()
{
    // Worked out once there are rows: it loads the smaller font of the second line, which an
    // empty list (a first start) does not need for the window's first paint.
    if (m_rowHeightFitted)
        return;
    m_rowHeightFitted = true;
    m_ui->customerResultsView->verticalHeader()->setDefaultSectionSize(
        CustomerItemDelegate::rowHeight(font()));
}

void CustomerSearchPanel::updateTexts()
{
    const int count = m_model->rowCount();
    m_ui->clearRecentButton->setVisible(m_mode == Mode::Recent && count > 0);
    QString header;
    QString status;
    switch (m_mode) {
    case Mode::Recent:
        header = tr("Recent customers");
        status = count == 0 ? tr("Customers you open appear here.") : QString();
        break;
    case Mode::Searching:
        header = tr("Results");
        status = tr("Searching…");
        break;
    case Mode::Results:
        header = tr("Results");
        if (count == 0)
            status = tr("No customer matches “%1”.").arg(m_query);
        else if (m_totalCount > count)
            status = tr("%n customer(s) found", nullptr, m_totalCount);
        else if (m_model->hasMore())
            status = tr("%n customer(s) shown, more load as you scroll", nullptr, count);
        else
            status = tr("%n customer(s) found", nullptr, count);
        break;
    case Mode::Failed:
        header = tr("Results");
        break;
    }
    const bool failed = m_error.isError();
    if (failed) {
        status = m_error.kind == ApiError::Kind::Authentication && m_error.httpStatus == 0
                     ? tr("Sign in to look up customers.")
                     : m_error.userMessage();
    }
    m_ui->resultsHeaderLabel->setText(header);
    m_ui->searchStatusLabel->setText(status);
    m_ui->searchStatusLabel->setVisible(!status.isEmpty());
    m_ui->searchStatusLabel->setStyleSheet(failed ? u"color: #a8201a;"_s : QString());
}

void CustomerSearchPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        m_model->retranslate();
        updateTexts();
    }
    QWidget::changeEvent(event);
}

bool CustomerSearchPanel::eventFilter(QObject *watched, QEvent *event)
{
    // Down arrow in the field moves into the results, so the keyboard path is type, arrow, Enter.
    if (watched == m_ui->customerSearchEdit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Down && m_model->rowCount() > 0) {
            m_ui->customerResultsView->setFocus(Qt::TabFocusReason);
            if (!m_ui->customerResultsView->currentIndex().isValid())
                m_ui->customerResultsView->setCurrentIndex(m_model->index(0, 0));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace qd
