#include "CustomerListModel.h"

namespace qd {

void CustomerListModel::setCustomers(const QList<Customer> &customers, const PageLink &next)
{
    beginResetModel();
    m_customers = customers;
    m_next = next;
    m_fetching = false;
    endResetModel();
}

void CustomerListModel::appendPage(const QList<Customer> &customers, const PageLink &next)
{
    m_fetching = false;
    m_next = next;
    if (customers.isEmpty())
        return;
    const int first = int(m_customers.size());
    beginInsertRows({}, first, first + int(customers.size()) - 1);
    m_customers.append(customers);
    endInsertRows();
}

void CustomerListModel::pageFailed()
{
    m_fetching = false;
}

Customer CustomerListModel::customerAt(int row) const
{
    return row >= 0 && row < m_customers.size() ? m_customers.at(row) : Customer{};
}

void CustomerListModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

int CustomerListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_customers.size());
}

int CustomerListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CustomerListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Customer &customer = m_customers.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == CompanyColumn)
        return QStringList{customer.companyName, customer.domain, customer.id}.join(u'\n');
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case CompanyColumn:
            return customer.companyName;
        case DomainColumn:
            return customer.domain;
        case TenantIdColumn:
            return customer.id;
        default:
            break;
        }
    }
    return {};
}

QVariant CustomerListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case CompanyColumn:
        return tr("Company");
    case DomainColumn:
        return tr("Domain");
    case TenantIdColumn:
        return tr("Tenant ID");
    default:
        break;
    }
    return {};
}

bool CustomerListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_next.isValid() && !m_fetching;
}

void CustomerListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    emit moreRequested(m_next);
}

} // namespace qd
