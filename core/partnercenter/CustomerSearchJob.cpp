#include "CustomerSearchJob.h"

#include "ApiLogging.h"

using namespace Qt::StringLiterals;

namespace qd {

CustomerSearchJob::CustomerSearchJob(PartnerCenterClient *client, QString prefix, CustomerSearchField field,
                                     int pageSize, Done done)
    : ApiJob(client), m_client(client), m_prefix(std::move(prefix)), m_field(field), m_pageSize(pageSize),
      m_done(std::move(done))
{}

void CustomerSearchJob::start()
{
    track(m_client->searchCustomers(
        m_prefix, m_field, this, [this](const Result<CustomerPage> &page) { onPage(page); }, m_pageSize));
}

QString CustomerSearchJob::requestId() const
{
    return m_current ? m_current->requestId() : m_lastRequestId;
}

QString CustomerSearchJob::correlationId() const
{
    return m_current ? m_current->correlationId() : m_lastCorrelationId;
}

void CustomerSearchJob::abort()
{
    if (m_finished)
        return;
    if (m_current)
        m_current->abort(); // its Cancelled result ends this job too
}

void CustomerSearchJob::track(ApiJob *page)
{
    m_current = page;
    connect(page, &ApiJob::sent, this, [this] {
        if (!m_sent) {
            m_sent = true;
            emit sent();
        }
    });
    connect(page, &ApiJob::retrying, this, &ApiJob::retrying);
}

void CustomerSearchJob::onPage(const Result<CustomerPage> &page)
{
    m_lastRequestId = page.requestId;
    m_lastCorrelationId = page.correlationId;
    m_current = nullptr;
    Result<QList<Customer>> result;
    result.httpStatus = page.httpStatus;
    result.requestId = page.requestId;
    result.correlationId = page.correlationId;
    if (!page.ok()) {
        result.error = page.error;
        complete(result);
        return;
    }
    m_customers += page.value.customers;
    ++m_pages;
    const PageLink &next = page.value.next;
    if (!next.isValid()) {
        result.value = m_customers;
        complete(result);
        return;
    }
    // The same continuation twice, or no end in sight: the server is going round in circles.
    QString key = next.uri;
    for (const auto &[name, value] : next.headers)
        key += u'\n' + QString::fromLatin1(name) + u':' + QString::fromUtf8(value);
    if (m_seenLinks.contains(key) || m_pages >= kMaxPages) {
        qCWarning(lcApi) << "customer search stopped: next links do not end after" << m_pages << "pages";
        result.error.kind = ApiError::Kind::Protocol;
        result.error.detail = u"The next-page links of the customer search do not end."_s;
        result.error.requestId = page.requestId;
        result.error.correlationId = page.correlationId;
        complete(result);
        return;
    }
    m_seenLinks.insert(key);
    track(m_client->nextCustomers(next, this, [this](const Result<CustomerPage> &p) { onPage(p); }));
}

void CustomerSearchJob::complete(Result<QList<Customer>> result)
{
    if (m_finished)
        return;
    m_finished = true;
    const Done done = std::move(m_done);
    m_done = nullptr;
    const QPointer<CustomerSearchJob> self(this); // done may delete the client, and this job with it
    if (done)
        done(result);
    if (!self)
        return;
    emit finished();
    deleteLater();
}

} // namespace qd
