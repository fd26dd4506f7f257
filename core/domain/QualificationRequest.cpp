#include "QualificationRequest.h"

#include "TenantId.h"

#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace qd {

QList<InputIssue> QualificationRequest::validate() const
{
    using F = InputIssue::Field;
    QList<InputIssue> issues;
    switch (type) {
    case QualificationType::Education:
        if (segment == EducationSegment::None)
            issues.append({F::Segment, tr("Choose the education segment: K-12 or higher education.")});
        if (!website.trimmed().isEmpty() && !isPlausibleWebsite(website))
            issues.append({F::Website, tr("Enter a web address such as school.edu or https://school.edu.")});
        break;
    case QualificationType::GovernmentCommunityCloud:
        if (validationCode.trimmed().isEmpty())
            issues.append({F::ValidationCode, tr("Choose one of your GCC validation codes.")});
        else if (validationCode.trimmed().size() > 128 || validationCode.trimmed().contains(u' '))
            issues.append({F::ValidationCode, tr("The validation code is not valid.")});
        break;
    case QualificationType::StateOwnedEntity:
        break;
    case QualificationType::None:
    case QualificationType::Nonprofit:
        issues.append({F::Qualification,
                       tr("The qualification \"%1\" cannot be set. Choose Education, Government Community "
                          "Cloud (GCC) or State-owned entity.")
                           .arg(Qualifications::displayName(type))});
        break;
    case QualificationType::Unknown:
        issues.append({F::Qualification,
                       rawType.isEmpty() ? tr("Choose a qualification.")
                                         : tr("Unknown qualification \"%1\". Choose Education, Government "
                                              "Community Cloud (GCC) or State-owned entity.")
                                               .arg(rawType)});
        break;
    }
    return issues;
}

QJsonObject QualificationRequest::toJson() const
{
    QJsonObject o{{u"qualification"_s, Qualifications::apiName(type)}};
    if (type == QualificationType::Education) {
        o.insert(u"educationSegment"_s, Qualifications::apiName(segment));
        if (!website.trimmed().isEmpty())
            o.insert(u"website"_s, website.trimmed());
    } else if (type == QualificationType::GovernmentCommunityCloud) {
        o.insert(u"validationCode"_s, validationCode.trimmed());
    }
    return o;
}

QString QualificationRequest::typeName() const
{
    return type == QualificationType::Unknown ? rawType : Qualifications::apiName(type);
}

QString QualificationRequest::summary() const
{
    QString text = Qualifications::displayName(type, rawType);
    if (type == QualificationType::Education) {
        QStringList parts{Qualifications::displayName(segment)};
        if (!website.trimmed().isEmpty())
            parts.append(website.trimmed());
        text += u" ("_s + parts.join(u", "_s) + u')';
    } else if (type == QualificationType::GovernmentCommunityCloud) {
        text += u" ("_s + tr("code %1").arg(validationCode.trimmed()) + u')';
    }
    return text;
}

bool QualificationRequest::isTenantId(const QString &text)
{
    return TenantId::parse(text).has_value();
}

QString QualificationRequest::normalizedTenantId(const QString &text)
{
    return TenantId::fromText(text).toString();
}

bool QualificationRequest::isPlausibleWebsite(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t.size() > 2048 || t.contains(u' '))
        return false;
    const QUrl url = QUrl::fromUserInput(t);
    if (!url.isValid())
        return false;
    if (t.contains(u"://"_s) && url.scheme() != u"http"_s && url.scheme() != u"https"_s)
        return false;
    static const QRegularExpression hostRe(
        uR"(^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$)"_s,
        QRegularExpression::CaseInsensitiveOption);
    const QString host = url.host(QUrl::EncodeUnicode);
    return hostRe.match(host).hasMatch();
}

InputIssue QualificationRequest::tenantIdIssue()
{
    return {InputIssue::Field::TenantId,
            tr("Invalid tenant ID. Enter a GUID in the form 00000000-0000-0000-0000-000000000000.")};
}

} // namespace qd
