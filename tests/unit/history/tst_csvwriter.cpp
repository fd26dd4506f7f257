#include "ManualClock.h"
#include "history/CsvWriter.h"
#include "history/SubmissionStore.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;

namespace {

// A strict RFC 4180 reader, independent of the writer, to prove the round trip.
QList<QStringList> parseCsv(const QByteArray &bytes, QChar delimiter, QString *error)
{
    QByteArray data = bytes;
    if (!data.startsWith("\xEF\xBB\xBF")) {
        *error = u"no BOM"_s;
        return {};
    }
    const QString text = QString::fromUtf8(data.mid(3));
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false, wasQuoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == u'"') {
            if (!field.isEmpty() || wasQuoted) {
                *error = u"quote inside an unquoted field"_s;
                return {};
            }
            quoted = wasQuoted = true;
        } else if (c == delimiter) {
            row << field;
            field.clear();
            wasQuoted = false;
        } else if (c == u'\r') {
            if (i + 1 >= text.size() || text.at(i + 1) != u'\n') {
                *error = u"bare CR"_s;
                return {};
            }
            ++i;
            row << field;
            rows << row;
            row.clear();
            field.clear();
            wasQuoted = false;
        } else if (c == u'\n') {
            *error = u"bare LF outside quotes"_s;
            return {};
        } else {
            field += c;
        }
    }
    if (quoted || !field.isEmpty() || !row.isEmpty()) {
        *error = u"last line not ended with CRLF"_s;
        return {};
    }
    return rows;
}

} // namespace

class TestCsvWriter : public QObject
{
    Q_OBJECT

private slots:
    void quoting_data();
    void quoting();
    void roundTrip_data();
    void roundTrip();
    void delimiterForLocale();
    void exportsFilteredHistory();
    void exportToUnwritablePathFails();
};

void TestCsvWriter::quoting_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << u"Contoso"_s << u"Contoso"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("comma") << u"a,b"_s << u"\"a,b\""_s;
    QTest::newRow("semicolon") << u"a;b"_s << u"\"a;b\""_s;
    QTest::newRow("quote") << u"say \"hi\""_s << u"\"say \"\"hi\"\"\""_s;
    QTest::newRow("newline") << u"line1\nline2"_s << u"\"line1\nline2\""_s;
    QTest::newRow("crlf") << u"line1\r\nline2"_s << u"\"line1\r\nline2\""_s;
    QTest::newRow("czech") << u"Žluťoučký kůň"_s << u"Žluťoučký kůň"_s;
    QTest::newRow("leading space") << u" x"_s << u"\" x\""_s;
}

void TestCsvWriter::quoting()
{
    QFETCH(QString, field);
    QFETCH(QString, expected);
    QCOMPARE(CsvWriter::quoteField(field), expected);
}

void TestCsvWriter::roundTrip_data()
{
    QTest::addColumn<QChar>("delimiter");
    QTest::newRow("comma") << QChar(u',');
    QTest::newRow("semicolon") << QChar(u';');
}

void TestCsvWriter::roundTrip()
{
    QFETCH(QChar, delimiter);
    const QList<QStringList> rows{
        {u"name"_s, u"note"_s, u"id"_s},
        {u"Žluťoučký kůň úpěl ďábelské ódy"_s, u"He said \"no\", then; left"_s, u"1"_s},
        {u"Multi\nline\r\nname"_s, QString(), u"\"\""_s},
        {u",;\""_s, u" padded "_s, u"ěščřžýáíé ĚŠČŘŽÝÁÍÉ"_s},
    };
    QByteArray bytes;
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    CsvWriter writer(&buffer, delimiter);
    for (const QStringList &row : rows)
        QVERIFY(writer.writeRow(row));
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    QCOMPARE(bytes.count("\xEF\xBB\xBF"), 1); // one BOM only
    QVERIFY(bytes.endsWith("\r\n"));
    QString error;
    const QList<QStringList> back = parseCsv(bytes, delimiter, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(back, rows);
}

void TestCsvWriter::delimiterForLocale()
{
    QCOMPARE(CsvWriter::delimiterForLocale(QLocale(QLocale::Czech, QLocale::Czechia)), QChar(u';'));
    QCOMPARE(CsvWriter::delimiterForLocale(QLocale(QLocale::English, QLocale::UnitedStates)), QChar(u','));
}

void TestCsvWriter::exportsFilteredHistory()
{
    QTemporaryDir dir;
    test::ManualClock clock;
    SubmissionStore store(&clock);
    QVERIFY(store.open(dir.path()));
    const QStringList names{u"Žluťoučký kůň, \"a.s.\"; Praha"_s, u"Line\nbreak s.r.o."_s, u"Other"_s};
    for (int i = 0; i < names.size(); ++i) {
        Submission s;
        s.customerId = u"00000000-0000-4000-8000-00000000000%1"_s.arg(i);
        s.companyName = names.at(i);
        s.request.type = QualificationType::Education;
        s.request.segment = EducationSegment::K12;
        s.runId = i == 0 ? u"run-1"_s : QString();
        QVERIFY(store.insertPending(s));
        clock.advanceSecs(60);
    }
    const QString path = dir.filePath(u"out.csv"_s);
    QString message;
    const qint64 written = HistoryExporter::exportCsv(
        &store, {}, {SubmissionColumn::Time, Qt::AscendingOrder}, path, u';', &message);
    QCOMPARE(written, 3);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString error;
    const QList<QStringList> rows = parseCsv(file.readAll(), u';', &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.first(), HistoryExporter::headerFields());
    const int nameColumn = int(HistoryExporter::headerFields().indexOf(u"companyName"_s));
    const int timeColumn = int(HistoryExporter::headerFields().indexOf(u"time"_s));
    const int runColumn = int(HistoryExporter::headerFields().indexOf(u"runId"_s));
    for (int i = 0; i < names.size(); ++i)
        QCOMPARE(rows.at(i + 1).at(nameColumn), names.at(i));
    QCOMPARE(rows.at(1).at(timeColumn), u"2026-01-01T12:00:00.000Z"_s);
    QCOMPARE(rows.at(1).at(runColumn), u"run-1"_s);

    // Only the filtered rows.
    SubmissionFilter one;
    one.text = u"zlutoucky"_s;
    QCOMPARE(HistoryExporter::exportCsv(&store, one, {}, path, u',', &message), 1);
}

void TestCsvWriter::exportToUnwritablePathFails()
{
    QTemporaryDir dir;
    SubmissionStore store;
    QVERIFY(store.open(dir.path()));
    QString message;
    QCOMPARE(
        HistoryExporter::exportCsv(&store, {}, {}, dir.filePath(u"missing/folder/out.csv"_s), u',', &message),
        -1);
    QVERIFY(!message.isEmpty());
}

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
