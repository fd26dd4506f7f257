#pragma once

#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace qd {

// One record of a CSV file and the physical line it starts on (1-based), so every message
// about it can point the user at the right spot even when fields hold line breaks.
struct CsvRecord
{
    int line = 0;
    QStringList fields;
};

struct CsvDocument
{
    QList<CsvRecord> records; // the header first; blank lines left out
    QChar delimiter = u',';
    bool hadBom = false;
    QString error;     // translated; empty when the file was read
    int errorLine = 0; // where the problem is, 0 when it concerns the whole file

    bool ok() const { return error.isEmpty(); }
};

// Reads spreadsheet CSV exports (RFC 4180 and the variants Czech spreadsheets write): UTF-8 with
// or without a BOM, comma or semicolon (taken from the header line), quoted fields with ""
// escapes and line breaks, CRLF or LF. Never crashes on junk: any malformed input ends in a
// translated error with a line number.
class CsvReader
{
    Q_DECLARE_TR_FUNCTIONS(CsvReader)
public:
    // Larger files are refused up front rather than read into memory.
    static constexpr qsizetype MaxBytes = 256 * 1024 * 1024;

    static CsvDocument parse(QByteArrayView data);
    // Reads the file; a file that cannot be opened gives a document with an error.
    static CsvDocument readFile(const QString &path);

    // The delimiter the header line (the first non-blank one) uses: ',' ';' or a tab, whichever occurs most
    // often outside quotes; ',' when none does.
    static QChar detectDelimiter(QStringView headerLine);

private:
    static bool checkBytes(QByteArrayView data, CsvDocument *doc);
};

} // namespace qd
