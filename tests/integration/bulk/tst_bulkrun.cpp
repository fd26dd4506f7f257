#include "../../unit/history/StoreTestUtil.h"
#include "BulkTestSeed.h"
#include "SeedFixtures.h"
#include "Sentinel.h"
#include "Simulator.h"
#include "directory/CustomerDirectory.h"
#include "history/SubmissionStore.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h"
#include "submission/BulkRun.h"
#include "submission/CsvReader.h"
#include "submission/SubmissionService.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;
namespace fx = qd::sim::fixtures;

namespace {
const QString kPostPath = u"/v1/customers/*/qualifications"_s;
constexpr int kExtraCustomers = 420;

sim::Fault postFault(sim::Fault::Kind kind, int times)
{
    sim::Fault f;
    f.kind = kind;
    f.method = u"POST"_s;
    f.pathPattern = kPostPath;
    f.times = times;
    return f;
}

// n valid rows for the generated customers from `first` on, alternating SOE and Education.
QList<CheckedRow> rows(int n, int first = 0)
{
    QList<BulkRow> input;
    for (int i = 0; i < n; ++i) {
        const bool edu = i % 2;
        input.append({i + 2,
                      test::bulkCustomerId(first + i),
                      edu ? u"Education"_s : u"soe"_s,
                      edu ? u"K12"_s : QString(),
                      {},
                      {},
                      u"Bulk School %1"_s.arg(first + i)});
    }
    return BulkValidator::validate(input);
}
} // namespace

// The bulk run engine end to end: history written first, bounded concurrency, 429/5xx/lost
// answers, pause/resume/cancel, resuming a stored run. Against the in-process simulator.
class TestBulkRun : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void everyRowStoredBeforeAnythingIsSent();
    void invalidRowsAreSkipped();
    void concurrencyIsBounded();
    void throttlingHoldsBackTheWholeRun();
    void lostAnswersAndServerErrorsEndAcceptedOnce();
    void overloadNeverFailsARow();
    void a429WithoutAUsableRetryAfterStillWaits();
    void aRetryAfterLongerThanTheRunWaitsStopsIt();
    void pauseResumeAndCancel();
    void stoppedRunLeavesUnsentRowsPending();
    void cancelWhileStoringEndsTheRun();
    void interruptedWhileStoringResumesEveryRow();
    void expiredSignInPausesTheRun();
    void resumeAfterAnInterruptedRun();
    void unwritableHistorySendsNothing();
    void historyLockedMidRunPausesAndLosesNothing();
    void progressIsThrottledAndExportWorks();

private:
    // Every POST of the test takes this long on the simulator.
    void slowPosts(int latencyMs);
    void makeService();
    void dropService();
    BulkSummary runToEnd(BulkRun &run, int timeoutMs = 60000);
    void verifyExactlyOnce(const QString &runId, int expectedRows);
    // Lets everything queued so far happen, then reads a customer through the run's client and
    // waits for the answer: a request the run had already started would have reached the
    // simulator before this one.
    void roundTrip();
    int m_busyTimeoutMs = 5000;

    QTemporaryDir m_seedDir;
    QString m_seedPath;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sim::Simulator> m_sim;
    std::unique_ptr<SubmissionStore> m_store;
    std::unique_ptr<StaticTokenProvider> m_tokens;
    std::unique_ptr<PartnerCenterClient> m_client;
    std::unique_ptr<SubmissionService> m_service;
};

void TestBulkRun::initTestCase()
{
    QVERIFY(m_seedDir.isValid());
    m_seedPath = m_seedDir.filePath(u"seed.json"_s);
    QVERIFY(test::writeBulkSeed(m_seedPath, kExtraCustomers));
}

void TestBulkRun::init()
{
    m_busyTimeoutMs = 5000;
    m_dir = std::make_unique<QTemporaryDir>();
    sim::SimulatorOptions options;
    options.seedFile = m_seedPath;
    options.vettingDelayMs = 3600 * 1000;
    m_sim = std::make_unique<sim::Simulator>(options);
    QVERIFY2(m_sim->listen(), qPrintable(m_sim->errorString()));
    m_tokens = std::make_unique<StaticTokenProvider>(m_sim->issueAccessToken());
    makeService();
}

