#include "TableFormatter.h"

using namespace Qt::StringLiterals;

namespace qd::cli {

namespace {

int codePointWidth(char32_t c)
{
    const auto cat = QChar::category(c);
    if (cat == QChar::Mark_NonSpacing || cat == QChar::Mark_Enclosing || cat == QChar::Other_Format ||
        c == 0x200B)
        return 0;
    // East Asian Wide and Fullwidth ranges (the common blocks; enough for names and emoji).
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

// Control characters (a newline inside a server message) would break the grid.
QString sanitize(const QString &text)
{
    QString out = text;
    for (QChar &ch : out) {
        if (ch == u'\n' || ch == u'\r' || ch == u'\t')
            ch = u' ';
    }
    return out.normalized(QString::NormalizationForm_C);
}

} // namespace

TableFormatter::TableFormatter(QStringList headers) : m_headers(std::move(headers))
{
    m_align.fill(Align::Left, m_headers.size());
    m_maxWidth.fill(0, m_headers.size());
}

void TableFormatter::setAlignment(int column, Align align)
{
    if (column >= 0 && column < m_align.size())
        m_align[column] = align;
}

void TableFormatter::setMaxWidth(int column, int width)
{
    if (column >= 0 && column < m_maxWidth.size())
        m_maxWidth[column] = width;
}

void TableFormatter::addRow(QStringList cells)
{
    while (cells.size() < m_headers.size())
        cells << QString();
    cells.resize(m_headers.size());
    for (int i = 0; i < cells.size(); ++i) {
        cells[i] = sanitize(cells.at(i));
        if (m_maxWidth.at(i) > 0)
            cells[i] = elide(cells.at(i), m_maxWidth.at(i));
    }
    m_rows.append(cells);
}

QString TableFormatter::toString() const
{
    const int columns = int(m_headers.size());
    QList<int> widths(columns, 0);
    for (int i = 0; i < columns; ++i)
        widths[i] = displayWidth(m_headers.at(i));
    for (const QStringList &row : m_rows) {
        for (int i = 0; i < columns; ++i)
            widths[i] = std::max(widths.at(i), displayWidth(row.at(i)));
    }

    auto line = [&](const QStringList &cells) -> QString {
        QString out;
        for (int i = 0; i < columns; ++i) {
            if (i > 0)
                out += "  "_L1;
            out += pad(cells.at(i), widths.at(i), m_align.at(i));
        }
        while (out.endsWith(u' '))
            out.chop(1);
        return out + u'\n';
    };

    QString out = line(m_headers);
    QStringList rules;
    for (int w : widths)
        rules << QString(w, u'-');
    out += line(rules);
    for (const QStringList &row : m_rows)
        out += line(row);
    return out;
}

int TableFormatter::displayWidth(const QString &text)
{
    int width = 0;
    for (char32_t c : QStringView(text).toUcs4())
        width += codePointWidth(c);
    return width;
}

QString TableFormatter::elide(const QString &text, int width)
{
    if (width <= 0 || displayWidth(text) <= width)
        return text;
    QString out;
    int used = 0;
    for (char32_t c : QStringView(text).toUcs4()) {
        const int w = codePointWidth(c);
        if (used + w > width - 1)
            break;
        out += QString::fromUcs4(&c, 1);
        used += w;
    }
    return out + u'…';
}

QString TableFormatter::pad(const QString &text, int width, Align align)
{
    const int fill = std::max(0, width - displayWidth(text));
    return align == Align::Left ? text + QString(fill, u' ') : QString(fill, u' ') + text;
}

QString TableFormatter::keyValue(const QList<QPair<QString, QString>> &pairs)
{
    int width = 0;
    for (const auto &p : pairs)
        width = std::max(width, displayWidth(p.first) + 1);
    QString out;
    for (const auto &p : pairs)
        out += pad(p.first + u':', width) + "  "_L1 + sanitize(p.second) + u'\n';
    return out;
}

} // namespace qd::cli
