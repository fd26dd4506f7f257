#include "ResourcePaths.h"

#include <QFile>
#include <QSvgRenderer>
#include <QTest>

using namespace Qt::StringLiterals;

class TestResourcePaths : public QObject
{
    Q_OBJECT

private slots:
    void appIconIsEmbedded();
    void statusIcons_data();
    void statusIcons();
    void licenseTexts();
};

void TestResourcePaths::appIconIsEmbedded()
{
    const QString path = qd::resources::appIconPath();
    QVERIFY2(QFile::exists(path), qPrintable(path));
    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.defaultSize(), QSize(128, 128));
}

void TestResourcePaths::statusIcons_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("expectedPath");
    for (const char *name : {"approved", "inreview", "denied", "unknown", "pending", "failed"}) {
        const QString status = QString::fromLatin1(name);
        QTest::newRow(name) << status << u":/icons/status/"_s + status + u".svg"_s;
    }
    QTest::newRow("any case") << u"InReview"_s << u":/icons/status/inreview.svg"_s;
    QTest::newRow("unknown value") << u"Escalated"_s << u":/icons/status/unknown.svg"_s;
    QTest::newRow("empty") << QString() << u":/icons/status/unknown.svg"_s;
}

void TestResourcePaths::statusIcons()
{
    QFETCH(QString, status);
    QFETCH(QString, expectedPath);
    const QString path = qd::resources::statusIconPath(status);
    QCOMPARE(path, expectedPath);
    QSvgRenderer renderer(path);
    QVERIFY2(renderer.isValid(), qPrintable(path));
    QCOMPARE(renderer.defaultSize(), QSize(16, 16));
}

void TestResourcePaths::licenseTexts()
{
    QFile license(qd::resources::licensePath());
    QVERIFY(license.open(QIODevice::ReadOnly));
    QVERIFY(license.readAll().contains("Apache License"));
    QFile notices(qd::resources::thirdPartyNoticesPath());
    QVERIFY(notices.open(QIODevice::ReadOnly));
    const QByteArray text = notices.readAll();
    QVERIFY(text.contains("QtKeychain"));
    QVERIFY(text.contains("GNU Lesser General Public License version 3"));
}

QTEST_GUILESS_MAIN(TestResourcePaths)
#include "tst_resourcepaths.moc"
