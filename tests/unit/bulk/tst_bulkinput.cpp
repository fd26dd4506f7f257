#include "submission/BulkInput.h"

#include <QTest>

using namespace Qt::StringLiterals;
using qd::BulkInput;
using qd::BulkRow;

namespace {
const QString T1 = u"11111111-1111-4111-8111-111111111111"_s;
const QString T2 = u"22222222-2222-4222-8222-222222222222"_s;
} // namespace

class TstBulkInput : public QObject
{
    Q_OBJECT

private slots:
    void columnsInAnyCaseAndOrder_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("canonical") << "tenantId,qualification,segment,website,validationCode\n"
                                      "11111111-1111-4111-8111-111111111111,Education,K12,school.cz,\n"_ba;
        QTest::newRow("upper case, semicolon, BOM, CRLF")
            << "\xEF\xBB\xBFTENANTID;QUALIFICATION;SEGMENT;WEBSITE;VALIDATIONCODE\r\n"
               "11111111-1111-4111-8111-111111111111;Education;K12;school.cz;\r\n"_ba;
        QTest::newRow("customerId, spaced names, other order")
            << "Website,Segment,Customer ID,Qualification\n"
               "school.cz,K12,11111111-1111-4111-8111-111111111111,Education\n"_ba;
        QTest::newRow("snake case, quoted")
            << "\"tenant_id\",\"qualification\",\"segment\",\"website\"\n"
               "\" 11111111-1111-4111-8111-111111111111 \",\"Education\",\"K12\",\"school.cz\"\n"_ba;
    }
    void columnsInAnyCaseAndOrder()
    {
        QFETCH(QByteArray, data);
        const BulkInput in = BulkInput::fromCsv(data);
        QVERIFY2(in.ok(), qPrintable(in.error));
        QCOMPARE(in.rows.size(), 1);
        const BulkRow &r = in.rows.constFirst();
        QCOMPARE(r.line, 2);
        QCOMPARE(r.tenantId, T1);
        QCOMPARE(r.qualification, u"Education"_s);
        QCOMPARE(r.segment, u"K12"_s);
        QCOMPARE(r.website, u"school.cz"_s);
        QVERIFY(r.validationCode.isEmpty());
        QVERIFY(in.warnings.isEmpty());
    }

    void unknownColumnsIgnoredWithWarning()
    {
        const BulkInput in =
            BulkInput::fromCsv("tenantId;Comment;qualification;Note;Company Name\n"
                               "11111111-1111-4111-8111-111111111111;x;soe;x;ACME s.r.o.\n"_ba);
        QVERIFY(in.ok());
        QCOMPARE(in.rows.size(), 1);
        QCOMPARE(in.rows.constFirst().qualification, u"soe"_s);
        QCOMPARE(in.rows.constFirst().companyName, u"ACME s.r.o."_s);
        QCOMPARE(in.warnings.size(), 2);
        QVERIFY(in.warnings.at(0).contains(u"Comment"_s));
        QVERIFY(in.warnings.at(1).contains(u"Note"_s));
    }

    void missingColumns_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("needle");
        QTest::newRow("no tenant") << "customer,qualification\nx,soe\n"_ba << u"tenantId"_s;
        QTest::newRow("no qualification") << "tenantId,segment\nx,K12\n"_ba << u"qualification"_s;
        QTest::newRow("wrong file") << "Name,Amount\nx,1\n"_ba << u"tenantId, qualification"_s;
        QTest::newRow("duplicate column") << "tenantId,qualification,TenantID\nx,soe,y\n"_ba << u"twice"_s;
    }
    void missingColumns()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, needle);
        const BulkInput in = BulkInput::fromCsv(data);
        QVERIFY(!in.ok());
        QCOMPARE(in.errorLine, 1);
        QVERIFY2(in.error.contains(needle), qPrintable(in.error));
        QVERIFY(in.error.contains(u"Line 1"_s));
    }

    void headerOnly()
    {
        const BulkInput in = BulkInput::fromCsv("tenantId,qualification\r\n\r\n"_ba);
        QVERIFY(!in.ok());
        QVERIFY(in.error.contains(u"no rows"_s));
    }

    void readerErrorsPassThrough()
    {
        const BulkInput in = BulkInput::fromCsv("tenantId,qualification\n\"x,soe\n"_ba);
        QVERIFY(!in.ok());
        QCOMPARE(in.errorLine, 2);
        QVERIFY(in.rows.isEmpty());
    }

    void shortAndLongRows()
    {
        const BulkInput in = BulkInput::fromCsv("tenantId;qualification;segment\n"
                                                "11111111-1111-4111-8111-111111111111;soe\n"
                                                "22222222-2222-4222-8222-222222222222;education;K12;extra\n"
                                                "22222222-2222-4222-8222-222222222222;gcc;;;;\n"_ba);
        QVERIFY(in.ok());
        QCOMPARE(in.rows.size(), 3);
        QVERIFY(in.rows.at(0).segment.isEmpty());
        QCOMPARE(in.rows.at(1).segment, u"K12"_s);
        QCOMPARE(in.warnings.size(), 1); // only the row with real extra data
        QVERIFY(in.warnings.constFirst().contains(u"Line 3"_s));
    }

    void pastedList()
    {
        BulkRow common;
        common.qualification = u"Education"_s;
        common.segment = u"HigherEducation"_s;
        common.line = 99;
        common.tenantId = u"ignored"_s;
        const BulkInput in =
            BulkInput::fromPastedList(T1 + u",  "_s + T2 + u"\r\n\n  "_s + T1 + u"; x\tyz\n"_s, common);
        QVERIFY(in.ok());
        QCOMPARE(in.rows.size(), 5);
        QCOMPARE(in.rows.at(0).tenantId, T1);
        QCOMPARE(in.rows.at(0).line, 1);
        QCOMPARE(in.rows.at(1).tenantId, T2);
        QCOMPARE(in.rows.at(1).line, 1);
        QCOMPARE(in.rows.at(2).line, 3);
        QCOMPARE(in.rows.at(3).tenantId, u"x"_s);
        QCOMPARE(in.rows.at(4).tenantId, u"yz"_s);
        for (const BulkRow &r : in.rows) {
            QCOMPARE(r.qualification, u"Education"_s);
            QCOMPARE(r.segment, u"HigherEducation"_s);
        }
        QVERIFY(!BulkInput::fromPastedList(u" \n,; "_s, common).ok());
    }

    void requestFromRow()
    {
        BulkRow r{2, T1, u"gcc"_s, {}, {}, u"code-1"_s, {}};
        const auto req = r.request();
        QCOMPARE(req.type, qd::QualificationType::GovernmentCommunityCloud);
        QCOMPARE(req.validationCode, u"code-1"_s);
        QVERIFY(req.validate().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstBulkInput)
#include "tst_bulkinput.moc"