void TestBulkRun::slowPosts(int latencyMs)
{
    sim::Fault slow = postFault(sim::Fault::Kind::Latency, -1);
    slow.latencyMs = latencyMs;
    m_sim->addFault(slow);
}

void TestBulkRun::roundTrip()
{
    QVERIFY(test::waitForPostedEvents());
    CustomerDirectory directory(m_client.get());
    bool answered = false;
    directory.customer(qd::TenantId::fromText(fx::kCustomerNoQualification2), this,
                       [&answered](const auto &) { answered = true; });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 15000);
}

void TestBulkRun::makeService()
{
    m_store = std::make_unique<SubmissionStore>();
    m_store->setBusyTimeoutMs(m_busyTimeoutMs);
    QVERIFY(m_store->open(m_dir->path()));
    ClientConfig config;
    config.baseUrl = m_sim->baseUrl();
    config.timeoutMs = 10000;
    config.maxRetries = 3;
    config.retryBaseDelayMs = 20;
    config.retryMaxDelayMs = 100;
    m_client = std::make_unique<PartnerCenterClient>(m_tokens.get(), config);
    m_service = std::make_unique<SubmissionService>(m_client.get(), m_store.get(), [] {
        return SubmitterIdentity{fx::kDefaultUpn, fx::kPartnerTenantId};
    });
}

void TestBulkRun::dropService()
{
    m_service.reset();
    m_client.reset();
    m_store.reset();
}

void TestBulkRun::cleanup()
{
    dropService();
    m_tokens.reset();
    m_sim.reset();
    m_dir.reset();
}

BulkSummary TestBulkRun::runToEnd(BulkRun &run, int timeoutMs)
{
    if (run.state() != BulkRun::State::Finished) {
        QSignalSpy finished(&run, &BulkRun::finished);
        if (!finished.wait(timeoutMs))
            qWarning("bulk run did not finish");
    }
    return run.summary();
}

// Every row of the run was created exactly once on the simulator, and the history says accepted.
void TestBulkRun::verifyExactlyOnce(const QString &runId, int expectedRows)
{
    const QList<Submission> stored = m_store->byRun(runId);
    QCOMPARE(stored.size(), expectedRows);
    for (const Submission &s : stored) {
        QCOMPARE(Submission::stateName(s.state), u"accepted"_s);
        QCOMPARE(m_sim->createdCount(s.customerId), 1);
        QCOMPARE(s.runId, runId);
        QVERIFY(s.runLine > 0);
    }
}

void TestBulkRun::everyRowStoredBeforeAnythingIsSent()
{
    constexpr int count = 300; // more than start() writes as rows: the rest is kept
    BulkRun run(m_service.get());
    QVERIFY(run.start(rows(count)));
    QVERIFY(!run.runId().isEmpty());
    // start() returned: the whole run is in the history (as rows, or kept whole until they are
    // written as rows), each row with its MS-RequestId, and nothing has left yet.
    QSet<QString> inHistory;
    const QList<Submission> written = m_store->byRun(run.runId());
    QVERIFY(!written.isEmpty());
    for (const Submission &s : written) {
        QCOMPARE(s.state, Submission::State::Pending);
        inHistory.insert(s.requestId);
    }
    const QList<Submission> kept = m_store->keptRows(run.runId());
    QVERIFY(written.size() + kept.size() >= count);
    for (const Submission &s : kept) {
        QCOMPARE(s.runId, run.runId());
        QVERIFY(s.runLine > 0);
        inHistory.insert(s.requestId);
    }
    QCOMPARE(inHistory.size(), count);
    QCOMPARE(m_sim->requestCount(u"POST"_s, kPostPath), 0);
    const BulkSummary summary = runToEnd(run);
    QCOMPARE(summary.counts.accepted, count);
    QCOMPARE(summary.exitCode(), 0);
    verifyExactlyOnce(run.runId(), count);
    QVERIFY(m_store->keptRows(run.runId()).isEmpty()); // all written as rows: nothing kept
    QCOMPARE(m_sim->requestCount(u"POST"_s, kPostPath), count);
    for (const Submission &s : m_store->byRun(run.runId()))
        QVERIFY(inHistory.contains(s.requestId)); // the IDs fixed at the start were the ones sent
    // Each stored MS-RequestId is the one the simulator saw.
    QSet<QString> sent;
    for (const auto &r : m_sim->recordedRequests()) {
        for (const auto &[k, v] : r.headers) {
            if (r.method == u"POST"_s && k.compare("MS-RequestId", Qt::CaseInsensitive) == 0)
                sent.insert(QString::fromLatin1(v));
        }
    }
    for (const BulkRowResult &r : run.results())
        QVERIFY(sent.contains(r.requestId));
}

