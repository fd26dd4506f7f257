#include "domain/Json.h"
#include "domain/Models.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QJsonValue parsed(const QByteArray &body)
{
    const QJsonDocument doc = qd::json::parse(body);
    if (doc.isArray())
        return doc.array();
    return doc.object();
}
QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}
} // namespace

class TestModels : public QObject
{
    Q_OBJECT
private slots:
    void customerFromDocumentedShape();
    void customerFromFlatShape();
    void customerToJson();
    void qualificationFields_data();
    void qualificationFields();
    void qualificationListShapes_data();
    void qualificationListShapes();
    void qualificationListWithBom();
    void qualificationToJson();
    void validationCodes();
    void validationCodeToJson();
    void customerPageWithNextLink();
    void customerPageWithoutNextLink();
};

void TestModels::customerFromDocumentedShape()
{
    const QJsonObject o = parsed(R"({
        "id": "eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01", "commerceId": "x",
        "companyProfile": {"tenantId": "eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01",
                           "domain": "contoso.onmicrosoft.com", "companyName": "Contoso",
                           "address": {"country": "CZ"}},
        "relationshipToPartner": "reseller"})")
                              .toObject();
    const qd::Customer c = qd::Customer::fromJson(o);
    QVERIFY(c.isValid());
    QCOMPARE(c.id, u"eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01"_s);
    QCOMPARE(c.companyName, u"Contoso"_s);
    QCOMPARE(c.domain, u"contoso.onmicrosoft.com"_s);
    QCOMPARE(c.relationshipToPartner, u"reseller"_s);
    QCOMPARE(c.countryCode, u"CZ"_s);
}

void TestModels::customerFromFlatShape()
{
    // PascalCase keys, id only inside the profile, name and domain at the top.
    const QJsonObject o = parsed(R"({"CompanyProfile": {"TenantId": "abc"},
                                     "CompanyName": "Masarykova univerzita", "Domain": "muni.cz"})")
                              .toObject();
    const qd::Customer c = qd::Customer::fromJson(o);
    QCOMPARE(c.id, u"abc"_s);
    QCOMPARE(c.companyName, u"Masarykova univerzita"_s);
    QCOMPARE(c.domain, u"muni.cz"_s);
    QVERIFY(!qd::Customer::fromJson(QJsonObject{}).isValid());
}

void TestModels::customerToJson()
{
    qd::Customer c;
    c.id = u"id1"_s;
    c.companyName = u"Brno"_s;
    c.domain = u"brno.cz"_s;
    QCOMPARE(c.toJson(),
             (QJsonObject{{u"id"_s, u"id1"_s}, {u"companyName"_s, u"Brno"_s}, {u"domain"_s, u"brno.cz"_s}}));
    c.relationshipToPartner = u"reseller"_s;
    QCOMPARE(c.toJson().value(u"relationshipToPartner"_s).toString(), u"reseller"_s);
}

void TestModels::qualificationFields_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("qualification");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("statusEnum");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QDateTime>("date");

    QTest::newRow("in review 3 digits Z")
        << QByteArray(
               R"({"qualification":"Education","vettingStatus":"InReview","vettingCreateDate":"2020-12-03T10:37:38.885Z"})")
        << u"Education"_s << int(qd::QualificationType::Education) << u"InReview"_s
        << int(qd::VettingStatus::InReview) << QString() << utc(2020, 12, 3, 10, 37, 38, 885);
    QTest::newRow("denied with reason, misspelled date")
        << QByteArray(
               R"({"qualification":"Education","vettingStatus":"Denied","vettingReason":"Not an Education Customer","vettingCreatedDate":"2020-12-03T10:37:38.885Z"})")
        << u"Education"_s << int(qd::QualificationType::Education) << u"Denied"_s
        << int(qd::VettingStatus::Denied) << u"Not an Education Customer"_s
        << utc(2020, 12, 3, 10, 37, 38, 885);
    QTest::newRow("gcc 7 digits +00:00")
        << QByteArray(
               R"({"qualification":"GovernmentCommunityCloud","vettingStatus":"Approved","vettingCreateDate":"2021-05-06T19:59:56.6832021+00:00"})")
        << u"GovernmentCommunityCloud"_s << int(qd::QualificationType::GovernmentCommunityCloud)
        << u"Approved"_s << int(qd::VettingStatus::Approved) << QString() << utc(2021, 5, 6, 19, 59, 56, 683);
    QTest::newRow("offset +02:00")
        << QByteArray(
               R"({"qualification":"Education","vettingStatus":"Approved","vettingCreateDate":"2024-06-01T12:00:00.1234567+02:00"})")
        << u"Education"_s << int(qd::QualificationType::Education) << u"Approved"_s
        << int(qd::VettingStatus::Approved) << QString() << utc(2024, 6, 1, 10, 0, 0, 123);
    QTest::newRow("soe without vetting")
        << QByteArray(R"({"qualification":"StateOwnedEntity"})") << u"StateOwnedEntity"_s
        << int(qd::QualificationType::StateOwnedEntity) << QString() << int(qd::VettingStatus::None)
        << QString() << QDateTime();
    QTest::newRow("PascalCase keys, lower-case value")
        << QByteArray(
               R"({"Qualification":"education","VettingStatus":"InReview","VettingCreateDate":"2020-12-04T20:54:24Z"})")
        << u"education"_s << int(qd::QualificationType::Education) << u"InReview"_s
        << int(qd::VettingStatus::InReview) << QString() << utc(2020, 12, 4, 20, 54, 24);
    QTest::newRow("unknown status kept raw")
        << QByteArray(R"({"qualification":"Education","vettingStatus":"PendingDocuments"})") << u"Education"_s
        << int(qd::QualificationType::Education) << u"PendingDocuments"_s << int(qd::VettingStatus::Other)
        << QString() << QDateTime();
    QTest::newRow("unknown qualification kept raw")
        << QByteArray(R"({"qualification":"SpaceAgency","vettingStatus":"Approved"})") << u"SpaceAgency"_s
        << int(qd::QualificationType::Unknown) << u"Approved"_s << int(qd::VettingStatus::Approved)
        << QString() << QDateTime();
    QTest::newRow("unparseable date left invalid")
        << QByteArray(
               R"({"qualification":"Education","vettingStatus":"InReview","vettingCreateDate":"soon"})")
        << u"Education"_s << int(qd::QualificationType::Education) << u"InReview"_s
        << int(qd::VettingStatus::InReview) << QString() << QDateTime();
}

