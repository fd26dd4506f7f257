#pragma once

#include "submission/BulkResult.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace qd {

// The rows of a bulk input or run: line, tenant ID, company, qualification, state, message.
// Updated in batches (the run reports changed rows ~10 times a second), so thousands of rows
// keep the window responsive.
class BulkResultsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Line,
        TenantId,
        Company,
        Qualification,
        State,
        Message,
        ColumnCount
    };
    static constexpr int StateRole = Qt::UserRole + 1; // int(BulkRowState)

    using QAbstractTableModel::QAbstractTableModel;

    void setRows(const QList<BulkRowResult> &rows);
    // Copies the rows at `changed` from `all` (the run's full list, same order as setRows).
    void updateRows(const QList<BulkRowResult> &all, const QList<int> &changed);
    const QList<BulkRowResult> &rows() const { return m_rows; }
    // Whether any row names its customer (a pasted list has no names).
    bool hasCompanyNames() const;
    // A column's starting width in pixels; 0: the view's own (the last column stretches).
    static int preferredWidth(int column);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Headers and state words in the current language.
    void retranslate();

private:
    QList<BulkRowResult> m_rows;
};

// Which rows the Bulk tab shows.
class BulkResultsFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class Show
    {
        All,
        Problems,
        Waiting,
        Accepted,
        Refused,
        Failed,
        Unknown,
        Invalid
    };

    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setShow(Show show);
    Show show() const { return m_show; }
    // Case-insensitive part of the tenant ID, company or message.
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    Show m_show = Show::All;
    QString m_text;
};

} // namespace qd
