#include "PartnerCenterRoutes.h"

#include "IdentityStore.h"
#include "SimLog.h"
#include "SimMessages.h"
#include "Throttle.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace qd::sim {

namespace {

// Partner Center's generic codes (partner-center-api.md §7.1); the others are not documented.
constexpr int kCodeInvalidInput = 800002;
constexpr int kCodeInvalidProperty = 3000;
constexpr int kCodeMfaRequired = 10001;
constexpr int kCodeUnauthorized = 10000; // undocumented
constexpr int kCodeNotFound = 600000;    // undocumented
constexpr int kMaxPageSize = 500;

SimResponse error(int status, int code, Msg msg, const SimRequest &request, const QString &arg = {})
{
    return SimResponse::json(status, errorBody(code, msg, request.wantsCzech(), arg));
}

QJsonObject link(const QString &uri, const QJsonArray &headers = {})
{
    return QJsonObject{{u"uri"_s, uri}, {u"method"_s, u"GET"_s}, {u"headers"_s, headers}};
}

// A stable GUID made from text, so derived ids (commerceId) do not change between runs.
QString derivedGuid(const QString &text)
{
    const QString hex = QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(32));
    return hex.mid(0, 8) + u'-' + hex.mid(8, 4) + u"-4"_s + hex.mid(13, 3) + u"-a"_s + hex.mid(17, 3) + u'-' +
           hex.mid(20, 12);
}

} // namespace

QJsonObject customerJson(const SimCustomer &c, bool full)
{
    QJsonObject profile{
        {u"tenantId"_s, c.id},
        {u"domain"_s, c.domain},
        {u"companyName"_s, c.companyName},
        {u"address"_s, QJsonObject{{u"country"_s, c.country}, {u"city"_s, c.city}}},
        {u"email"_s, c.email},
        {u"attributes"_s, QJsonObject{{u"objectType"_s, u"CustomerCompanyProfile"_s}}},
    };
    QJsonObject out{
        {u"id"_s, c.id},
        {u"commerceId"_s, derivedGuid(u"commerce:"_s + c.id)},
        {u"companyProfile"_s, profile},
        {u"relationshipToPartner"_s, u"reseller"_s},
        {u"links"_s, QJsonObject{{u"self"_s, link(u"/customers/"_s + c.id)}}},
        {u"attributes"_s, QJsonObject{{u"objectType"_s, u"Customer"_s}}},
    };
    if (full) {
        out.insert(u"allowDelegatedAccess"_s, true);
        out.insert(u"customDomains"_s, QJsonArray{c.domain});
    }
    return out;
}

PartnerCenterRoutes::PartnerCenterRoutes(SimState *state, IdentityStore *identity, const SimConfig *config,
                                         Throttle *throttle)
    : m_state(state), m_identity(identity), m_config(config), m_throttle(throttle)
{}

SimResponse PartnerCenterRoutes::handle(const SimRequest &request)
{
    const QStringList &s = request.segments; // s[0] == "v1"
    const bool isCustomers = s.size() >= 2 && s.at(1).compare(u"customers"_s, Qt::CaseInsensitive) == 0;
    enum class Route
    {
        None,
        List,
        Validations,
        Customer,
        Qualifications
    } route = Route::None;
    if (isCustomers && s.size() == 2)
        route = Route::List;
    else if (isCustomers && s.size() == 4 && s.at(2).compare(u"all"_s, Qt::CaseInsensitive) == 0 &&
             s.at(3).compare(u"validations"_s, Qt::CaseInsensitive) == 0)
        route = Route::Validations;
    else if (isCustomers && s.size() == 3)
        route = Route::Customer;
    else if (isCustomers && s.size() == 4 && s.at(3).compare(u"qualifications"_s, Qt::CaseInsensitive) == 0)
        route = Route::Qualifications;
    if (route == Route::None)
        return error(404, kCodeNotFound, Msg::RouteNotFound, request, request.path);

    const bool get = request.method == u"GET"_s;
    const bool post = request.method == u"POST"_s;
    if (!get && !(post && route == Route::Qualifications))
        return error(405, kCodeInvalidInput, Msg::MethodNotAllowed, request, request.method);
    if (const auto rejected = rejectUnauthorized(request))
        return *rejected;
    if (m_throttle) {
        // Every token the simulator issues is for its one partner tenant (the token's `tid`).
        const bool aboutCustomer = route == Route::Customer || route == Route::Qualifications;
        const Throttle::Verdict verdict =
            m_throttle->take(m_identity->partnerTenantId(), aboutCustomer ? s.at(2) : QString(), post);
        if (!verdict.allowed) {
            qCInfo(lcSim).noquote() << "throttled" << request.method << request.path << "Retry-After"
                                    << verdict.retryAfterSeconds;
            return rateLimitAnswer(verdict.retryAfterSeconds); // nothing is done
        }
    }

    switch (route) {
    case Route::List:
        return listCustomers(request);
    case Route::Validations:
        return SimResponse::json(200, m_state->validationCodes());
    case Route::Customer:
        return getCustomer(request, s.at(2));
    case Route::Qualifications:
        return post ? createQualification(request, s.at(2)) : getQualifications(request, s.at(2));
    case Route::None:
        break;
    }
    return error(404, kCodeNotFound, Msg::RouteNotFound, request, request.path);
}

