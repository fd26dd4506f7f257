#include "domain/QualificationRequest.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Field = qd::InputIssue::Field;

Q_DECLARE_METATYPE(QList<qd::InputIssue::Field>)

namespace {
qd::QualificationRequest make(qd::QualificationType type,
                              qd::EducationSegment segment = qd::EducationSegment::None,
                              const QString &website = {}, const QString &code = {}, const QString &raw = {})
{
    qd::QualificationRequest r;
    r.type = type;
    r.segment = segment;
    r.website = website;
    r.validationCode = code;
    r.rawType = raw;
    return r;
}
} // namespace

class TestQualificationRequest : public QObject
{
    Q_OBJECT
private slots:
    void validate_data();
    void validate();
    void messagesNameTheProblem();
    void toJson_data();
    void toJson();
    void summary();
    void tenantId_data();
    void tenantId();
    void website_data();
    void website();
};

void TestQualificationRequest::validate_data()
{
    using T = qd::QualificationType;
    using S = qd::EducationSegment;
    QTest::addColumn<qd::QualificationRequest>("request");
    QTest::addColumn<QList<Field>>("fields");

    QTest::newRow("education K12") << make(T::Education, S::K12) << QList<Field>{};
    QTest::newRow("education higher + website")
        << make(T::Education, S::HigherEducation, u"muni.cz"_s) << QList<Field>{};
    QTest::newRow("education without segment") << make(T::Education) << QList<Field>{Field::Segment};
    QTest::newRow("education bad website")
        << make(T::Education, S::K12, u"not a site"_s) << QList<Field>{Field::Website};
    QTest::newRow("education no segment, bad website")
        << make(T::Education, S::None, u"ftp://x.cz"_s) << QList<Field>{Field::Segment, Field::Website};
    QTest::newRow("education blank website is fine")
        << make(T::Education, S::K12, u"   "_s) << QList<Field>{};
    QTest::newRow("gcc with code") << make(T::GovernmentCommunityCloud, S::None, {}, u"12345"_s)
                                   << QList<Field>{};
    QTest::newRow("gcc without code")
        << make(T::GovernmentCommunityCloud) << QList<Field>{Field::ValidationCode};
    QTest::newRow("gcc blank code") << make(T::GovernmentCommunityCloud, S::None, {}, u"  "_s)
                                    << QList<Field>{Field::ValidationCode};
    QTest::newRow("gcc code with space")
        << make(T::GovernmentCommunityCloud, S::None, {}, u"12 34"_s) << QList<Field>{Field::ValidationCode};
    QTest::newRow("gcc code too long") << make(T::GovernmentCommunityCloud, S::None, {}, QString(129, u'1'))
                                       << QList<Field>{Field::ValidationCode};
    QTest::newRow("soe") << make(T::StateOwnedEntity) << QList<Field>{};
    QTest::newRow("none") << make(T::None) << QList<Field>{Field::Qualification};
    QTest::newRow("nonprofit") << make(T::Nonprofit) << QList<Field>{Field::Qualification};
    QTest::newRow("unknown with raw")
        << make(T::Unknown, S::None, {}, {}, u"spaceagency"_s) << QList<Field>{Field::Qualification};
    QTest::newRow("unknown empty") << make(T::Unknown) << QList<Field>{Field::Qualification};
}

void TestQualificationRequest::validate()
{
    QFETCH(qd::QualificationRequest, request);
    QFETCH(QList<Field>, fields);
    const QList<qd::InputIssue> issues = request.validate();
    QList<Field> actual;
    for (const auto &issue : issues) {
        actual.append(issue.field);
        QVERIFY2(!issue.message.isEmpty(), "every issue explains itself");
    }
    QCOMPARE(actual, fields);
}

void TestQualificationRequest::messagesNameTheProblem()
{
    const auto unknown =
        make(qd::QualificationType::Unknown, qd::EducationSegment::None, {}, {}, u"spaceagency"_s).validate();
    QVERIFY(unknown.first().message.contains(u"spaceagency"_s));
    const auto nonprofit = make(qd::QualificationType::Nonprofit).validate();
    QVERIFY(nonprofit.first().message.contains(u"Nonprofit"_s));
    QVERIFY(!qd::QualificationRequest::tenantIdIssue().message.isEmpty());
    QCOMPARE(qd::QualificationRequest::tenantIdIssue().field, Field::TenantId);
}

