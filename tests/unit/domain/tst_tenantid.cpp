#include "domain/TenantId.h"

#include <QHash>
#include <QSet>
#include <QTest>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {
const QString kCanonical = u"eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01"_s;
}

class TestTenantId : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void defaultIsInvalid();
    void equalityAndHash();
    void variant();
};

void TestTenantId::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical"); // empty = not a tenant ID
    QTest::newRow("canonical") << kCanonical << kCanonical;
    QTest::newRow("upper case") << u"EEBD1B55-5D75-4A1C-B0B5-4E6C1A6E1A01"_s << kCanonical;
    QTest::newRow("mixed case") << u"EeBd1B55-5d75-4A1c-B0b5-4E6c1A6e1A01"_s << kCanonical;
    QTest::newRow("braces") << u"{eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01}"_s << kCanonical;
    QTest::newRow("braced upper") << u"{EEBD1B55-5D75-4A1C-B0B5-4E6C1A6E1A01}"_s << kCanonical;
    QTest::newRow("opening brace only") << u"{eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01"_s << kCanonical;
    QTest::newRow("closing brace only") << u"eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01}"_s << kCanonical;
    QTest::newRow("surrounding spaces") << u"  eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01\n"_s << kCanonical;
    QTest::newRow("tabs around braces") << u"\t{eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01}\t"_s << kCanonical;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("spaces only") << u"   "_s << QString();
    QTest::newRow("braces only") << u"{}"_s << QString();
    QTest::newRow("no dashes") << u"eebd1b555d754a1cb0b54e6c1a6e1a01"_s << QString();
    QTest::newRow("too short") << u"eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a0"_s << QString();
    QTest::newRow("too long") << u"eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a011"_s << QString();
    QTest::newRow("very long") << QString(100000, u'a') << QString();
    QTest::newRow("not hex") << u"gebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01"_s << QString();
    QTest::newRow("dash moved") << u"eebd1b5-55d75-4a1c-b0b5-4e6c1a6e1a01"_s << QString();
    QTest::newRow("underscores") << u"eebd1b55_5d75_4a1c_b0b5_4e6c1a6e1a01"_s << QString();
    QTest::newRow("space inside") << u"eebd1b55-5d75-4a1c-b0b5 4e6c1a6e1a01"_s << QString();
    QTest::newRow("space inside braces") << u"{ eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01}"_s << QString();
    QTest::newRow("double braces") << u"{{eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01}}"_s << QString();
    QTest::newRow("parentheses") << u"(eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01)"_s << QString();
    // Arabic-Indic and full-width digits are digits, but not a GUID's.
    QTest::newRow("arabic-indic digit") << u"\u0661ebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01"_s << QString();
    QTest::newRow("full-width digit") << u"\uFF11ebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01"_s << QString();
    QTest::newRow("full-width letter") << u"\uFF45ebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01"_s << QString();
    QTest::newRow("en dash") << u"eebd1b55\u20135d75-4a1c-b0b5-4e6c1a6e1a01"_s << QString();
    QTest::newRow("nil guid") << u"00000000-0000-0000-0000-000000000000"_s << QString();
    QTest::newRow("braced nil guid") << u"{00000000-0000-0000-0000-000000000000}"_s << QString();
    QTest::newRow("domain") << u"contoso.onmicrosoft.com"_s << QString();
    QTest::newRow("path injection") << u"eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01/../x"_s << QString();
    QTest::newRow("query injection") << u"eebd1b55-5d75-4a1c-b0b5-4e6c1a6e1a01?x=1"_s << QString();
}

void TestTenantId::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    const std::optional<qd::TenantId> parsed = qd::TenantId::parse(text);
    QCOMPARE(parsed.has_value(), !canonical.isEmpty());
    const qd::TenantId id = qd::TenantId::fromText(text);
    QCOMPARE(id.isValid(), !canonical.isEmpty());
    QCOMPARE(id.toString(), canonical);
    if (parsed)
        QCOMPARE(parsed->toString(), canonical);
    // The canonical form reads back as itself.
    if (id.isValid())
        QCOMPARE(qd::TenantId::fromText(id.toString()), id);
}

void TestTenantId::defaultIsInvalid()
{
    const qd::TenantId none;
    QVERIFY(!none.isValid());
    QVERIFY(none.toString().isEmpty());
    QCOMPARE(qd::TenantId::fromText(u"not a guid"), none);
}

void TestTenantId::equalityAndHash()
{
    const qd::TenantId lower = qd::TenantId::fromText(kCanonical);
    const qd::TenantId braced = qd::TenantId::fromText(u"{EEBD1B55-5D75-4A1C-B0B5-4E6C1A6E1A01}");
    const qd::TenantId other = qd::TenantId::fromText(u"11111111-1111-4111-8111-111111111111");
    QCOMPARE(lower, braced);
    QVERIFY(lower != other);
    QCOMPARE(qHash(lower), qHash(braced));

    QHash<qd::TenantId, int> byTenant;
    byTenant.insert(lower, 1);
    byTenant.insert(braced, 2); // the same key
    byTenant.insert(other, 3);
    QCOMPARE(byTenant.size(), 2);
    QCOMPARE(byTenant.value(qd::TenantId::fromText(QString(u"  "_s + kCanonical.toUpper()))), 2);
    const QSet<qd::TenantId> set{lower, braced, other};
    QCOMPARE(set.size(), 2);
}

void TestTenantId::variant()
{
    const qd::TenantId id = qd::TenantId::fromText(kCanonical);
    const QVariant v = QVariant::fromValue(id);
    QVERIFY(v.canConvert<qd::TenantId>());
    QCOMPARE(v.value<qd::TenantId>(), id);
}

QTEST_GUILESS_MAIN(TestTenantId)
#include "tst_tenantid.moc"
