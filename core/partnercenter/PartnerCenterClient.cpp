#include "PartnerCenterClient.h"

#include "ApiCall.h"
#include "CustomerSearchJob.h"
#include "ResponseParsers.h"
#include "TokenProvider.h"
#include "domain/Json.h"

#include <QJsonArray>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace qd {

// The readers of the 2xx bodies live in ResponseParsers (pure, tested and fuzzed on their own).
using responses::parseCreated;
using responses::parseCustomer;
using responses::parseCustomerPage;
using responses::parseQualifications;
using responses::parseValidationCodes;

namespace {

// The callback runs in context's thread, and not at all once context is gone.
template <typename T>
PartnerCenterClient::Callback<T> guarded(QObject *context, PartnerCenterClient::Callback<T> done)
{
    if (!context || !done)
        return done;
    return [guard = QPointer<QObject>(context), done = std::move(done)](const Result<T> &result) {
        if (!guard)
            return;
        QMetaObject::invokeMethod(guard.data(), [done, result] { done(result); });
    };
}

// A parser turns a 2xx body into the value; false (with a reason) makes it a Protocol error.
template <typename T> using Parser = std::function<bool(const QByteArray &body, T &value, QString *why)>;

template <typename T>
ApiCall *makeCall(PartnerCenterClient *client, RequestSpec spec, const QString &requestId,
                  PartnerCenterClient::Callback<T> done, Parser<T> parse)
{
    const bool post = spec.method == "POST";
    const QString operation = QString::fromLatin1(spec.method) + u' ' + spec.url.path();
    const QPointer<PartnerCenterClient> owner(client);
    return new ApiCall(client, std::move(spec), requestId,
                       [done = std::move(done), parse = std::move(parse), post, operation,
                        owner](const ApiResponse &response) {
                           Result<T> result;
                           result.httpStatus = response.httpStatus;
                           result.requestId = response.requestId;
                           result.correlationId = response.correlationId;
                           result.error = response.error;
                           QString why;
                           if (!result.error.isError() && !parse(response.body, result.value, &why)) {
                               result.value = T{};
                               result.error.kind = ApiError::Kind::Protocol;
                               result.error.httpStatus = response.httpStatus;
                               result.error.detail = why;
                               result.error.requestId = response.requestId;
                               result.error.correlationId = response.correlationId;
                               // A 2xx to a POST: it arrived, even if the answer is unreadable.
                               result.error.mayHaveArrived = post;
                           }
                           // Every failure as the caller sees it, unreadable answers included.
                           if (owner && result.error.isError() &&
                               result.error.kind != ApiError::Kind::Cancelled)
                               emit owner->requestFailed(operation, result.error);
                           if (done)
                               done(result);
                       });
}

QString jsonString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

// ?filter= of a customer search: the SDK's JSON, percent-encoded as a whole.
QString customerFilter(const QString &prefix, CustomerSearchField field)
{
    const QString fieldName = field == CustomerSearchField::Domain ? u"Domain"_s : u"CompanyName"_s;
    const QString filter = u"{\"Field\":\""_s + fieldName + u"\",\"Value\":"_s + jsonString(prefix) +
                           u",\"Operator\":\"starts_with\"}"_s;
    return QString::fromLatin1(QUrl::toPercentEncoding(filter));
}

} // namespace

PartnerCenterClient::PartnerCenterClient(TokenProvider *tokens, ClientConfig config, const Clock *clock,
                                         QObject *parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this)), m_tokens(tokens),
      m_config(std::move(config)), m_clock(clock ? clock : SystemClock::instance())
{}

void PartnerCenterClient::setNetwork(QNetworkAccessManager *network)
{
    if (!network || network == m_network)
        return;
    if (m_network && m_network->parent() == this)
        m_network->deleteLater();
    m_network = network;
}

// Running jobs are children: they are deleted with the client, without calling back.
PartnerCenterClient::~PartnerCenterClient() = default;

ApiJob *PartnerCenterClient::getCustomer(const TenantId &tenantId, QObject *context, Callback<Customer> done)
{
    const QString &id = tenantId.toString();
    RequestSpec spec;
    spec.url = RequestBuilder::resolve(m_config.baseUrl, u"/v1/customers/"_s + id);
    ApiCall *call = makeCall<Customer>(this, spec, {}, guarded(context, std::move(done)), parseCustomer);
    if (id.isEmpty())
        call->failWithoutSending(ApiError::invalidInput({QualificationRequest::tenantIdIssue()}));
    else
        call->start();
    return call;
}