void TestBulkRun::invalidRowsAreSkipped()
{
    QList<BulkRow> input{
        {2, test::bulkCustomerId(0), u"soe"_s, {}, {}, {}, {}},
        {3, u"not-a-guid"_s, u"soe"_s, {}, {}, {}, {}},
        {4, test::bulkCustomerId(0), u"StateOwnedEntity"_s, {}, {}, {}, {}}, // duplicate
        {5, test::bulkCustomerId(1), u"Nonprofit"_s, {}, {}, {}, {}},
        {6, fx::kCustomerSoe, u"soe"_s, {}, {}, {}, {}}, // already holds it: refused by Partner Center
    };
    BulkRun run(m_service.get());
    QVERIFY(run.start(BulkValidator::validate(input)));
    const BulkSummary summary = runToEnd(run);
    QCOMPARE(summary.counts.accepted, 1);
    QCOMPARE(summary.counts.invalid, 3);
    QCOMPARE(summary.counts.refused, 1);
    QCOMPARE(summary.exitCode(), 3);
    QCOMPARE(run.results().at(1).state, BulkRowState::Invalid);
    QVERIFY(run.results().at(2).message.contains(u"line 2"_s));
    QCOMPARE(run.results().at(4).state, BulkRowState::Refused);
    QCOMPARE(run.results().at(4).httpStatus, 409);
    QVERIFY(!run.results().at(4).message.isEmpty());
    QCOMPARE(m_store->byRun(run.runId()).size(), 2); // invalid rows are never stored
    QCOMPARE(m_sim->requestCount(u"POST"_s, kPostPath), 2);
}

void TestBulkRun::concurrencyIsBounded()
{
    slowPosts(60);
    BulkRun run(m_service.get());
    run.setConcurrency(3);
    int maxInFlight = 0;
    connect(&run, &BulkRun::progressChanged, this,
            [&](const BulkProgress &p) { maxInFlight = qMax(maxInFlight, p.counts.inFlight); });
    run.setProgressIntervalMs(5);
    QVERIFY(run.start(rows(24)));
    QCOMPARE(runToEnd(run).counts.accepted, 24);
    QCOMPARE(maxInFlight, 3);
    verifyExactlyOnce(run.runId(), 24);
}