void TestQualificationRequest::toJson_data()
{
    using T = qd::QualificationType;
    using S = qd::EducationSegment;
    QTest::addColumn<qd::QualificationRequest>("request");
    QTest::addColumn<QJsonObject>("expected");
    QTest::newRow("soe") << make(T::StateOwnedEntity, S::K12, u"x.cz"_s, u"1"_s)
                         << QJsonObject{{u"qualification"_s, u"StateOwnedEntity"_s}};
    QTest::newRow("education") << make(T::Education, S::HigherEducation, u" contoso.edu "_s)
                               << QJsonObject{{u"qualification"_s, u"Education"_s},
                                              {u"educationSegment"_s, u"HigherEducation"_s},
                                              {u"website"_s, u"contoso.edu"_s}};
    QTest::newRow("education without website")
        << make(T::Education, S::K12)
        << QJsonObject{{u"qualification"_s, u"Education"_s}, {u"educationSegment"_s, u"K12"_s}};
    QTest::newRow("gcc") << make(T::GovernmentCommunityCloud, S::None, {}, u" 123456 "_s)
                         << QJsonObject{{u"qualification"_s, u"GovernmentCommunityCloud"_s},
                                        {u"validationCode"_s, u"123456"_s}};
}

void TestQualificationRequest::toJson()
{
    QFETCH(qd::QualificationRequest, request);
    QFETCH(QJsonObject, expected);
    QCOMPARE(request.toJson(), expected);
}

void TestQualificationRequest::summary()
{
    const QString edu =
        make(qd::QualificationType::Education, qd::EducationSegment::HigherEducation, u"muni.cz"_s).summary();
    QVERIFY2(edu.contains(u"Education"_s) && edu.contains(u"Higher education"_s) &&
                 edu.contains(u"muni.cz"_s),
             qPrintable(edu));
    const QString gcc =
        make(qd::QualificationType::GovernmentCommunityCloud, qd::EducationSegment::None, {}, u"777"_s)
            .summary();
    QVERIFY2(gcc.contains(u"777"_s), qPrintable(gcc));
}

void TestQualificationRequest::tenantId_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalized"); // empty = not a tenant ID
    const QString canonical = u"eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01"_s;
    QTest::newRow("canonical") << canonical << canonical;
    QTest::newRow("upper case") << u"EEBD1B55-5D75-4A1C-B0B5-4E6C1A6E1A01"_s << canonical;
    QTest::newRow("braces") << u"{eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01}"_s << canonical;
    QTest::newRow("surrounding spaces") << u"  eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01\n"_s << canonical;
    QTest::newRow("no dashes") << u"eebd1b555d754a1cb0b54e6c1a6e1a01"_s << QString();
    QTest::newRow("too short") << u"eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a0"_s << QString();
    QTest::newRow("not hex") << u"gebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01"_s << QString();
    QTest::newRow("nil guid") << u"00000000-0000-0000-0000-000000000000"_s << QString();
    QTest::newRow("domain") << u"contoso.onmicrosoft.com"_s << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("path injection") << u"eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01/../x"_s << QString();
}

void TestQualificationRequest::tenantId()
{
    QFETCH(QString, text);
    QFETCH(QString, normalized);
    QCOMPARE(qd::QualificationRequest::normalizedTenantId(text), normalized);
    QCOMPARE(qd::QualificationRequest::isTenantId(text), !normalized.isEmpty());
}

void TestQualificationRequest::website_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("plausible");
    QTest::newRow("host") << u"contoso.edu"_s << true;
    QTest::newRow("sub host") << u"www.vutbr.cz"_s << true;
    QTest::newRow("https url") << u"https://www.muni.cz/en"_s << true;
    QTest::newRow("http url") << u"http://school.example.org"_s << true;
    QTest::newRow("idn") << u"škola.cz"_s << true;
    QTest::newRow("ftp") << u"ftp://school.edu"_s << false;
    QTest::newRow("space") << u"school edu"_s << false;
    QTest::newRow("no tld") << u"localhost"_s << false;
    QTest::newRow("ip") << u"192.168.1.1"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("mailto") << u"mailto:a@b.cz"_s << false;
    QTest::newRow("too long") << (QString(2050, u'a') + u".cz"_s) << false;
}

void TestQualificationRequest::website()
{
    QFETCH(QString, text);
    QFETCH(bool, plausible);
    QCOMPARE(qd::QualificationRequest::isPlausibleWebsite(text), plausible);
}

QTEST_GUILESS_MAIN(TestQualificationRequest)
#include "tst_qualificationrequest.moc"
