#include "StatusBadge.h"

#include "ResourcePaths.h"

#include <QApplication>
#include <QCoreApplication>
#include <QHash>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace qd {

namespace {

constexpr int kIconSize = 14;
constexpr int kPadX = 8;
constexpr int kGap = 5;
constexpr int kCellMargin = 4; // between the cell's edge and the pill

// The shared status icons (resources/icons/status); the neutral "no vetting" minus is drawn.
QString resourceName(BadgeKind kind)
{
    switch (kind) {
    case BadgeKind::Positive:
        return resources::statusIconPath(u"approved");
    case BadgeKind::Pending:
        return resources::statusIconPath(u"inreview");
    case BadgeKind::Negative:
        return resources::statusIconPath(u"denied");
    case BadgeKind::Unknown:
        return resources::statusIconPath(u"unknown");
    case BadgeKind::Neutral:
    case BadgeKind::None:
        break;
    }
    return {};
}

// Icons live until the application ends, not until static destruction, when the image
// plugins that render them may already be gone.
QHash<int, QIcon> &iconCache()
{
    static QHash<int, QIcon> *cache = nullptr;
    if (!cache) {
        cache = new QHash<int, QIcon>;
        qAddPostRoutine([] {
            delete cache;
            cache = nullptr;
        });
    }
    return *cache;
}

// The neutral badge (pending, sent: no verdict yet) has no icon file: a grey disc with a minus.
QPixmap drawNeutralIcon(int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(StatusBadge::foreground(BadgeKind::Neutral));
    p.drawEllipse(QRectF(0.5, 0.5, size - 1.0, size - 1.0));
    p.setPen(QPen(Qt::white, size / 8.0, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(QPointF(size * 0.3, size * 0.5), QPointF(size * 0.7, size * 0.5));
    return pixmap;
}

} // namespace

BadgeKind StatusBadge::kindFor(VettingStatus status)
{
    switch (status) {
    case VettingStatus::Approved:
        return BadgeKind::Positive;
    case VettingStatus::InReview:
        return BadgeKind::Pending;
    case VettingStatus::Denied:
        return BadgeKind::Negative;
    case VettingStatus::None:
        return BadgeKind::Neutral;
    case VettingStatus::Other:
        return BadgeKind::Unknown;
    }
    return BadgeKind::Unknown;
}

QColor StatusBadge::background(BadgeKind kind)
{
    switch (kind) {
    case BadgeKind::Positive:
        return QColor(0xe3, 0xf3, 0xe6);
    case BadgeKind::Pending:
        return QColor(0xfd, 0xf1, 0xd6);
    case BadgeKind::Negative:
        return QColor(0xfb, 0xe4, 0xe2);
    case BadgeKind::Neutral:
        return QColor(0xec, 0xee, 0xf0);
    case BadgeKind::Unknown:
        return QColor(0xe6, 0xea, 0xf4);
    case BadgeKind::None:
        break;
    }
    return {};
}

QColor StatusBadge::foreground(BadgeKind kind)
{
    // Dark enough on the tint for WCAG AA contrast at small sizes.
    switch (kind) {
    case BadgeKind::Positive:
        return QColor(0x1b, 0x6e, 0x33);
    case BadgeKind::Pending:
        return QColor(0x85, 0x55, 0x00);
    case BadgeKind::Negative:
        return QColor(0xa8, 0x20, 0x1a);
    case BadgeKind::Neutral:
        return QColor(0x4a, 0x52, 0x5a);
    case BadgeKind::Unknown:
        return QColor(0x3a, 0x4a, 0x7a);
    case BadgeKind::None:
        break;
    }
    return {};
}

QIcon StatusBadge::icon(BadgeKind kind)
{
    QHash<int, QIcon> &cache = iconCache();
    const auto it = cache.constFind(int(kind));
    if (it != cache.constEnd())
        return *it;
    QIcon icon;
    const QString resource = resourceName(kind);
    if (!resource.isEmpty()) {
        icon = QIcon(resource);
    } else if (kind == BadgeKind::Neutral) {
        for (int size : {kIconSize, kIconSize * 2})
            icon.addPixmap(drawNeutralIcon(size));
    }
    cache.insert(int(kind), icon);
    return icon;
}

void StatusBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    const QVariant kindData = index.data(BadgeKindRole);
    const auto kind = kindData.isValid() ? BadgeKind(kindData.toInt()) : BadgeKind::None;
    if (kind == BadgeKind::None) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // Selection and focus background as usual, then the pill on top.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = QIcon();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QString text = index.data(Qt::DisplayRole).toString();
    const QFontMetrics fm(option.font);
    const int height = qMin(option.rect.height() - 4, fm.height() + 6);
    const int width = qMin(option.rect.width() - 2 * kCellMargin, pillWidth(fm, text));
    const QRect pill(option.rect.left() + kCellMargin, option.rect.center().y() - height / 2 + 1, width,
                     height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(StatusBadge::background(kind));
    painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
    const QRect iconRect(pill.left() + kPadX, pill.center().y() - kIconSize / 2 + 1, kIconSize, kIconSize);
    StatusBadge::icon(kind).paint(painter, iconRect);
    painter->setPen(StatusBadge::foreground(kind));
    painter->setFont(option.font);
    const QRect textRect = pill.adjusted(kPadX + kIconSize + kGap, 0, -kPadX, 0);
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                      fm.elidedText(text, Qt::ElideRight, textRect.width()));
    painter->restore();
}

QSize StatusBadgeDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (!index.data(BadgeKindRole).isValid())
        return size;
    const QFontMetrics fm(option.font);
    const int width = cellWidth(fm, index.data(Qt::DisplayRole).toString());
    return {qMax(size.width(), width), qMax(size.height(), fm.height() + 10)};
}

int StatusBadgeDelegate::pillWidth(const QFontMetrics &fm, const QString &text)
{
    return kPadX * 2 + kIconSize + kGap + fm.horizontalAdvance(text) + 4;
}

int StatusBadgeDelegate::cellWidth(const QFontMetrics &fm, const QString &text)
{
    return 2 * kCellMargin + pillWidth(fm, text) + 8;
}

} // namespace qd
