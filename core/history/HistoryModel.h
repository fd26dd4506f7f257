#pragma once

#include "Submission.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>

namespace qd {

class SubmissionStore;

// The submission history as a table for views. Rows are fetched lazily in pages
// (canFetchMore/fetchMore) by keyset queries, so a million rows open instantly; filtering and
// sorting are done by the database. Follows the store's submissionAdded/submissionChanged.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn = int(SubmissionColumn::Time),
        CustomerColumn = int(SubmissionColumn::Customer),
        TenantIdColumn = int(SubmissionColumn::TenantId),
        QualificationColumn = int(SubmissionColumn::Qualification),
        StateColumn = int(SubmissionColumn::State),
        VettingStatusColumn = int(SubmissionColumn::VettingStatus),
        ReasonColumn = int(SubmissionColumn::Reason),
        UserColumn = int(SubmissionColumn::User),
        RequestIdColumn = int(SubmissionColumn::RequestId),
        ColumnCount
    };
    enum Role
    {
        SubmissionIdRole = Qt::UserRole + 1, // qint64
        CustomerIdRole,                      // QString, the tenant ID (double-click opens it)
        StateRole,                           // int(Submission::State)
        VettingStatusRole,                   // QString, raw API vetting status (for the badge)
        TimeUtcRole,                         // QDateTime in UTC
        ChangeSummaryRole,                   // QString, "Approved since yesterday" or empty
    };

    explicit HistoryModel(SubmissionStore *store, QObject *parent = nullptr);

    void setFilter(const SubmissionFilter &filter);
    SubmissionFilter filter() const { return m_filter; }
    SubmissionSort sortOrder() const { return m_sort; }
    // Rows per fetchMore() (default 200).
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    // Drops the loaded rows and fetches the first page again.
    void reload();
    // The loaded row, or an empty Submission (id 0) when row is out of range.
    Submission submissionAt(int row) const;
    // Row of a loaded submission, -1 when not loaded.
    int rowOf(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Translated column titles (also used by the CSV export header).
    static QString columnTitle(int column);

private:
    class ChangeGuard;
    void onAdded(qint64 id);
    void onBatchAdded(const QList<qint64> &ids);
    void onBatchChanged(const QList<qint64> &ids);
    static constexpr int kRowByRowLimit = 20;
    void onChanged(qint64 id);
    bool matches(const Submission &s) const;
    void rebuildIndex();

    QPointer<SubmissionStore> m_store;
    SubmissionFilter m_filter;
    SubmissionSort m_sort;
    int m_pageSize = 200;
    bool m_atEnd = false;
    bool m_changing = false;
    QList<Submission> m_rows;
    QHash<qint64, int> m_rowOfId;
};

} // namespace qd
