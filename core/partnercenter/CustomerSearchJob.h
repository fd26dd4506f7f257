#pragma once

#include "PartnerCenterClient.h"

#include <QPointer>
#include <QSet>

namespace qd {

// Every page of a customer prefix search: the first page, then each links.next with its
// headers, until there is no next link. Each page is its own logical call (its own
// MS-RequestId); requestId() is the one of the page in flight.
class CustomerSearchJob final : public ApiJob
{
    Q_OBJECT
public:
    using Done = PartnerCenterClient::Callback<QList<Customer>>;

    CustomerSearchJob(PartnerCenterClient *client, QString prefix, CustomerSearchField field, int pageSize,
                      Done done);
    // Starts the first page (its errors, invalid input among them, arrive through done).
    void start();

    QString requestId() const override;
    QString correlationId() const override;
    void abort() override;

    // Guards against a server whose next links never end.
    static constexpr int kMaxPages = 500;

private:
    void track(ApiJob *page);
    void onPage(const Result<CustomerPage> &page);
    void complete(Result<QList<Customer>> result);

    PartnerCenterClient *m_client;
    QString m_prefix;
    CustomerSearchField m_field;
    int m_pageSize;
    Done m_done;
    QPointer<ApiJob> m_current;
    QString m_lastRequestId;
    QString m_lastCorrelationId;
    QList<Customer> m_customers;
    QSet<QString> m_seenLinks;
    int m_pages = 0;
    bool m_sent = false;
    bool m_finished = false;
};

} // namespace qd