void TestBulkRun::throttlingHoldsBackTheWholeRun()
{
    sim::Fault throttle = postFault(sim::Fault::Kind::Throttle, 1);
    throttle.retryAfterSeconds = 1;
    m_sim->addFault(throttle);
    BulkRun run(m_service.get());
    run.setConcurrency(4);
    // Sample the POSTs the simulator received while the run is held back.
    QElapsedTimer clock;
    clock.start();
    qint64 throttledAt = -1;
    int postsAtThrottle = 0;
    int concurrencyAtThrottle = 0;
    double paceAfterThrottle = -1;
    int postsDuringHold = -1;
    connect(&run, &BulkRun::throttled, this, [&](int seconds) {
        QCOMPARE(seconds, 1);
        if (throttledAt < 0) {
            throttledAt = clock.elapsed();
            postsAtThrottle = m_sim->requestCount(u"POST"_s, kPostPath);
            concurrencyAtThrottle = run.progress().concurrency;
            paceAfterThrottle = run.progress().pacePerMinute;
            QTimer::singleShot(800, this, [&] {
                postsDuringHold = m_sim->requestCount(u"POST"_s, kPostPath) - postsAtThrottle;
            });
        }
    });
    QVERIFY(run.start(rows(40)));
    const BulkSummary summary = runToEnd(run);
    QVERIFY(throttledAt >= 0);
    QCOMPARE(summary.counts.accepted, 40);
    // The workers stay. Thrown back before any answer, the run has no rate to pace to; after a
    // few loopback answers, its pace is theirs (far above one a second), never a crawl.
    QCOMPARE(concurrencyAtThrottle, 4);
    QVERIFY2(paceAfterThrottle == 0.0 || paceAfterThrottle >= 60.0,
             qPrintable(QString::number(paceAfterThrottle)));
    QCOMPARE(run.progress().throttledAnswers, 1);
    // Only requests already on their way may arrive during the Retry-After; 40 rows at loopback
    // speed would otherwise all be sent in well under a second.
    QTRY_VERIFY(postsDuringHold >= 0);
    QVERIFY2(postsDuringHold <= 4, qPrintable(QString::number(postsDuringHold)));
    QVERIFY(clock.elapsed() >= 1000);
    verifyExactlyOnce(run.runId(), 40);
    // 40 rows plus the throttled attempt, nothing else.
    QCOMPARE(m_sim->requestCount(u"POST"_s, kPostPath), 41);
}

void TestBulkRun::lostAnswersAndServerErrorsEndAcceptedOnce()
{
    m_sim->addFault(postFault(sim::Fault::Kind::DropAfterWork, 3));
    sim::Fault error = postFault(sim::Fault::Kind::ServerError, 3);
    error.status = 503;
    m_sim->addFault(error);
    BulkRun run(m_service.get());
    QVERIFY(run.start(rows(20)));
    const BulkSummary summary = runToEnd(run);
    QCOMPARE(summary.counts.accepted, 20);
    QCOMPARE(summary.counts.unknown, 0);
    QCOMPARE(summary.counts.failed, 0);
    verifyExactlyOnce(run.runId(), 20);
}

void TestBulkRun::overloadNeverFailsARow()
{
    // More 503s than one row's retries and its settling re-read can absorb: the rows wait and
    // go again, with the same MS-RequestId, instead of ending failed.
    sim::Fault error = postFault(sim::Fault::Kind::ServerError, 12);
    error.status = 503;
    m_sim->addFault(error);
    BulkRun run(m_service.get());
    run.setConcurrency(2);
    QVERIFY(run.start(rows(6)));
    const BulkSummary summary = runToEnd(run, 90000);
    QCOMPARE(summary.counts.accepted, 6);
    QCOMPARE(summary.counts.failed, 0);
    QCOMPARE(summary.counts.unknown, 0);
    QVERIFY(run.progress().throttledAnswers > 0);
    verifyExactlyOnce(run.runId(), 6);
}

void TestBulkRun::a429WithoutAUsableRetryAfterStillWaits()
{
    // No Retry-After, then one that is not a number: the run waits (a second) and sends every
    // row once, none failed.
    sim::Fault none = postFault(sim::Fault::Kind::Throttle, 2);
    none.omitRetryAfter = true;
    m_sim->addFault(none);
    sim::Fault bad = postFault(sim::Fault::Kind::Throttle, 2);
    bad.retryAfterRaw = "soon";
    m_sim->addFault(bad);
    BulkRun run(m_service.get());
    run.setConcurrency(2);
    QSignalSpy throttled(&run, &BulkRun::throttled);
    QVERIFY(run.start(rows(8)));
    const BulkSummary summary = runToEnd(run);
    QCOMPARE(summary.counts.accepted, 8);
    QCOMPARE(summary.counts.failed, 0);
    QVERIFY(!throttled.isEmpty());
    QVERIFY(run.progress().throttledAnswers >= 1);
    verifyExactlyOnce(run.runId(), 8);
}

