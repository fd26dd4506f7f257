#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace qd::cli {

// Plain-text tables for terminals: columns padded to the widest cell by display width, so
// Czech letters (precomposed or with combining marks) and wide characters line up.
class TableFormatter
{
public:
    enum class Align
    {
        Left,
        Right
    };

    explicit TableFormatter(QStringList headers);

    void setAlignment(int column, Align align);
    // Cells longer than width are cut with an ellipsis. 0 = unlimited (the default).
    void setMaxWidth(int column, int width);
    void addRow(QStringList cells);
    int rowCount() const { return int(m_rows.size()); }

    // Header, a rule of '-' and the rows; every line ends with '\n'. Trailing spaces trimmed.
    QString toString() const;

    // Columns a string takes on a terminal: combining marks 0, East Asian wide 2, others 1.
    static int displayWidth(const QString &text);
    // Cuts text to at most width columns, ending in "…" when something was cut.
    static QString elide(const QString &text, int width);
    // Pads to width columns (left- or right-aligned).
    static QString pad(const QString &text, int width, Align align = Align::Left);

    // "Label:  value" lines with the labels padded to the same width.
    static QString keyValue(const QList<QPair<QString, QString>> &pairs);

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
    QList<Align> m_align;
    QList<int> m_maxWidth;
};

} // namespace qd::cli