void TestModels::qualificationFields()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, qualification);
    QFETCH(int, type);
    QFETCH(QString, status);
    QFETCH(int, statusEnum);
    QFETCH(QString, reason);
    QFETCH(QDateTime, date);

    const qd::CustomerQualification q = qd::CustomerQualification::fromJson(parsed(body).toObject());
    QCOMPARE(q.qualification, qualification);
    QCOMPARE(int(q.type()), type);
    QCOMPARE(q.vettingStatus, status);
    QCOMPARE(int(q.status()), statusEnum);
    QCOMPARE(q.vettingReason, reason);
    QCOMPARE(q.vettingCreateDate.isValid(), date.isValid());
    if (date.isValid())
        QCOMPARE(q.vettingCreateDate, date);
}

void TestModels::qualificationListShapes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("array")
        << QByteArray(
               R"([{"qualification":"GovernmentCommunityCloud","vettingStatus":"Approved"},{"qualification":"StateOwnedEntity"}])")
        << QStringList{u"GovernmentCommunityCloud"_s, u"StateOwnedEntity"_s};
    QTest::newRow("single object") << QByteArray(
                                          R"({"qualification":"Education","vettingStatus":"InReview"})")
                                   << QStringList{u"Education"_s};
    QTest::newRow("envelope") << QByteArray(
                                     R"({"totalCount":1,"items":[{"qualification":"StateOwnedEntity"}]})")
                              << QStringList{u"StateOwnedEntity"_s};
    QTest::newRow("PascalCase envelope")
        << QByteArray(R"({"Items":[{"Qualification":"Education"}]})") << QStringList{u"Education"_s};
    QTest::newRow("empty array") << QByteArray("[]") << QStringList{};
    QTest::newRow("None means nothing") << QByteArray(R"([{"qualification":"None"}])") << QStringList{};
    QTest::newRow("None dropped beside others")
        << QByteArray(R"([{"qualification":"none"},{"qualification":"Education"}])")
        << QStringList{u"Education"_s};
    QTest::newRow("entries without qualification dropped")
        << QByteArray(R"([{"vettingStatus":"Approved"}, 5, "x"])") << QStringList{};
    QTest::newRow("unknown kept") << QByteArray(R"([{"qualification":"Whatever"}])")
                                  << QStringList{u"Whatever"_s};
}

void TestModels::qualificationListShapes()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, expected);
    const QList<qd::CustomerQualification> list = qd::CustomerQualification::listFromJson(parsed(body));
    QStringList names;
    for (const auto &q : list)
        names.append(q.qualification);
    QCOMPARE(names, expected);
}

void TestModels::qualificationListWithBom()
{
    const QList<qd::CustomerQualification> list = qd::CustomerQualification::listFromJson(
        parsed("\xEF\xBB\xBF[{\"qualification\":\"Education\",\"vettingStatus\":\"Approved\"}]"));
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first().status(), qd::VettingStatus::Approved);

    // The legacy answer: a bare string.
    const auto legacy = qd::CustomerQualification::listFromJson(QJsonValue(u"education"_s));
    QCOMPARE(legacy.size(), 1);
    QCOMPARE(legacy.first().type(), qd::QualificationType::Education);
}

