#include "HistoryPanel.h"

#include "ComboRefill.h"
#include "HistoryBadgeProxy.h"
#include "StatusBadge.h"
#include "UiLogging.h"
#include "history/CsvWriter.h"
#include "history/HistoryModel.h"
#include "history/SubmissionStore.h"
#include "i18n/LocaleFormat.h"
#include "submission/SubmissionService.h"
#include "ui_HistoryPanel.h"

#include <QApplication>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QLocale>
#include <QStandardPaths>
#include <QStyledItemDelegate>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
// IDs keep their recognisable start and end when the column is narrow; text columns elide at
// the end as usual.
class MiddleElideDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideMiddle;
    }
};
} // namespace

HistoryPanel::HistoryPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::HistoryPanel>())
    , m_proxy(new HistoryBadgeProxy(this))
{
    m_ui->setupUi(this);
    auto *table = m_ui->historyTableView;
    table->setModel(m_proxy);
    auto *badges = new StatusBadgeDelegate(table);
    table->setItemDelegateForColumn(HistoryModel::StateColumn, badges);
    table->setItemDelegateForColumn(HistoryModel::VettingStatusColumn, badges);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 12);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table->horizontalHeader()->setStretchLastSection(true);
    auto *ids = new MiddleElideDelegate(table);
    table->setItemDelegateForColumn(HistoryModel::TenantIdColumn, ids);
    table->setItemDelegateForColumn(HistoryModel::RequestIdColumn, ids);
    m_ui->refreshProgressBar->hide();
    m_ui->historyCountLabel->setForegroundRole(QPalette::PlaceholderText);

    const QDate today = QDate::currentDate();
    m_ui->fromDateEdit->setDate(today.addDays(-30));
    m_ui->toDateEdit->setDate(today);
    fillCombos();
    fitFilterField();

    m_filterDebounce.setSingleShot(true);
    m_filterDebounce.setInterval(250);
    connect(&m_filterDebounce, &QTimer::timeout, this, &HistoryPanel::applyFilter);
    connect(m_ui->historyFilterEdit, &QLineEdit::textChanged, this, [this] { m_filterDebounce.start(); });
    for (QComboBox *combo : {m_ui->stateComboBox, m_ui->qualificationFilterComboBox, m_ui->periodComboBox})
        connect(combo, &QComboBox::activated, this, &HistoryPanel::applyFilter);
    connect(m_ui->fromDateEdit, &QDateEdit::dateChanged, this, &HistoryPanel::applyFilter);
    connect(m_ui->toDateEdit, &QDateEdit::dateChanged, this, &HistoryPanel::applyFilter);
    connect(table, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        const QString id = index.data(HistoryModel::CustomerIdRole).toString();
        const QString name = index.sibling(index.row(), HistoryModel::CustomerColumn).data().toString();
        if (!id.isEmpty())
            emit customerRequested(id, name);
    });
    connect(table, &QAbstractItemView::activated, this, [table](const QModelIndex &index) {
        // Enter on a row behaves like a double-click.
        if (QApplication::keyboardModifiers() == Qt::NoModifier && !table->underMouse())
            emit table->doubleClicked(index);
    });
    connect(m_ui->refreshStatusesButton, &QPushButton::clicked, this, &HistoryPanel::refreshStatuses);
    connect(m_ui->exportButton, &QPushButton::clicked, this, &HistoryPanel::chooseExportFile);
    setStore(nullptr);
}

HistoryPanel::~HistoryPanel() = default;

void HistoryPanel::setStore(SubmissionStore *store, const QString &unavailableReason)
{
    m_store = store;
    m_unavailableReason = unavailableReason;
    m_proxy->setSourceModel(nullptr);
    delete m_model;
    m_model = nullptr;
    const bool usable = store && store->isOpen();
    if (usable) {
        m_model = new HistoryModel(store, this);
        m_proxy->setSourceModel(m_model);
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &HistoryPanel::updateCount);
        connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryPanel::updateCount);
        applyFilter();
        // Newest first, and the header says so.
        m_ui->historyTableView->sortByColumn(HistoryModel::TimeColumn, Qt::DescendingOrder);
        resizeColumns();
    }
    for (QWidget *w : std::initializer_list<QWidget *>{m_ui->historyFilterEdit, m_ui->stateComboBox,
                                                        m_ui->qualificationFilterComboBox, m_ui->periodComboBox,
                                                        m_ui->exportButton, m_ui->historyTableView})
        w->setEnabled(usable);
    m_ui->refreshStatusesButton->setEnabled(usable && m_service);
    updateCount();
    updateMessage();
}

