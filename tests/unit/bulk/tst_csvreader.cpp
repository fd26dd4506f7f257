#include "submission/CsvReader.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using qd::CsvDocument;
using qd::CsvReader;

Q_DECLARE_METATYPE(QList<QStringList>)

class TstCsvReader : public QObject
{
    Q_OBJECT

private:
    static QList<QStringList> fieldsOf(const CsvDocument &doc)
    {
        QList<QStringList> out;
        for (const auto &r : doc.records)
            out.append(r.fields);
        return out;
    }
    static QList<int> linesOf(const CsvDocument &doc)
    {
        QList<int> out;
        for (const auto &r : doc.records)
            out.append(r.line);
        return out;
    }

private slots:
    void variants_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QList<QStringList>>("records");
        QTest::addColumn<QList<int>>("lines");
        QTest::addColumn<QString>("delimiter");

        const QList<QStringList> simple{{u"a"_s, u"b"_s}, {u"1"_s, u"2"_s}};
        QTest::newRow("comma LF") << "a,b\n1,2\n"_ba << simple << QList<int>{1, 2} << u","_s;
        QTest::newRow("comma CRLF") << "a,b\r\n1,2\r\n"_ba << simple << QList<int>{1, 2} << u","_s;
        QTest::newRow("no final line end") << "a,b\n1,2"_ba << simple << QList<int>{1, 2} << u","_s;
        QTest::newRow("semicolon") << "a;b\r\n1;2\r\n"_ba << simple << QList<int>{1, 2} << u";"_s;
        QTest::newRow("tab") << "a\tb\n1\t2\n"_ba << simple << QList<int>{1, 2} << u"\t"_s;
        QTest::newRow("BOM") << "\xEF\xBB\xBF"
                                "a;b\n1;2\n"_ba
                             << simple << QList<int>{1, 2} << u";"_s;
        QTest::newRow("old Mac CR") << "a,b\r1,2\r"_ba << simple << QList<int>{1, 2} << u","_s;
        QTest::newRow("semicolon with commas in values")
            << "a;b\n1,5;2,5\n"_ba << QList<QStringList>{{u"a"_s, u"b"_s}, {u"1,5"_s, u"2,5"_s}}
            << QList<int>{1, 2} << u";"_s;
        QTest::newRow("quoted delimiter in header")
            << "\"x;y\",b\n1,2\n"_ba << QList<QStringList>{{u"x;y"_s, u"b"_s}, {u"1"_s, u"2"_s}}
            << QList<int>{1, 2} << u","_s;
        QTest::newRow("quotes and escapes")
            << "a,b\n\"say \"\"hi\"\"\",\"x,y\"\n"_ba
            << QList<QStringList>{{u"a"_s, u"b"_s}, {u"say \"hi\""_s, u"x,y"_s}} << QList<int>{1, 2}
            << u","_s;
        QTest::newRow("embedded newlines keep line numbers")
            << "a,b\r\n\"line1\r\nline2\",x\r\n3,4\r\n"_ba
            << QList<QStringList>{{u"a"_s, u"b"_s}, {u"line1\nline2"_s, u"x"_s}, {u"3"_s, u"4"_s}}
            << QList<int>{1, 2, 4} << u","_s;
        QTest::newRow("blank and padding lines skipped")
            << "a;b\n\n1;2\n;;\n  \n3;4\n\n"_ba
            << QList<QStringList>{{u"a"_s, u"b"_s}, {u"1"_s, u"2"_s}, {u"3"_s, u"4"_s}} << QList<int>{1, 3, 6}
            << u";"_s;
        QTest::newRow("empty fields kept")
            << "a,b,c\n,,x\n1,,\n"_ba
            << QList<QStringList>{{u"a"_s, u"b"_s, u"c"_s}, {u""_s, u""_s, u"x"_s}, {u"1"_s, u""_s, u""_s}}
            << QList<int>{1, 2, 3} << u","_s;
        QTest::newRow("space before quote")
            << "a, b\n1, \"x, y\"\n"_ba << QList<QStringList>{{u"a"_s, u" b"_s}, {u"1"_s, u"x, y"_s}}
            << QList<int>{1, 2} << u","_s;
        QTest::newRow("quote inside unquoted field is literal")
            << "a\nab\"c\n"_ba << QList<QStringList>{{u"a"_s}, {u"ab\"c"_s}} << QList<int>{1, 2} << u","_s;
        QTest::newRow("Czech letters") << "n\xC3\xA1zev;x\n\xC5\xBDlu\xC5\xA5ou\xC4\x8Dk\xC3\xBD;1\n"_ba
                                       << QList<QStringList>{{u"název"_s, u"x"_s}, {u"Žluťoučký"_s, u"1"_s}}
                                       << QList<int>{1, 2} << u";"_s;
        QTest::newRow("empty quoted field")
            << "a,b\n\"\",2\n"_ba << QList<QStringList>{{u"a"_s, u"b"_s}, {u""_s, u"2"_s}} << QList<int>{1, 2}
            << u","_s;
    }
    void variants()
    {
        QFETCH(QByteArray, data);
        QFETCH(QList<QStringList>, records);
        QFETCH(QList<int>, lines);
        QFETCH(QString, delimiter);
        const CsvDocument doc = CsvReader::parse(data);
        QVERIFY2(doc.ok(), qPrintable(doc.error));
        QCOMPARE(fieldsOf(doc), records);
        QCOMPARE(linesOf(doc), lines);
        QCOMPARE(QString(doc.delimiter), delimiter);
        QCOMPARE(doc.hadBom, data.startsWith("\xEF\xBB\xBF"));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("needle");

        QTest::newRow("empty file") << QByteArray() << 0 << u"empty"_s;
        QTest::newRow("only BOM") << "\xEF\xBB\xBF"_ba << 0 << u"empty"_s;
        QTest::newRow("only blank lines") << "\r\n\n  \n;;;\n"_ba << 0 << u"empty"_s;
        QTest::newRow("unbalanced quote") << "a,b\n1,2\n\"open,3\n4,5\n"_ba << 3 << u"closing quote"_s;
        QTest::newRow("unbalanced quote at end") << "a,b\n1,\""_ba << 2 << u"closing quote"_s;
        QTest::newRow("text after closing quote") << "a,b\n\"x\"y,2\n"_ba << 2 << u"after a closing quote"_s;
        QTest::newRow("NUL byte") << "a,b\n1,2\n3\0,4\n"_ba << 3 << u"binary"_s;
        QTest::newRow("control byte") << "a,b\n\x01\x02\x03\n"_ba << 2 << u"binary"_s;
        QTest::newRow("invalid UTF-8 (Latin-1)") << "a;b\n1;2\nP\xF8\xED"
                                                    "bram;3\n"_ba
                                                 << 3 << u"UTF-8"_s;
        QTest::newRow("overlong UTF-8") << "a\n\xC0\xAF\n"_ba << 2 << u"UTF-8"_s;
        QTest::newRow("surrogate in UTF-8") << "a\n\xED\xA0\x80\n"_ba << 2 << u"UTF-8"_s;
        QTest::newRow("truncated UTF-8 at end") << "a\nx\xC5"_ba << 2 << u"UTF-8"_s;
        QTest::newRow("lone continuation byte") << "a\nb\nc\x80\n"_ba << 3 << u"UTF-8"_s;
        QTest::newRow("UTF-16 LE") << "\xFF\xFE"
                                      "a\0,\0b\0"_ba
                                   << 0 << u"UTF-16"_s;
        QTest::newRow("PNG header") << "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"_ba << 1 << u"UTF-8"_s;
    }
    void malformed()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, line);
        QFETCH(QString, needle);
        const CsvDocument doc = CsvReader::parse(data);
        QVERIFY(!doc.ok());
        QVERIFY(doc.records.isEmpty());
        QCOMPARE(doc.errorLine, line);
        QVERIFY2(doc.error.contains(needle), qPrintable(doc.error));
        if (line > 0)
            QVERIFY2(doc.error.contains(QString::number(line)), qPrintable(doc.error));
    }

    void randomJunkNeverCrashes()
    {
        QRandomGenerator rng(7);
        int errors = 0;
        for (int i = 0; i < 2000; ++i) {
            QByteArray junk(int(rng.bounded(1, 300)), Qt::Uninitialized);
            for (char &c : junk)
                c = char(rng.bounded(256));
            const CsvDocument doc = CsvReader::parse(junk);
            if (!doc.ok()) {
                ++errors;
                QVERIFY(!doc.error.isEmpty());
            }
        }
        QVERIFY(errors > 1900); // random bytes are nearly never valid text
    }

    void randomTextRoundsTrip()
    {
        // Quoted fields with every awkward character come back as written.
        QRandomGenerator rng(11);
        const QString alphabet = u"ab,;\"\r\n Žř"_s;
        for (int i = 0; i < 300; ++i) {
            QStringList row;
            for (int f = 0; f < 3; ++f) {
                QString v;
                for (int k = int(rng.bounded(0, 8)); k > 0; --k)
                    v.append(alphabet.at(int(rng.bounded(qsizetype(alphabet.size())))));
                v.replace(u"\r\n"_s, u"\n"_s).replace(u'\r', u'\n');
                row.append(u'X' + v);
            }
            QStringList quoted;
            for (const QString &v : row)
                quoted.append(u'"' + QString(v).replace(u"\""_s, u"\"\""_s) + u'"');
            const QByteArray data = "h1,h2,h3\r\n" + quoted.join(u',').toUtf8() + "\r\n";
            const CsvDocument doc = CsvReader::parse(data);
            QVERIFY2(doc.ok(), qPrintable(doc.error));
            QCOMPARE(doc.records.size(), 2);
            QCOMPARE(doc.records.at(1).fields, row);
        }
    }

    void hundredThousandRows()
    {
        QByteArray data = "\xEF\xBB\xBFtenantId;qualification;segment;website;validationCode\r\n"_ba;
        data.reserve(100'000 * 90);
        for (int i = 0; i < 100'000; ++i) {
            data += QByteArray::number(i).rightJustified(8, '0') + "-0000-4000-8000-000000000000;Education;" +
                    (i % 2 ? "K12" : "\"HigherEducation\"") + ";school" + QByteArray::number(i) +
                    ".example;\r\n";
        }
        QElapsedTimer timer;
        timer.start();
        const CsvDocument doc = CsvReader::parse(data);
        const qint64 ms = timer.elapsed();
        QVERIFY2(doc.ok(), qPrintable(doc.error));
        QCOMPARE(doc.records.size(), 100'001);
        QCOMPARE(doc.records.constLast().line, 100'001);
        QCOMPARE(doc.records.constLast().fields.at(0), u"00099999-0000-4000-8000-000000000000"_s);
        QCOMPARE(doc.records.at(1).fields.at(2), u"HigherEducation"_s);
        // A figure for the log, not a limit: how fast it is belongs to a benchmark.
        qInfo("parsed 100,000 rows (%lld bytes) in %lld ms", qlonglong(data.size()), ms);
    }

    void readFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"in.csv"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("a;b\r\n1;2\r\n");
        f.close();
        const CsvDocument doc = CsvReader::readFile(path);
        QVERIFY(doc.ok());
        QCOMPARE(doc.records.size(), 2);

        const CsvDocument missing = CsvReader::readFile(dir.filePath(u"nope.csv"_s));
        QVERIFY(!missing.ok());
        QVERIFY(missing.error.contains(u"nope.csv"_s));
        const CsvDocument folder = CsvReader::readFile(dir.path());
        QVERIFY(!folder.ok());
        QVERIFY(folder.error.contains(u"folder"_s));
    }
};

QTEST_GUILESS_MAIN(TstCsvReader)
#include "tst_csvreader.moc"
