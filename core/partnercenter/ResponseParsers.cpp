#include "ResponseParsers.h"

#include "domain/Json.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace qd::responses {

bool parseContainer(const QByteArray &body, QJsonValue &value, QString *why)
{
    if (body.trimmed().isEmpty()) {
        *why = u"Empty answer"_s;
        return false;
    }
    QString error;
    const QJsonDocument doc = json::parse(body, &error);
    if (doc.isObject())
        value = doc.object();
    else if (doc.isArray())
        value = doc.array();
    else {
        *why = u"Not JSON: "_s + error;
        return false;
    }
    return true;
}

bool parseCustomer(const QByteArray &body, Customer &customer, QString *why)
{
    QJsonValue value;
    if (!parseContainer(body, value, why))
        return false;
    customer = Customer::fromJson(value.toObject());
    if (!customer.isValid()) {
        *why = u"The customer has no ID"_s;
        return false;
    }
    return true;
}

bool parseCustomerPage(const QByteArray &body, CustomerPage &page, QString *why)
{
    QJsonValue value;
    if (!parseContainer(body, value, why))
        return false;
    page = CustomerPage::fromJson(value.isArray() ? QJsonObject{{u"items"_s, value}} : value.toObject());
    return true;
}

bool parseQualifications(const QByteArray &body, QList<CustomerQualification> &list, QString *why)
{
    QJsonValue value;
    if (!parseContainer(body, value, why))
        return false;
    list = CustomerQualification::listFromJson(value);
    return true;
}

bool parseCreated(const QByteArray &body, QList<CustomerQualification> &list, QString *why)
{
    // Accepted without a body (204, or an empty 200/201): the caller re-reads anyway.
    if (body.trimmed().isEmpty())
        return true;
    return parseQualifications(body, list, why);
}

bool parseValidationCodes(const QByteArray &body, QList<ValidationCode> &codes, QString *why)
{
    QJsonValue value;
    if (!parseContainer(body, value, why))
        return false;
    codes = ValidationCode::listFromJson(value);
    return true;
}

} // namespace qd::responses
