#pragma once

#include <QProxyStyle>

class QWidget;

// What the first paint of the window need not wait for, done once it has painted.
namespace qd::startup {

// The application style, as it would be, except that the menu bar's overflow arrow (hidden
// unless the menus do not fit) is loaded when first drawn: made at once, it has Qt load every
// image-format plugin before the window can paint.
class DeferredIconStyle : public QProxyStyle
{
    Q_OBJECT
public:
    using QProxyStyle::QProxyStyle;
    QIcon standardIcon(StandardPixmap icon, const QStyleOption *option = nullptr,
                       const QWidget *widget = nullptr) const override;
};

// Labels marked selectableText in their .ui become selectable by mouse: each selectable label
// builds a text document, which nothing on the first screen needs.
void enableTextSelection(QWidget *root);

} // namespace qd::startup
