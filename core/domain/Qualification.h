#pragma once

#include <QCoreApplication>
#include <QObject>
#include <QString>

namespace qd {

// The enums live in a namespace of their own so Qt's meta-object data knows their names
// (Q_ENUM_NS); qd:: keeps using them under their plain names.
namespace QualificationEnums {
Q_NAMESPACE

// The customer qualification values Partner Center knows. Only Education,
// GovernmentCommunityCloud and StateOwnedEntity can be set through the API.
enum class QualificationType
{
    Unknown, // a value this version does not know; the raw string is kept beside it
    None,
    Education,
    Nonprofit,
    GovernmentCommunityCloud,
    StateOwnedEntity,
};

enum class EducationSegment
{
    None,
    K12,
    HigherEducation,
};

enum class VettingStatus
{
    None, // no vetting (StateOwnedEntity) or not reported
    InReview,
    Approved,
    Denied,
    Other, // an unknown value; shown raw, never dropped
};
Q_ENUM_NS(QualificationType)
Q_ENUM_NS(EducationSegment)
Q_ENUM_NS(VettingStatus)
} // namespace QualificationEnums

using QualificationEnums::EducationSegment;
using QualificationEnums::QualificationType;
using QualificationEnums::VettingStatus;

class Qualifications
{
    Q_DECLARE_TR_FUNCTIONS(Qualifications)
public:
    // Accepts the API names in any case, and the short words the CLI takes: education,
    // gcc, soe, nonprofit, none. Returns Unknown for anything else.
    static QualificationType typeFromString(QStringView text);
    static QString apiName(QualificationType type);
    static bool isSettable(QualificationType type);
    // Translated name for the UI ("Education" / „Vzdělávání“); raw text for Unknown.
    static QString displayName(QualificationType type, const QString &raw = {});

    // Accepts K12, K-12, HigherEducation, Higher-Education, any case. None otherwise.
    static EducationSegment segmentFromString(QStringView text);
    static QString apiName(EducationSegment segment);
    static QString displayName(EducationSegment segment);

    static VettingStatus statusFromString(QStringView text);
    // Translated vetting status; unknown values shown as "Unknown status ("raw")".
    static QString displayName(VettingStatus status, const QString &raw = {});
    // True while vetting can still change (InReview).
    static bool isSettled(VettingStatus status);
};

} // namespace qd
