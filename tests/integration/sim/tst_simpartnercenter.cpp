// The simulator's Partner Center endpoints over real HTTP, with a plain QNetworkAccessManager.
#include "SeedFixtures.h"
#include "SimHttpClient.h"
#include "Simulator.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace qd::sim::fixtures;
using qd::test::HttpResult;
using qd::test::SimHttpClient;

class TestSimPartnerCenter : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<qd::sim::Simulator> m_sim;
    std::unique_ptr<SimHttpClient> m_http;

    static QString qualificationsPath(const QString &id)
    {
        return u"/v1/customers/"_s + id + u"/qualifications"_s;
    }
    static QString filterQuery(const QString &field, const QString &value)
    {
        const QByteArray filter =
            QJsonDocument(
                QJsonObject{{u"Field"_s, field}, {u"Value"_s, value}, {u"Operator"_s, u"starts_with"_s}})
                .toJson(QJsonDocument::Compact);
        return u"&filter="_s + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(filter)));
    }
    // Reads every page of a customers query; returns the company names.
    QStringList readAllPages(const QString &firstPath, int *pages)
    {
        QStringList names;
        HttpResult page = m_http->get(firstPath);
        *pages = 0;
        while (true) {
            if (page.status != 200)
                return {u"HTTP %1"_s.arg(page.status)};
            ++*pages;
            const QJsonObject body = page.object();
            for (const QJsonValue &item : body.value(u"items"_s).toArray())
                names.append(item[u"companyProfile"_s][u"companyName"_s].toString());
            const QJsonObject next = body.value(u"links"_s)[u"next"_s].toObject();
            if (next.isEmpty())
                return names;
            QList<QPair<QByteArray, QByteArray>> headers;
            for (const QJsonValue &h : next.value(u"headers"_s).toArray())
                headers.append({h[u"key"_s].toString().toLatin1(), h[u"value"_s].toString().toLatin1()});
            page = m_http->get(next.value(u"uri"_s).toString(), headers);
        }
    }