void TestBulkRun::aRetryAfterLongerThanTheRunWaitsStopsIt()
{
    sim::Fault throttle = postFault(sim::Fault::Kind::Throttle, -1);
    throttle.retryAfterSeconds = 300;
    m_sim->addFault(throttle);
    BulkRun run(m_service.get());
    run.setConcurrency(2);
    QSignalSpy attention(&run, &BulkRun::attentionNeeded);
    QVERIFY(run.start(rows(10)));
    const BulkSummary summary = runToEnd(run);
    QVERIFY(!summary.cancelled);
    // Says so, with the time, and leaves every row for a resume: none failed, none created.
    QVERIFY2(summary.stopReason.contains(u"5 min"_s), qPrintable(summary.stopReason));
    QVERIFY2(summary.stopReason.contains(u"2 min"_s), qPrintable(summary.stopReason));
    QVERIFY(!attention.isEmpty());
    QCOMPARE(summary.counts.accepted, 0);
    QCOMPARE(summary.counts.failed, 0);
    QCOMPARE(m_store->unfinishedRuns().value(0), run.runId());
    for (const Submission &s : m_store->byRun(run.runId()))
        QCOMPARE(m_sim->createdCount(s.customerId), 0);

    // Once Partner Center lets it, the resumed run sends every row exactly once.
    m_sim->clearFaults();
    BulkRun again(m_service.get());
    QVERIFY(again.resumeRun(run.runId()));
    QCOMPARE(runToEnd(again).counts.accepted, 10);
    verifyExactlyOnce(run.runId(), 10);
}

void TestBulkRun::pauseResumeAndCancel()
{
    slowPosts(40);
    BulkRun run(m_service.get());
    run.setConcurrency(2);
    QVERIFY(run.start(rows(40)));
    QTRY_VERIFY_WITH_TIMEOUT(run.progress().counts.accepted >= 4, 20000);
    run.pause();
    QCOMPARE(run.state(), BulkRun::State::Paused);
    // In-flight requests finish; nothing new leaves.
    QTRY_COMPARE_WITH_TIMEOUT(run.progress().counts.inFlight, 0, 20000);
    const int postsWhenIdle = m_sim->requestCount(u"POST"_s, kPostPath);
    const int doneWhenIdle = run.progress().counts.done();
    QCOMPARE(postsWhenIdle, doneWhenIdle);
    roundTrip(); // a paused run stays quiet
    QCOMPARE(m_sim->requestCount(u"POST"_s, kPostPath), postsWhenIdle);

    run.resume();
    QCOMPARE(run.state(), BulkRun::State::Running);
    QTRY_VERIFY_WITH_TIMEOUT(run.progress().counts.done() >= doneWhenIdle + 6, 20000);
    run.cancel();
    const BulkSummary summary = runToEnd(run);
    QVERIFY(summary.cancelled);
    QVERIFY(summary.counts.accepted >= doneWhenIdle + 6);
    QVERIFY(summary.counts.accepted < 40);
    QCOMPARE(summary.counts.accepted + summary.counts.failed, 40);
    QCOMPARE(summary.exitCode(), 4);
    // The history agrees: accepted rows were created once, the rest are recorded as never sent.
    int accepted = 0;
    for (const Submission &s : m_store->byRun(run.runId())) {
        if (s.state == Submission::State::Accepted) {
            ++accepted;
            QCOMPARE(m_sim->createdCount(s.customerId), 1);
        } else {
            QCOMPARE(s.state, Submission::State::Failed);
            QCOMPARE(s.errorCode, u"cancelled"_s);
            QCOMPARE(m_sim->createdCount(s.customerId), 0);
        }
    }
    QCOMPARE(accepted, summary.counts.accepted);
    QCOMPARE(m_sim->requestCount(u"POST"_s, kPostPath), accepted);
}

