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
#include <QSignalBlocker>
#include <QStandardPaths>
#include <QStyleOptionComboBox>
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
    : QWidget(parent), m_ui(std::make_unique<Ui::HistoryPanel>()), m_proxy(new HistoryBadgeProxy(this))
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
    for (QComboBox *combo : {m_ui->stateComboBox, m_ui->qualificationFilterComboBox, m_ui->periodComboBox,
                             m_ui->userFilterComboBox})
        connect(combo, &QComboBox::activated, this, &HistoryPanel::applyFilter);
    m_usersRefresh.setSingleShot(true);
    m_usersRefresh.setInterval(250);
    connect(&m_usersRefresh, &QTimer::timeout, this, &HistoryPanel::refreshUsers);
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
    if (m_store)
        disconnect(m_store, nullptr, this, nullptr);
    m_usersRefresh.stop();
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
        // A colleague's first submission into a shared history makes them a choice.
        // Read at most once a moment, however often a bulk run writes.
        const auto usersMayHaveChanged = [this] {
            if (!m_usersRefresh.isActive())
                m_usersRefresh.start();
        };
        connect(store, &SubmissionStore::submissionAdded, this, usersMayHaveChanged);
        connect(store, &SubmissionStore::submissionsAdded, this, usersMayHaveChanged);
    }
    refreshUsers();
    if (usable) {
        applyFilter();
        // Newest first, and the header says so.
        m_ui->historyTableView->sortByColumn(HistoryModel::TimeColumn, Qt::DescendingOrder);
        resizeColumns();
    }
    for (QWidget *w : std::initializer_list<QWidget *>{
             m_ui->historyFilterEdit, m_ui->stateComboBox, m_ui->qualificationFilterComboBox,
             m_ui->periodComboBox, m_ui->userFilterComboBox, m_ui->exportButton, m_ui->historyTableView})
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
    refillCombo(
        m_ui->qualificationFilterComboBox,
        {{tr("All qualifications"), -1},
         {Qualifications::displayName(QualificationType::Education), int(QualificationType::Education)},
         {Qualifications::displayName(QualificationType::GovernmentCommunityCloud),
          int(QualificationType::GovernmentCommunityCloud)},
         {Qualifications::displayName(QualificationType::StateOwnedEntity),
          int(QualificationType::StateOwnedEntity)}});
    refillCombo(m_ui->periodComboBox, {{tr("Any time"), AnyTime},
                                       {tr("Today"), Today},
                                       {tr("Last 7 days"), Last7Days},
                                       {tr("Last 30 days"), Last30Days},
                                       {tr("This year"), ThisYear},
                                       {tr("Between…"), CustomRange}});
    const bool custom = m_ui->periodComboBox->currentData().toInt() == CustomRange;
    m_ui->fromDateEdit->setVisible(custom);
    m_ui->toDateEdit->setVisible(custom);
    m_ui->dateDashLabel->setVisible(custom);
}

