// SimState: the simulated Partner Center's rules, without HTTP.
#include "ManualClock.h"
#include "SeedFixtures.h"
#include "SimState.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd::sim;
using namespace qd::sim::fixtures;
using E = SimState::CreateError;

class TestSimState : public QObject
{
    Q_OBJECT

private:
    qd::test::ManualClock m_clock;
    std::unique_ptr<SimState> m_state;

    static QByteArray body(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }
    static QByteArray education(const QString &segment = u"K12"_s)
    {
        return body({{u"qualification"_s, u"Education"_s}, {u"educationSegment"_s, segment}});
    }
    static QByteArray gcc(const QString &code)
    {
        return body({{u"qualification"_s, u"GovernmentCommunityCloud"_s}, {u"validationCode"_s, code}});
    }
    int remaining(const QString &code) const
    {
        return m_state->validationCode(code)->value(u"remainingCreates"_s).toInt();
    }

private slots:
    void init()
    {
        m_clock = qd::test::ManualClock();
        m_state = std::make_unique<SimState>();
        QString error;
        QVERIFY2(m_state->loadSeedFile({}, &error), qPrintable(error));
        m_state->setNow([this] { return m_clock.nowUtc(); });
        m_state->setVettingDelayMs(30000);
    }

    void seedMatchesTheNamedFixtures()
    {
        QCOMPARE(m_state->partnerTenantId(), kPartnerTenantId);
        QCOMPARE(m_state->partnerName(), kPartnerName);
        QCOMPARE(m_state->customerCount(), kCustomerCount);
        QCOMPARE(m_state->users().first().upn, kDefaultUpn);
        QCOMPARE(m_state->users().first().name, kDefaultUserName);
        QCOMPARE(m_state->customer(kCustomerNoQualification)->companyName, kCustomerNoQualificationName);
        QCOMPARE(m_state->customer(kCustomerNoQualification)->domain, kCustomerNoQualificationDomain);
        QCOMPARE(m_state->customer(kCustomerEducationApproved)->companyName, kCustomerEducationApprovedName);
        QVERIFY(!m_state->customer(kUnknownCustomer));
        for (const QString &id :
             {kCustomerNoQualification, kCustomerNoQualification2, kCustomerNoQualification3,
              kCustomerTaggingDenied, kCustomerVettingWillBeDenied})
            QVERIFY2(m_state->qualifications(id).isEmpty(), qPrintable(id));
        QCOMPARE(m_state->validationCodes().size(), kValidationCodeCount);
        QCOMPARE(remaining(kValidationCodeExhausted), 0);
        QVERIFY(remaining(kValidationCodeAvailable) > 0);
        QCOMPARE(remaining(kValidationCodeLastUse), 1);
        QVERIFY(!m_state->validationCode(kValidationCodeUnknown));
    }

    void seedKeepsEveryQuirk()
    {
        const QJsonObject inReview = m_state->qualifications(kCustomerEducationInReview).at(0).toObject();
        QCOMPARE(inReview.value(u"vettingStatus"_s).toString(), u"InReview"_s);
        QVERIFY(inReview.value(u"vettingCreateDate"_s).toString().contains(u".8851234+01:00"_s));
        const QJsonObject denied = m_state->qualifications(kCustomerEducationDenied).at(0).toObject();
        QCOMPARE(denied.value(u"vettingReason"_s).toString(), kNotAnEducationCustomer);
        QVERIFY(denied.contains(u"vettingCreatedDate"_s)); // the documented misspelling
        QVERIFY(!denied.contains(u"vettingCreateDate"_s));
        const QJsonArray gcc = m_state->qualifications(kCustomerGccApproved);
        QCOMPARE(gcc.size(), 2);
        QCOMPARE(gcc.at(1).toObject(), (QJsonObject{{u"qualification"_s, u"StateOwnedEntity"_s}}));
        const QJsonArray soe = m_state->qualifications(kCustomerSoe);
        QCOMPARE(soe, (QJsonArray{QJsonObject{{u"qualification"_s, u"StateOwnedEntity"_s}}}));
        QCOMPARE(m_state->qualifications(kCustomerSoeAndEducation).size(), 2);
        QCOMPARE(m_state->qualifications(kCustomerUnknownStatus)
                     .at(0)
                     .toObject()
                     .value(u"vettingStatus"_s)
                     .toString(),
                 kUnknownVettingStatus);
        QCOMPARE(m_state->qualifications(kCustomerGccInReview)
                     .at(0)
                     .toObject()
                     .value(u"vettingStatus"_s)
                     .toString(),
                 u"InReview"_s);
    }