void HistoryPanel::setService(SubmissionService *service)
{
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    if (service) {
        connect(service, &SubmissionService::refreshProgress, this, [this](int done, int total) {
            m_ui->refreshProgressBar->setRange(0, qMax(total, 1));
            m_ui->refreshProgressBar->setValue(done);
            m_ui->refreshProgressBar->show();
        });
        connect(service, &SubmissionService::refreshFinished, this, &HistoryPanel::onRefreshFinished);
    }
    m_ui->refreshStatusesButton->setEnabled(m_model && service);
}

void HistoryPanel::focusFilter()
{
    m_ui->historyFilterEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->historyFilterEdit->selectAll();
}

void HistoryPanel::showSubmission(qint64 id)
{
    if (!m_store || !m_model)
        return;
    const std::optional<Submission> s = m_store->get(id);
    if (!s)
        return;
    // That customer's rows in any state, of any time: the row is among the first pages.
    m_ui->stateComboBox->setCurrentIndex(0);
    m_ui->qualificationFilterComboBox->setCurrentIndex(0);
    m_ui->periodComboBox->setCurrentIndex(0);
    m_ui->historyFilterEdit->setText(s->customerId);
    applyFilter();
    while (m_model->rowOf(id) < 0 && m_model->canFetchMore({}))
        m_model->fetchMore({});
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_ui->historyTableView->setCurrentIndex(index);
    m_ui->historyTableView->scrollTo(index);
    m_ui->historyTableView->setFocus(Qt::OtherFocusReason);
}

void HistoryPanel::fillCombos()
{
    QList<QPair<QString, int>> states{{tr("All states"), -1}};
    for (Submission::State state : Submission::allStates())
        states.append({Submission::displayName(state), int(state)});
    refillCombo(m_ui->stateComboBox, states);
    refillCombo(m_ui->qualificationFilterComboBox,
           {{tr("All qualifications"), -1},
            {Qualifications::displayName(QualificationType::Education), int(QualificationType::Education)},
            {Qualifications::displayName(QualificationType::GovernmentCommunityCloud), int(QualificationType::GovernmentCommunityCloud)},
            {Qualifications::displayName(QualificationType::StateOwnedEntity), int(QualificationType::StateOwnedEntity)}});
    refillCombo(m_ui->periodComboBox, {{tr("Any time"), AnyTime}, {tr("Today"), Today}, {tr("Last 7 days"), Last7Days},
                                  {tr("Last 30 days"), Last30Days}, {tr("This year"), ThisYear}, {tr("Between…"), CustomRange}});
    const bool custom = m_ui->periodComboBox->currentData().toInt() == CustomRange;
    m_ui->fromDateEdit->setVisible(custom);
    m_ui->toDateEdit->setVisible(custom);
    m_ui->dateDashLabel->setVisible(custom);
}

SubmissionFilter HistoryPanel::currentFilter() const
{
    SubmissionFilter filter;
    filter.text = m_ui->historyFilterEdit->text().trimmed();
    const int state = m_ui->stateComboBox->currentData().toInt();
    if (state >= 0)
        filter.states = {Submission::State(state)};
    const int type = m_ui->qualificationFilterComboBox->currentData().toInt();
    if (type >= 0)
        filter.qualification = QualificationType(type);
    // Days are the user's local days; the store compares UTC.
    const QDate today = QDate::currentDate();
    const auto startOf = [](QDate day) { return day.startOfDay().toUTC(); };
    switch (m_ui->periodComboBox->currentData().toInt()) {
    case Today: filter.from = startOf(today); break;
    case Last7Days: filter.from = startOf(today.addDays(-6)); break;
    case Last30Days: filter.from = startOf(today.addDays(-29)); break;
    case ThisYear: filter.from = startOf(QDate(today.year(), 1, 1)); break;
    case CustomRange:
        filter.from = startOf(m_ui->fromDateEdit->date());
        filter.to = startOf(m_ui->toDateEdit->date().addDays(1));
        break;
    default: break;
    }
    return filter;
}

void HistoryPanel::applyFilter()
{
    const bool custom = m_ui->periodComboBox->currentData().toInt() == CustomRange;
    m_ui->fromDateEdit->setVisible(custom);
    m_ui->toDateEdit->setVisible(custom);
    m_ui->dateDashLabel->setVisible(custom);
    if (!m_model)
        return;
    const SubmissionFilter filter = currentFilter();
    if (!(filter == m_model->filter()) || m_model->rowCount() == 0)
        m_model->setFilter(filter);
    updateCount();
}

void HistoryPanel::updateCount()
{
    if (!m_store || !m_model) {
        m_ui->historyCountLabel->clear();
        return;
    }
    const qint64 count = m_store->count(m_model->filter());
    m_ui->historyCountLabel->setText(count < 0 ? QString() : tr("%n submission(s)", nullptr, int(qMin<qint64>(count, INT_MAX))));
}

