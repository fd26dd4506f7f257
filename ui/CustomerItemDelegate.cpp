#include "CustomerItemDelegate.h"

#include "CustomerListModel.h"

#include <QApplication>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
constexpr int kPadX = 8;
constexpr int kPadY = 5;
constexpr int kLineGap = 2;

QFont detailFont(const QFont &base)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * 0.88);
    return font;
}
} // namespace

int CustomerItemDelegate::rowHeight(const QFont &font)
{
    return kPadY * 2 + QFontMetrics(font).height() + kLineGap + QFontMetrics(detailFont(font)).height();
}

void CustomerItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString name = opt.text;
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QString domain = index.sibling(index.row(), CustomerListModel::DomainColumn).data().toString();
    const QString tenantId = index.sibling(index.row(), CustomerListModel::TenantIdColumn).data().toString();
    QString details = domain.isEmpty() ? tenantId : domain + u"  ·  "_s + tenantId;

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group =
        option.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor main = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor quiet = selected ? main : option.palette.color(group, QPalette::PlaceholderText);
    if (selected)
        quiet.setAlphaF(0.85f);

    const QRect area = option.rect.adjusted(kPadX, kPadY, -kPadX, -kPadY);
    const QFontMetrics fm(option.font);
    const QFont small = detailFont(option.font);
    const QFontMetrics smallFm(small);

    painter->save();
    painter->setFont(option.font);
    painter->setPen(main);
    painter->drawText(QRect(area.left(), area.top(), area.width(), fm.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(name, Qt::ElideRight, area.width()));
    // A cut-off GUID helps nobody: when both do not fit, the domain alone (the customer view
    // and the tooltip carry the tenant ID).
    if (smallFm.horizontalAdvance(details) > area.width() && !domain.isEmpty())
        details = domain;
    painter->setFont(small);
    painter->setPen(quiet);
    painter->drawText(QRect(area.left(), area.top() + fm.height() + kLineGap, area.width(), smallFm.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      smallFm.elidedText(details, Qt::ElideRight, area.width()));
    painter->restore();
}

QSize CustomerItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index)
    return {200, rowHeight(option.font)};
}

} // namespace qd
