#include "Submission.h"

#include "domain/EnumNames.h"
#include "domain/Json.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace qd {

bool Submission::isUnsettled() const
{
    return state == State::Unknown ||
           (state == State::Accepted &&
            Qualifications::statusFromString(vettingStatus) == VettingStatus::InReview);
}

QString Submission::changeSummary(const QDateTime &nowUtc) const
{
    if (!vettingChangedAt.isValid())
        return {};
    const QString status =
        Qualifications::displayName(Qualifications::statusFromString(vettingStatus), vettingStatus);
    const qint64 days = vettingChangedAt.toLocalTime().date().daysTo(nowUtc.toLocalTime().date());
    if (days <= 0)
        return tr("%1 since today").arg(status);
    if (days == 1)
        return tr("%1 since yesterday").arg(status);
    return tr("%1 since %2")
        .arg(status, QLocale().toString(vettingChangedAt.toLocalTime().date(), QLocale::ShortFormat));
}

QString Submission::stateName(State state)
{
    // "pending", "sent", ...: stored in the history and shown by the CLI
    const QString words = enumWords(state);
    return words.isEmpty() ? u"unknown"_s : words;
}

std::optional<Submission::State> Submission::stateFromName(QStringView name)
{
    for (State s : allStates()) {
        if (name.trimmed().compare(stateName(s), Qt::CaseInsensitive) == 0)
            return s;
    }
    return std::nullopt;
}

QString Submission::displayName(State state)
{
    switch (state) {
    case State::Pending:
        return tr("Pending", "submission state");
    case State::Sent:
        return tr("Sent", "submission state");
    case State::Accepted:
        return tr("Accepted", "submission state");
    case State::Rejected:
        return tr("Rejected", "submission state");
    case State::Failed:
        return tr("Failed", "submission state");
    case State::Unknown:
        break;
    }
    return tr("Outcome unknown", "submission state");
}

QList<Submission::State> Submission::allStates()
{
    return {State::Pending, State::Sent, State::Accepted, State::Rejected, State::Failed, State::Unknown};
}

namespace {
QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(json::formatDateTime(t)) : QJsonValue(QJsonValue::Null);
}
QJsonValue textOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}
} // namespace

QJsonObject Submission::toJson() const
{
    QJsonObject o;
    o.insert(u"id"_s, id);
    o.insert(u"time"_s, timeOrNull(time));
    o.insert(u"user"_s, user);
    o.insert(u"partnerTenant"_s, partnerTenant);
    o.insert(u"customerId"_s, customerId);
    o.insert(u"companyName"_s, companyName);
    o.insert(u"qualification"_s, request.typeName());
    o.insert(u"segment"_s, textOrNull(Qualifications::apiName(request.segment)));
    o.insert(u"website"_s, textOrNull(request.website));
    o.insert(u"validationCode"_s, textOrNull(request.validationCode));
    o.insert(u"state"_s, stateName(state));
    o.insert(u"httpStatus"_s, httpStatus);
    o.insert(u"errorCode"_s, textOrNull(errorCode));
    o.insert(u"errorMessage"_s, textOrNull(errorMessage));
    o.insert(u"vettingStatus"_s, textOrNull(vettingStatus));
    o.insert(u"vettingReason"_s, textOrNull(vettingReason));
    o.insert(u"vettingCreateDate"_s, timeOrNull(vettingCreateDate));
    o.insert(u"lastChecked"_s, timeOrNull(lastChecked));
    o.insert(u"previousVettingStatus"_s, textOrNull(previousVettingStatus));
    o.insert(u"vettingChangedAt"_s, timeOrNull(vettingChangedAt));
    o.insert(u"requestId"_s, requestId);
    o.insert(u"correlationId"_s, textOrNull(correlationId));
    o.insert(u"runId"_s, textOrNull(runId));
    if (runLine > 0)
        o.insert(u"runLine"_s, runLine);
    return o;
}

bool SubmissionFilter::isEmpty() const
{
    return *this == SubmissionFilter{};
}

} // namespace qd
