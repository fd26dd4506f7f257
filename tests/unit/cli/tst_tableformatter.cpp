#include "TableFormatter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using qd::cli::TableFormatter;

class TestTableFormatter : public QObject
{
    Q_OBJECT

private slots:
    void displayWidth_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("width");
        QTest::newRow("ascii") << u"Brno"_s << 4;
        QTest::newRow("czech precomposed") << u"Vysoké učení technické v Brně"_s << 29;
        QTest::newRow("czech decomposed") << u"Vysoke\u0301 uc\u030Cen\u00ED"_s << 12;
        QTest::newRow("wide") << u"東京"_s << 4;
        QTest::newRow("empty") << QString() << 0;
        QTest::newRow("astral wide") << QString::fromUcs4(U"\U0001F600") << 2;
    }

    void displayWidth()
    {
        QFETCH(QString, text);
        QFETCH(int, width);
        QCOMPARE(TableFormatter::displayWidth(text), width);
    }

    void columnsLineUpWithCzechLetters()
    {
        TableFormatter table({u"Name"_s, u"Domain"_s});
        table.addRow({u"Vysoké učení technické v Brně"_s, u"vut.example"_s});
        table.addRow({u"Brno"_s, u"brno.example"_s});
        // A decomposed "é" must take the same room as a precomposed one.
        table.addRow({u"Masarykova univerzita Brno\u0301"_s, u"muni.example"_s});
        const QStringList lines = table.toString().split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5);
        const int domainColumn = TableFormatter::displayWidth(u"Vysoké učení technické v Brně"_s) + 2;
        for (const QString &line : lines) {
            const QString before = line.left(line.lastIndexOf(u' ') + 1);
            QCOMPARE(TableFormatter::displayWidth(before), domainColumn);
        }
        QVERIFY(lines.at(1).startsWith(u"-----"_s));
        QVERIFY(lines.at(1).contains(u"  ------"_s));
    }

    void trailingSpacesTrimmedAndRightAlignment()
    {
        TableFormatter table({u"Code"_s, u"Left"_s, u"Note"_s});
        table.setAlignment(1, TableFormatter::Align::Right);
        table.addRow({u"582641"_s, u"4"_s, QString()});
        table.addRow({u"609377"_s, u"50"_s, u"x"_s});
        const QString text = table.toString();
        QVERIFY(!text.contains(u" \n"_s));
        QVERIFY(text.contains(u"582641     4\n"_s));
        QVERIFY(text.contains(u"609377    50  x\n"_s));
    }

    void newlinesInCellsDoNotBreakTheGrid()
    {
        TableFormatter table({u"A"_s, u"B"_s});
        table.addRow({u"one\ntwo"_s, u"x"_s});
        QCOMPARE(table.toString().count(u'\n'), 3);
        QVERIFY(table.toString().contains(u"one two"_s));
    }

    void shortRowsArePadded()
    {
        TableFormatter table({u"A"_s, u"B"_s, u"C"_s});
        table.addRow({u"only"_s});
        QCOMPARE(table.rowCount(), 1);
        QVERIFY(table.toString().endsWith(u"only\n"_s));
    }

    void elide()
    {
        QCOMPARE(TableFormatter::elide(u"Základní škola"_s, 20), u"Základní škola"_s);
        QCOMPARE(TableFormatter::elide(u"Základní škola"_s, 6), u"Zákla…"_s);
        QCOMPARE(TableFormatter::displayWidth(TableFormatter::elide(u"東京東京"_s, 5)), 5);
        TableFormatter table({u"A"_s});
        table.setMaxWidth(0, 4);
        table.addRow({u"abcdefgh"_s});
        QVERIFY(table.toString().contains(u"abc…"_s));
    }

    void keyValue()
    {
        const QString text = TableFormatter::keyValue({{u"Tenant ID"_s, u"x"_s}, {u"Doména"_s, u"y"_s}});
        QCOMPARE(text, u"Tenant ID:  x\nDoména:     y\n"_s);
    }
};

QTEST_GUILESS_MAIN(TestTableFormatter)
#include "tst_tableformatter.moc"
