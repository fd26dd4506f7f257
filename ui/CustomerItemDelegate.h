#pragma once

#include <QStyledItemDelegate>

namespace qd {

// Paints one customer of a CustomerListModel in two lines: the company name, and under it
// the domain and tenant ID in a quieter colour, so a narrow side panel shows all three.
class CustomerItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    static int rowHeight(const QFont &font);
};

} // namespace qd
