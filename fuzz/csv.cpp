// Bulk input files: CsvReader::parse on any bytes.
#include "FuzzSupport.h"
#include "submission/CsvReader.h"

using namespace Qt::StringLiterals;

namespace {
// Every field quoted, comma-separated: the most literal way to write the records again.
QByteArray written(const QList<qd::CsvRecord> &records)
{
    QString text;
    for (const qd::CsvRecord &record : records) {
        QStringList quoted;
        for (QString field : record.fields)
            quoted.append(u'"' + field.replace(u'"', u"\"\""_s) + u'"');
        text += quoted.join(u',') + u"\r\n"_s;
    }
    return text.toUtf8();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const qd::CsvDocument doc = qd::CsvReader::parse(qd::fuzz::view(data, size));
    QD_FUZZ_CHECK(doc.delimiter == u',' || doc.delimiter == u';' || doc.delimiter == u'\t');
    QD_FUZZ_CHECK(doc.errorLine >= 0);
    if (!doc.ok()) {
        // Nothing half-read is handed on with an error.
        QD_FUZZ_CHECK(doc.records.isEmpty());
        return 0;
    }
    QD_FUZZ_CHECK(!doc.records.isEmpty());
    int line = 0;
    for (const qd::CsvRecord &record : doc.records) {
        QD_FUZZ_CHECK(record.line > line); // physical lines, in order
        line = record.line;
        QD_FUZZ_CHECK(!record.fields.isEmpty());
    }
    // Written out again with every field quoted, the file reads back as the same fields.
    const qd::CsvDocument again = qd::CsvReader::parse(written(doc.records));
    QD_FUZZ_CHECK(again.ok());
    QD_FUZZ_CHECK(again.records.size() == doc.records.size());
    for (qsizetype i = 0; i < doc.records.size(); ++i)
        QD_FUZZ_CHECK(again.records.at(i).fields == doc.records.at(i).fields);
    return 0;
}