// Rows are marked sent a few at a time ahead of their turn; a run stopped for later (a closed
// window) puts back the ones that never left, so the history says exactly what went out.
void TestBulkRun::stoppedRunLeavesUnsentRowsPending()
{
    slowPosts(40);
    BulkRun run(m_service.get());
    run.setConcurrency(2);
    QVERIFY(run.start(rows(40)));
    QTRY_VERIFY_WITH_TIMEOUT(run.progress().counts.accepted >= 4, 20000);
    // More rows are marked sent than are on the wire right now.
    SubmissionFilter sentOnly;
    sentOnly.states = {Submission::State::Sent};
    QTRY_VERIFY_WITH_TIMEOUT(m_store->count(sentOnly) > run.progress().counts.inFlight, 20000);
    run.stop();
    const BulkSummary summary = runToEnd(run);
    QVERIFY(!summary.cancelled);
    int accepted = 0, pending = 0;
    for (const Submission &s : m_store->byRun(run.runId())) {
        if (s.state == Submission::State::Accepted) {
            ++accepted;
            QCOMPARE(m_sim->createdCount(s.customerId), 1);
        } else {
            QCOMPARE(Submission::stateName(s.state), u"pending"_s);
            QCOMPARE(m_sim->createdCount(s.customerId), 0);
            ++pending;
        }
    }
    QVERIFY(pending > 0);
    QCOMPARE(accepted + pending, 40);
    QCOMPARE(m_sim->requestCount(u"POST"_s, kPostPath), accepted);
    QCOMPARE(m_store->unfinishedRuns().value(0), run.runId());
}

void TestBulkRun::cancelWhileStoringEndsTheRun()
{
    constexpr int count = 400; // written as rows in several parts after start()
    BulkRun run(m_service.get());
    QVERIFY(run.start(rows(count)));
    QCOMPARE(run.state(), BulkRun::State::Running);
    run.cancel(); // before anything left, with rows still being written
    const BulkSummary summary = runToEnd(run, 20000);
    QCOMPARE(run.state(), BulkRun::State::Finished);
    QVERIFY(summary.cancelled);
    QCOMPARE(summary.counts.failed, count);
    QCOMPARE(m_sim->requestCount(u"POST"_s, kPostPath), 0);
    // What was written is recorded as never sent; nothing stays pending, nothing stays kept, and
    // there is nothing to resume.
    const QList<Submission> stored = m_store->byRun(run.runId());
    QVERIFY(!stored.isEmpty());
    for (const Submission &s : stored) {
        QCOMPARE(s.state, Submission::State::Failed);
        QCOMPARE(s.errorCode, u"cancelled"_s);
    }
    QVERIFY(m_store->keptRows(run.runId()).isEmpty());
    QVERIFY(m_store->unfinishedRuns().isEmpty());
}

void TestBulkRun::interruptedWhileStoringResumesEveryRow()
{
    constexpr int count = 400;
    slowPosts(20);
    QString runId;
    {
        BulkRun run(m_service.get());
        QVERIFY(run.start(rows(count)));
        runId = run.runId();
        // The program ends at once: the first rows are written, the others only kept (a part
        // being written may land). Nothing of the run may be lost.
    }
    dropService();
    makeService();
    const int writtenBefore = int(m_store->byRun(runId).size());
    QVERIFY(writtenBefore < count);
    QVERIFY(!m_store->keptRows(runId).isEmpty());
    QCOMPARE(m_store->unfinishedRuns().value(0), runId);

    BulkRun resumed(m_service.get());
    QVERIFY2(resumed.resumeRun(runId), qPrintable(resumed.errorString()));
    QVERIFY(m_store->keptRows(runId).isEmpty()); // written as rows before anything was sent
    QCOMPARE(m_store->byRun(runId).size(), count);
    const BulkSummary summary = runToEnd(resumed, 60000);
    QCOMPARE(summary.counts.accepted, count);
    verifyExactlyOnce(runId, count);
    QCOMPARE(m_sim->requestCount(u"POST"_s, kPostPath), count);
    QSet<int> lines;
    for (const Submission &s : m_store->byRun(runId))
        lines.insert(s.runLine);
    QCOMPARE(lines.size(), count); // every input line once
}

