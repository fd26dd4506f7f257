#include "BulkResult.h"

#include "history/CsvWriter.h"

#include <QJsonArray>
#include <QLocale>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace qd {

bool BulkRowResult::isFinal() const
{
    return state != BulkRowState::Queued && state != BulkRowState::InFlight;
}

QJsonObject BulkRowResult::toJson() const
{
    QJsonObject o{
        {u"line"_s, line},
        {u"tenantId"_s, tenantId},
        {u"qualification"_s, qualification},
        {u"state"_s, BulkResults::stateName(state)},
        {u"message"_s, message},
    };
    if (submissionId > 0) {
        o.insert(u"submissionId"_s, submissionId);
        o.insert(u"requestId"_s, requestId);
    }
    if (httpStatus > 0)
        o.insert(u"httpStatus"_s, httpStatus);
    if (!vettingStatus.isEmpty())
        o.insert(u"vettingStatus"_s, vettingStatus);
    return o;
}

BulkCounts BulkCounts::of(const QList<BulkRowResult> &rows)
{
    BulkCounts c;
    for (const BulkRowResult &r : rows) {
        switch (r.state) {
        case BulkRowState::Invalid:
            ++c.invalid;
            break;
        case BulkRowState::Queued:
            ++c.queued;
            break;
        case BulkRowState::InFlight:
            ++c.queued;
            ++c.inFlight;
            break;
        case BulkRowState::Accepted:
            ++c.accepted;
            break;
        case BulkRowState::Refused:
            ++c.refused;
            break;
        case BulkRowState::Failed:
            ++c.failed;
            break;
        case BulkRowState::Unknown:
            ++c.unknown;
            break;
        }
    }
    return c;
}

QString BulkProgress::concurrencyText() const
{
    const QString atOnce = tr("%n at once", nullptr, concurrency);
    if (pacePerMinute <= 0)
        return atOnce;
    return tr("%1, paced to %2/min").arg(atOnce, QLocale().toString(qRound(pacePerMinute)));
}

QString BulkSummary::text() const
{
    QString text = tr("%1 accepted, %2 refused, %3 failed, %4 unknown, %5 invalid.")
                       .arg(counts.accepted)
                       .arg(counts.refused)
                       .arg(counts.failed)
                       .arg(counts.unknown)
                       .arg(counts.invalid);
    if (counts.queued > 0)
        text += u' ' + tr("%n row(s) not sent yet; resume the run to send them.", nullptr, counts.queued);
    if (cancelled)
        text += u' ' + tr("The run was cancelled.");
    if (!stopReason.isEmpty())
        text += u' ' + stopReason;
    return text;
}

int BulkSummary::exitCode() const
{
    if (signInNeeded)
        return 5;
    if (counts.failed > 0 || counts.unknown > 0 || counts.queued > 0)
        return 4;
    if (counts.refused > 0)
        return 3;
    return 0;
}

QJsonObject BulkSummary::toJson(const QList<BulkRowResult> &rows) const
{
    QJsonArray array;
    for (const BulkRowResult &r : rows)
        array.append(r.toJson());
    return {
        {u"runId"_s, runId},          {u"accepted"_s, counts.accepted}, {u"refused"_s, counts.refused},
        {u"failed"_s, counts.failed}, {u"unknown"_s, counts.unknown},   {u"invalid"_s, counts.invalid},
        {u"cancelled"_s, cancelled},  {u"notSent"_s, counts.queued},    {u"rows"_s, array},
    };
}

BulkRowResult BulkResults::fromChecked(const CheckedRow &c)
{
    BulkRowResult r;
    r.line = c.row.line;
    r.tenantId = c.tenantId.isValid() ? c.tenantId.toString() : c.row.tenantId;
    r.companyName = c.row.companyName;
    r.segment = c.row.segment;
    r.website = c.row.website;
    r.validationCode = c.row.validationCode;
    r.qualification = c.request.type == QualificationType::Unknown ? c.row.qualification
                                                                   : Qualifications::apiName(c.request.type);
    r.state = c.isValid() ? BulkRowState::Queued : BulkRowState::Invalid;
    r.message = c.problemText();
    return r;
}

QString BulkResults::stateName(BulkRowState state)
{
    switch (state) {
    case BulkRowState::Invalid:
        return u"invalid"_s;
    case BulkRowState::Queued:
        return u"queued"_s;
    case BulkRowState::InFlight:
        return u"sending"_s;
    case BulkRowState::Accepted:
        return u"accepted"_s;
    case BulkRowState::Refused:
        return u"refused"_s;
    case BulkRowState::Failed:
        return u"failed"_s;
    case BulkRowState::Unknown:
        return u"unknown"_s;
    }
    return {};
}

QString BulkResults::displayName(BulkRowState state)
{
    switch (state) {
    case BulkRowState::Invalid:
        return tr("Invalid");
    case BulkRowState::Queued:
        return tr("Waiting");
    case BulkRowState::InFlight:
        return tr("Sending");
    case BulkRowState::Accepted:
        return tr("Accepted");
    case BulkRowState::Refused:
        return tr("Refused");
    case BulkRowState::Failed:
        return tr("Failed");
    case BulkRowState::Unknown:
        return tr("Unknown");
    }
    return {};
}

QStringList BulkResults::csvHeader()
{
    return {u"line"_s,    u"tenantId"_s,   u"companyName"_s,    u"qualification"_s,
            u"segment"_s, u"website"_s,    u"validationCode"_s, u"state"_s,
            u"message"_s, u"httpStatus"_s, u"vettingStatus"_s,  u"requestId"_s};
}

QStringList BulkResults::csvFields(const BulkRowResult &r)
{
    return {QString::number(r.line),
            r.tenantId,
            r.companyName,
            r.qualification,
            r.segment,
            r.website,
            r.validationCode,
            stateName(r.state),
            r.message,
            r.httpStatus > 0 ? QString::number(r.httpStatus) : QString(),
            r.vettingStatus,
            r.requestId};
}

bool BulkResults::exportCsv(const QList<BulkRowResult> &rows, const QString &path, QChar delimiter,
                            QString *errorMessage)
{
    QSaveFile file(path);
    auto failed = [&] {
        if (errorMessage)
            *errorMessage = tr("Cannot write \"%1\": %2").arg(path, file.errorString());
        return false;
    };
    if (!file.open(QIODevice::WriteOnly))
        return failed();
    CsvWriter writer(&file, delimiter);
    if (!writer.writeRow(csvHeader()))
        return failed();
    for (const BulkRowResult &r : rows) {
        if (!writer.writeRow(csvFields(r)))
            return failed();
    }
    if (!file.commit())
        return failed();
    return true;
}

} // namespace qd
