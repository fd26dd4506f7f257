#pragma once

#include "domain/Models.h"

#include <QAbstractTableModel>

namespace qd {

// Customers found by a lookup (or opened recently). Further pages are asked for through
// moreRequested() when a view scrolls to the end; the owner fetches and calls appendPage().
class CustomerListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        CompanyColumn,
        DomainColumn,
        TenantIdColumn,
        ColumnCount
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setCustomers(const QList<Customer> &customers, const PageLink &next = {});
    void appendPage(const QList<Customer> &customers, const PageLink &next);
    // The page request failed or was dropped: allow asking again.
    void pageFailed();
    Customer customerAt(int row) const;
    const QList<Customer> &customers() const { return m_customers; }
    bool hasMore() const { return m_next.isValid(); }
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void moreRequested(const qd::PageLink &next);

private:
    QList<Customer> m_customers;
    PageLink m_next;
    bool m_fetching = false;
};

} // namespace qd