std::optional<SimResponse> PartnerCenterRoutes::rejectUnauthorized(const SimRequest &request) const
{
    const QByteArray auth = request.header("Authorization").trimmed();
    std::optional<IdentityStore::AccessToken> token;
    if (auth.size() > 7 && auth.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0)
        token = m_identity->accessToken(QString::fromLatin1(auth.mid(7).trimmed()));
    const bool noMfa = token && m_config->requireMfa && !token->mfa;
    if (token && !noMfa)
        return std::nullopt;
    SimResponse r = noMfa ? error(401, kCodeMfaRequired, Msg::MfaRequired, request)
                          : error(401, kCodeUnauthorized, Msg::InvalidToken, request);
    r.addHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    qCInfo(lcSim).noquote() << "401 for" << request.method << request.path
                            << (noMfa ? "(no MFA)" : "(no valid token)");
    return r;
}

std::optional<SimResponse> PartnerCenterRoutes::checkCustomerId(const SimRequest &request,
                                                                const QString &id) const
{
    if (!isGuid(id))
        return error(400, kCodeInvalidInput, Msg::InvalidTenantId, request, id);
    if (!m_state->customer(id))
        return error(404, kCodeNotFound, Msg::CustomerNotFound, request, id);
    return std::nullopt;
}

SimResponse PartnerCenterRoutes::getCustomer(const SimRequest &request, const QString &id) const
{
    if (const auto rejected = checkCustomerId(request, id))
        return *rejected;
    return SimResponse::json(200, customerJson(*m_state->customer(id), true));
}

SimResponse PartnerCenterRoutes::getQualifications(const SimRequest &request, const QString &id)
{
    if (const auto rejected = checkCustomerId(request, id))
        return *rejected;
    return SimResponse::json(200, m_state->qualifications(id));
}

SimResponse PartnerCenterRoutes::createQualification(const SimRequest &request, const QString &id)
{
    if (const auto rejected = checkCustomerId(request, id))
        return *rejected;
    const QString requestId = QString::fromLatin1(request.header("MS-RequestId")).trimmed();
    const QString key =
        requestId.isEmpty() ? QString() : u"POST "_s + request.path.toLower() + u' ' + requestId;
    if (!key.isEmpty()) {
        if (const auto answer = m_state->rememberedAnswer(key)) {
            qCInfo(lcSim) << "replaying the answer for MS-RequestId" << requestId;
            return *answer;
        }
    }

    const SimState::CreateOutcome outcome =
        m_state->createQualification(id, request.body, request.queryValue(u"code"_s));
    SimResponse answer;
    using E = SimState::CreateError;
    switch (outcome.error) {
    case E::None:
        answer = SimResponse::json(201, outcome.created);
        break;
    case E::UnknownCustomer:
        answer = error(404, kCodeNotFound, Msg::CustomerNotFound, request, id);
        break;
    case E::InvalidBody:
        answer = error(400, kCodeInvalidInput, Msg::InvalidBody, request);
        break;
    case E::MissingQualification:
        answer = error(400, kCodeInvalidProperty, Msg::MissingQualification, request);
        break;
    case E::UnknownQualification:
        answer = error(400, kCodeInvalidProperty, Msg::UnknownQualification, request, outcome.detail);
        break;
    case E::NotSettable:
        answer = error(400, kCodeInvalidProperty, Msg::QualificationNotSettable, request, outcome.detail);
        break;
    case E::MissingSegment:
        answer = error(400, kCodeInvalidProperty, Msg::MissingSegment, request);
        break;
    case E::InvalidSegment:
        answer = error(400, kCodeInvalidProperty, Msg::InvalidSegment, request, outcome.detail);
        break;
    case E::InvalidWebsite:
        answer = error(400, kCodeInvalidProperty, Msg::InvalidWebsite, request, outcome.detail);
        break;
    case E::MissingCode:
        answer = error(400, kCodeInvalidProperty, Msg::MissingValidationCode, request);
        break;
    case E::UnknownCode:
        answer = error(400, kCodeInvalidProperty, Msg::UnknownValidationCode, request, outcome.detail);
        break;
    case E::ExhaustedCode:
        answer = error(400, kCodeInvalidProperty, Msg::ExhaustedValidationCode, request, outcome.detail);
        break;
    case E::TaggingDenied:
        // The real service answered this one with a bare JSON string (PowerShell#258).
        answer = SimResponse::json(400, QJsonValue(u"Customer tagging denied."_s));
        break;
    case E::Duplicate:
        answer = error(409, kCodeInvalidProperty, Msg::DuplicateQualification, request, outcome.detail);
        break;
    }
    m_state->rememberAnswer(key, answer);
    return answer;
}

