#include "partnercenter/ResponseParsers.h"

#include <QTest>

using namespace Qt::StringLiterals;
namespace responses = qd::responses;

// The readers of Partner Center's 2xx bodies, on their own: what each accepts and what it
// turns into a Protocol error (the client tests cover the same over HTTP).
class TestResponseParsers : public QObject
{
    Q_OBJECT
private slots:
    void containerRefusesWhatIsNotAnObjectOrArray_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray() << u"Empty answer"_s;
        QTest::newRow("blank") << QByteArray(" \r\n") << u"Empty answer"_s;
        QTest::newRow("html") << QByteArray("<html>oops</html>") << u"Not JSON: "_s;
        QTest::newRow("bare string") << QByteArray(R"("education")") << u"Not JSON: "_s;
        QTest::newRow("cut short") << QByteArray(R"([{"qualification":)") << u"Not JSON: "_s;
    }
    void containerRefusesWhatIsNotAnObjectOrArray()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        QJsonValue value;
        QString why;
        QVERIFY(!responses::parseContainer(body, value, &why));
        QVERIFY2(why.startsWith(reason), qPrintable(why));
        QList<qd::CustomerQualification> list;
        QString again;
        QVERIFY(!responses::parseQualifications(body, list, &again));
        QCOMPARE(again, why);
    }

    void customerNeedsAnId()
    {
        qd::Customer customer;
        QString why;
        QVERIFY(responses::parseCustomer(R"({"companyProfile":{"tenantId":"t-1","companyName":"Contoso"}})",
                                         customer, &why));
        QCOMPARE(customer.id, u"t-1"_s);
        QCOMPARE(customer.companyName, u"Contoso"_s);
        QVERIFY(!responses::parseCustomer(R"({"companyProfile":{"companyName":"No ID"}})", customer, &why));
        QCOMPARE(why, u"The customer has no ID"_s);
    }

    void customerPageFromEnvelopeOrBareArray()
    {
        qd::CustomerPage page;
        QString why;
        QVERIFY(responses::parseCustomerPage(
            "\xEF\xBB\xBF"
            R"({"totalCount":2,"items":[{"id":"a"},{"id":"b"}],"links":{"next":{"uri":"/customers?seekOperation=Next",)"
            R"("headers":[{"key":"MS-ContinuationToken","value":"tok"}]}}})",
            page, &why));
        QCOMPARE(page.customers.size(), 2);
        QCOMPARE(page.totalCount, 2);
        QCOMPARE(page.next.uri, u"/customers?seekOperation=Next"_s);
        QCOMPARE(page.next.headers.value(0).second, "tok"_ba);

        QVERIFY(
            responses::parseCustomerPage(R"([{"id":"c"},{"companyName":"no id, left out"}])", page, &why));
        QCOMPARE(page.customers.size(), 1);
        QCOMPARE(page.customers.first().id, u"c"_s);
        QVERIFY(!page.next.isValid());
    }

    void createdAcceptsAnEmptyBody()
    {
        QList<qd::CustomerQualification> list;
        QString why;
        QVERIFY(responses::parseCreated({}, list, &why));
        QVERIFY(list.isEmpty());
        QVERIFY(responses::parseCreated(R"({"qualification":"Education","vettingStatus":"InReview"})", list,
                                        &why));
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().status(), qd::VettingStatus::InReview);
        QVERIFY(!responses::parseCreated("not json", list, &why));
    }

    void validationCodesWithoutIdAreLeftOut()
    {
        QList<qd::ValidationCode> codes;
        QString why;
        QVERIFY(responses::parseValidationCodes(
            R"([{"validationId":"12345","organizationName":"Contoso","remainingCreates":0},{"organizationName":"x"}])",
            codes, &why));
        QCOMPARE(codes.size(), 1);
        QCOMPARE(codes.first().validationId, u"12345"_s);
        QVERIFY(!codes.first().isUsable());
    }
};

QTEST_GUILESS_MAIN(TestResponseParsers)
#include "tst_responseparsers.moc"
