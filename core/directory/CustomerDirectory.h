#pragma once

#include "partnercenter/PartnerCenterClient.h"

#include <QObject>
#include <QPointer>

namespace qd {

// What the views read: customers (by tenant ID, by the start of a name or domain, page by page)
// and their qualifications. Panels ask this, never the Partner Center client. Every callback runs
// in the thread of `context`, and not at all if `context` goes first; with no client (signed out
// of a fixed token, shutting down) nothing is sent and null is returned.
class CustomerDirectory : public QObject
{
    Q_OBJECT
public:
    template <typename T> using Callback = PartnerCenterClient::Callback<T>;

    explicit CustomerDirectory(PartnerCenterClient *client, QObject *parent = nullptr);

    ApiJob *customer(const TenantId &tenantId, QObject *context, Callback<Customer> done);
    ApiJob *search(const QString &prefix, CustomerSearchField field, QObject *context,
                   Callback<CustomerPage> done, int pageSize = 0);
    // The page behind a search page's `links.next`.
    ApiJob *nextPage(const PageLink &next, QObject *context, Callback<CustomerPage> done);
    ApiJob *qualifications(const TenantId &tenantId, QObject *context,
                           Callback<QList<CustomerQualification>> done);

private:
    QPointer<PartnerCenterClient> m_client;
};

// The partner's GCC validation codes, for the forms and the bulk check that offer them.
class ValidationCodeSource : public QObject
{
    Q_OBJECT
public:
    explicit ValidationCodeSource(PartnerCenterClient *client, QObject *parent = nullptr);

    ApiJob *codes(QObject *context, PartnerCenterClient::Callback<QList<ValidationCode>> done);

private:
    QPointer<PartnerCenterClient> m_client;
};

} // namespace qd