    void searchIsCaseInsensitivePrefix()
    {
        QCOMPARE(m_state->search(SimState::SearchField::CompanyName, kBrnoPrefix).size(), kBrnoPrefixCount);
        QCOMPARE(m_state->search(SimState::SearchField::CompanyName, u"bRNO"_s).size(), kBrnoPrefixCount);
        QCOMPARE(m_state->search(SimState::SearchField::CompanyName, kZakladniPrefix).size(),
                 kZakladniPrefixCount);
        QCOMPARE(m_state->search(SimState::SearchField::CompanyName, u"ZÁKLADNÍ"_s).size(),
                 kZakladniPrefixCount);
        QCOMPARE(m_state->search(SimState::SearchField::Domain, kZsDomainPrefix).size(),
                 kZsDomainPrefixCount);
        // A prefix, not a substring: "technické" is inside a name but starts none.
        QCOMPARE(m_state->search(SimState::SearchField::CompanyName, u"technické"_s).size(), 0);
        QCOMPARE(m_state->search(SimState::SearchField::Any, {}).size(), kCustomerCount);
    }

    void createsEducationInReview()
    {
        const auto out =
            m_state->createQualification(kCustomerNoQualification, education(u"HigherEducation"_s), {});
        QCOMPARE(out.error, E::None);
        QCOMPARE(out.created.value(u"qualification"_s).toString(), u"Education"_s);
        QCOMPARE(out.created.value(u"vettingStatus"_s).toString(), u"InReview"_s);
        QCOMPARE(out.created.value(u"vettingCreateDate"_s).toString(), u"2026-01-01T12:00:00.000Z"_s);
        QCOMPARE(m_state->createdCount(kCustomerNoQualification), 1);
        QCOMPARE(m_state->qualifications(kCustomerNoQualification).size(), 1);
    }

    void createsStateOwnedEntityWithoutVetting()
    {
        const auto out = m_state->createQualification(
            kCustomerNoQualification, body({{u"qualification"_s, u"stateownedentity"_s}}), {});
        QCOMPARE(out.error, E::None);
        QCOMPARE(out.created, (QJsonObject{{u"qualification"_s, u"StateOwnedEntity"_s}}));
    }

    void refusesBadRequests_data()
    {
        QTest::addColumn<QString>("customer");
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QString>("queryCode");
        QTest::addColumn<E>("expected");
        const QString none = kCustomerNoQualification;
        QTest::newRow("not json") << none << QByteArray("{oops") << QString() << E::InvalidBody;
        QTest::newRow("array") << none << QByteArray("[]") << QString() << E::InvalidBody;
        QTest::newRow("empty") << none << QByteArray() << QString() << E::InvalidBody;
        QTest::newRow("no qualification")
            << none << body({{u"website"_s, u"a.cz"_s}}) << QString() << E::MissingQualification;
        QTest::newRow("unknown") << none << body({{u"qualification"_s, u"Charity"_s}}) << QString()
                                 << E::UnknownQualification;
        QTest::newRow("None") << none << body({{u"qualification"_s, u"None"_s}}) << QString()
                              << E::NotSettable;
        QTest::newRow("nonprofit") << none << body({{u"qualification"_s, u"nonprofit"_s}}) << QString()
                                   << E::NotSettable;
        QTest::newRow("no segment") << none << body({{u"qualification"_s, u"Education"_s}}) << QString()
                                    << E::MissingSegment;
        QTest::newRow("bad segment") << none << education(u"University"_s) << QString() << E::InvalidSegment;
        QTest::newRow("bad website") << none
                                     << body({{u"qualification"_s, u"Education"_s},
                                              {u"educationSegment"_s, u"K12"_s},
                                              {u"website"_s, u"not a host"_s}})
                                     << QString() << E::InvalidWebsite;
        QTest::newRow("gcc no code") << none << body({{u"qualification"_s, u"GovernmentCommunityCloud"_s}})
                                     << QString() << E::MissingCode;
        QTest::newRow("gcc unknown code")
            << none << gcc(kValidationCodeUnknown) << QString() << E::UnknownCode;
        QTest::newRow("gcc exhausted")
            << none << gcc(kValidationCodeExhausted) << QString() << E::ExhaustedCode;
        QTest::newRow("tagging denied")
            << QString(kCustomerTaggingDenied) << education() << QString() << E::TaggingDenied;
        QTest::newRow("duplicate education")
            << QString(kCustomerEducationApproved) << education() << QString() << E::Duplicate;
        QTest::newRow("duplicate denied education")
            << QString(kCustomerEducationDenied) << education() << QString() << E::Duplicate;
        QTest::newRow("duplicate soe")
            << QString(kCustomerSoe) << body({{u"qualification"_s, u"StateOwnedEntity"_s}}) << QString()
            << E::Duplicate;
        QTest::newRow("unknown customer")
            << QString(kUnknownCustomer) << education() << QString() << E::UnknownCustomer;
    }

