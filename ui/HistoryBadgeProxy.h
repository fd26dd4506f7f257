#pragma once

#include <QIdentityProxyModel>

namespace qd {

// Adds badge looks (BadgeKindRole) to the state and vetting-status columns of the history
// model, which only knows the raw values, and writes times like the rest of the window.
// Sorting and lazy fetching pass through.
class HistoryBadgeProxy : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace qd
