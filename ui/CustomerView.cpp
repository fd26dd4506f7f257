#include "CustomerView.h"

#include "StatusBadge.h"
#include "UiLogging.h"
#include "VettingStatusModel.h"
#include "domain/Clock.h"
#include "i18n/LocaleFormat.h"
#include "ui_CustomerView.h"

#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace qd {

CustomerView::CustomerView(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::CustomerView>()), m_model(new VettingStatusModel(this)),
      m_clock(SystemClock::instance())
{
    m_ui->setupUi(this);
    // The customer page joins the stack with the first customer: in it from the start, the
    // window's first paint would wait for the layout and fonts of a page no one sees yet.
    m_ui->customerStackedWidget->removeWidget(m_ui->customerPage);
    QFont title = m_ui->companyNameLabel->font();
    title.setPointSizeF(title.pointSizeF() * 1.35);
    title.setBold(true);
    m_ui->companyNameLabel->setFont(title);
    QFont section = m_ui->qualificationsHeaderLabel->font();
    section.setBold(true);
    m_ui->qualificationsHeaderLabel->setFont(section);
    for (QLabel *caption :
         {m_ui->domainCaptionLabel, m_ui->tenantIdCaptionLabel, m_ui->relationshipCaptionLabel})
        caption->setForegroundRole(QPalette::PlaceholderText);
    m_ui->lastRefreshedLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->tenantIdValueLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    connect(m_ui->refreshButton, &QPushButton::clicked, this, &CustomerView::refresh);
    connect(m_ui->emptySignInButton, &QPushButton::clicked, this, &CustomerView::signInRequested);
    connect(m_ui->copyTenantIdButton, &QToolButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_customer.id);
        m_message = Message::Copied;
        updateTexts();
    });
    updateTexts();
}

CustomerView::~CustomerView()
{
    if (m_job)
        m_job->abort();
}

void CustomerView::setDirectory(CustomerDirectory *directory)
{
    m_directory = directory;
    if (directory)
        setUpTable();
}

