#include "HistoryModel.h"

#include "HistorySql.h"
#include "SubmissionStore.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace qd {

namespace sql = historysql;

// Marks a structural change in progress: something reacting to its signals (a view, a model
// tester) must not make the model fetch and insert rows in the middle of it.
class HistoryModel::ChangeGuard
{
public:
    explicit ChangeGuard(HistoryModel *model) : m_model(model) { m_model->m_changing = true; }
    ~ChangeGuard() { m_model->m_changing = false; }

private:
    HistoryModel *m_model;
};

HistoryModel::HistoryModel(SubmissionStore *store, QObject *parent)
    : QAbstractTableModel(parent), m_store(store)
{
    if (store) {
        connect(store, &SubmissionStore::submissionAdded, this, &HistoryModel::onAdded);
        connect(store, &SubmissionStore::submissionsAdded, this, &HistoryModel::onBatchAdded);
        connect(store, &SubmissionStore::submissionsChanged, this, &HistoryModel::onBatchChanged);
        connect(store, &SubmissionStore::submissionChanged, this, &HistoryModel::onChanged);
    }
}

void HistoryModel::setFilter(const SubmissionFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    reload();
}

void HistoryModel::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
}

void HistoryModel::reload()
{
    const ChangeGuard guard(this);
    beginResetModel();
    m_rows.clear();
    m_rowOfId.clear();
    m_atEnd = false;
    endResetModel();
}

Submission HistoryModel::submissionAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : Submission{};
}

int HistoryModel::rowOf(qint64 id) const
{
    return m_rowOfId.value(id, -1);
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryModel::columnTitle(int column)
{
    switch (column) {
    case TimeColumn:
        return tr("Time");
    case CustomerColumn:
        return tr("Customer");
    case TenantIdColumn:
        return tr("Tenant ID");
    case QualificationColumn:
        return tr("Qualification");
    case StateColumn:
        return tr("State");
    case VettingStatusColumn:
        return tr("Vetting status");
    case ReasonColumn:
        return tr("Reason");
    case UserColumn:
        return tr("Submitted by");
    case RequestIdColumn:
        return tr("Request ID");
    default:
        break;
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return columnTitle(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

namespace {
QString vettingText(const Submission &s)
{
    if (s.vettingStatus.isEmpty())
        return {};
    return Qualifications::displayName(Qualifications::statusFromString(s.vettingStatus), s.vettingStatus);
}

QString reasonText(const Submission &s)
{
    return s.vettingReason.isEmpty() ? s.errorMessage : s.vettingReason;
}
} // namespace

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Submission &s = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(s.time.toLocalTime(), QLocale::ShortFormat);
        case CustomerColumn:
            return s.companyName.isEmpty() ? s.customerId : s.companyName;
        case TenantIdColumn:
            return s.customerId;
        case QualificationColumn:
            return s.request.summary();
        case StateColumn:
            return Submission::displayName(s.state);
        case VettingStatusColumn:
            return vettingText(s);
        case ReasonColumn:
            return reasonText(s);
        case UserColumn:
            return s.user;
        case RequestIdColumn:
            return s.requestId;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(s.time.toLocalTime(), QLocale::LongFormat);
        case StateColumn:
            return s.errorMessage.isEmpty() ? QVariant() : QVariant(s.errorMessage);
        case VettingStatusColumn: {
            const QString change = s.changeSummary(QDateTime::currentDateTimeUtc());
            return change.isEmpty() ? QVariant() : QVariant(change);
        }
        case ReasonColumn:
            return reasonText(s).isEmpty() ? QVariant() : QVariant(reasonText(s));
        case UserColumn:
            return s.user.isEmpty() ? QVariant() : QVariant(s.user);
        default:
            return {};
        }
    case SubmissionIdRole:
        return s.id;
    case CustomerIdRole:
        return s.customerId;
    case StateRole:
        return int(s.state);
    case VettingStatusRole:
        return s.vettingStatus;
    case TimeUtcRole:
        return s.time;
    case ChangeSummaryRole:
        return s.changeSummary(QDateTime::currentDateTimeUtc());
    default:
        return {};
    }
}

bool HistoryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_changing && m_store && m_store->isOpen();
}

void HistoryModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const Submission after = m_rows.isEmpty() ? Submission{} : m_rows.last();
    const QList<Submission> page = m_store->queryAfter(m_filter, m_sort, after, m_pageSize);
    // A failed read ends the list instead of asking again and again.
    m_atEnd = page.size() < m_pageSize || m_store->lastError().isError();
    if (page.isEmpty())
        return;
    const int first = int(m_rows.size());
    const ChangeGuard guard(this);
    beginInsertRows({}, first, first + int(page.size()) - 1);
    for (const Submission &s : page) {
        m_rowOfId.insert(s.id, int(m_rows.size()));
        m_rows.append(s);
    }
    endInsertRows();
}

void HistoryModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    const SubmissionSort sort{SubmissionColumn(column), order};
    if (sort == m_sort)
        return;
    // The database sorts; the loaded rows are replaced by its first page.
    m_sort = sort;
    reload();
}

bool HistoryModel::matches(const Submission &s) const
{
    return sql::matches(m_filter, s);
}

void HistoryModel::rebuildIndex()
{
    m_rowOfId.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowOfId.insert(m_rows.at(i).id, i);
}

// Position of s among the loaded rows in the model's order; -1 when it belongs after the
// loaded rows while more are still to be fetched (fetchMore will bring it).
static int insertPosition(const QList<Submission> &rows, const Submission &s, const SubmissionSort &sort,
                          bool atEnd)
{
    auto before = [&](const Submission &a, const Submission &b) {
        const int c = sql::compareForSort(a, b, sort.column);
        return sort.order == Qt::AscendingOrder ? c < 0 : c > 0;
    };
    const auto it = std::lower_bound(rows.cbegin(), rows.cend(), s, before);
    if (it == rows.cend() && !atEnd)
        return -1;
    return int(it - rows.cbegin());
}

void HistoryModel::onAdded(qint64 id)
{
    if (!m_store || m_rowOfId.contains(id))
        return;
    const std::optional<Submission> s = m_store->get(id);
    if (!s || !matches(*s))
        return;
    const int row = insertPosition(m_rows, *s, m_sort, m_atEnd);
    if (row < 0)
        return;
    const ChangeGuard guard(this);
    beginInsertRows({}, row, row);
    m_rows.insert(row, *s);
    rebuildIndex();
    endInsertRows();
}

void HistoryModel::onBatchAdded(const QList<qint64> &ids)
{
    // A few rows are placed one by one; a bulk run's chunk of hundreds would cost a query and
    // a view update per row, so the view starts again from the database's first page instead.
    // New rows are pending: a filter on other states cannot show them, and the view stays put.
    if (!m_filter.states.isEmpty() && !m_filter.states.contains(Submission::State::Pending))
        return;
    if (ids.size() <= kRowByRowLimit) {
        for (qint64 id : ids)
            onAdded(id);
        return;
    }
    reload();
}

void HistoryModel::onBatchChanged(const QList<qint64> &ids)
{
    if (ids.size() <= kRowByRowLimit) {
        for (qint64 id : ids)
            onChanged(id);
        return;
    }
    reload();
}

void HistoryModel::onChanged(qint64 id)
{
    if (!m_store)
        return;
    const int row = rowOf(id);
    if (row < 0) {
        onAdded(id); // it may match the filter now
        return;
    }
    const std::optional<Submission> s = m_store->get(id);
    if (!s || !matches(*s)) {
        const ChangeGuard guard(this);
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        rebuildIndex();
        endRemoveRows();
        return;
    }
    if (sql::compareForSort(*s, m_rows.at(row), m_sort.column) == 0) {
        m_rows[row] = *s;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    // Its sort value changed: take it out and put it where it now belongs.
    {
        const ChangeGuard guard(this);
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        rebuildIndex();
        endRemoveRows();
    }
    onAdded(id);
}

} // namespace qd