void TestModels::qualificationToJson()
{
    qd::CustomerQualification q;
    q.qualification = u"Education"_s;
    q.vettingStatus = u"InReview"_s;
    q.vettingCreateDate = utc(2021, 5, 6, 19, 59, 56, 683);
    const QJsonObject o = q.toJson();
    QCOMPARE(o.value(u"qualification"_s).toString(), u"Education"_s);
    QCOMPARE(o.value(u"vettingStatus"_s).toString(), u"InReview"_s);
    QVERIFY(o.value(u"vettingReason"_s).isNull());
    QCOMPARE(o.value(u"vettingCreateDate"_s).toString(), u"2021-05-06T19:59:56.683Z"_s);

    // Round trip through the reader.
    const qd::CustomerQualification back = qd::CustomerQualification::fromJson(o);
    QCOMPARE(back.vettingCreateDate, q.vettingCreateDate);
    QCOMPARE(back.vettingStatus, q.vettingStatus);

    qd::CustomerQualification soe;
    soe.qualification = u"StateOwnedEntity"_s;
    QVERIFY(soe.toJson().value(u"vettingCreateDate"_s).isNull());
}

void TestModels::validationCodes()
{
    const QJsonValue body = parsed(R"([
        {"partnerId":"9daaeb1c-0000-0000-0000-000000000000","organizationName":"Contoso, Inc.",
         "validationId":"12345","maxCreates":5,"remainingCreates":4,"eTag":"W/\"x\""},
        {"organizationName":"Exhausted","validationId":"777","maxCreates":"3","remainingCreates":0},
        {"OrganizationName":"Unlimited","ValidationId":"888","maxCreates":null},
        {"organizationName":"no id"}])");
    const QList<qd::ValidationCode> codes = qd::ValidationCode::listFromJson(body);
    QCOMPARE(codes.size(), 3);
    QCOMPARE(codes[0].validationId, u"12345"_s);
    QCOMPARE(codes[0].organizationName, u"Contoso, Inc."_s);
    QCOMPARE(codes[0].maxCreates, 5);
    QCOMPARE(codes[0].remainingCreates, 4);
    QCOMPARE(codes[0].eTag, u"W/\"x\""_s);
    QVERIFY(codes[0].isUsable());
    QCOMPARE(codes[1].maxCreates, 3);
    QCOMPARE(codes[1].remainingCreates, 0);
    QVERIFY(!codes[1].isUsable());
    QCOMPARE(codes[2].validationId, u"888"_s);
    QCOMPARE(codes[2].maxCreates, -1);
    QCOMPARE(codes[2].remainingCreates, -1);
    QVERIFY(codes[2].isUsable());

    // Envelope and single object.
    QCOMPARE(
        qd::ValidationCode::listFromJson(parsed(R"({"items":[{"validationId":"1"},{"validationId":"2"}]})"))
            .size(),
        2);
    QCOMPARE(qd::ValidationCode::listFromJson(parsed(R"({"validationId":"1"})")).size(), 1);
    QVERIFY(qd::ValidationCode::listFromJson(QJsonValue(u"x"_s)).isEmpty());
}

void TestModels::validationCodeToJson()
{
    qd::ValidationCode c;
    c.validationId = u"12345"_s;
    c.organizationName = u"Contoso"_s;
    c.maxCreates = 5;
    QJsonObject o = c.toJson();
    QCOMPARE(o.value(u"validationId"_s).toString(), u"12345"_s);
    QCOMPARE(o.value(u"maxCreates"_s).toInt(), 5);
    QVERIFY(o.value(u"remainingCreates"_s).isNull());
    QVERIFY(!o.contains(u"partnerId"_s));
}

void TestModels::customerPageWithNextLink()
{
    const QJsonObject o = parsed(R"({"totalCount": 45,
        "items": [{"id":"a","companyProfile":{"companyName":"Brno A","domain":"a.cz"}},
                  {"companyProfile":{"companyName":"no id"}},
                  {"id":"b","companyProfile":{"companyName":"Brno B","domain":"b.cz"}}],
        "links": {"self": {"uri": "/v1/customers?size=2", "method": "GET", "headers": []},
                  "next": {"uri": "/v1/customers?size=2&seekOperation=Next", "method": "GET",
                           "headers": [{"key": "MS-ContinuationToken", "value": "tok=="}]}}})")
                              .toObject();
    const qd::CustomerPage page = qd::CustomerPage::fromJson(o);
    QCOMPARE(page.customers.size(), 2);
    QCOMPARE(page.customers[1].companyName, u"Brno B"_s);
    QCOMPARE(page.totalCount, 45);
    QVERIFY(page.next.isValid());
    QCOMPARE(page.next.uri, u"/v1/customers?size=2&seekOperation=Next"_s);
    QCOMPARE(page.next.headers.size(), 1);
    QCOMPARE(page.next.headers[0].first, QByteArray("MS-ContinuationToken"));
    QCOMPARE(page.next.headers[0].second, QByteArray("tok=="));
}

void TestModels::customerPageWithoutNextLink()
{
    const qd::CustomerPage page =
        qd::CustomerPage::fromJson(parsed(R"({"items": [], "links": {"self": {"uri": "/x"}}})").toObject());
    QVERIFY(page.customers.isEmpty());
    QCOMPARE(page.totalCount, -1);
    QVERIFY(!page.next.isValid());
}

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
