#include "BulkPanel.h"
#include "BulkResultsModel.h"
#include "BulkTestSeed.h"
#include "SeedFixtures.h"
#include "Simulator.h"
#include "directory/CustomerDirectory.h"
#include "history/SubmissionStore.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h"
#include "submission/CsvReader.h"
#include "submission/SubmissionService.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QFrame>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;
namespace fx = qd::sim::fixtures;

// The Bulk tab driven by its controls, against the in-process simulator.
class TestBulkPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void fileIsCheckedThenRunLive();
    void pastedListAndBadFile();
    void aNewFileReplacesTheCheckedRows();
    void interruptedRunIsOfferedAndContinued();
    void runStoppedWhileStoringCountsEveryRow();

private:
    template <typename T> T *child(const char *name) const
    {
        T *w = m_panel->findChild<T *>(QString::fromLatin1(name));
        if (!w)
            qWarning("no widget %s", name);
        return w;
    }
    QString writeCsv(const QByteArray &content);

    QTemporaryDir m_tmp;
    QString m_seed;
    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<sim::Simulator> m_sim;
    std::unique_ptr<SubmissionStore> m_store;
    std::unique_ptr<StaticTokenProvider> m_tokens;
    std::unique_ptr<PartnerCenterClient> m_client;
    std::unique_ptr<CustomerDirectory> m_directory;
    std::unique_ptr<ValidationCodeSource> m_codes;
    std::unique_ptr<SubmissionService> m_service;
    std::unique_ptr<BulkPanel> m_panel;
};

void TestBulkPanel::initTestCase()
{
    m_seed = m_tmp.filePath(u"seed.json"_s);
    QVERIFY(test::writeBulkSeed(m_seed, 80));
}

void TestBulkPanel::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    sim::SimulatorOptions options;
    options.seedFile = m_seed;
    m_sim = std::make_unique<sim::Simulator>(options);
    QVERIFY(m_sim->listen());
    m_store = std::make_unique<SubmissionStore>();
    QVERIFY(m_store->open(m_data->path()));
    m_tokens = std::make_unique<StaticTokenProvider>(m_sim->issueAccessToken());
    ClientConfig config;
    config.baseUrl = m_sim->baseUrl();
    m_client = std::make_unique<PartnerCenterClient>(m_tokens.get(), config);
    m_directory = std::make_unique<CustomerDirectory>(m_client.get());
    m_codes = std::make_unique<ValidationCodeSource>(m_client.get());
    m_service = std::make_unique<SubmissionService>(m_client.get(), m_store.get(), [] {
        return SubmitterIdentity{fx::kDefaultUpn, fx::kPartnerTenantId};
    });
    m_panel = std::make_unique<BulkPanel>();
    m_panel->setService(m_service.get(), m_directory.get(), m_codes.get());
    m_panel->show();
}

void TestBulkPanel::cleanup()
{
    m_panel.reset();
    m_service.reset();
    m_codes.reset();
    m_directory.reset();
    m_client.reset();
    m_tokens.reset();
    m_store.reset();
    m_sim.reset();
    m_data.reset();
}

QString TestBulkPanel::writeCsv(const QByteArray &content)
{
    static int n = 0;
    const QString path = m_tmp.filePath(u"in%1.csv"_s.arg(++n));
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(content);
    return path;
}