void HistoryPanel::refreshUsers()
{
    // Read like the rows and the count: on this thread, from an index (a few steps per person).
    QComboBox *combo = m_ui->userFilterComboBox;
    QStringList users;
    if (m_model && m_store) {
        users = m_store->users();
        if (m_store->lastError().isError() && combo->count() > 0)
            return; // what is listed stays until the history can be read again
    }
    QStringList shown;
    for (int i = 1; i < combo->count(); ++i)
        shown << combo->itemData(i).toString();
    if (combo->count() > 0 && shown == users)
        return;
    const QString chosen = combo->currentData().toString();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(tr("Everyone"), QString());
    for (const QString &user : users)
        combo->addItem(user, user);
    // The chosen person stays chosen; one not in this history is everyone again.
    combo->setCurrentIndex(std::max(0, int(combo->findData(chosen))));
    if (combo->currentData().toString() != chosen)
        applyFilter();
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
    filter.user = m_ui->userFilterComboBox->currentData().toString();
    // Days are the user's local days; the store compares UTC.
    const QDate today = QDate::currentDate();
    const auto startOf = [](QDate day) { return day.startOfDay().toUTC(); };
    switch (m_ui->periodComboBox->currentData().toInt()) {
    case Today:
        filter.from = startOf(today);
        break;
    case Last7Days:
        filter.from = startOf(today.addDays(-6));
        break;
    case Last30Days:
        filter.from = startOf(today.addDays(-29));
        break;
    case ThisYear:
        filter.from = startOf(QDate(today.year(), 1, 1));
        break;
    case CustomRange:
        filter.from = startOf(m_ui->fromDateEdit->date());
        filter.to = startOf(m_ui->toDateEdit->date().addDays(1));
        break;
    default:
        break;
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
    m_ui->historyCountLabel->setText(
        count < 0 ? QString() : tr("%n submission(s)", nullptr, int(qMin<qint64>(count, INT_MAX))));
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
    const QString suggested =
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .filePath(u"qualdesk-history-%1.csv"_s.arg(QDate::currentDate().toString(Qt::ISODate)));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export history"), suggested, tr("CSV files (*.csv)"));
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
        case Message::None:
            break;
        case Message::RefreshDone:
            text = m_summary ? m_summary->text() : QString();
            break;
        case Message::Exported:
            text = tr("%n row(s) exported to %1.", nullptr, int(m_exportedRows))
                       .arg(QDir::toNativeSeparators(m_exportedPath));
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
    // Long names are elided when the window is narrow: the row fits the window as before.
    auto *people = m_ui->userFilterComboBox;
    QStyleOptionComboBox option;
    option.initFrom(people);
    const QFontMetrics fm = people->fontMetrics();
    const QSize everyone(fm.horizontalAdvance(tr("Everyone")), fm.height());
    people->setMinimumWidth(
        people->style()->sizeFromContents(QStyle::CT_ComboBox, &option, everyone, people).width());
}

void HistoryPanel::resizeColumns()
{
    auto *table = m_ui->historyTableView;
    const QFontMetrics fm = table->fontMetrics();
    const auto width = [&](const QString &sample) { return fm.horizontalAdvance(sample) + 20; };
    // Sized so all columns but the request ID, last, fit a 1180-pixel window (the request ID
    // takes what is left, or a scroll away); long IDs are elided in the middle and shown whole
    // in the CSV export. A user name keeps its start, which tells colleagues apart.
    table->setColumnWidth(HistoryModel::TimeColumn,
                          width(LocaleFormat::dateTime(QDateTime::currentDateTimeUtc())));
    table->setColumnWidth(HistoryModel::CustomerColumn, width(u"Masarykova univerzita"_s));
    table->setColumnWidth(HistoryModel::TenantIdColumn, width(u"00000000…00000000"_s));
    table->setColumnWidth(HistoryModel::QualificationColumn, width(u"Government Community"_s));
    // Badge columns fit their longest word in the current language, as the badge draws it.
    int stateWidth = 0;
    for (Submission::State state : Submission::allStates())
        stateWidth = qMax(stateWidth, StatusBadgeDelegate::cellWidth(fm, Submission::displayName(state)));
    int vettingWidth = fm.horizontalAdvance(
        table->model()->headerData(HistoryModel::VettingStatusColumn, Qt::Horizontal).toString());
    for (VettingStatus status : {VettingStatus::InReview, VettingStatus::Approved, VettingStatus::Denied})
        vettingWidth =
            qMax(vettingWidth, StatusBadgeDelegate::cellWidth(fm, Qualifications::displayName(status)));
    table->setColumnWidth(HistoryModel::StateColumn, stateWidth);
    table->setColumnWidth(HistoryModel::VettingStatusColumn, vettingWidth);
    table->setColumnWidth(HistoryModel::ReasonColumn, width(u"Not an Education"_s));
    table->setColumnWidth(HistoryModel::UserColumn, width(u"anna.novak@conto"_s));
}

void HistoryPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        fillCombos();
        if (m_ui->userFilterComboBox->count() > 0)
            m_ui->userFilterComboBox->setItemText(0, tr("Everyone"));
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