ApiJob *PartnerCenterClient::searchCustomers(const QString &prefix, CustomerSearchField field,
                                             QObject *context, Callback<CustomerPage> done, int pageSize)
{
    const QString value = prefix.trimmed();
    // size=0 asks for the server's default page, as the SDK's searches do.
    const QString query =
        u"size="_s + QString::number(std::max(0, pageSize)) + u"&filter="_s + customerFilter(value, field);
    RequestSpec spec;
    spec.url = RequestBuilder::resolve(m_config.baseUrl, u"/v1/customers"_s, query);
    ApiCall *call =
        makeCall<CustomerPage>(this, spec, {}, guarded(context, std::move(done)), parseCustomerPage);
    if (value.isEmpty())
        call->failWithoutSending(
            ApiError::invalidInput(tr("Enter the beginning of a company name or domain.")));
    else
        call->start();
    return call;
}

ApiJob *PartnerCenterClient::nextCustomers(const PageLink &next, QObject *context,
                                           Callback<CustomerPage> done)
{
    RequestSpec spec;
    spec.headers = next.headers;
    ApiError refusal;
    const QUrl link(next.uri.trimmed());
    if (!next.isValid() || !link.isValid()) {
        refusal = ApiError::invalidInput(tr("There is no next page."));
    } else if (link.isRelative() && link.host().isEmpty()) {
        // Relative to the base URL. Partner Center writes some links without the version
        // ("/customers?..."); they belong under /v1 like every call.
        QString path = link.path(QUrl::FullyEncoded);
        if (!path.startsWith(u'/'))
            path.prepend(u'/');
        if (!path.startsWith(u"/v1/"_s))
            path.prepend(u"/v1"_s);
        spec.url = RequestBuilder::resolve(m_config.baseUrl, path, link.query(QUrl::FullyEncoded));
    } else if (RequestBuilder::sameOrigin(link, m_config.baseUrl)) {
        spec.url = link;
    } else {
        refusal.kind = ApiError::Kind::Protocol;
        refusal.detail = u"The next-page link points to another server: "_s + link.host();
    }
    ApiCall *call =
        makeCall<CustomerPage>(this, spec, {}, guarded(context, std::move(done)), parseCustomerPage);
    if (refusal.isError())
        call->failWithoutSending(refusal);
    else
        call->start();
    return call;
}

ApiJob *PartnerCenterClient::searchAllCustomers(const QString &prefix, CustomerSearchField field,
                                                QObject *context, Callback<QList<Customer>> done)
{
    auto *job = new CustomerSearchJob(this, prefix, field, 0, guarded(context, std::move(done)));
    job->start();
    return job;
}

ApiJob *PartnerCenterClient::getQualifications(const TenantId &tenantId, QObject *context,
                                               Callback<QList<CustomerQualification>> done)
{
    const QString &id = tenantId.toString();
    RequestSpec spec;
    spec.url = RequestBuilder::resolve(m_config.baseUrl, u"/v1/customers/"_s + id + u"/qualifications"_s);
    ApiCall *call = makeCall<QList<CustomerQualification>>(this, spec, {}, guarded(context, std::move(done)),
                                                           parseQualifications);
    if (id.isEmpty())
        call->failWithoutSending(ApiError::invalidInput({QualificationRequest::tenantIdIssue()}));
    else
        call->start();
    return call;
}

ApiJob *PartnerCenterClient::getValidationCodes(QObject *context, Callback<QList<ValidationCode>> done)
{
    RequestSpec spec;
    spec.url = RequestBuilder::resolve(m_config.baseUrl, u"/v1/customers/all/validations"_s);
    ApiCall *call = makeCall<QList<ValidationCode>>(this, spec, {}, guarded(context, std::move(done)),
                                                    parseValidationCodes);
    call->start();
    return call;
}

ApiJob *PartnerCenterClient::createQualification(const TenantId &tenantId,
                                                 const QualificationRequest &request,
                                                 const QString &requestId, QObject *context,
                                                 Callback<QList<CustomerQualification>> done,
                                                 const std::function<void(ApiJob *)> &prepare)
{
    const QString &id = tenantId.toString();
    QList<InputIssue> issues;
    if (id.isEmpty())
        issues.append(QualificationRequest::tenantIdIssue());
    issues += request.validate();

    RequestSpec spec;
    spec.method = "POST";
    spec.body = QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact);
    QString query;
    if (request.type == QualificationType::GovernmentCommunityCloud) {
        // The current contract reads validationCode from the body; the original documentation
        // shows ?code=. Sending both satisfies either reading.
        query = u"code="_s + QString::fromLatin1(QUrl::toPercentEncoding(request.validationCode.trimmed()));
    }
    spec.url =
        RequestBuilder::resolve(m_config.baseUrl, u"/v1/customers/"_s + id + u"/qualifications"_s, query);
    ApiCall *call = makeCall<QList<CustomerQualification>>(this, spec, requestId,
                                                           guarded(context, std::move(done)), parseCreated);
    if (prepare)
        prepare(call);
    if (!issues.isEmpty())
        call->failWithoutSending(ApiError::invalidInput(issues));
    else if (prepare)
        call->startNow();
    else
        call->start();
    return call;
}

} // namespace qd