private slots:
    void init()
    {
        m_sim = std::make_unique<qd::sim::Simulator>();
        QVERIFY2(m_sim->listen(), qPrintable(m_sim->errorString()));
        QVERIFY(m_sim->port() > 0);
        QCOMPARE(m_sim->baseUrl().host(), u"127.0.0.1"_s);
        QCOMPARE(m_sim->authority().path(), u"/organizations"_s);
        m_http = std::make_unique<SimHttpClient>(m_sim->baseUrl());
        m_http->token = m_sim->issueAccessToken();
    }

    void cleanup()
    {
        m_http.reset();
        m_sim.reset();
    }

    void getsACustomerById()
    {
        const HttpResult r = m_http->get(u"/v1/customers/"_s + kCustomerEducationApproved);
        QCOMPARE(r.status, 200);
        const QJsonObject c = r.object();
        QCOMPARE(c.value(u"id"_s).toString(), kCustomerEducationApproved);
        QCOMPARE(c[u"companyProfile"_s][u"companyName"_s].toString(), kCustomerEducationApprovedName);
        QCOMPARE(c[u"companyProfile"_s][u"domain"_s].toString(), kCustomerEducationApprovedDomain);
        QCOMPARE(c[u"companyProfile"_s][u"tenantId"_s].toString(), kCustomerEducationApproved);
        QVERIFY(c.contains(u"allowDelegatedAccess"_s));
        // Upper-case GUIDs name the same customer.
        QCOMPARE(m_http->get(u"/v1/customers/"_s + kCustomerEducationApproved.toUpper()).status, 200);
    }

    void refusesBadOrUnknownIds()
    {
        HttpResult r = m_http->get(u"/v1/customers/not-a-guid"_s);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.object().value(u"code"_s).toInt(), 800002);
        r = m_http->get(u"/v1/customers/"_s + kUnknownCustomer);
        QCOMPARE(r.status, 404);
        QVERIFY(r.object().value(u"description"_s).toString().contains(kUnknownCustomer));
        QCOMPARE(m_http->get(qualificationsPath(kUnknownCustomer)).status, 404);
        QCOMPARE(m_http->get(u"/v1/nothing-here"_s).status, 404);
        QCOMPARE(m_http->send("DELETE", u"/v1/customers/"_s + kCustomerSoe).status, 405);
    }

    void pagesThroughAllCustomers()
    {
        int pages = 0;
        const QStringList names = readAllPages(u"/v1/customers?size=20"_s, &pages);
        QCOMPARE(names.size(), kCustomerCount);
        QCOMPARE(pages, 2);
        QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), kCustomerCount);
        QVERIFY(names.contains(u"Vysoké učení technické v Brně"_s));
        // size=0 is the server's default page size (20).
        QCOMPARE(m_http->get(u"/v1/customers?size=0"_s).object().value(u"items"_s).toArray().size(), 20);
        QCOMPARE(m_http->get(u"/v1/customers?size=-1"_s).status, 400);
        QCOMPARE(m_http->get(u"/v1/customers?size=abc"_s).status, 400);
    }

    void nextPageNeedsTheContinuationHeader()
    {
        const QJsonObject first = m_http->get(u"/v1/customers?size=5"_s).object();
        const QJsonObject next = first.value(u"links"_s)[u"next"_s].toObject();
        QCOMPARE(next.value(u"method"_s).toString(), u"GET"_s);
        const QString uri = next.value(u"uri"_s).toString();
        QVERIFY(uri.contains(u"seekOperation=Next"_s));
        const QString token = next.value(u"headers"_s)[0][u"value"_s].toString();
        QCOMPARE(next.value(u"headers"_s)[0][u"key"_s].toString(), u"MS-ContinuationToken"_s);
        QCOMPARE(m_http->get(uri).status, 400);
        QCOMPARE(m_http->get(uri, {{"MS-ContinuationToken", "made-up"}}).status, 400);
        const HttpResult second = m_http->get(uri, {{"MS-ContinuationToken", token.toLatin1()}});
        QCOMPARE(second.status, 200);
        const QJsonArray items = second.object().value(u"items"_s).toArray();
        QCOMPARE(items.size(), 5);
        QVERIFY(items.at(0)[u"id"_s] != first.value(u"items"_s)[0][u"id"_s]);
        // The same token again gives the same page (a retry after a lost answer).
        QCOMPARE(m_http->get(uri, {{"MS-ContinuationToken", token.toLatin1()}})
                     .object()
                     .value(u"items"_s)
                     .toArray(),
                 items);
    }

    void searchesByNameAndDomainPrefix()
    {
        int pages = 0;
        QCOMPARE(
            readAllPages(u"/v1/customers?size=0"_s + filterQuery(u"CompanyName"_s, u"brno"_s), &pages).size(),
            kBrnoPrefixCount);
        QCOMPARE(readAllPages(u"/v1/customers?size=2"_s + filterQuery(u"CompanyName"_s, kBrnoPrefix), &pages)
                     .size(),
                 kBrnoPrefixCount);
        QCOMPARE(pages, 2); // the filter is carried into the next link
        QCOMPARE(
            readAllPages(u"/v1/customers?size=0"_s + filterQuery(u"CompanyName"_s, kZakladniPrefix), &pages)
                .size(),
            kZakladniPrefixCount);
        const QStringList byDomain =
            readAllPages(u"/v1/customers?size=0"_s + filterQuery(u"Domain"_s, u"muni-"_s), &pages);
        QCOMPARE(byDomain, QStringList{kCustomerEducationApprovedName});
        QCOMPARE(readAllPages(u"/v1/customers?size=0"_s + filterQuery(u"CompanyName"_s, u"zzz"_s), &pages),
                 QStringList());
        QCOMPARE(
            m_http->get(u"/v1/customers?filter="_s + QString::fromLatin1(QUrl::toPercentEncoding(u"{oops"_s)))
                .status,
            400);
        const QByteArray contains = R"({"Field":"CompanyName","Value":"x","Operator":"contains"})";
        QCOMPARE(m_http->get(u"/v1/customers?filter="_s + QString::fromLatin1(contains.toPercentEncoding()))
                     .status,
                 400);
    }

    void readsQualificationsAndCodes()
    {
        QCOMPARE(m_http->get(qualificationsPath(kCustomerNoQualification)).array(), QJsonArray());
        const QJsonArray gcc = m_http->get(qualificationsPath(kCustomerGccApproved)).array();
        QCOMPARE(gcc.at(0)[u"qualification"_s].toString(), u"GovernmentCommunityCloud"_s);
        QCOMPARE(gcc.at(1).toObject(), (QJsonObject{{u"qualification"_s, u"StateOwnedEntity"_s}}));
        const QJsonArray codes = m_http->get(u"/v1/customers/all/validations"_s).array();
        QCOMPARE(codes.size(), kValidationCodeCount);
        for (const QJsonValue &code : codes) {
            for (const QString &key : {u"partnerId"_s, u"organizationName"_s, u"validationId"_s,
                                       u"maxCreates"_s, u"remainingCreates"_s, u"eTag"_s})
                QVERIFY2(code.toObject().contains(key), qPrintable(key));
        }
    }

    void createsAQualificationAndVettingMovesOn()
    {
        const HttpResult r = m_http->post(qualificationsPath(kCustomerNoQualification),
                                          {{u"qualification"_s, u"Education"_s},
                                           {u"educationSegment"_s, u"HigherEducation"_s},
                                           {u"website"_s, u"zs-husova.cz"_s}});
        QCOMPARE(r.status, 201);
        QCOMPARE(r.object().value(u"vettingStatus"_s).toString(), u"InReview"_s);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 1);
        QCOMPARE(m_http->get(qualificationsPath(kCustomerNoQualification))
                     .array()
                     .at(0)[u"vettingStatus"_s]
                     .toString(),
                 u"InReview"_s);
        m_sim->setVettingDelayMs(0);
        QCOMPARE(m_http->get(qualificationsPath(kCustomerNoQualification))
                     .array()
                     .at(0)[u"vettingStatus"_s]
                     .toString(),
                 u"Approved"_s);
        // Now the customer has it: 409.
        const HttpResult again =
            m_http->post(qualificationsPath(kCustomerNoQualification),
                         {{u"qualification"_s, u"Education"_s}, {u"educationSegment"_s, u"K12"_s}});
        QCOMPARE(again.status, 409);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 1);
        QCOMPARE(m_sim->duplicateCount(), 1);
        QCOMPARE(m_http->get(u"/_sim/stats"_s).object().value(u"duplicates"_s).toInt(), 1);
    }

    void gccTakesTheCodeFromBodyOrQuery()
    {
        HttpResult r = m_http->post(qualificationsPath(kCustomerNoQualification2),
                                    {{u"qualification"_s, u"GovernmentCommunityCloud"_s},
                                     {u"validationCode"_s, kValidationCodeLastUse}});
        QCOMPARE(r.status, 201);
        r = m_http->post(qualificationsPath(kCustomerNoQualification3) + u"?code="_s + kValidationCodeLastUse,
                         {{u"qualification"_s, u"GovernmentCommunityCloud"_s}});
        QCOMPARE(r.status, 400); // the last use went to the first customer
        QCOMPARE(r.object().value(u"description"_s).toString().contains(kValidationCodeLastUse), true);
        r = m_http->post(qualificationsPath(kCustomerNoQualification3) + u"?code="_s +
                             kValidationCodeAvailable,
                         {{u"qualification"_s, u"GovernmentCommunityCloud"_s}});
        QCOMPARE(r.status, 201);
        const QJsonArray codes = m_http->get(u"/v1/customers/all/validations"_s).array();
        for (const QJsonValue &code : codes) {
            if (code[u"validationId"_s].toString() == kValidationCodeLastUse)
                QCOMPARE(code[u"remainingCreates"_s].toInt(), 0);
        }
    }

    void refusesInvalidQualifications()
    {
        const QString path = qualificationsPath(kCustomerNoQualification);
        HttpResult r = m_http->post(path, {{u"qualification"_s, u"Nonprofit"_s}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.object().value(u"code"_s).toInt(), 3000);
        QCOMPARE(m_http->post(path, {{u"qualification"_s, u"None"_s}}).status, 400);
        QCOMPARE(m_http->post(path, {{u"qualification"_s, u"Education"_s}}).status, 400);
        QCOMPARE(m_http
                     ->post(path, {{u"qualification"_s, u"GovernmentCommunityCloud"_s},
                                   {u"validationCode"_s, kValidationCodeExhausted}})
                     .status,
                 400);
        QCOMPARE(m_http->send("POST", path, "not json").status, 400);
        QCOMPARE(
            m_http->post(u"/v1/customers/xyz/qualifications"_s, {{u"qualification"_s, u"StateOwnedEntity"_s}})
                .status,
            400);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 0);
    }

    void taggingDeniedIsABareString()
    {
        const HttpResult r =
            m_http->post(qualificationsPath(kCustomerTaggingDenied),
                         {{u"qualification"_s, u"Education"_s}, {u"educationSegment"_s, u"K12"_s}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.body, QByteArray("\"Customer tagging denied.\""));
    }

    void answersInCzechWhenAsked()
    {
        const HttpResult r =
            m_http->post(qualificationsPath(kCustomerEducationApproved),
                         {{u"qualification"_s, u"Education"_s}, {u"educationSegment"_s, u"K12"_s}},
                         {{"X-Locale", "cs-CZ"}});
        QCOMPARE(r.status, 409);
        QCOMPARE(r.object().value(u"description"_s).toString(),
                 u"Zákazník již má kvalifikaci „Education“."_s);
        const HttpResult en = m_http->get(u"/v1/customers/"_s + kUnknownCustomer, {{"X-Locale", "en-US"}});
        QCOMPARE(en.object().value(u"description"_s).toString(),
                 u"Customer %1 was not found."_s.arg(kUnknownCustomer));
    }

    void replaysTheAnswerForARepeatedRequestId()
    {
        const QByteArray requestId = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        const QJsonObject body{{u"qualification"_s, u"StateOwnedEntity"_s}};
        const HttpResult first =
            m_http->post(qualificationsPath(kCustomerNoQualification), body, {{"MS-RequestId", requestId}});
        QCOMPARE(first.status, 201);
        const HttpResult replay =
            m_http->post(qualificationsPath(kCustomerNoQualification), body, {{"MS-RequestId", requestId}});
        QCOMPARE(replay.status, 201);
        QCOMPARE(replay.body, first.body);
        QCOMPARE(m_sim->createdCount(kCustomerNoQualification), 1);
        QCOMPARE(m_sim->duplicateCount(), 0); // a replay is the same submission, not a second one
        // A new request id for the same thing is a new request: 409.
        QCOMPARE(m_http->post(qualificationsPath(kCustomerNoQualification), body, {{"MS-RequestId", "other"}})
                     .status,
                 409);
        QCOMPARE(m_sim->duplicateCount(), 1);
        // Errors are remembered too.
        const HttpResult refused =
            m_http->post(qualificationsPath(kCustomerSoe), body, {{"MS-RequestId", "r2"}});
        QCOMPARE(refused.status, 409);
        QCOMPARE(m_http->post(qualificationsPath(kCustomerSoe), body, {{"MS-RequestId", "r2"}}).body,
                 refused.body);
        QCOMPARE(m_sim->duplicateCount(), 2);
    }

    void echoesTheRequestAndCorrelationIds()
    {
        const HttpResult r = m_http->get(u"/v1/customers/all/validations"_s,
                                         {{"MS-RequestId", "req-1"}, {"MS-CorrelationId", "corr-1"}});
        QCOMPARE(r.header("MS-RequestId"), QByteArray("req-1"));
        QCOMPARE(r.header("MS-CorrelationId"), QByteArray("corr-1"));
        const HttpResult none = m_http->get(u"/v1/customers/all/validations"_s);
        QVERIFY(!none.header("MS-CorrelationId").isEmpty());
        const auto recorded = m_sim->recordedRequests();
        QCOMPARE(recorded.at(recorded.size() - 2).header("ms-requestid"), QByteArray("req-1"));
        QCOMPARE(m_sim->requestCount(u"GET"_s, u"/v1/customers/all/validations"_s), 2);
        QCOMPARE(m_sim->requestCount(u"POST"_s, {}), 0);
        m_sim->clearRecordedRequests();
        QCOMPARE(m_sim->requestCount({}, {}), 0);
    }

    void rejectsMissingExpiredAndMfaLessTokens()
    {
        const QString path = u"/v1/customers/all/validations"_s;
        m_http->token.clear();
        HttpResult r = m_http->get(path);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer error=\"invalid_token\""));
        m_http->token = u"made-up"_s;
        QCOMPARE(m_http->get(path).status, 401);
        m_http->token = m_sim->issueAccessToken(kDefaultUpn, false);
        r = m_http->get(path);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.object().value(u"code"_s).toInt(), 10001);
        QVERIFY(r.object().value(u"description"_s).toString().contains(u"MFA required"_s));
        m_sim->setRequireMfa(false);
        QCOMPARE(m_http->get(path).status, 200);
        m_sim->setRequireMfa(true);
        m_http->token = m_sim->issueAccessToken();
        QCOMPARE(m_http->get(path).status, 200);
        m_sim->expireAccessTokens();
        QCOMPARE(m_http->get(path).status, 401);
        m_sim->addFixedAccessToken(u"fixed-token"_s);
        m_http->token = u"fixed-token"_s;
        QCOMPARE(m_http->get(path).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestSimPartnerCenter)
#include "tst_simpartnercenter.moc"