    void refusesBadRequests()
    {
        QFETCH(QString, customer);
        QFETCH(QByteArray, request);
        QFETCH(QString, queryCode);
        QFETCH(E, expected);
        const int codesBefore = remaining(kValidationCodeAvailable);
        const auto out = m_state->createQualification(customer, request, queryCode);
        QCOMPARE(out.error, expected);
        QVERIFY(out.created.isEmpty());
        QCOMPARE(m_state->createdCount(customer), 0);
        QCOMPARE(remaining(kValidationCodeAvailable), codesBefore);
    }

    void websiteRules_data()
    {
        QTest::addColumn<QString>("website");
        QTest::addColumn<bool>("plausible");
        QTest::newRow("host") << u"contoso.edu"_s << true;
        QTest::newRow("url") << u"https://www.muni.cz/en/"_s << true;
        QTest::newRow("idn") << u"škola-husova.cz"_s << true;
        QTest::newRow("no dot") << u"localhost"_s << false;
        QTest::newRow("space") << u"muni .cz"_s << false;
        QTest::newRow("ftp") << u"ftp://muni.cz"_s << false;
    }

    void websiteRules()
    {
        QFETCH(QString, website);
        QFETCH(bool, plausible);
        QCOMPARE(SimState::isPlausibleWebsite(website), plausible);
    }

    void gccUsesUpTheValidationCode()
    {
        auto out = m_state->createQualification(kCustomerNoQualification, gcc(kValidationCodeLastUse), {});
        QCOMPARE(out.error, E::None);
        QCOMPARE(out.created.value(u"vettingStatus"_s).toString(), u"InReview"_s);
        QCOMPARE(remaining(kValidationCodeLastUse), 0);
        out = m_state->createQualification(kCustomerNoQualification2, gcc(kValidationCodeLastUse), {});
        QCOMPARE(out.error, E::ExhaustedCode);
        QCOMPARE(m_state->createdCount(kCustomerNoQualification2), 0);
    }

    void gccAcceptsTheLegacyQueryCode()
    {
        const int before = remaining(kValidationCodeAvailable);
        const auto out = m_state->createQualification(
            kCustomerNoQualification, body({{u"Qualification"_s, u"GovernmentCommunityCloud"_s}}),
            kValidationCodeAvailable);
        QCOMPARE(out.error, E::None);
        QCOMPARE(remaining(kValidationCodeAvailable), before - 1);
    }

    void vettingSettlesAfterTheDelay()
    {
        QCOMPARE(m_state->createQualification(kCustomerNoQualification, education(), {}).error, E::None);
        QCOMPARE(m_state->createQualification(kCustomerVettingWillBeDenied, education(), {}).error, E::None);
        m_clock.advanceMs(29999);
        QCOMPARE(m_state->qualifications(kCustomerNoQualification).at(0)[u"vettingStatus"_s].toString(),
                 u"InReview"_s);
        m_clock.advanceMs(1);
        const QJsonObject approved = m_state->qualifications(kCustomerNoQualification).at(0).toObject();
        QCOMPARE(approved.value(u"vettingStatus"_s).toString(), u"Approved"_s);
        QCOMPARE(approved.value(u"vettingCreateDate"_s).toString(), u"2026-01-01T12:00:00.000Z"_s);
        const QJsonObject denied = m_state->qualifications(kCustomerVettingWillBeDenied).at(0).toObject();
        QCOMPARE(denied.value(u"vettingStatus"_s).toString(), u"Denied"_s);
        QCOMPARE(denied.value(u"vettingReason"_s).toString(), kNotAnEducationCustomer);
        // The seed's own InReview entry waits for an explicit settle.
        QCOMPARE(m_state->qualifications(kCustomerEducationInReview).at(0)[u"vettingStatus"_s].toString(),
                 u"InReview"_s);
    }