void TestBulkPanel::aNewFileReplacesTheCheckedRows()
{
    const auto csv = [](int first) {
        QByteArray text = "tenantId,qualification\n";
        for (int i = first; i < first + 5; ++i)
            text += test::bulkCustomerId(i).toLatin1() + ",soe\n";
        return text;
    };
    // A file checked at Partner Center, then another of the same size without the read pass:
    // the table and what Start would send are the second file's rows.
    QVERIFY(m_panel->loadFile(writeCsv(csv(0))));
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->isChecking(), 20000);
    QCOMPARE(m_panel->model()->rows().at(0).tenantId, test::bulkCustomerId(0));
    child<QCheckBox>("checkExistingCheckBox")->setChecked(false);
    QVERIFY(m_panel->loadFile(writeCsv(csv(10))));
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->isChecking(), 20000);
    QCOMPARE(m_panel->model()->rowCount(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(m_panel->model()->rows().at(i).tenantId, test::bulkCustomerId(10 + i));

    // Cancelling a read pass keeps the rows and shows the counts, not "Checking ...".
    child<QCheckBox>("checkExistingCheckBox")->setChecked(true);
    m_sim->addFault([] {
        sim::Fault slow;
        slow.kind = sim::Fault::Kind::Latency;
        slow.method = u"GET"_s;
        slow.latencyMs = 5000;
        return slow;
    }());
    QVERIFY(m_panel->loadFile(writeCsv(csv(20))));
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->model()->rowCount() == 5 &&
                                 m_panel->model()->rows().at(0).tenantId == test::bulkCustomerId(20) &&
                                 m_panel->isChecking(),
                             20000);
    child<QPushButton>("cancelButton")->click();
    QVERIFY(!m_panel->isChecking());
    QVERIFY2(!child<QLabel>("statsLabel")->text().contains(u"Checking"_s),
             qPrintable(child<QLabel>("statsLabel")->text()));
    QCOMPARE(m_panel->model()->rows().at(0).tenantId, test::bulkCustomerId(20));
    m_sim->clearFaults();
}

void TestBulkPanel::fileIsCheckedThenRunLive()
{
    QByteArray csv = "tenantId;qualification;segment;companyName\r\n";
    for (int i = 0; i < 30; ++i)
        csv += test::bulkCustomerId(i).toLatin1() + ";soe;;Bulk School " + QByteArray::number(i) + "\r\n";
    csv += "not-a-guid;soe;;\r\n" + fx::kCustomerSoe.toLatin1() + ";soe;;\r\n";
    QAbstractItemModelTester tester(m_panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(m_panel->loadFile(writeCsv(csv)));
    auto *start = child<QPushButton>("startButton");
    QVERIFY(!start->isEnabled() || !m_panel->isChecking());
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->isChecking(), 20000);
    QCOMPARE(m_panel->model()->rowCount(), 32);
    auto *table = child<QTableView>("resultsTableView");
    QVERIFY(!table->isColumnHidden(BulkResultsModel::Company)); // the file names its customers
    QCOMPARE(m_panel->model()->rows().at(30).state, BulkRowState::Invalid);
    QCOMPARE(m_panel->model()->rows().at(31).state, BulkRowState::Invalid); // already holds SOE
    QVERIFY(m_panel->model()->rows().at(31).message.contains(u"already holds"_s));
    QVERIFY(start->isEnabled());
    QCOMPARE(m_sim->requestCount(u"POST"_s, {}), 0);

    QSignalSpy running(m_panel.get(), &BulkPanel::runningChanged);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(m_panel->run());
    QVERIFY(!start->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->run()->state(), BulkRun::State::Finished, 30000);
    QVERIFY(running.count() >= 2);
    int accepted = 0;
    for (const BulkRowResult &r : m_panel->model()->rows())
        accepted += r.state == BulkRowState::Accepted ? 1 : 0;
    QCOMPARE(accepted, 30);
    auto *progress = child<QProgressBar>("runProgressBar");
    QCOMPARE(progress->value(), 30);
    QCOMPARE(progress->maximum(), 30);
    QVERIFY(child<QLabel>("statsLabel")->text().contains(u"30"_s));
    // The requests in flight the run keeps to are shown with the rest.
    const QString atOnce = u"%1 at once"_s.arg(m_panel->run()->concurrency());
    QVERIFY2(child<QLabel>("statsLabel")->text().contains(atOnce),
             qPrintable(child<QLabel>("statsLabel")->text()));
    QVERIFY(child<QLabel>("messageLabel")->text().contains(m_panel->run()->runId()));
    for (int i = 0; i < 30; ++i)
        QCOMPARE(m_sim->createdCount(test::bulkCustomerId(i)), 1);

    // Filter: only the problems.
    auto *show = child<QComboBox>("showComboBox");
    show->setCurrentIndex(show->findData(int(BulkResultsFilter::Show::Problems)));
    QCOMPARE(child<QTableView>("resultsTableView")->model()->rowCount(), 2);

    const QString out = m_tmp.filePath(u"results.csv"_s);
    QVERIFY(m_panel->exportTo(out));
    const CsvDocument doc = CsvReader::readFile(out);
    QVERIFY(doc.ok());
    QCOMPARE(doc.records.size(), 33);
}

