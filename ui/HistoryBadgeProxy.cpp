#include "HistoryBadgeProxy.h"

#include "StatusBadge.h"
#include "history/HistoryModel.h"
#include "i18n/LocaleFormat.h"

namespace qd {

QVariant HistoryBadgeProxy::data(const QModelIndex &index, int role) const
{
    if (index.isValid() && index.column() == HistoryModel::TimeColumn && role == Qt::DisplayRole) {
        // The same date style as the vetting table (four-digit year, the user's locale).
        const QDateTime utc = QIdentityProxyModel::data(index, HistoryModel::TimeUtcRole).toDateTime();
        if (utc.isValid())
            return LocaleFormat::dateTime(utc);
    }
    if (role != BadgeKindRole || !index.isValid())
        return QIdentityProxyModel::data(index, role);
    if (index.column() == HistoryModel::VettingStatusColumn) {
        const QString raw = QIdentityProxyModel::data(index, HistoryModel::VettingStatusRole).toString();
        if (raw.trimmed().isEmpty())
            return {};
        return int(StatusBadge::kindFor(Qualifications::statusFromString(raw)));
    }
    if (index.column() == HistoryModel::StateColumn) {
        const QVariant state = QIdentityProxyModel::data(index, HistoryModel::StateRole);
        if (!state.isValid())
            return {};
        switch (Submission::State(state.toInt())) {
        case Submission::State::Accepted:
            return int(BadgeKind::Positive);
        case Submission::State::Rejected:
        case Submission::State::Failed:
            return int(BadgeKind::Negative);
        case Submission::State::Unknown:
            return int(BadgeKind::Pending);
        case Submission::State::Pending:
        case Submission::State::Sent:
            return int(BadgeKind::Neutral);
        }
    }
    return {};
}

} // namespace qd
