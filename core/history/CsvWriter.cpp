#include "CsvWriter.h"

#include "SubmissionStore.h"
#include "domain/Json.h"

#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace qd {

CsvWriter::CsvWriter(QIODevice *device, QChar delimiter) : m_device(device), m_delimiter(delimiter) {}

QString CsvWriter::quoteField(const QString &field, QChar delimiter)
{
    // Semicolons and commas are both quoted, so a file opens cleanly whichever delimiter a
    // spreadsheet guesses. A leading space is quoted too: some spreadsheets trim it otherwise.
    const bool needsQuotes = field.contains(delimiter) || field.contains(u'"') || field.contains(u',') ||
                             field.contains(u';') || field.contains(u'\n') || field.contains(u'\r') ||
                             field.startsWith(u' ') || field.endsWith(u' ');
    if (!needsQuotes)
        return field;
    QString quoted = field;
    quoted.replace(u'"', u"\"\""_s);
    return u'"' + quoted + u'"';
}

QString CsvWriter::formatRow(const QStringList &fields, QChar delimiter)
{
    QString row;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            row += delimiter;
        row += quoteField(fields.at(i), delimiter);
    }
    return row;
}

bool CsvWriter::writeRow(const QStringList &fields)
{
    QByteArray bytes;
    if (!m_started && m_bom)
        bytes = QByteArrayLiteral("\xEF\xBB\xBF");
    m_started = true;
    bytes += (formatRow(fields, m_delimiter) + u"\r\n"_s).toUtf8();
    return m_device->write(bytes) == bytes.size();
}

QChar CsvWriter::delimiterForLocale(const QLocale &locale)
{
    return locale.decimalPoint() == u","_s ? u';' : u',';
}

QStringList HistoryExporter::headerFields()
{
    return {
        u"id"_s,           u"time"_s,         u"customerId"_s,     u"companyName"_s,   u"qualification"_s,
        u"segment"_s,      u"website"_s,      u"validationCode"_s, u"state"_s,         u"httpStatus"_s,
        u"errorCode"_s,    u"errorMessage"_s, u"vettingStatus"_s,  u"vettingReason"_s, u"vettingCreateDate"_s,
        u"lastChecked"_s,  u"requestId"_s,    u"correlationId"_s,  u"runId"_s,         u"user"_s,
        u"partnerTenant"_s};
}

namespace {
QString timeText(const QDateTime &t)
{
    return t.isValid() ? json::formatDateTime(t) : QString();
}

QStringList fieldsOf(const Submission &s)
{
    return {QString::number(s.id),
            timeText(s.time),
            s.customerId,
            s.companyName,
            s.request.typeName(),
            Qualifications::apiName(s.request.segment),
            s.request.website,
            s.request.validationCode,
            Submission::stateName(s.state),
            s.httpStatus ? QString::number(s.httpStatus) : QString(),
            s.errorCode,
            s.errorMessage,
            s.vettingStatus,
            s.vettingReason,
            timeText(s.vettingCreateDate),
            timeText(s.lastChecked),
            s.requestId,
            s.correlationId,
            s.runId,
            s.user,
            s.partnerTenant};
}
} // namespace

qint64 HistoryExporter::exportCsv(SubmissionStore *store, const SubmissionFilter &filter,
                                  const SubmissionSort &sort, const QString &path, QChar delimiter,
                                  QString *errorMessage)
{
    auto failed = [&](const QString &message) {
        if (errorMessage)
            *errorMessage = message;
        return qint64(-1);
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(tr("Cannot write %1: %2").arg(QFileInfo(path).fileName(), file.errorString()));
    CsvWriter writer(&file, delimiter);
    if (!writer.writeRow(headerFields()))
        return failed(tr("Cannot write %1: %2").arg(QFileInfo(path).fileName(), file.errorString()));
    // Pages keep memory flat however large the history is.
    constexpr int page = 5000;
    qint64 written = 0;
    Submission last;
    for (;;) {
        const QList<Submission> rows = store->queryAfter(filter, sort, last, page);
        if (store->lastError().isError())
            return failed(store->lastError().message);
        for (const Submission &s : rows) {
            if (!writer.writeRow(fieldsOf(s)))
                return failed(tr("Cannot write %1: %2").arg(QFileInfo(path).fileName(), file.errorString()));
        }
        written += rows.size();
        if (rows.size() < page)
            break;
        last = rows.last();
    }
    if (!file.commit())
        return failed(tr("Cannot write %1: %2").arg(QFileInfo(path).fileName(), file.errorString()));
    return written;
}

} // namespace qd