void TestBulkPanel::pastedListAndBadFile()
{
    BulkRow common;
    common.qualification = u"Education"_s;
    common.segment = u"K12"_s;
    m_panel->loadPasted(test::bulkCustomerId(40) + u"\n"_s + test::bulkCustomerId(41) + u", x"_s, common);
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->isChecking(), 20000);
    QCOMPARE(m_panel->model()->rowCount(), 3);
    QCOMPARE(m_panel->model()->rows().at(2).state, BulkRowState::Invalid);
    // A pasted list has no names: no empty Customer column.
    QVERIFY(child<QTableView>("resultsTableView")->isColumnHidden(BulkResultsModel::Company));
    QVERIFY(child<QPushButton>("startButton")->isEnabled());

    QVERIFY(m_panel->loadFile(writeCsv("Name,Amount\nx,1\n")));
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->isChecking(), 20000);
    QVERIFY(child<QLabel>("messageLabel")->text().contains(u"tenantId"_s));
    QCOMPARE(m_panel->model()->rowCount(), 0);
    QVERIFY(!child<QPushButton>("startButton")->isEnabled());
}

void TestBulkPanel::interruptedRunIsOfferedAndContinued()
{
    QString runId;
    {
        // A run whose window closed before anything was sent: every row still pending.
        BulkRun run(m_service.get());
        QList<BulkRow> rows;
        for (int i = 50; i < 60; ++i)
            rows.append({i, test::bulkCustomerId(i), u"soe"_s, {}, {}, {}, {}});
        sim::Fault slow;
        slow.kind = sim::Fault::Kind::Latency;
        slow.method = u"POST"_s;
        slow.latencyMs = 200;
        m_sim->addFault(slow);
        QVERIFY(run.start(BulkValidator::validate(rows)));
        runId = run.runId();
        QTRY_VERIFY_WITH_TIMEOUT(run.progress().counts.inFlight > 0, 10000);
        run.stop();
        QTRY_COMPARE_WITH_TIMEOUT(run.state(), BulkRun::State::Finished, 10000);
        m_sim->clearFaults();
    }
    m_panel = std::make_unique<BulkPanel>();
    m_panel->setService(m_service.get(), m_directory.get(), m_codes.get());
    m_panel->show();
    auto *banner = child<QFrame>("resumeFrame");
    QVERIFY(banner->isVisible());
    QTest::mouseClick(child<QPushButton>("resumeRunButton"), Qt::LeftButton);
    QVERIFY(m_panel->run());
    QCOMPARE(m_panel->run()->runId(), runId);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->run()->state(), BulkRun::State::Finished, 30000);
    QCOMPARE(m_panel->run()->summary().counts.accepted, 10);
    for (int i = 50; i < 60; ++i)
        QCOMPARE(m_sim->createdCount(test::bulkCustomerId(i)), 1);
    QVERIFY(!banner->isVisible());
}

void TestBulkPanel::runStoppedWhileStoringCountsEveryRow()
{
    {
        // Stopped before its first turn of the event loop: most rows are only kept, not written
        // as rows yet; the banner still counts all of them.
        BulkRun run(m_service.get());
        QList<BulkRow> rows;
        for (int i = 0; i < 300; ++i)
            rows.append({i + 2, test::bulkCustomerId(1000 + i), u"soe"_s, {}, {}, {}, {}});
        QVERIFY(run.start(BulkValidator::validate(rows)));
        run.stop();
        QTRY_COMPARE_WITH_TIMEOUT(run.state(), BulkRun::State::Finished, 10000);
        QVERIFY(m_service->store()->unwrittenKeptRows(run.runId()) > 0);
    }
    m_panel = std::make_unique<BulkPanel>();
    m_panel->setService(m_service.get(), m_directory.get(), m_codes.get());
    m_panel->show();
    QVERIFY(child<QFrame>("resumeFrame")->isVisible());
    const QString text = child<QLabel>("resumeLabel")->text();
    QVERIFY2(text.contains(u"300"_s), qPrintable(text));
}

QTEST_MAIN(TestBulkPanel)
#include "tst_bulkpanel.moc"
