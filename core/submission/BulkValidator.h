#pragma once

#include "BulkInput.h"
#include "domain/TenantId.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace qd {

// One thing wrong with a row of a bulk input, with the line it is on.
struct BulkProblem
{
    enum class Kind
    {
        Invalid,     // the row fails the checks of the single form: it cannot be sent
        Duplicate,   // same customer and qualification as an earlier row: skipped
        AlreadyHeld, // the customer already holds the qualification (found by a read): skipped
        CodeProblem, // GCC code unknown or without enough remaining uses (found by a read): skipped
        CheckFailed, // the read could not be done; the row may still be sent
    };
    Kind kind = Kind::Invalid;
    int line = 0;
    QString message; // translated

    // Whether the row is left out of the run because of this problem.
    bool blocksRow() const { return kind != Kind::CheckFailed; }
    bool operator==(const BulkProblem &) const = default;
};

// A row with what the checks found.
struct CheckedRow
{
    BulkRow row;
    TenantId tenantId; // parsed from row.tenantId; invalid when the row has no valid tenant ID
    QualificationRequest request;
    QList<BulkProblem> problems;

    bool isValid() const;
    // The problems in one line of text, for tables and the CLI.
    QString problemText() const;
};

// The checks that need no network: each row as in the single form (GUID, settable qualification,
// segment, code, website) and duplicates within the input (same customer and qualification;
// the first occurrence stays valid, later ones point at it).
class BulkValidator
{
    Q_DECLARE_TR_FUNCTIONS(BulkValidator)
public:
    static QList<CheckedRow> validate(const QList<BulkRow> &rows);
    static CheckedRow check(const BulkRow &row);

    static int validCount(const QList<CheckedRow> &rows);
    // Every problem of every row, in line order.
    static QList<BulkProblem> problems(const QList<CheckedRow> &rows);
};

} // namespace qd
