#pragma once

#include "domain/Qualification.h"

#include <QColor>
#include <QIcon>
#include <QStyledItemDelegate>

namespace qd {

// The look of a status: a calm tint, a strong text colour and a small icon, so a status reads
// by colour, by shape and by word (colour alone fails colour-blind users and grey printouts).
enum class BadgeKind
{
    None,
    Positive,
    Pending,
    Negative,
    Neutral,
    Unknown
};

// Item models put a BadgeKind (as int) under this role on cells that should render as a badge.
inline constexpr int BadgeKindRole = Qt::UserRole + 100;

class StatusBadge
{
public:
    static BadgeKind kindFor(VettingStatus status);
    static QColor background(BadgeKind kind);
    static QColor foreground(BadgeKind kind);
    // From the shared icon resources (drawn for the neutral kind); cached per kind.
    static QIcon icon(BadgeKind kind);
};

// Paints cells that carry a BadgeKindRole as a rounded pill with icon and text.
class StatusBadgeDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The pill for text: icon, gap, text and padding (with a few pixels of slack, since
    // advances are rounded and elision must not bite at the exact width).
    static int pillWidth(const QFontMetrics &fm, const QString &text);
    // A cell that shows that pill whole, margins included.
    static int cellWidth(const QFontMetrics &fm, const QString &text);
};

} // namespace qd
