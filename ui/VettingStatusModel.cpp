#include "VettingStatusModel.h"

#include "StatusBadge.h"
#include "i18n/LocaleFormat.h"

#include <QLocale>

namespace qd {

void VettingStatusModel::setQualifications(const QList<CustomerQualification> &qualifications)
{
    beginResetModel();
    m_rows = qualifications;
    endResetModel();
}

void VettingStatusModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int VettingStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int VettingStatusModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString VettingStatusModel::statusText(const CustomerQualification &qualification)
{
    const VettingStatus status = qualification.status();
    if (status == VettingStatus::Other)
        return qualification.vettingStatus.trimmed();
    if (status == VettingStatus::None)
        return tr("No vetting", "vetting status of a qualification that is not vetted (state-owned entity)");
    return Qualifications::displayName(status, qualification.vettingStatus);
}

QVariant VettingStatusModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CustomerQualification &row = m_rows.at(index.row());
    switch (role) {
    case RawQualificationRole:
        return row.qualification;
    case RawStatusRole:
        return row.vettingStatus;
    case DateRole:
        return row.vettingCreateDate;
    default:
        break;
    }
    switch (index.column()) {
    case QualificationColumn:
        if (role == Qt::DisplayRole)
            return Qualifications::displayName(row.type(), row.qualification);
        if (role == Qt::ToolTipRole)
            return row.qualification;
        break;
    case StatusColumn:
        if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole)
            return statusText(row);
        if (role == BadgeKindRole)
            return int(StatusBadge::kindFor(row.status()));
        if (role == Qt::ToolTipRole && row.status() == VettingStatus::Other)
            return tr("Partner Center reported a status QualDesk does not know: %1").arg(row.vettingStatus);
        break;
    case ReasonColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return row.vettingReason;
        break;
    case DateColumn:
        if (!row.vettingCreateDate.isValid())
            break;
        if (role == Qt::DisplayRole)
            return LocaleFormat::dateTime(row.vettingCreateDate);
        if (role == Qt::ToolTipRole)
            return QLocale().toString(row.vettingCreateDate.toLocalTime(), QLocale::LongFormat);
        break;
    default:
        break;
    }
    return {};
}

QVariant VettingStatusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case QualificationColumn:
        return tr("Qualification");
    case StatusColumn:
        return tr("Vetting status");
    case ReasonColumn:
        return tr("Reason");
    case DateColumn:
        return tr("Submitted", "column: date the vetting started");
    default:
        break;
    }
    return {};
}

} // namespace qd