void TestBulkRun::expiredSignInPausesTheRun()
{
    slowPosts(20);
    BulkRun run(m_service.get());
    QSignalSpy attention(&run, &BulkRun::attentionNeeded);
    QVERIFY(run.start(rows(30)));
    QTRY_VERIFY_WITH_TIMEOUT(run.progress().counts.accepted >= 3, 20000);
    m_sim->expireAccessTokens(); // the fixed token cannot be refreshed
    QTRY_COMPARE_WITH_TIMEOUT(run.state(), BulkRun::State::Paused, 20000);
    QVERIFY(attention.count() >= 1);
    QTRY_COMPARE_WITH_TIMEOUT(run.progress().counts.inFlight, 0, 20000);
    QCOMPARE(run.progress().counts.failed, 0); // rows wait for the new sign-in, not failed
    m_tokens->setToken(m_sim->issueAccessToken());
    run.resume();
    const BulkSummary summary = runToEnd(run);
    QCOMPARE(summary.counts.accepted, 30);
    verifyExactlyOnce(run.runId(), 30);
}

void TestBulkRun::resumeAfterAnInterruptedRun()
{
    slowPosts(50);
    QString runId;
    {
        BulkRun run(m_service.get());
        QVERIFY(run.start(rows(30)));
        runId = run.runId();
        QTRY_VERIFY_WITH_TIMEOUT(run.progress().counts.accepted >= 5, 20000);
        // The window closes mid-run: the engine and the service go away with requests in flight.
    }
    dropService();
    makeService();
    int unfinished = 0;
    int mayHaveArrived = 0;
    for (const Submission &s : m_store->byRun(runId)) {
        unfinished += s.state == Submission::State::Accepted ? 0 : 1;
        mayHaveArrived += s.state == Submission::State::Sent ? 1 : 0;
    }
    QVERIFY(unfinished > 0);
    const int readsBefore = m_sim->requestCount(u"GET"_s, kPostPath);
    QCOMPARE(m_store->unfinishedRuns().value(0), runId);

    BulkRun resumed(m_service.get());
    QVERIFY(resumed.resumeRun(runId));
    QCOMPARE(resumed.runId(), runId);
    const BulkSummary summary = runToEnd(resumed);
    QCOMPARE(summary.counts.accepted, 30);
    verifyExactlyOnce(runId, 30);
    // Rows that were on the wire were settled by reading before anything was sent again.
    QVERIFY(m_sim->requestCount(u"GET"_s, kPostPath) - readsBefore >= mayHaveArrived);
    QVERIFY(m_store->unfinishedRuns().isEmpty());

    BulkRun unknownRun(m_service.get());
    QVERIFY(!unknownRun.resumeRun(u"no-such-run"_s));
    QVERIFY(unknownRun.errorString().contains(u"no-such-run"_s));
}

void TestBulkRun::unwritableHistorySendsNothing()
{
    m_store->close();
    BulkRun run(m_service.get());
    QVERIFY(!run.start(rows(10)));
    QVERIFY(!run.errorString().isEmpty());
    QCOMPARE(m_sim->requestCount(u"POST"_s, kPostPath), 0);

    BulkRun empty(m_service.get());
    QVERIFY(!empty.start(BulkValidator::validate({{2, u"x"_s, u"soe"_s, {}, {}, {}, {}}})));
}