void HistoryPanel::refreshStatuses()
{
    if (!m_service)
        return;
    if (m_service->isRefreshing()) {
        m_service->cancelRefresh();
        return;
    }
    m_summary.reset();
    m_message = Message::None;
    m_ui->refreshProgressBar->setRange(0, 0);
    m_ui->refreshProgressBar->show();
    m_ui->refreshStatusesButton->setText(tr("Stop refreshing"));
    updateMessage();
    m_service->refreshStatuses();
}

void HistoryPanel::onRefreshFinished(const RefreshSummary &summary)
{
    m_ui->refreshProgressBar->hide();
    m_ui->refreshStatusesButton->setText(tr("Refresh statuses"));
    m_summary = summary;
    m_message = Message::RefreshDone;
    updateMessage();
}

qint64 HistoryPanel::exportTo(const QString &path, QString *errorMessage)
{
    if (!m_store || !m_model)
        return -1;
    QString error;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const qint64 rows = HistoryExporter::exportCsv(m_store, m_model->filter(), m_model->sortOrder(), path,
                                                   CsvWriter::delimiterForLocale(QLocale()), &error);
    QApplication::restoreOverrideCursor();
    m_exportedRows = rows;
    m_exportedPath = path;
    m_messageText = error;
    m_message = rows < 0 ? Message::ExportFailed : Message::Exported;
    updateMessage();
    if (errorMessage)
        *errorMessage = error;
    return rows;
}

void HistoryPanel::chooseExportFile()
{
    const QString suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                  .filePath(u"qualdesk-history-%1.csv"_s.arg(QDate::currentDate().toString(Qt::ISODate)));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export history"), suggested, tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportTo(path);
}

void HistoryPanel::updateMessage()
{
    QString text;
    bool problem = false;
    if (!m_model) {
        text = m_unavailableReason.isEmpty() ? tr("The history is not available.") : m_unavailableReason;
        problem = true;
    } else {
        switch (m_message) {
        case Message::None: break;
        case Message::RefreshDone: text = m_summary ? m_summary->text() : QString(); break;
        case Message::Exported:
            text = tr("%n row(s) exported to %1.", nullptr, int(m_exportedRows)).arg(QDir::toNativeSeparators(m_exportedPath));
            break;
        case Message::ExportFailed:
            text = m_messageText;
            problem = true;
            break;
        }
    }
    m_ui->historyMessageLabel->setText(text);
    m_ui->historyMessageLabel->setStyleSheet(problem ? u"color: #a8201a;"_s : QString());
}

void HistoryPanel::fitFilterField()
{
    // The hint must not be cut off in either language.
    auto *edit = m_ui->historyFilterEdit;
    edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(edit->placeholderText()) + 40);
}

void HistoryPanel::resizeColumns()
{
    auto *table = m_ui->historyTableView;
    const QFontMetrics fm = table->fontMetrics();
    const auto width = [&](const QString &sample) { return fm.horizontalAdvance(sample) + 20; };
    // Sized so all eight columns fit a 1200-pixel window; long IDs are elided in the middle
    // and shown whole in their tooltip and the CSV export.
    table->setColumnWidth(HistoryModel::TimeColumn, width(LocaleFormat::dateTime(QDateTime::currentDateTimeUtc())));
    table->setColumnWidth(HistoryModel::CustomerColumn, width(u"Masarykova univerzita"_s));
    table->setColumnWidth(HistoryModel::TenantIdColumn, width(u"00000000-00…00000000"_s));
    table->setColumnWidth(HistoryModel::QualificationColumn, width(u"Government Community"_s));
    // Badge columns fit their longest word in the current language, as the badge draws it.
    int stateWidth = 0;
    for (Submission::State state : Submission::allStates())
        stateWidth = qMax(stateWidth, StatusBadgeDelegate::cellWidth(fm, Submission::displayName(state)));
    int vettingWidth = fm.horizontalAdvance(table->model()->headerData(HistoryModel::VettingStatusColumn, Qt::Horizontal).toString());
    for (VettingStatus status : {VettingStatus::InReview, VettingStatus::Approved, VettingStatus::Denied})
        vettingWidth = qMax(vettingWidth, StatusBadgeDelegate::cellWidth(fm, Qualifications::displayName(status)));
    table->setColumnWidth(HistoryModel::StateColumn, stateWidth);
    table->setColumnWidth(HistoryModel::VettingStatusColumn, vettingWidth);
    table->setColumnWidth(HistoryModel::ReasonColumn, width(u"Not an Education"_s));
}

void HistoryPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        fillCombos();
        fitFilterField();
        if (m_model)
            resizeColumns();
        // The model translates in data()/headerData(); repainting asks it again.
        m_ui->historyTableView->viewport()->update();
        m_ui->historyTableView->horizontalHeader()->viewport()->update();
        updateCount();
        updateMessage();
        if (m_service && m_service->isRefreshing())
            m_ui->refreshStatusesButton->setText(tr("Stop refreshing"));
    }
    QWidget::changeEvent(event);
}

} // namespace qd
