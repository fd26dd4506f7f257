#include "BulkValidator.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace qd {

bool CheckedRow::isValid() const
{
    for (const BulkProblem &p : problems) {
        if (p.blocksRow())
            return false;
    }
    return tenantId.isValid();
}

QString CheckedRow::problemText() const
{
    QStringList parts;
    parts.reserve(problems.size());
    for (const BulkProblem &p : problems)
        parts.append(p.message);
    return parts.join(u' ');
}

CheckedRow BulkValidator::check(const BulkRow &row)
{
    CheckedRow c;
    c.row = row;
    c.request = row.request();
    // Where a CSV row's tenant ID enters: parsed once, the run uses the parsed one.
    c.tenantId = TenantId::fromText(row.tenantId);
    if (!c.tenantId.isValid()) {
        const QString message = row.tenantId.isEmpty()
                                    ? tr("The tenant ID is missing.")
                                    : tr("\"%1\" is not a tenant ID. Enter a GUID in the form "
                                         "00000000-0000-0000-0000-000000000000.")
                                          .arg(row.tenantId);
        c.problems.append({BulkProblem::Kind::Invalid, row.line, message});
    }
    const QList<InputIssue> issues = c.request.validate();
    for (const InputIssue &issue : issues)
        c.problems.append({BulkProblem::Kind::Invalid, row.line, issue.message});
    return c;
}

QList<CheckedRow> BulkValidator::validate(const QList<BulkRow> &rows)
{
    QList<CheckedRow> out;
    out.reserve(rows.size());
    QHash<QString, int> firstLine; // tenant + qualification -> line of the first valid row
    firstLine.reserve(rows.size());
    for (const BulkRow &row : rows) {
        CheckedRow c = check(row);
        if (c.isValid()) {
            const QString key = c.tenantId.toString() + u'/' + Qualifications::apiName(c.request.type);
            const auto it = firstLine.constFind(key);
            if (it != firstLine.constEnd()) {
                c.problems.append({BulkProblem::Kind::Duplicate, row.line,
                                   tr("Same customer and qualification as line %1; this row is "
                                      "skipped.")
                                       .arg(*it)});
            } else {
                firstLine.insert(key, row.line);
            }
        }
        out.append(std::move(c));
    }
    return out;
}

int BulkValidator::validCount(const QList<CheckedRow> &rows)
{
    int n = 0;
    for (const CheckedRow &c : rows)
        n += c.isValid() ? 1 : 0;
    return n;
}

QList<BulkProblem> BulkValidator::problems(const QList<CheckedRow> &rows)
{
    QList<BulkProblem> out;
    for (const CheckedRow &c : rows)
        out.append(c.problems);
    return out;
}

} // namespace qd
