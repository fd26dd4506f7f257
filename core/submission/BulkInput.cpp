#include "BulkInput.h"

#include "CsvReader.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace qd {

namespace {

enum Column
{
    TenantId,
    Qualification,
    Segment,
    Website,
    ValidationCode,
    CompanyName,
    ColumnCount
};

constexpr int MaxLineWarnings = 20; // beyond this, one summary line instead of a flood

int columnIndex(const QString &key)
{
    static const QHash<QString, int> keys{
        {u"tenantid"_s, TenantId},
        {u"customerid"_s, TenantId},
        {u"customertenantid"_s, TenantId},
        {u"qualification"_s, Qualification},
        {u"segment"_s, Segment},
        {u"educationsegment"_s, Segment},
        {u"website"_s, Website},
        {u"validationcode"_s, ValidationCode},
        {u"validationid"_s, ValidationCode},
        {u"code"_s, ValidationCode},
        {u"companyname"_s, CompanyName},
        {u"company"_s, CompanyName},
        {u"customername"_s, CompanyName},
    };
    return keys.value(key, -1);
}

// Spreadsheets pad rows with empty cells past the last column; that is not extra data.
bool isEmptyTail(const QStringList &fields, qsizetype from)
{
    for (qsizetype i = from; i < fields.size(); ++i) {
        if (!fields.at(i).trimmed().isEmpty())
            return false;
    }
    return true;
}

BulkInput fromDocument(const CsvDocument &doc)
{
    BulkInput input;
    if (!doc.ok()) {
        input.error = doc.error;
        input.errorLine = doc.errorLine;
        return input;
    }
    const CsvRecord &header = doc.records.constFirst();
    int index[ColumnCount];
    std::fill(std::begin(index), std::end(index), -1);
    for (int i = 0; i < header.fields.size(); ++i) {
        const QString name = header.fields.at(i).trimmed();
        const int column = columnIndex(BulkInput::columnKey(name));
        if (name.isEmpty()) {
            continue; // a trailing delimiter in the header
        } else if (column < 0) {
            input.warnings.append(BulkInput::tr("Line %1: the column \"%2\" is not used and is ignored.")
                                      .arg(header.line)
                                      .arg(name));
        } else if (index[column] >= 0) {
            input.error =
                BulkInput::tr("Line %1: the column \"%2\" appears twice.").arg(header.line).arg(name);
            input.errorLine = header.line;
            return input;
        } else {
            index[column] = i;
        }
    }
    QStringList missing;
    if (index[TenantId] < 0)
        missing.append(u"tenantId"_s);
    if (index[Qualification] < 0)
        missing.append(u"qualification"_s);
    if (!missing.isEmpty()) {
        input.error = BulkInput::tr("Line %1: the header must name the columns %2 (found: %3). Columns "
                                    "are tenantId (or customerId), qualification, segment, website and "
                                    "validationCode.")
                          .arg(header.line)
                          .arg(missing.join(u", "_s), header.fields.join(u", "_s));
        input.errorLine = header.line;
        return input;
    }

    const qsizetype width = header.fields.size();
    int extraWarnings = 0;
    input.rows.reserve(doc.records.size() - 1);
    for (qsizetype r = 1; r < doc.records.size(); ++r) {
        const CsvRecord &rec = doc.records.at(r);
        if (rec.fields.size() > width && !isEmptyTail(rec.fields, width)) {
            if (++extraWarnings <= MaxLineWarnings)
                input.warnings.append(
                    BulkInput::tr("Line %1 has more fields than the header; the extra ones are ignored.")
                        .arg(rec.line));
        }
        auto cell = [&](int column) {
            const int i = index[column];
            return i >= 0 && i < rec.fields.size() ? rec.fields.at(i).trimmed() : QString();
        };
        input.rows.append({rec.line, cell(TenantId), cell(Qualification), cell(Segment), cell(Website),
                           cell(ValidationCode), cell(CompanyName)});
    }
    if (extraWarnings > MaxLineWarnings)
        input.warnings.append(BulkInput::tr("%n more line(s) have more fields than the header.", nullptr,
                                            extraWarnings - MaxLineWarnings));
    if (input.rows.isEmpty()) {
        input.error = BulkInput::tr("The file has a header but no rows.");
        input.errorLine = header.line;
    }
    return input;
}

} // namespace

QualificationRequest BulkRow::request() const
{
    QualificationRequest r;
    r.rawType = qualification;
    r.type = Qualifications::typeFromString(qualification);
    r.segment = Qualifications::segmentFromString(segment);
    r.website = website;
    r.validationCode = validationCode;
    return r;
}

QString BulkInput::columnKey(const QString &header)
{
    QString key;
    key.reserve(header.size());
    for (QChar ch : header) {
        if (ch.isLetterOrNumber())
            key.append(ch.toLower());
    }
    return key;
}

BulkInput BulkInput::fromCsv(QByteArrayView data)
{
    return fromDocument(CsvReader::parse(data));
}

BulkInput BulkInput::fromCsvFile(const QString &path)
{
    return fromDocument(CsvReader::readFile(path));
}

BulkInput BulkInput::fromPastedList(const QString &text, const BulkRow &common)
{
    BulkInput input;
    int line = 1;
    QString token;
    auto flush = [&] {
        if (!token.isEmpty()) {
            BulkRow row = common;
            row.line = line;
            row.tenantId = token;
            input.rows.append(row);
            token.clear();
        }
    };
    for (QChar ch : text) {
        if (ch == u'\n') {
            flush();
            ++line;
        } else if (ch == u',' || ch == u';' || ch.isSpace()) {
            flush();
        } else {
            token.append(ch);
        }
    }
    flush();
    if (input.rows.isEmpty())
        input.error = tr("Paste at least one tenant ID.");
    return input;
}

} // namespace qd