void CustomerView::setUpTable()
{
    // With the services or the first customer, not at construction: the table is on the page
    // that joins with the first customer, and setting its model costs the first paint.
    auto *table = m_ui->vettingTableView;
    if (table->model())
        return;
    table->setModel(m_model);
    table->setItemDelegateForColumn(VettingStatusModel::StatusColumn, new StatusBadgeDelegate(table));
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 14);
    auto *header = table->horizontalHeader();
    header->setSectionResizeMode(VettingStatusModel::QualificationColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(VettingStatusModel::StatusColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(VettingStatusModel::ReasonColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(VettingStatusModel::DateColumn, QHeaderView::ResizeToContents);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

void CustomerView::setClock(const Clock *clock)
{
    m_clock = clock ? clock : SystemClock::instance();
}

void CustomerView::setCustomer(const Customer &customer)
{
    if (m_job)
        m_job->abort();
    m_customer = customer;
    m_lastRefreshed = {};
    m_message = Message::None;
    m_model->clear();
    if (customer.isValid() && m_ui->customerStackedWidget->indexOf(m_ui->customerPage) < 0) {
        setUpTable();
        m_ui->customerStackedWidget->addWidget(m_ui->customerPage);
    }
    m_ui->customerStackedWidget->setCurrentWidget(customer.isValid() ? m_ui->customerPage : m_ui->emptyPage);
    updateTexts();
    emit qualificationsChanged({});
    refresh();
}

void CustomerView::setCustomerDetails(const Customer &customer)
{
    if (customer.id.compare(m_customer.id, Qt::CaseInsensitive) != 0)
        return;
    m_customer = customer;
    updateTexts();
}

void CustomerView::setSignedIn(bool signedIn)
{
    m_signedIn = signedIn;
    updateTexts();
}

void CustomerView::refresh()
{
    if (!m_customer.isValid() || !m_directory)
        return;
    if (m_job)
        m_job->abort();
    m_message = Message::Loading;
    const QString tenantId = m_customer.id;
    const TenantId tenant = TenantId::fromText(tenantId);
    m_job = m_directory->qualifications(
        tenant, this, [this, tenantId](const Result<QList<CustomerQualification>> &result) {
            if (tenantId != m_customer.id)
                return;
            m_job.clear();
            if (!result.ok()) {
                if (result.error.kind == ApiError::Kind::Cancelled)
                    return;
                m_error = result.error;
                m_message = Message::Failed;
                qCInfo(lcUi) << "reading qualifications failed:" << ApiError::kindName(result.error.kind);
            } else {
                m_model->setQualifications(result.value);
                m_lastRefreshed = m_clock->nowUtc();
                m_message = result.value.isEmpty() ? Message::NoQualifications : Message::None;
                emit qualificationsChanged(result.value);
            }
            updateTexts();
        });
    updateTexts();
}

void CustomerView::mergeQualifications(const QList<CustomerQualification> &created)
{
    QList<CustomerQualification> rows = m_model->qualifications();
    for (const CustomerQualification &q : created) {
        rows.removeIf([&](const CustomerQualification &r) {
            return r.type() == q.type() && r.qualification.compare(q.qualification, Qt::CaseInsensitive) == 0;
        });
        rows.append(q);
    }
    m_model->setQualifications(rows);
    m_message = Message::None;
    updateTexts();
    emit qualificationsChanged(rows);
}

QString CustomerView::relationshipText(const QString &raw)
{
    const QString r = raw.trimmed().toLower();
    if (r.isEmpty() || r == "none"_L1)
        return tr("None", "relationship to partner");
    if (r == "isindirectresellerof"_L1 || r == "indirectreseller"_L1)
        return tr("Indirect reseller");
    if (r == "isindirectcloudsolutionproviderof"_L1 || r == "indirectprovider"_L1)
        return tr("Indirect provider");
    if (r.contains("reseller"_L1))
        return tr("Reseller");
    if (r.contains("advisor"_L1))
        return tr("Advisor");
    return raw;
}

void CustomerView::updateLastRefreshed()
{
    m_ui->lastRefreshedLabel->setText(
        m_lastRefreshed.isValid() ? tr("Refreshed %1").arg(LocaleFormat::time(m_lastRefreshed)) : QString());
    m_ui->lastRefreshedLabel->setToolTip(
        m_lastRefreshed.isValid() ? QLocale().toString(m_lastRefreshed.toLocalTime(), QLocale::LongFormat)
                                  : QString());
}

void CustomerView::updateTexts()
{
    m_ui->emptyLabel->setText(
        m_signedIn ? tr("Find a customer on the left to see their qualifications and vetting status.")
                   : tr("Sign in to look up customers and submit qualifications."));
    m_ui->emptySignInButton->setVisible(!m_signedIn);
    m_ui->companyNameLabel->setText(m_customer.companyName.isEmpty() ? m_customer.id
                                                                     : m_customer.companyName);
    m_ui->domainValueLabel->setText(m_customer.domain.isEmpty() ? tr("—", "no value") : m_customer.domain);
    m_ui->tenantIdValueLabel->setText(m_customer.id);
    m_ui->relationshipValueLabel->setText(relationshipText(m_customer.relationshipToPartner));
    m_ui->refreshButton->setEnabled(m_customer.isValid() && !m_job);
    updateLastRefreshed();
    QString message;
    switch (m_message) {
    case Message::None:
        break;
    case Message::Loading:
        message = tr("Reading qualifications…");
        break;
    case Message::NoQualifications:
        message = tr("This customer has no qualification yet.");
        break;
    case Message::Copied:
        message = tr("Tenant ID copied.");
        break;
    case Message::Failed:
        message = m_error.userMessage();
        break;
    }
    m_ui->customerMessageLabel->setText(message);
    m_ui->customerMessageLabel->setVisible(!message.isEmpty());
    m_ui->customerMessageLabel->setStyleSheet(m_message == Message::Failed ? u"color: #a8201a;"_s
                                                                           : QString());
}

void CustomerView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        m_model->retranslate();
        updateTexts();
    }
    QWidget::changeEvent(event);
}

} // namespace qd
