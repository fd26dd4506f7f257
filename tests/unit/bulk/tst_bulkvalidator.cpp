#include "submission/BulkValidator.h"

#include <QTest>

using namespace Qt::StringLiterals;
using qd::BulkProblem;
using qd::BulkRow;
using qd::BulkValidator;
using qd::CheckedRow;

namespace {
const QString T1 = u"11111111-1111-4111-8111-111111111111"_s;
const QString T2 = u"22222222-2222-4222-8222-222222222222"_s;
} // namespace

class TstBulkValidator : public QObject
{
    Q_OBJECT

private slots:
    void singleRow_data()
    {
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<QString>("qualification");
        QTest::addColumn<QString>("segment");
        QTest::addColumn<QString>("website");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("problems"); // 0 = valid

        QTest::newRow("education K12") << T1 << u"Education"_s << u"K12"_s << u""_s << u""_s << 0;
        QTest::newRow("education words")
            << T1 << u"education"_s << u"higher-education"_s << u"https://vut.cz"_s << u""_s << 0;
        QTest::newRow("gcc") << T1 << u"GCC"_s << u""_s << u""_s << u"abc-123"_s << 0;
        QTest::newRow("soe") << T1 << u"StateOwnedEntity"_s << u""_s << u""_s << u""_s << 0;
        QTest::newRow("braced upper GUID")
            << u"{11111111-1111-4111-8111-11111111111A}"_s << u"soe"_s << u""_s << u""_s << u""_s << 0;
        QTest::newRow("bad GUID") << u"1111-xyz"_s << u"soe"_s << u""_s << u""_s << u""_s << 1;
        QTest::newRow("no tenant") << u""_s << u"soe"_s << u""_s << u""_s << u""_s << 1;
        QTest::newRow("education without segment") << T1 << u"Education"_s << u""_s << u""_s << u""_s << 1;
        QTest::newRow("education bad website")
            << T1 << u"Education"_s << u"K12"_s << u"not a site"_s << u""_s << 1;
        QTest::newRow("gcc without code") << T1 << u"gcc"_s << u""_s << u""_s << u""_s << 1;
        QTest::newRow("nonprofit") << T1 << u"Nonprofit"_s << u""_s << u""_s << u""_s << 1;
        QTest::newRow("none") << T1 << u"None"_s << u""_s << u""_s << u""_s << 1;
        QTest::newRow("unknown qualification") << T1 << u"Charity"_s << u""_s << u""_s << u""_s << 1;
        QTest::newRow("everything wrong") << u"x"_s << u"Education"_s << u""_s << u"a b"_s << u""_s << 3;
    }
    void singleRow()
    {
        QFETCH(QString, tenant);
        QFETCH(QString, qualification);
        QFETCH(QString, segment);
        QFETCH(QString, website);
        QFETCH(QString, code);
        QFETCH(int, problems);
        const CheckedRow c = BulkValidator::check({7, tenant, qualification, segment, website, code, {}});
        QCOMPARE(c.problems.size(), problems);
        QCOMPARE(c.isValid(), problems == 0);
        for (const BulkProblem &p : c.problems) {
            QCOMPARE(p.line, 7);
            QCOMPARE(p.kind, BulkProblem::Kind::Invalid);
            QVERIFY(!p.message.isEmpty());
        }
        if (problems == 0)
            QCOMPARE(c.tenantId.toString(), QString(tenant).remove(u'{').remove(u'}').toLower());
        QCOMPARE(c.problemText().isEmpty(), problems == 0);
    }

    void duplicatesFlaggedWithFirstLine()
    {
        const QList<BulkRow> rows{
            {2, T1, u"Education"_s, u"K12"_s, {}, {}, {}},
            {3, T1.toUpper(), u"education"_s, u"HigherEducation"_s, {}, {}, {}}, // same customer +
                                                                                 // qualification
            {4, T1, u"soe"_s, {}, {}, {}, {}},                                   // other qualification: fine
            {5, T2, u"Education"_s, u"K12"_s, {}, {}, {}},
            {6, u"{"_s + T1 + u"}"_s, u"StateOwnedEntity"_s, {}, {}, {}, {}}, // duplicate of line 4
            {7, T2, u"Education"_s, {}, {}, {}, {}},                          // invalid: no duplicate note
        };
        const QList<CheckedRow> checked = BulkValidator::validate(rows);
        QCOMPARE(checked.size(), 6);
        QVERIFY(checked.at(0).isValid());
        QVERIFY(!checked.at(1).isValid());
        QCOMPARE(checked.at(1).problems.size(), 1);
        QCOMPARE(checked.at(1).problems.constFirst().kind, BulkProblem::Kind::Duplicate);
        QVERIFY(checked.at(1).problems.constFirst().message.contains(u"line 2"_s));
        QVERIFY(checked.at(2).isValid());
        QVERIFY(checked.at(3).isValid());
        QCOMPARE(checked.at(4).problems.constFirst().kind, BulkProblem::Kind::Duplicate);
        QVERIFY(checked.at(4).problems.constFirst().message.contains(u"line 4"_s));
        QCOMPARE(checked.at(5).problems.size(), 1);
        QCOMPARE(checked.at(5).problems.constFirst().kind, BulkProblem::Kind::Invalid);
        QCOMPARE(BulkValidator::validCount(checked), 3);

        const QList<BulkProblem> all = BulkValidator::problems(checked);
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(0).line, 3);
        QCOMPARE(all.at(1).line, 6);
        QCOMPARE(all.at(2).line, 7);
    }

    void checkFailedDoesNotBlock()
    {
        CheckedRow c = BulkValidator::check({2, T1, u"soe"_s, {}, {}, {}, {}});
        c.problems.append({BulkProblem::Kind::CheckFailed, 2, u"read failed"_s});
        QVERIFY(c.isValid());
        c.problems.append({BulkProblem::Kind::AlreadyHeld, 2, u"held"_s});
        QVERIFY(!c.isValid());
    }
};

QTEST_GUILESS_MAIN(TstBulkValidator)
#include "tst_bulkvalidator.moc"
