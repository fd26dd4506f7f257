// Every operation of the client against the in-process simulator: values, headers, paging,
// validation before sending, locale, cancelling.
#include "ClientHarness.h"
#include "domain/Json.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace qd::sim::fixtures;
using namespace qd::test;
using Kind = qd::ApiError::Kind;

Q_DECLARE_METATYPE(qd::QualificationRequest)

class TestPartnerCenterClient : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<ClientHarness> h;
    static constexpr int kWait = 15000;

private slots:
    void init()
    {
        h = std::make_unique<ClientHarness>();
        QVERIFY(h->listening);
    }
    void cleanup() { h.reset(); }

    void getCustomer()
    {
        Outcome<qd::Customer> out;
        QSignalSpy sent(h->client->getCustomer(qd::TenantId::fromText(kCustomerNoQualification.toUpper()),
                                               this, out.callback()),
                        &qd::ApiJob::sent);
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QVERIFY2(out.result.ok(), qPrintable(out.result.error.details()));
        QCOMPARE(out.result.value.id, kCustomerNoQualification);
        QCOMPARE(out.result.value.companyName, kCustomerNoQualificationName);
        QCOMPARE(out.result.value.domain, kCustomerNoQualificationDomain);
        QCOMPARE(out.result.httpStatus, 200);
        QCOMPARE(sent.count(), 1);
        const auto rec = h->recorded(u"/v1/customers/"_s);
        QCOMPARE(rec.size(), 1);
        QCOMPARE(rec[0].path, u"/v1/customers/"_s + kCustomerNoQualification); // normalised GUID
        QCOMPARE(out.result.requestId.toLatin1(), rec[0].header("MS-RequestId"));
    }

    void unknownCustomerIsRejected()
    {
        Outcome<qd::Customer> out;
        h->client->getCustomer(qd::TenantId::fromText(kUnknownCustomer), this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::Rejected);
        QCOMPARE(out.result.error.httpStatus, 404);
        QVERIFY(!out.result.error.serverMessage.isEmpty());
        QVERIFY(!out.result.error.requestId.isEmpty());
        QVERIFY(!out.result.error.correlationId.isEmpty());
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 1); // a 404 is never retried
    }

    void everyHeaderOnTheWire()
    {
        h->client->setLocale(u"cs-CZ"_s);
        Outcome<QList<qd::ValidationCode>> out;
        h->client->getValidationCodes(this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QVERIFY(out.result.ok());
        const auto rec = h->recorded(u"/v1/"_s);
        QCOMPARE(rec.size(), 1);
        const auto &r = rec[0];
        static const QRegularExpression guid(
            u"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"_s);
        QCOMPARE(r.header("Authorization"), "Bearer " + h->tokens->accessToken().toLatin1());
        QCOMPARE(r.header("Accept"), QByteArray("application/json"));
        QVERIFY(guid.match(QString::fromLatin1(r.header("MS-RequestId"))).hasMatch());
        QVERIFY(guid.match(QString::fromLatin1(r.header("MS-CorrelationId"))).hasMatch());
        QCOMPARE(r.header("X-Locale"), QByteArray("cs-CZ"));
        QCOMPARE(r.header("MS-PartnerCenter-Application"), QByteArray("QualDesk"));
        QCOMPARE(r.header("MS-Contract-Version"), QByteArray("v1"));
        QVERIFY(r.header("Content-Type").isEmpty()); // a GET has no body
    }

    void localeChangesTheServerLanguage()
    {
        Outcome<qd::Customer> english;
        h->client->getCustomer(qd::TenantId::fromText(kUnknownCustomer), this, english.callback());
        QTRY_COMPARE_WITH_TIMEOUT(english.calls, 1, kWait);
        h->client->setLocale(u"cs-CZ"_s);
        Outcome<qd::Customer> czech;
        h->client->getCustomer(qd::TenantId::fromText(kUnknownCustomer), this, czech.callback());
        QTRY_COMPARE_WITH_TIMEOUT(czech.calls, 1, kWait);
        QVERIFY(!czech.result.error.serverMessage.isEmpty());
        QVERIFY2(czech.result.error.serverMessage != english.result.error.serverMessage,
                 qPrintable(czech.result.error.serverMessage));
        const auto rec = h->recorded(u"/v1/"_s);
        QCOMPARE(rec.size(), 2);
        QCOMPARE(rec[0].header("X-Locale"), QByteArray("en-US"));
        QCOMPARE(rec[1].header("X-Locale"), QByteArray("cs-CZ"));
    }

    void qualificationsOfEveryKind()
    {
        struct Case
        {
            QString customer;
            QStringList types;
            QString status;
        };
        const QList<Case> cases{
            {kCustomerNoQualification, {}, {}},
            {kCustomerEducationApproved, {u"Education"_s}, u"Approved"_s},
            {kCustomerEducationInReview, {u"Education"_s}, u"InReview"_s},
            {kCustomerEducationDenied, {u"Education"_s}, u"Denied"_s},
            {kCustomerSoe, {u"StateOwnedEntity"_s}, {}},
            {kCustomerUnknownStatus, {u"Education"_s}, kUnknownVettingStatus},
        };
        for (const Case &c : cases) {
            Outcome<QList<qd::CustomerQualification>> out;
            h->client->getQualifications(qd::TenantId::fromText(c.customer), this, out.callback());
            QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
            QVERIFY2(out.result.ok(), qPrintable(out.result.error.details()));
            QStringList types;
            for (const auto &q : std::as_const(out.result.value))
                types.append(q.qualification);
            QCOMPARE(types, c.types);
            if (!c.types.isEmpty()) {
                QCOMPARE(out.result.value.first().vettingStatus, c.status);
                QCOMPARE(out.result.value.first().vettingCreateDate.isValid(), !c.status.isEmpty());
            }
        }
    }

    void deniedReasonAndGccWithSoe()
    {
        Outcome<QList<qd::CustomerQualification>> denied;
        h->client->getQualifications(qd::TenantId::fromText(kCustomerEducationDenied), this,
                                     denied.callback());
        QTRY_COMPARE_WITH_TIMEOUT(denied.calls, 1, kWait);
        QCOMPARE(denied.result.value.size(), 1);
        QCOMPARE(denied.result.value.first().vettingReason, kNotAnEducationCustomer);
        QVERIFY(denied.result.value.first().vettingCreateDate.isValid()); // from vettingCreatedDate

        Outcome<QList<qd::CustomerQualification>> both;
        h->client->getQualifications(qd::TenantId::fromText(kCustomerGccApproved), this, both.callback());
        QTRY_COMPARE_WITH_TIMEOUT(both.calls, 1, kWait);
        QStringList types;
        for (const auto &q : std::as_const(both.result.value))
            types.append(q.qualification);
        types.sort();
        QCOMPARE(types, (QStringList{u"GovernmentCommunityCloud"_s, u"StateOwnedEntity"_s}));
    }

    void validationCodes()
    {
        Outcome<QList<qd::ValidationCode>> out;
        h->client->getValidationCodes(this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QVERIFY(out.result.ok());
        QCOMPARE(out.result.value.size(), kValidationCodeCount);
        bool sawExhausted = false;
        for (const auto &c : std::as_const(out.result.value)) {
            if (c.validationId == kValidationCodeExhausted) {
                sawExhausted = true;
                QCOMPARE(c.remainingCreates, 0);
                QVERIFY(!c.isUsable());
            }
        }
        QVERIFY(sawExhausted);
    }

    void searchOnePage_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<bool>("domain");
        QTest::addColumn<int>("count");
        QTest::newRow("company name") << kBrnoPrefix << false << kBrnoPrefixCount;
        QTest::newRow("any case") << kBrnoPrefix.toLower() << false << kBrnoPrefixCount;
        QTest::newRow("domain") << kZsDomainPrefix << true << kZsDomainPrefixCount;
        QTest::newRow("diacritics") << kZakladniPrefix << false << kZakladniPrefixCount;
        QTest::newRow("nothing") << u"Zzz & \"quotes\" + more"_s << false << 0;
    }

    void searchOnePage()
    {
        QFETCH(QString, prefix);
        QFETCH(bool, domain);
        QFETCH(int, count);
        const auto field = domain ? qd::CustomerSearchField::Domain : qd::CustomerSearchField::CompanyName;
        Outcome<qd::CustomerPage> out;
        h->client->searchCustomers(prefix, field, this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QVERIFY2(out.result.ok(), qPrintable(out.result.error.details()));
        QCOMPARE(out.result.value.customers.size(), count);
        // The filter arrives as the SDK's JSON.
        const auto rec = h->recorded(u"/v1/customers"_s);
        QCOMPARE(rec.size(), 1);
        const QJsonObject filter =
            QJsonDocument::fromJson(rec[0].query.queryItemValue(u"filter"_s, QUrl::FullyDecoded).toUtf8())
                .object();
        QCOMPARE(filter.value(u"Field"_s).toString(), domain ? u"Domain"_s : u"CompanyName"_s);
        QCOMPARE(filter.value(u"Value"_s).toString(), prefix);
        QCOMPARE(filter.value(u"Operator"_s).toString(), u"starts_with"_s);
        QCOMPARE(rec[0].query.queryItemValue(u"size"_s), u"0"_s);
    }

    void pagingByHand()
    {
        Outcome<qd::CustomerPage> first;
        h->client->searchCustomers(kBrnoPrefix, qd::CustomerSearchField::CompanyName, this, first.callback(),
                                   3);
        QTRY_COMPARE_WITH_TIMEOUT(first.calls, 1, kWait);
        QVERIFY(first.result.ok());
        QCOMPARE(first.result.value.customers.size(), 3);
        QVERIFY(first.result.value.next.isValid());

        Outcome<qd::CustomerPage> second;
        h->client->nextCustomers(first.result.value.next, this, second.callback());
        QTRY_COMPARE_WITH_TIMEOUT(second.calls, 1, kWait);
        QVERIFY2(second.result.ok(), qPrintable(second.result.error.details()));
        QCOMPARE(second.result.value.customers.size(), kBrnoPrefixCount - 3);
        QVERIFY(!second.result.value.next.isValid());

        const auto rec = h->recorded(u"/v1/customers"_s);
        QCOMPARE(rec.size(), 2);
        QCOMPARE(rec[0].query.queryItemValue(u"size"_s), u"3"_s);
        QVERIFY(rec[0].header("MS-ContinuationToken").isEmpty());
        QVERIFY(!rec[1].header("MS-ContinuationToken").isEmpty());
        QCOMPARE(rec[1].query.queryItemValue(u"seekOperation"_s), u"Next"_s);
        QVERIFY(rec[0].header("MS-RequestId") != rec[1].header("MS-RequestId")); // two logical calls
    }

    void searchAllFollowsEveryPage()
    {
        qd::sim::SimulatorOptions options;
        options.pageSize = 2;
        h = std::make_unique<ClientHarness>(options);
        QVERIFY(h->listening);
        Outcome<QList<qd::Customer>> out;
        QSignalSpy finished(h->client->searchAllCustomers(kBrnoPrefix, qd::CustomerSearchField::CompanyName,
                                                          this, out.callback()),
                            &qd::ApiJob::finished);
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QVERIFY2(out.result.ok(), qPrintable(out.result.error.details()));
        QCOMPARE(out.result.value.size(), kBrnoPrefixCount);
        QSet<QString> ids;
        for (const auto &c : std::as_const(out.result.value)) {
            QVERIFY(c.companyName.startsWith(kBrnoPrefix, Qt::CaseInsensitive));
            ids.insert(c.id);
        }
        QCOMPARE(ids.size(), kBrnoPrefixCount); // no page read twice
        const auto rec = h->recorded(u"/v1/customers"_s);
        QCOMPARE(rec.size(), 2);
        QVERIFY(!rec[1].header("MS-ContinuationToken").isEmpty());
        QTRY_COMPARE(finished.count(), 1);
    }

    void createEveryKind()
    {
        struct Case
        {
            QString customer;
            qd::QualificationRequest request;
            QString type;
        };
        const QList<Case> cases{
            {kCustomerNoQualification, soe(), u"StateOwnedEntity"_s},
            {kCustomerNoQualification2, education(qd::EducationSegment::HigherEducation, u"brno.cz"_s),
             u"Education"_s},
            {kCustomerNoQualification3, gcc(kValidationCodeSpacious), u"GovernmentCommunityCloud"_s},
        };
        for (const Case &c : cases) {
            Outcome<QList<qd::CustomerQualification>> out;
            QSignalSpy sent(h->client->createQualification(qd::TenantId::fromText(c.customer), c.request, {},
                                                           this, out.callback()),
                            &qd::ApiJob::sent);
            QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
            QVERIFY2(out.result.ok(), qPrintable(out.result.error.details()));
            QCOMPARE(out.result.httpStatus, 201);
            QCOMPARE(out.result.value.size(), 1);
            QCOMPARE(out.result.value.first().qualification, c.type);
            QCOMPARE(h->sim->createdCount(c.customer), 1);
            QCOMPARE(sent.count(), 1);
        }
        // The body and the wire of the GCC call: code in the body and as ?code=.
        const auto posts = h->recorded(u"/v1/customers/"_s + kCustomerNoQualification3);
        QCOMPARE(posts.size(), 1);
        QCOMPARE(posts[0].method, u"POST"_s);
        QCOMPARE(posts[0].header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(posts[0].query.queryItemValue(u"code"_s), kValidationCodeSpacious);
        const QJsonObject body = QJsonDocument::fromJson(posts[0].body).object();
        QCOMPARE(body.value(u"validationCode"_s).toString(), kValidationCodeSpacious);
        const auto edu = h->recorded(u"/v1/customers/"_s + kCustomerNoQualification2);
        const QJsonObject eduBody = QJsonDocument::fromJson(edu[0].body).object();
        QCOMPARE(eduBody.value(u"educationSegment"_s).toString(), u"HigherEducation"_s);
        QCOMPARE(eduBody.value(u"website"_s).toString(), u"brno.cz"_s);
        QVERIFY(!edu[0].query.hasQueryItem(u"code"_s));
    }

    void givenRequestIdIsSent()
    {
        const QString id = u"5b8f4c1e-0c4d-4a7b-9d62-1f00000000aa"_s;
        Outcome<QList<qd::CustomerQualification>> out;
        qd::ApiJob *job = h->client->createQualification(qd::TenantId::fromText(kCustomerNoQualification),
                                                         soe(), id, this, out.callback());
        QCOMPARE(job->requestId(), id);
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.requestId, id);
        QCOMPARE(h->recorded(u"/v1/"_s).first().header("MS-RequestId"), id.toLatin1());
    }

    void preparedCreateLeavesWithinTheCall()
    {
        // Connected first: the request leaves before createQualification returns; the answer
        // still comes from the event loop.
        Outcome<QList<qd::CustomerQualification>> out;
        int sentSeen = 0;
        const auto prepare = [&](qd::ApiJob *job) {
            connect(job, &qd::ApiJob::sent, this, [&] { ++sentSeen; });
        };
        h->client->createQualification(qd::TenantId::fromText(kCustomerNoQualification), soe(), {}, this,
                                       out.callback(), prepare);
        QCOMPARE(sentSeen, 1);
        QCOMPARE(out.calls, 0);
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QVERIFY(out.result.ok());
        QCOMPARE(h->sim->requestCount(u"POST"_s, {}), 1);

        // Bad input: nothing leaves, and the refusal too comes from the event loop.
        Outcome<QList<qd::CustomerQualification>> bad;
        sentSeen = 0;
        h->client->createQualification(qd::TenantId::fromText(u"not-a-tenant"_s), soe(), {}, this,
                                       bad.callback(), prepare);
        QCOMPARE(sentSeen, 0);
        QCOMPARE(bad.calls, 0);
        QTRY_COMPARE_WITH_TIMEOUT(bad.calls, 1, kWait);
        QCOMPARE(bad.result.error.kind, Kind::InvalidInput);

        // Not signed in yet: it waits for the token, as without prepare.
        SimTokenProvider later(h->sim.get(), QString());
        qd::PartnerCenterClient client(&later, h->client->config());
        Outcome<QList<qd::CustomerQualification>> waited;
        sentSeen = 0;
        client.createQualification(qd::TenantId::fromText(kCustomerNoQualification2), soe(), {}, this,
                                   waited.callback(), prepare);
        QCOMPARE(sentSeen, 0);
        QTRY_COMPARE_WITH_TIMEOUT(waited.calls, 1, kWait);
        QVERIFY(waited.result.ok());
        QCOMPARE(sentSeen, 1);
        QCOMPARE(later.refreshes, 1);
        QCOMPARE(h->sim->requestCount(u"POST"_s, {}), 2);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("customer");
        QTest::addColumn<qd::QualificationRequest>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("serverText");
        QTest::newRow("duplicate") << kCustomerSoe << soe() << 409 << QString();
        QTest::newRow("tagging denied, bare string")
            << kCustomerTaggingDenied << education(qd::EducationSegment::K12) << 400 << kTaggingDeniedBody;
        QTest::newRow("exhausted code")
            << kCustomerNoQualification << gcc(kValidationCodeExhausted) << 400 << QString();
        QTest::newRow("unknown code")
            << kCustomerNoQualification << gcc(kValidationCodeUnknown) << 400 << QString();
        QTest::newRow("unknown customer") << kUnknownCustomer << soe() << 404 << QString();
    }

    void refusals()
    {
        QFETCH(QString, customer);
        QFETCH(qd::QualificationRequest, request);
        QFETCH(int, status);
        QFETCH(QString, serverText);
        Outcome<QList<qd::CustomerQualification>> out;
        h->client->createQualification(qd::TenantId::fromText(customer), request, {}, this, out.callback());
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::Rejected);
        QCOMPARE(out.result.error.httpStatus, status);
        QVERIFY(!out.result.error.serverMessage.isEmpty());
        if (!serverText.isEmpty())
            QCOMPARE(out.result.error.serverMessage, serverText);
        QVERIFY(out.result.error.userMessage().contains(out.result.error.serverMessage));
        QVERIFY(!out.result.error.mayHaveArrived);
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 1); // 4xx: never retried
    }

    void badInputSendsNothing_data()
    {
        QTest::addColumn<QString>("customer");
        QTest::addColumn<qd::QualificationRequest>("request");
        qd::QualificationRequest none;
        none.type = qd::QualificationType::None;
        qd::QualificationRequest nonprofit;
        nonprofit.type = qd::QualificationType::Nonprofit;
        qd::QualificationRequest unknown;
        unknown.rawType = u"spaceagency"_s;
        QTest::newRow("tenant not a GUID") << u"contoso.onmicrosoft.com"_s << soe();
        QTest::newRow("None") << kCustomerNoQualification << none;
        QTest::newRow("Nonprofit") << kCustomerNoQualification << nonprofit;
        QTest::newRow("unknown") << kCustomerNoQualification << unknown;
        QTest::newRow("no segment") << kCustomerNoQualification << education(qd::EducationSegment::None);
        QTest::newRow("bad website") << kCustomerNoQualification
                                     << education(qd::EducationSegment::K12, u"not a site"_s);
        QTest::newRow("no code") << kCustomerNoQualification << gcc(QString());
    }

    void badInputSendsNothing()
    {
        QFETCH(QString, customer);
        QFETCH(qd::QualificationRequest, request);
        Outcome<QList<qd::CustomerQualification>> out;
        qd::ApiJob *job = h->client->createQualification(qd::TenantId::fromText(customer), request, {}, this,
                                                         out.callback());
        QSignalSpy sent(job, &qd::ApiJob::sent);
        QCOMPARE(out.calls, 0); // reported asynchronously
        QTRY_COMPARE_WITH_TIMEOUT(out.calls, 1, kWait);
        QCOMPARE(out.result.error.kind, Kind::InvalidInput);
        QVERIFY(!out.result.error.inputIssues.isEmpty());
        QVERIFY(!out.result.error.userMessage().isEmpty());
        QCOMPARE(sent.count(), 0);
        QCOMPARE(h->sim->requestCount(u"POST"_s, {}), 0);
        QCOMPARE(h->sim->recordedRequests().size(), 0);
    }

    void badTenantOnReadsSendsNothing()
    {
        Outcome<qd::Customer> customer;
        Outcome<QList<qd::CustomerQualification>> quals;
        Outcome<qd::CustomerPage> search;
        h->client->getCustomer(qd::TenantId::fromText(u"x"_s), this, customer.callback());
        h->client->getQualifications(qd::TenantId::fromText(u"1234"_s), this, quals.callback());
        h->client->searchCustomers(u"   "_s, qd::CustomerSearchField::CompanyName, this, search.callback());
        QTRY_COMPARE_WITH_TIMEOUT(customer.calls + quals.calls + search.calls, 3, kWait);
        QCOMPARE(customer.result.error.kind, Kind::InvalidInput);
        QCOMPARE(customer.result.error.inputIssues.first().field, qd::InputIssue::Field::TenantId);
        QCOMPARE(quals.result.error.kind, Kind::InvalidInput);
        QCOMPARE(search.result.error.kind, Kind::InvalidInput);
        QCOMPARE(h->sim->recordedRequests().size(), 0);
    }

    void destroyedContextGetsNoCallback()
    {
        auto *context = new QObject;
        Outcome<qd::Customer> out;
        QSignalSpy finished(
            h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), context, out.callback()),
            &qd::ApiJob::finished);
        delete context;
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kWait);
        QCOMPARE(out.calls, 0);
        QCOMPARE(h->recorded(u"/v1/"_s).size(), 1);
    }

    void callbackMayDeleteTheClient()
    {
        bool done = false;
        h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this,
                               [this, &done](const qd::Result<qd::Customer> &r) {
                                   QVERIFY(r.ok());
                                   h->client.reset(); // the job that calls back goes with it
                                   done = true;
                               });
        QTRY_VERIFY_WITH_TIMEOUT(done, kWait);

        h->client = std::make_unique<qd::PartnerCenterClient>(h->tokens.get(), h->config);
        bool searched = false;
        h->client->searchAllCustomers(kBrnoPrefix, qd::CustomerSearchField::CompanyName, this,
                                      [this, &searched](const qd::Result<QList<qd::Customer>> &r) {
                                          QCOMPARE(r.value.size(), kBrnoPrefixCount);
                                          h->client.reset();
                                          searched = true;
                                      });
        QTRY_VERIFY_WITH_TIMEOUT(searched, kWait);
    }

    void abortCancels()
    {
        auto slow = fault(qd::sim::Fault::Kind::Latency, {}, {}, -1);
        slow.latencyMs = 3000;
        h->sim->addFault(slow);
        Outcome<qd::Customer> read;
        qd::ApiJob *readJob =
            h->client->getCustomer(qd::TenantId::fromText(kCustomerSoe), this, read.callback());
        Outcome<QList<qd::CustomerQualification>> post;
        qd::ApiJob *postJob = h->client->createQualification(qd::TenantId::fromText(kCustomerNoQualification),
                                                             soe(), {}, this, post.callback());
        QSignalSpy postSent(postJob, &qd::ApiJob::sent);
        QVERIFY(postSent.wait(kWait));
        readJob->abort();
        postJob->abort();
        QTRY_COMPARE_WITH_TIMEOUT(read.calls + post.calls, 2, 2000); // well before the latency ends
        QCOMPARE(read.result.error.kind, Kind::Cancelled);
        QCOMPARE(post.result.error.kind, Kind::Cancelled);
        QVERIFY(post.result.error.mayHaveArrived); // it had left
        QVERIFY(!read.result.error.mayHaveArrived);
    }

    void abortBeforeSendingSendsNothing()
    {
        Outcome<QList<qd::CustomerQualification>> post;
        h->client
            ->createQualification(qd::TenantId::fromText(kCustomerNoQualification), soe(), {}, this,
                                  post.callback())
            ->abort();
        QTRY_COMPARE_WITH_TIMEOUT(post.calls, 1, kWait);
        QCOMPARE(post.result.error.kind, Kind::Cancelled);
        QVERIFY(!post.result.error.mayHaveArrived);
        // The queued start ran before the queued cancellation and sent nothing.
        QCOMPARE(h->sim->recordedRequests().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPartnerCenterClient)
#include "tst_partnercenterclient.moc"
