#include "domain/EnumNames.h"
#include "domain/Qualification.h"
#include "history/Submission.h"
#include "partnercenter/ApiError.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;

class TestEnumNames : public QObject
{
    Q_OBJECT
private slots:
    void words_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QString>("words");
        QTest::newRow("one word") << "Pending"_ba << u"pending"_s;
        QTest::newRow("two words") << "OutcomeUnknown"_ba << u"outcome-unknown"_s;
        QTest::newRow("three words") << "GovernmentCommunityCloud"_ba << u"government-community-cloud"_s;
        QTest::newRow("empty") << QByteArray() << QString();
    }
    void words()
    {
        QFETCH(QByteArray, key);
        QFETCH(QString, words);
        QCOMPARE(enumWords(key.isNull() ? nullptr : key.constData()), words);
    }

    // The names written to the history, logs and JSON stay what they were before they came
    // from the meta-object data.
    void storedNamesUnchanged()
    {
        QCOMPARE(Submission::stateName(Submission::State::Pending), u"pending"_s);
        QCOMPARE(Submission::stateName(Submission::State::Unknown), u"unknown"_s);
        QCOMPARE(Submission::stateName(Submission::State(99)), u"unknown"_s);
        QCOMPARE(ApiError::kindName(ApiError::Kind::InvalidInput), u"invalid-input"_s);
        QCOMPARE(ApiError::kindName(ApiError::Kind::OutcomeUnknown), u"outcome-unknown"_s);
        QCOMPARE(ApiError::kindName(ApiError::Kind(99)), u"unknown"_s);
        QCOMPARE(Qualifications::apiName(QualificationType::GovernmentCommunityCloud),
                 u"GovernmentCommunityCloud"_s);
        QCOMPARE(Qualifications::apiName(QualificationType::Unknown), QString());
        QCOMPARE(Qualifications::apiName(EducationSegment::HigherEducation), u"HigherEducation"_s);
        QCOMPARE(Qualifications::apiName(EducationSegment::None), QString());
    }

    void fromKey()
    {
        QCOMPARE(enumFromKey<QualificationType>(u"stateownedentity"), QualificationType::StateOwnedEntity);
        QCOMPARE(enumFromKey<Submission::State>(u"SENT"), Submission::State::Sent);
        QVERIFY(!enumFromKey<QualificationType>(u"Education2").has_value());
        QVERIFY(!enumFromKey<QualificationType>(u"").has_value());
    }
};

QTEST_GUILESS_MAIN(TestEnumNames)
#include "tst_enumnames.moc"
