#pragma once

#include <QCoreApplication>

class QLineEdit;
class QWidget;

namespace qd {

// A line edit's clear button (setClearButtonEnabled) is a tool button with an icon only: a
// screen reader would announce "button" and nothing else. These give it a name and a tooltip
// in the current language and keep them translated when the language changes.
class ClearButtonName
{
    Q_DECLARE_TR_FUNCTIONS(ClearButtonName)
public:
    // Names the clear button of edit, if it has one. Calling it again is harmless.
    static void apply(QLineEdit *edit);
    // The same for every line edit under root that shows a clear button.
    static void applyAll(QWidget *root);
};

} // namespace qd
