#include "ClearButtonName.h"

#include <QAction>
#include <QEvent>
#include <QLineEdit>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
// Qt names the action behind a line edit's clear button so; the name is stable since Qt 5.2.
constexpr auto kClearActionName = "_q_qlineeditclearaction"_L1;
constexpr auto kNamedProperty = "qd_clearButtonNamed";

void nameAction(QLineEdit *edit)
{
    auto *action = edit->findChild<QAction *>(kClearActionName);
    if (!action)
        return;
    action->setText(ClearButtonName::tr("Clear", "the clear button inside a text field"));
    action->setToolTip(ClearButtonName::tr("Clear the field"));
}

// Renames the button after a language switch (the action keeps whatever text it was given).
class Retranslator : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::LanguageChange)
            if (auto *edit = qobject_cast<QLineEdit *>(watched))
                nameAction(edit);
        return QObject::eventFilter(watched, event);
    }
};
} // namespace

void ClearButtonName::apply(QLineEdit *edit)
{
    if (!edit || !edit->isClearButtonEnabled())
        return;
    nameAction(edit);
    if (edit->property(kNamedProperty).toBool())
        return;
    edit->setProperty(kNamedProperty, true);
    edit->installEventFilter(new Retranslator(edit));
}

void ClearButtonName::applyAll(QWidget *root)
{
    if (!root)
        return;
    for (QLineEdit *edit : root->findChildren<QLineEdit *>())
        apply(edit);
}

} // namespace qd
