#include "CsvReader.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace qd {

namespace {

// Whether bytes are well-formed UTF-8; Qt's decoder rejects overlong forms, surrogates,
// code points above U+10FFFF and sequences cut short.
bool isValidUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder(bytes);
    return !decoder.hasError();
}

bool isBinaryControl(uchar c)
{
    // Tab, LF, CR and form feed occur in text exports; other C0 controls only in binary files.
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';
}

bool isBlank(const QStringList &fields)
{
    for (const QString &f : fields) {
        if (!f.trimmed().isEmpty())
            return false;
    }
    return true;
}

} // namespace

QChar CsvReader::detectDelimiter(QStringView headerLine)
{
    int commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    bool seenText = false; // blank lines before the header do not end it
    for (QChar ch : headerLine) {
        if (ch == u'"') {
            quoted = !quoted;
        } else if (quoted) {
            continue;
        } else if (ch == u'\n' || ch == u'\r') {
            if (seenText)
                break;
        } else if (ch == u',') {
            ++commas;
        } else if (ch == u';') {
            ++semicolons;
        } else if (ch == u'\t') {
            ++tabs;
        }
        seenText = seenText || !ch.isSpace();
    }
    if (semicolons > commas && semicolons >= tabs)
        return u';';
    if (tabs > commas && tabs > semicolons)
        return u'\t';
    return u',';
}

bool CsvReader::checkBytes(QByteArrayView data, CsvDocument *doc)
{
    // Line by line, so the message can name the first line that is not text.
    int line = 1;
    qsizetype start = 0;
    while (start < data.size()) {
        qsizetype stop = data.indexOf('\n', start);
        if (stop < 0)
            stop = data.size();
        const QByteArrayView text = data.sliced(start, stop - start);
        for (char c : text) {
            if (isBinaryControl(uchar(c))) {
                doc->errorLine = line;
                doc->error = tr("Line %1 contains binary data (a control character such as NUL). "
                                "Choose a CSV file saved as text.")
                                 .arg(line);
                return false;
            }
        }
        if (!isValidUtf8(text)) {
            doc->errorLine = line;
            doc->error = tr("Line %1 is not valid UTF-8 text. Save the file as \"CSV UTF-8\" and "
                            "try again.")
                             .arg(line);
            return false;
        }
        start = stop + 1;
        ++line;
    }
    return true;
}

CsvDocument CsvReader::parse(QByteArrayView data)
{
    CsvDocument doc;
    if (data.size() > MaxBytes) {
        doc.error = tr("The file is too large (over %1 MB).").arg(MaxBytes / (1024 * 1024));
        return doc;
    }
    if (data.startsWith("\xEF\xBB\xBF")) {
        doc.hadBom = true;
        data = data.sliced(3);
    } else if (data.startsWith("\xFF\xFE") || data.startsWith("\xFE\xFF")) {
        doc.error = tr("The file is saved as UTF-16. Save it as \"CSV UTF-8\" and try again.");
        return doc;
    }
    if (!checkBytes(data, &doc))
        return doc;

    const QString text = QString::fromUtf8(data);
    doc.delimiter = detectDelimiter(text);
    const QChar delim = doc.delimiter;
    const QChar *const begin = text.constData();
    const QChar *const end = begin + text.size();
    const QChar *p = begin;

    int line = 1;
    CsvRecord record{1, {}};
    QString field;
    bool atFieldStart = true;   // only here may a quote open a quoted field
    bool recordHasData = false; // anything (even a lone delimiter) on this record yet

    auto endRecord = [&] {
        if (recordHasData) {
            record.fields.append(field);
            if (!isBlank(record.fields))
                doc.records.append(std::move(record));
        }
        record = CsvRecord{line, {}};
        field.clear();
        atFieldStart = true;
        recordHasData = false;
    };

    while (p < end) {
        const QChar ch = *p;
        if (ch == u' ' && atFieldStart) {
            // Hand-written files put a space after the delimiter: `a, "b"` is still quoted.
            const QChar *q = p;
            while (q < end && *q == u' ')
                ++q;
            if (q < end && *q == u'"') {
                p = q;
                continue;
            }
        }
        if (ch == u'"' && atFieldStart) {
            // A quoted field: runs to the next lone quote, across line breaks.
            const int openLine = line;
            ++p;
            QString value;
            bool closed = false;
            while (p < end) {
                const QChar *run = p;
                while (p < end && *p != u'"' && *p != u'\r' && *p != u'\n')
                    ++p;
                value.append(run, p - run);
                if (p == end)
                    break;
                if (*p == u'"') {
                    if (p + 1 < end && p[1] == u'"') {
                        value.append(u'"');
                        p += 2;
                        continue;
                    }
                    ++p;
                    closed = true;
                    break;
                }
                // A line break inside quotes belongs to the value; keep it as '\n'.
                if (*p == u'\r' && p + 1 < end && p[1] == u'\n')
                    ++p;
                ++p;
                ++line;
                value.append(u'\n');
            }
            if (!closed) {
                doc.records.clear();
                doc.errorLine = openLine;
                doc.error =
                    tr("Line %1: a quoted field starts here but its closing quote is missing.").arg(openLine);
                return doc;
            }
            if (p < end && *p != delim && *p != u'\r' && *p != u'\n') {
                doc.records.clear();
                doc.errorLine = line;
                doc.error = tr("Line %1: unexpected text after a closing quote. Put the whole field "
                               "in quotes and double any quote inside it (\"\").")
                                .arg(line);
                return doc;
            }
            field = std::move(value);
            atFieldStart = false;
            recordHasData = true;
            continue;
        }
        if (ch == delim) {
            record.fields.append(field);
            field.clear();
            atFieldStart = true;
            recordHasData = true;
            ++p;
            continue;
        }
        if (ch == u'\r' || ch == u'\n') {
            if (ch == u'\r' && p + 1 < end && p[1] == u'\n')
                ++p;
            ++p;
            ++line;
            endRecord();
            continue;
        }
        // An unquoted run: take it in one piece up to the next delimiter or line break.
        const QChar *run = p;
        while (p < end && *p != delim && *p != u'\r' && *p != u'\n')
            ++p;
        field.append(run, p - run);
        atFieldStart = false;
        recordHasData = true;
    }
    endRecord();

    if (doc.records.isEmpty())
        doc.error = tr("The file is empty.");
    return doc;
}

CsvDocument CsvReader::readFile(const QString &path)
{
    CsvDocument doc;
    QFile file(path);
    const QFileInfo info(path);
    if (info.isDir()) {
        doc.error = tr("\"%1\" is a folder, not a CSV file.").arg(path);
        return doc;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        doc.error = tr("Cannot open \"%1\": %2").arg(path, file.errorString());
        return doc;
    }
    if (file.size() > MaxBytes) {
        doc.error = tr("The file is too large (over %1 MB).").arg(MaxBytes / (1024 * 1024));
        return doc;
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        doc.error = tr("Cannot read \"%1\": %2").arg(path, file.errorString());
        return doc;
    }
    return parse(bytes);
}

} // namespace qd
