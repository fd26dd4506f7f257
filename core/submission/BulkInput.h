#pragma once

#include "domain/QualificationRequest.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace qd {

// One row of a bulk input as the user wrote it (trimmed), with the line it came from.
struct BulkRow
{
    int line = 0;
    QString tenantId;
    QString qualification;
    QString segment;
    QString website;
    QString validationCode;
    QString companyName; // optional column; kept in the history beside the tenant ID

    // The request this row asks for; validate() tells whether it may be sent.
    QualificationRequest request() const;
    bool operator==(const BulkRow &) const = default;
};

// The rows of a bulk run, read from a CSV file or a pasted list. Either `error` is set (the input
// cannot be used at all) or `rows` holds every non-blank row; `warnings` lists what was ignored.
struct BulkInput
{
    Q_DECLARE_TR_FUNCTIONS(BulkInput)
public:
    QList<BulkRow> rows;
    QStringList warnings; // translated
    QString error;        // translated, with the line number when there is one
    int errorLine = 0;

    bool ok() const { return error.isEmpty(); }

    // Columns by header name, any case, spaces/underscores/hyphens ignored: tenantId (or
    // customerId), qualification, segment, website, validationCode. Unknown columns are
    // ignored with a warning; tenantId and qualification are required. An optional companyName (or
    // company, customerName) column is kept for the history.
    static BulkInput fromCsv(QByteArrayView data);
    static BulkInput fromCsvFile(const QString &path);
    // Tenant IDs separated by line breaks, commas, semicolons or spaces, all asking for the same
    // qualification (taken from `common`; its line and tenantId are ignored). Each row's line is
    // the line of the pasted text the ID stands on.
    static BulkInput fromPastedList(const QString &text, const BulkRow &common);

    // Header cell -> column key ("tenantid", "qualification", ...), empty when unknown.
    static QString columnKey(const QString &header);
};

} // namespace qd
