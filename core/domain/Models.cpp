#include "Models.h"

#include "Json.h"
#include "TenantId.h"

using namespace Qt::StringLiterals;

namespace qd {

Customer Customer::fromJson(const QJsonObject &object)
{
    Customer c;
    const QJsonObject profile = json::value(object, "companyProfile"_L1).toObject();
    c.id = json::string(object, "id"_L1);
    if (c.id.isEmpty())
        c.id = json::string(profile, "tenantId"_L1);
    // Where a tenant ID arrives in JSON: a GUID is kept in its one spelling, anything else as sent.
    if (const std::optional<TenantId> tenant = TenantId::parse(c.id))
        c.id = tenant->toString();
    c.companyName = json::string(profile, "companyName"_L1);
    if (c.companyName.isEmpty())
        c.companyName = json::string(object, "companyName"_L1);
    c.domain = json::string(profile, "domain"_L1);
    if (c.domain.isEmpty())
        c.domain = json::string(object, "domain"_L1);
    c.relationshipToPartner = json::string(object, "relationshipToPartner"_L1);
    c.countryCode = json::string(json::value(profile, "address"_L1).toObject(), "country"_L1);
    return c;
}

QJsonObject Customer::toJson() const
{
    QJsonObject o{{u"id"_s, id}, {u"companyName"_s, companyName}, {u"domain"_s, domain}};
    if (!relationshipToPartner.isEmpty())
        o.insert(u"relationshipToPartner"_s, relationshipToPartner);
    return o;
}

CustomerQualification CustomerQualification::fromJson(const QJsonObject &object)
{
    CustomerQualification q;
    q.qualification = json::string(object, "qualification"_L1);
    q.vettingStatus = json::string(object, "vettingStatus"_L1);
    q.vettingReason = json::string(object, "vettingReason"_L1);
    QString date = json::string(object, "vettingCreateDate"_L1);
    if (date.isEmpty())
        date = json::string(object, "vettingCreatedDate"_L1);
    q.vettingCreateDate = json::parseDateTime(date);
    return q;
}

QList<CustomerQualification> CustomerQualification::listFromJson(const QJsonValue &value)
{
    QJsonArray array;
    if (value.isArray()) {
        array = value.toArray();
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        const QJsonValue items = json::value(o, "items"_L1);
        if (items.isArray())
            array = items.toArray();
        else
            array.append(o);
    } else if (value.isString()) {
        // The legacy API answered with a bare string such as "education".
        array.append(QJsonObject{{u"qualification"_s, value.toString()}});
    }
    QList<CustomerQualification> list;
    for (const QJsonValue &entry : std::as_const(array)) {
        if (!entry.isObject())
            continue;
        CustomerQualification q = fromJson(entry.toObject());
        if (q.qualification.isEmpty() || q.type() == QualificationType::None)
            continue;
        list.append(q);
    }
    return list;
}

QJsonObject CustomerQualification::toJson() const
{
    QJsonObject o{{u"qualification"_s, qualification}};
    o.insert(u"vettingStatus"_s, vettingStatus.isEmpty() ? QJsonValue() : QJsonValue(vettingStatus));
    o.insert(u"vettingReason"_s, vettingReason.isEmpty() ? QJsonValue() : QJsonValue(vettingReason));
    o.insert(u"vettingCreateDate"_s, vettingCreateDate.isValid()
                                         ? QJsonValue(json::formatDateTime(vettingCreateDate))
                                         : QJsonValue());
    return o;
}

namespace {
int optionalInt(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue v = json::value(object, key);
    if (v.isDouble())
        return v.toInt();
    if (v.isString()) {
        bool ok = false;
        const int n = v.toString().toInt(&ok);
        return ok ? n : -1;
    }
    return -1;
}

QJsonArray itemsOf(const QJsonValue &value)
{
    if (value.isArray())
        return value.toArray();
    if (value.isObject()) {
        const QJsonValue items = json::value(value.toObject(), "items"_L1);
        if (items.isArray())
            return items.toArray();
        return QJsonArray{value};
    }
    return {};
}
} // namespace

ValidationCode ValidationCode::fromJson(const QJsonObject &object)
{
    ValidationCode c;
    c.partnerId = json::string(object, "partnerId"_L1);
    c.organizationName = json::string(object, "organizationName"_L1);
    c.validationId = json::string(object, "validationId"_L1);
    c.maxCreates = optionalInt(object, "maxCreates"_L1);
    c.remainingCreates = optionalInt(object, "remainingCreates"_L1);
    c.eTag = json::string(object, "eTag"_L1);
    return c;
}

QList<ValidationCode> ValidationCode::listFromJson(const QJsonValue &value)
{
    QList<ValidationCode> list;
    const QJsonArray array = itemsOf(value);
    for (const QJsonValue &entry : array) {
        if (entry.isObject()) {
            ValidationCode c = fromJson(entry.toObject());
            if (!c.validationId.isEmpty())
                list.append(c);
        }
    }
    return list;
}

QJsonObject ValidationCode::toJson() const
{
    QJsonObject o{{u"validationId"_s, validationId}, {u"organizationName"_s, organizationName}};
    o.insert(u"remainingCreates"_s, remainingCreates < 0 ? QJsonValue() : QJsonValue(remainingCreates));
    o.insert(u"maxCreates"_s, maxCreates < 0 ? QJsonValue() : QJsonValue(maxCreates));
    if (!partnerId.isEmpty())
        o.insert(u"partnerId"_s, partnerId);
    return o;
}

PageLink PageLink::fromJson(const QJsonValue &value)
{
    PageLink link;
    const QJsonObject o = value.toObject();
    link.uri = json::string(o, "uri"_L1);
    const QJsonArray headers = json::value(o, "headers"_L1).toArray();
    for (const QJsonValue &h : headers) {
        const QJsonObject ho = h.toObject();
        const QString key = json::string(ho, "key"_L1);
        if (!key.isEmpty())
            link.headers.append({key.toLatin1(), json::string(ho, "value"_L1).toUtf8()});
    }
    return link;
}

CustomerPage CustomerPage::fromJson(const QJsonObject &object)
{
    CustomerPage page;
    const QJsonArray items = json::value(object, "items"_L1).toArray();
    for (const QJsonValue &item : items) {
        const Customer c = Customer::fromJson(item.toObject());
        if (c.isValid())
            page.customers.append(c);
    }
    const QJsonValue total = json::value(object, "totalCount"_L1);
    page.totalCount = total.isDouble() ? total.toInt() : -1;
    page.next = PageLink::fromJson(json::value(json::value(object, "links"_L1).toObject(), "next"_L1));
    return page;
}

} // namespace qd