SimResponse PartnerCenterRoutes::listCustomers(const SimRequest &request)
{
    if (request.queryValue(u"seekOperation"_s).compare(u"Next"_s, Qt::CaseInsensitive) == 0) {
        const QString token = QString::fromLatin1(request.header("MS-ContinuationToken")).trimmed();
        const auto it = m_cursors.constFind(token);
        if (it == m_cursors.cend())
            return error(400, kCodeInvalidInput, Msg::ContinuationTokenRequired, request);
        return page(*it);
    }

    Cursor cursor;
    cursor.size = m_config->pageSize;
    const QString sizeText = request.queryValue(u"size"_s);
    if (!sizeText.isEmpty()) {
        bool ok = false;
        const int size = sizeText.toInt(&ok);
        if (!ok || size < 0 || size > kMaxPageSize)
            return error(400, kCodeInvalidInput, Msg::InvalidPageSize, request, sizeText);
        if (size > 0)
            cursor.size = size; // size=0 means the server's default, as the SDK's searches send
    }
    cursor.filterParam = request.queryValue(u"filter"_s);
    if (!cursor.filterParam.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(cursor.filterParam.toUtf8());
        const QJsonObject filter = doc.object();
        const QString field = filter.value(u"Field"_s).toString();
        const QString op = filter.value(u"Operator"_s).toString();
        if (field.compare(u"CompanyName"_s, Qt::CaseInsensitive) == 0)
            cursor.field = SimState::SearchField::CompanyName;
        else if (field.compare(u"Domain"_s, Qt::CaseInsensitive) == 0)
            cursor.field = SimState::SearchField::Domain;
        if (!doc.isObject() || cursor.field == SimState::SearchField::Any ||
            op.compare(u"starts_with"_s, Qt::CaseInsensitive) != 0 || !filter.value(u"Value"_s).isString())
            return error(400, kCodeInvalidInput, Msg::InvalidFilter, request);
        cursor.prefix = filter.value(u"Value"_s).toString();
    }
    return page(cursor);
}

SimResponse PartnerCenterRoutes::page(const Cursor &cursor)
{
    const QList<const SimCustomer *> found = m_state->search(cursor.field, cursor.prefix);
    QJsonArray items;
    for (qsizetype i = cursor.offset; i < found.size() && i < qsizetype(cursor.offset) + cursor.size; ++i)
        items.append(customerJson(*found.at(i), false));

    QString uri = u"/v1/customers?size=%1"_s.arg(cursor.size);
    const QString filterPart =
        cursor.filterParam.isEmpty()
            ? QString()
            : u"&filter="_s + QString::fromLatin1(QUrl::toPercentEncoding(cursor.filterParam));
    QJsonObject links{{u"self"_s, link(uri + filterPart)}};
    QJsonObject body{
        {u"totalCount"_s, int(items.size())}, // like Partner Center: the items on this page
        {u"items"_s, items},
        {u"attributes"_s, QJsonObject{{u"objectType"_s, u"Collection"_s}}},
    };
    if (cursor.offset + cursor.size < found.size()) {
        Cursor next = cursor;
        next.offset += cursor.size;
        // Tokens stay valid, so a client may re-read a page after a failed attempt.
        if (m_cursors.size() > 10000)
            m_cursors.clear(); // bounded memory for a long-running simulator
        const QString token = randomToken(24);
        m_cursors.insert(token, next);
        links.insert(u"next"_s, link(uri + u"&seekOperation=Next"_s + filterPart,
                                     QJsonArray{QJsonObject{{u"key"_s, u"MS-ContinuationToken"_s},
                                                            {u"value"_s, token}}}));
        body.insert(u"continuationToken"_s, token);
    }
    body.insert(u"links"_s, links);
    return SimResponse::json(200, body);
}

} // namespace qd::sim
