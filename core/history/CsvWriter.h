#pragma once

#include <QCoreApplication>
#include <QIODevice>
#include <QLocale>
#include <QString>
#include <QStringList>

namespace qd {

struct SubmissionFilter;
struct SubmissionSort;
class SubmissionStore;

// RFC 4180 CSV that spreadsheets open cleanly: UTF-8 with a byte order mark, CRLF line ends,
// fields quoted when they hold the delimiter, a quote, a semicolon, a comma or a line break.
// Semicolon is the delimiter Czech spreadsheets expect; comma is the default.
class CsvWriter
{
public:
    explicit CsvWriter(QIODevice *device, QChar delimiter = u',');
    // Writes the BOM before the first row (on by default).
    void setWriteBom(bool on) { m_bom = on; }
    bool writeRow(const QStringList &fields);
    // The text of one row, without the line end.
    static QString formatRow(const QStringList &fields, QChar delimiter = u',');
    static QString quoteField(const QString &field, QChar delimiter = u',');
    // The delimiter the user's spreadsheet most likely expects: ';' where the decimal point is a
    // comma (cs_CZ, de_DE, ...), ',' otherwise.
    static QChar delimiterForLocale(const QLocale &locale);

private:
    QIODevice *m_device;
    QChar m_delimiter;
    bool m_bom = true;
    bool m_started = false;
};

// Writes the rows of the history matching a filter to a CSV file (all rows, not just loaded ones).
class HistoryExporter
{
    Q_DECLARE_TR_FUNCTIONS(HistoryExporter)
public:
    // The header uses stable English field names (id, time, customerId, ...) so files are
    // scriptable; times in ISO 8601 UTC. Returns the number of rows written, -1 on failure with
    // a translated errorMessage. Writes to a temporary file renamed into place on success.
    static qint64 exportCsv(SubmissionStore *store, const SubmissionFilter &filter,
                            const SubmissionSort &sort, const QString &path, QChar delimiter = u',',
                            QString *errorMessage = nullptr);
    static QStringList headerFields();
};

} // namespace qd
