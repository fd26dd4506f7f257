#include "CustomerDirectory.h"

namespace qd {

CustomerDirectory::CustomerDirectory(PartnerCenterClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{}

ApiJob *CustomerDirectory::customer(const TenantId &tenantId, QObject *context, Callback<Customer> done)
{
    return m_client ? m_client->getCustomer(tenantId, context, std::move(done)) : nullptr;
}

ApiJob *CustomerDirectory::search(const QString &prefix, CustomerSearchField field, QObject *context,
                                  Callback<CustomerPage> done, int pageSize)
{
    return m_client ? m_client->searchCustomers(prefix, field, context, std::move(done), pageSize) : nullptr;
}

ApiJob *CustomerDirectory::nextPage(const PageLink &next, QObject *context, Callback<CustomerPage> done)
{
    return m_client ? m_client->nextCustomers(next, context, std::move(done)) : nullptr;
}

ApiJob *CustomerDirectory::qualifications(const TenantId &tenantId, QObject *context,
                                          Callback<QList<CustomerQualification>> done)
{
    return m_client ? m_client->getQualifications(tenantId, context, std::move(done)) : nullptr;
}

ValidationCodeSource::ValidationCodeSource(PartnerCenterClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{}

ApiJob *ValidationCodeSource::codes(QObject *context,
                                    PartnerCenterClient::Callback<QList<ValidationCode>> done)
{
    return m_client ? m_client->getValidationCodes(context, std::move(done)) : nullptr;
}

} // namespace qd
