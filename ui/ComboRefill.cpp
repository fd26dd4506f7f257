#include "ComboRefill.h"

#include <QComboBox>
#include <QSignalBlocker>

namespace qd {

void refillCombo(QComboBox *combo, const QList<QPair<QString, int>> &items)
{
    const int index = qMax(combo->currentIndex(), 0);
    const QSignalBlocker blocker(combo);
    combo->clear();
    for (const auto &[text, value] : items)
        combo->addItem(text, value);
    combo->setCurrentIndex(qMin(index, combo->count() - 1));
}

} // namespace qd