void TestBulkRun::historyLockedMidRunPausesAndLosesNothing()
{
    m_busyTimeoutMs = 150;
    dropService();
    makeService();
    slowPosts(30);
    BulkRun run(m_service.get());
    QSignalSpy attention(&run, &BulkRun::attentionNeeded);
    QVERIFY(run.start(rows(30)));
    QTRY_VERIFY_WITH_TIMEOUT(run.progress().counts.accepted >= 3, 20000);
    // Another program holds the history: the answers that arrive now cannot be written.
    auto other = std::make_unique<test::RawConnection>(m_store->filePath());
    QVERIFY(other->exec(u"BEGIN EXCLUSIVE"_s));
    QVERIFY(other->exec(u"UPDATE schema_version SET version = version"_s));
    QTRY_COMPARE_WITH_TIMEOUT(run.state(), BulkRun::State::Paused, 20000);
    QVERIFY(attention.count() >= 1);
    QVERIFY2(attention.at(0).at(0).toString().contains(u"history"_s),
             qPrintable(attention.at(0).at(0).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(run.progress().counts.inFlight, 0, 20000);
    const int postsWhilePaused = m_sim->requestCount(u"POST"_s, kPostPath);
    roundTrip();
    QCOMPARE(m_sim->requestCount(u"POST"_s, kPostPath), postsWhilePaused); // paused means nothing leaves
    // No request left without its row marked sent first, not even while the marks could not
    // be written: after a crash now, a pending row could be sent again without a look.
    for (const auto &request : m_sim->recordedRequests()) {
        if (request.method != u"POST"_s)
            continue;
        QSqlQuery q(other->db());
        q.prepare(u"SELECT state FROM submissions WHERE request_id = ?"_s);
        q.addBindValue(QString::fromLatin1(request.header("MS-RequestId")));
        QVERIFY(q.exec() && q.next());
        QVERIFY2(q.value(0).toString() != u"pending"_s, request.header("MS-RequestId").constData());
    }
    QVERIFY(other->exec(u"ROLLBACK"_s));
    other.reset();
    run.resume();
    const BulkSummary summary = runToEnd(run);
    QCOMPARE(summary.counts.accepted, 30);
    // The answers held back while the history was locked were written afterwards.
    verifyExactlyOnce(run.runId(), 30);
}

void TestBulkRun::progressIsThrottledAndExportWorks()
{
    BulkRun run(m_service.get());
    QSignalSpy progress(&run, &BulkRun::progressChanged);
    QList<int> changed;
    connect(&run, &BulkRun::rowsChanged, this, [&](const QList<int> &rows) { changed += rows; });
    QElapsedTimer timer;
    timer.start();
    QVERIFY(run.start(rows(100)));
    const BulkSummary summary = runToEnd(run);
    QCOMPARE(summary.counts.accepted, 100);
    // ~10 Hz at most, plus the final report.
    QVERIFY2(progress.count() <= timer.elapsed() / 100 + 3,
             qPrintable(u"%1 reports in %2 ms"_s.arg(progress.count()).arg(timer.elapsed())));
    const auto last = progress.constLast().first().value<BulkProgress>();
    QCOMPARE(last.counts.accepted, 100);
    QCOMPARE(last.counts.queued, 0);
    QCOMPARE(last.etaMs, 0);
    for (int i = 0; i < 100; ++i)
        QVERIFY(changed.contains(i));

    QTemporaryDir dir;
    const QString path = dir.filePath(u"results.csv"_s);
    QString error;
    QVERIFY2(BulkResults::exportCsv(run.results(), path, u';', &error), qPrintable(error));
    const CsvDocument doc = CsvReader::readFile(path);
    QVERIFY2(doc.ok(), qPrintable(doc.error));
    QCOMPARE(doc.delimiter, u';');
    QCOMPARE(doc.records.size(), 101);
    QCOMPARE(doc.records.at(0).fields, BulkResults::csvHeader());
    QCOMPARE(doc.records.at(1).fields.at(7), u"accepted"_s);
    QCOMPARE(doc.records.at(1).fields.at(1), test::bulkCustomerId(0));
    QVERIFY(!BulkResults::exportCsv(run.results(), dir.filePath(u"missing/dir/x.csv"_s), u',', &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestBulkRun)
#include "tst_bulkrun.moc"