    void eachQualificationSettlesOnItsOwnTime()
    {
        QCOMPARE(m_state->createQualification(kCustomerNoQualification, education(), {}).error, E::None);
        m_clock.advanceMs(20000);
        QCOMPARE(m_state->createQualification(kCustomerVettingWillBeDenied, education(), {}).error, E::None);
        m_clock.advanceMs(10000);
        const auto status = [this](const QString &customer) {
            return m_state->qualifications(customer).at(0)[u"vettingStatus"_s].toString();
        };
        QCOMPARE(status(kCustomerNoQualification), u"Approved"_s);
        QCOMPARE(status(kCustomerVettingWillBeDenied), u"InReview"_s);
        m_clock.advanceMs(19999);
        QCOMPARE(status(kCustomerVettingWillBeDenied), u"InReview"_s);
        m_clock.advanceMs(1);
        QCOMPARE(status(kCustomerVettingWillBeDenied), u"Denied"_s);
        // A qualification settled by hand is not settled a second time when its delay is over.
        const QByteArray gcc = body({{u"Qualification"_s, u"GovernmentCommunityCloud"_s}});
        QCOMPARE(m_state->createQualification(kCustomerNoQualification, gcc, kValidationCodeAvailable).error,
                 E::None);
        m_state->settleAllVetting();
        m_clock.advanceMs(30000);
        QCOMPARE(m_state->qualifications(kCustomerNoQualification).size(), 2);
        QCOMPARE(m_state->qualifications(kCustomerNoQualification).at(1)[u"vettingStatus"_s].toString(),
                 u"Approved"_s);
    }

    void settleAllMovesEveryInReview()
    {
        QCOMPARE(m_state->createQualification(kCustomerNoQualification, education(), {}).error, E::None);
        m_state->settleAllVetting();
        QCOMPARE(m_state->qualifications(kCustomerNoQualification).at(0)[u"vettingStatus"_s].toString(),
                 u"Approved"_s);
        QCOMPARE(m_state->qualifications(kCustomerEducationInReview).at(0)[u"vettingStatus"_s].toString(),
                 u"Approved"_s);
        QCOMPARE(m_state->qualifications(kCustomerGccInReview).at(0)[u"vettingStatus"_s].toString(),
                 u"Approved"_s);
        // Statuses the simulator does not know are left alone.
        QCOMPARE(m_state->qualifications(kCustomerUnknownStatus).at(0)[u"vettingStatus"_s].toString(),
                 kUnknownVettingStatus);
    }

    void remembersTheFirstAnswerPerKey()
    {
        QVERIFY(!m_state->rememberedAnswer(u"k"_s));
        m_state->rememberAnswer(u"k"_s, SimResponse::json(201, QJsonObject{{u"a"_s, 1}}));
        m_state->rememberAnswer(u"k"_s, SimResponse::json(409, QJsonObject{{u"b"_s, 2}}));
        const auto answer = m_state->rememberedAnswer(u"k"_s);
        QVERIFY(answer);
        QCOMPARE(answer->status, 201);
        QCOMPARE(answer->body, QByteArray(R"({"a":1})"));
        m_state->rememberAnswer({}, SimResponse::json(200, QJsonObject{})); // no key, nothing kept
        QVERIFY(!m_state->rememberedAnswer({}));
    }

    void rejectsBrokenSeeds()
    {
        SimState state;
        QString error;
        QVERIFY(!state.loadSeed("[]", &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!state.loadSeed(R"({"partner":{"tenantId":"nope"}})", &error));
        QVERIFY(!state.loadSeed(R"({"partner":{"tenantId":"566bf9d7-c55a-45f8-91a6-e55e9b9b1325"},
            "customers":[{"id":"not-a-guid"}]})",
                                &error));
        QVERIFY(!state.loadSeedFile(u"/nonexistent/seed.json"_s, &error));
        QVERIFY(error.contains(u"/nonexistent/seed.json"_s));
    }
};

QTEST_GUILESS_MAIN(TestSimState)
#include "tst_simstate.moc"
