#include "RecentCustomers.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
const QString kGroup = u"recentCustomers"_s;
}

QList<Customer> RecentCustomers::load()
{
    QSettings settings;
    QList<Customer> customers;
    const int count = settings.beginReadArray(kGroup);
    for (int i = 0; i < count && i < kMaxEntries; ++i) {
        settings.setArrayIndex(i);
        Customer customer;
        customer.id = settings.value(u"id"_s).toString();
        customer.companyName = settings.value(u"companyName"_s).toString();
        customer.domain = settings.value(u"domain"_s).toString();
        customer.relationshipToPartner = settings.value(u"relationship"_s).toString();
        if (customer.isValid())
            customers.append(customer);
    }
    settings.endArray();
    return customers;
}

void RecentCustomers::remember(const Customer &customer)
{
    if (!customer.isValid())
        return;
    QList<Customer> customers = load();
    customers.removeIf(
        [&](const Customer &c) { return c.id.compare(customer.id, Qt::CaseInsensitive) == 0; });
    customers.prepend(customer);
    while (customers.size() > kMaxEntries)
        customers.removeLast();
    QSettings settings;
    settings.remove(kGroup);
    settings.beginWriteArray(kGroup, int(customers.size()));
    for (int i = 0; i < customers.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(u"id"_s, customers.at(i).id);
        settings.setValue(u"companyName"_s, customers.at(i).companyName);
        settings.setValue(u"domain"_s, customers.at(i).domain);
        settings.setValue(u"relationship"_s, customers.at(i).relationshipToPartner);
    }
    settings.endArray();
}

void RecentCustomers::clear()
{
    QSettings().remove(kGroup);
}

} // namespace qd
