#include "domain/Uuid.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;

class TestUuid : public QObject
{
    Q_OBJECT
private slots:
    void isARandomRfc4122Uuid()
    {
        static const QRegularExpression shape(
            u"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
        for (int i = 0; i < 1000; ++i) {
            const QString id = qd::newUuid();
            QVERIFY2(shape.match(id).hasMatch(), qPrintable(id));
            const QUuid parsed(id);
            QCOMPARE(parsed.version(), QUuid::Random);
            QCOMPARE(parsed.variant(), QUuid::DCE);
        }
    }

    // The MS-RequestId every layer stores and sends: the same shape, a new value each time.
    void requestIdIsANewUuid()
    {
        static const QRegularExpression shape(
            u"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
        QSet<QString> seen;
        for (int i = 0; i < 1000; ++i) {
            const QString id = qd::newRequestId();
            QVERIFY2(shape.match(id).hasMatch(), qPrintable(id));
            seen.insert(id);
        }
        QCOMPARE(seen.size(), 1000);
    }

    void neverRepeats()
    {
        QSet<QString> seen;
        constexpr int count = 100000;
        seen.reserve(count);
        for (int i = 0; i < count; ++i)
            seen.insert(qd::newUuid());
        QCOMPARE(seen.size(), count);
    }
};

QTEST_GUILESS_MAIN(TestUuid)
#include "tst_uuid.moc"
