#include "BulkResultsModel.h"

#include <QColor>
#include <QPalette>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace qd {

void BulkResultsModel::setRows(const QList<BulkRowResult> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

void BulkResultsModel::updateRows(const QList<BulkRowResult> &all, const QList<int> &changed)
{
    if (all.size() != m_rows.size()) {
        setRows(all);
        return;
    }
    if (changed.isEmpty())
        return;
    int first = INT_MAX, last = -1;
    for (int i : changed) {
        if (i < 0 || i >= m_rows.size())
            continue;
        m_rows[i] = all.at(i);
        first = qMin(first, i);
        last = qMax(last, i);
    }
    // One signal for the whole batch: views repaint once, proxies re-filter once.
    if (last >= 0)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

int BulkResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BulkResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BulkResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BulkRowResult &r = m_rows.at(index.row());
    if (role == StateRole)
        return int(r.state);
    if (role == Qt::TextAlignmentRole && index.column() == Line)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == State) {
        switch (r.state) {
        case BulkRowState::Accepted:
            return QColor(0x1b, 0x7f, 0x3b);
        case BulkRowState::Refused:
        case BulkRowState::Invalid:
            return QColor(0xb0, 0x2a, 0x1e);
        case BulkRowState::Failed:
        case BulkRowState::Unknown:
            return QColor(0x9a, 0x5b, 0x00);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Message)
        return r.message.isEmpty() ? QVariant() : QVariant(r.message);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Line:
        return r.line;
    case TenantId:
        return r.tenantId;
    case Company:
        return r.companyName;
    case Qualification: {
        const QualificationType type = Qualifications::typeFromString(r.qualification);
        QString text =
            type == QualificationType::Unknown ? r.qualification : Qualifications::displayName(type);
        if (type == QualificationType::Education && !r.segment.isEmpty())
            text +=
                u" ("_s + Qualifications::displayName(Qualifications::segmentFromString(r.segment)) + u')';
        return text;
    }
    case State:
        return BulkResults::displayName(r.state);
    case Message:
        return r.message;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant BulkResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Line:
        return tr("Line");
    case TenantId:
        return tr("Tenant ID");
    case Company:
        return tr("Customer");
    case Qualification:
        return tr("Qualification");
    case State:
        return tr("State");
    case Message:
        return tr("Message");
    case ColumnCount:
        break;
    }
    return {};
}

bool BulkResultsModel::hasCompanyNames() const
{
    return std::any_of(m_rows.begin(), m_rows.end(),
                       [](const BulkRowResult &r) { return !r.companyName.isEmpty(); });
}

int BulkResultsModel::preferredWidth(int column)
{
    switch (column) {
    case Line:
        return 60;
    case TenantId:
        return 290;
    case Company:
        return 200;
    case Qualification:
        return 190;
    case State:
        return 90;
    default:
        return 0;
    }
}

void BulkResultsModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void BulkResultsFilter::setShow(Show show)
{
    if (m_show == show)
        return;
    m_show = show;
    invalidateFilter();
}

void BulkResultsFilter::setText(const QString &text)
{
    if (m_text == text)
        return;
    m_text = text;
    invalidateFilter();
}

bool BulkResultsFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const BulkResultsModel *>(sourceModel());
    if (!model || sourceParent.isValid() || sourceRow >= model->rows().size())
        return false;
    const BulkRowResult &r = model->rows().at(sourceRow);
    bool show = true;
    switch (m_show) {
    case Show::All:
        break;
    case Show::Problems:
        // Also valid rows with a warning (a read that could not be done).
        show = r.state == BulkRowState::Invalid || r.state == BulkRowState::Refused ||
               r.state == BulkRowState::Failed || r.state == BulkRowState::Unknown ||
               (r.state == BulkRowState::Queued && !r.message.isEmpty());
        break;
    case Show::Waiting:
        show = r.state == BulkRowState::Queued || r.state == BulkRowState::InFlight;
        break;
    case Show::Accepted:
        show = r.state == BulkRowState::Accepted;
        break;
    case Show::Refused:
        show = r.state == BulkRowState::Refused;
        break;
    case Show::Failed:
        show = r.state == BulkRowState::Failed;
        break;
    case Show::Unknown:
        show = r.state == BulkRowState::Unknown;
        break;
    case Show::Invalid:
        show = r.state == BulkRowState::Invalid;
        break;
    }
    if (!show || m_text.isEmpty())
        return show;
    return r.tenantId.contains(m_text, Qt::CaseInsensitive) ||
           r.companyName.contains(m_text, Qt::CaseInsensitive) ||
           r.message.contains(m_text, Qt::CaseInsensitive);
}

bool BulkResultsFilter::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.column() == BulkResultsModel::Line)
        return left.data().toInt() < right.data().toInt();
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace qd
