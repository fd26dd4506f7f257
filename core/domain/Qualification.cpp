#include "Qualification.h"

#include "EnumNames.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
bool same(QStringView a, QLatin1StringView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}
} // namespace

QualificationType Qualifications::typeFromString(QStringView text)
{
    const QStringView t = text.trimmed();
    if (same(t, "Education"_L1))
        return QualificationType::Education;
    if (same(t, "GovernmentCommunityCloud"_L1) || same(t, "gcc"_L1))
        return QualificationType::GovernmentCommunityCloud;
    if (same(t, "StateOwnedEntity"_L1) || same(t, "soe"_L1))
        return QualificationType::StateOwnedEntity;
    if (same(t, "Nonprofit"_L1))
        return QualificationType::Nonprofit;
    if (same(t, "None"_L1))
        return QualificationType::None;
    return QualificationType::Unknown;
}

QString Qualifications::apiName(QualificationType type)
{
    return type == QualificationType::Unknown ? QString() : enumKey(type);
}

bool Qualifications::isSettable(QualificationType type)
{
    return type == QualificationType::Education || type == QualificationType::GovernmentCommunityCloud ||
           type == QualificationType::StateOwnedEntity;
}

QString Qualifications::displayName(QualificationType type, const QString &raw)
{
    switch (type) {
    case QualificationType::None:
        return tr("No qualification");
    case QualificationType::Education:
        return tr("Education", "qualification");
    case QualificationType::Nonprofit:
        return tr("Nonprofit", "qualification");
    case QualificationType::GovernmentCommunityCloud:
        return tr("Government Community Cloud (GCC)");
    case QualificationType::StateOwnedEntity:
        return tr("State-owned entity");
    case QualificationType::Unknown:
        break;
    }
    return raw;
}

EducationSegment Qualifications::segmentFromString(QStringView text)
{
    const QStringView t = text.trimmed();
    if (same(t, "K12"_L1) || same(t, "K-12"_L1))
        return EducationSegment::K12;
    if (same(t, "HigherEducation"_L1) || same(t, "Higher-Education"_L1) || same(t, "Higher_Education"_L1))
        return EducationSegment::HigherEducation;
    return EducationSegment::None;
}

QString Qualifications::apiName(EducationSegment segment)
{
    return segment == EducationSegment::None ? QString() : enumKey(segment);
}

QString Qualifications::displayName(EducationSegment segment)
{
    switch (segment) {
    case EducationSegment::K12:
        return tr("K-12 schools");
    case EducationSegment::HigherEducation:
        return tr("Higher education");
    case EducationSegment::None:
        break;
    }
    return {};
}

VettingStatus Qualifications::statusFromString(QStringView text)
{
    const QStringView t = text.trimmed();
    if (t.isEmpty())
        return VettingStatus::None;
    if (same(t, "InReview"_L1) || same(t, "In Review"_L1))
        return VettingStatus::InReview;
    if (same(t, "Approved"_L1))
        return VettingStatus::Approved;
    if (same(t, "Denied"_L1))
        return VettingStatus::Denied;
    return VettingStatus::Other;
}

QString Qualifications::displayName(VettingStatus status, const QString &raw)
{
    switch (status) {
    case VettingStatus::None:
        return tr("Not vetted", "vetting status");
    case VettingStatus::InReview:
        return tr("In review", "vetting status");
    case VettingStatus::Approved:
        return tr("Approved", "vetting status");
    case VettingStatus::Denied:
        return tr("Denied", "vetting status");
    case VettingStatus::Other:
        break;
    }
    return tr("Unknown status (%1)").arg(QLocale().quoteString(raw));
}

bool Qualifications::isSettled(VettingStatus status)
{
    return status != VettingStatus::InReview;
}

} // namespace qd
