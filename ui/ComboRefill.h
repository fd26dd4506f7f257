#pragma once

#include <QList>
#include <QPair>
#include <QString>

class QComboBox;

namespace qd {

// Replaces a combo box's items (text, value) keeping the selected position and emitting no
// change signal: what a language switch needs for every translated choice list.
void refillCombo(QComboBox *combo, const QList<QPair<QString, int>> &items);

} // namespace qd
