#include "SeedFixtures.h"
#include "Sentinel.h"
#include "Simulator.h"
#include "history/SubmissionStore.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h"
#include "submission/SubmissionService.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;
namespace fx = qd::sim::fixtures;

namespace {
const QString kQualificationsPath = u"/v1/customers/*/qualifications"_s;

QualificationRequest education()
{
    QualificationRequest r;
    r.type = QualificationType::Education;
    r.segment = EducationSegment::HigherEducation;
    r.website = u"vut.cz"_s;
    return r;
}

QualificationRequest soe()
{
    QualificationRequest r;
    r.type = QualificationType::StateOwnedEntity;
    return r;
}

sim::Fault fault(sim::Fault::Kind kind, const QString &method, int times = -1)
{
    sim::Fault f;
    f.kind = kind;
    f.method = method;
    f.pathPattern = kQualificationsPath;
    f.times = times;
    return f;
}
} // namespace

// The submission service end to end against the in-process simulator.
class TestSubmissionFlow : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void rowIsCommittedBeforeThePostArrives();
    void refusalIsRecordedWithTheServersReason();
    void duplicateIsRefused();
    void lostAnswerOnEveryAttemptIsSettledByRereading();
    void lostAnswerAndFailedRereadStaysUnknownThenRefreshSettles();
    void lockedStoreSendsNoPost();
    void refreshMovesInReviewToApproved();
    void refreshRespectsThrottling();
    void retryOfUnknownUsesTheOriginalRequestId();

private:
    SubmitResult submitAndWait(const QString &customer, const QString &name,
                               const QualificationRequest &request);
    RefreshSummary refreshAndWait();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sim::Simulator> m_sim;
    std::unique_ptr<SubmissionStore> m_store;
    std::unique_ptr<StaticTokenProvider> m_tokens;
    std::unique_ptr<PartnerCenterClient> m_client;
    std::unique_ptr<SubmissionService> m_service;
};

void TestSubmissionFlow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    sim::SimulatorOptions options;
    options.vettingDelayMs = 3600 * 1000; // vetting moves only when a test says so
    m_sim = std::make_unique<sim::Simulator>(options);
    QVERIFY2(m_sim->listen(), qPrintable(m_sim->errorString()));
    m_store = std::make_unique<SubmissionStore>();
    m_store->setBusyTimeoutMs(300);
    QVERIFY(m_store->open(m_dir->path()));
    m_tokens = std::make_unique<StaticTokenProvider>(m_sim->issueAccessToken());
    ClientConfig config;
    config.baseUrl = m_sim->baseUrl();
    config.timeoutMs = 10000;
    config.maxRetries = 2;
    config.retryBaseDelayMs = 20;
    config.retryMaxDelayMs = 100;
    m_client = std::make_unique<PartnerCenterClient>(m_tokens.get(), config);
    m_service = std::make_unique<SubmissionService>(m_client.get(), m_store.get(), [] {
        return SubmitterIdentity{fx::kDefaultUpn, fx::kPartnerTenantId};
    });
}

void TestSubmissionFlow::cleanup()
{
    m_service.reset();
    m_client.reset();
    m_tokens.reset();
    m_store.reset();
    m_sim.reset();
    m_dir.reset();
}

SubmitResult TestSubmissionFlow::submitAndWait(const QString &customer, const QString &name,
                                               const QualificationRequest &request)
{
    SubmitResult result;
    bool done = false;
    m_service->submit(qd::TenantId::fromText(customer), name, request, this, [&](const SubmitResult &r) {
        result = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 30000))
        qWarning("submission did not finish");
    return result;
}

RefreshSummary TestSubmissionFlow::refreshAndWait()
{
    QSignalSpy finished(m_service.get(), &SubmissionService::refreshFinished);
    m_service->refreshStatuses();
    if (!finished.wait(30000))
        qWarning("refresh did not finish");
    return finished.isEmpty() ? RefreshSummary{} : finished.first().first().value<RefreshSummary>();
}

void TestSubmissionFlow::rowIsCommittedBeforeThePostArrives()
{
    sim::Fault slow = fault(sim::Fault::Kind::Latency, u"POST"_s, 1);
    slow.latencyMs = 1500;
    m_sim->addFault(slow);
    bool done = false;
    SubmitResult result;
    const qint64 id =
        m_service->submit(qd::TenantId::fromText(fx::kCustomerNoQualification),
                          fx::kCustomerNoQualificationName, soe(), this, [&](const SubmitResult &r) {
                              result = r;
                              done = true;
                          });
    QVERIFY(id > 0);
    // The moment the simulator has the POST, the row is already in the file (a fresh
    // connection sees it) and not yet settled.
    QTRY_COMPARE_WITH_TIMEOUT(m_sim->requestCount(u"POST"_s, kQualificationsPath), 1, 10000);
    QVERIFY(!done);
    SubmissionStore reader;
    QVERIFY(reader.open(m_dir->path()));
    const std::optional<Submission> inFlight = reader.get(id);
    QVERIFY(inFlight.has_value());
    QVERIFY(inFlight->state == Submission::State::Pending || inFlight->state == Submission::State::Sent);
    QCOMPARE(reader.recoveredAtOpen(), 0); // a live writer's row is left alone
    const auto posts = m_sim->recordedRequests();
    QCOMPARE(QString::fromLatin1(posts.last().header("MS-RequestId")), inFlight->requestId);

    QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
    QVERIFY2(result.ok(), qPrintable(result.userMessage()));
    const Submission row = *m_store->get(id);
    QCOMPARE(row.state, Submission::State::Accepted);
    QVERIFY(row.httpStatus == 200 || row.httpStatus == 201);
    QCOMPARE(row.user, fx::kDefaultUpn);
    QCOMPARE(row.companyName, fx::kCustomerNoQualificationName);
    QVERIFY(!row.correlationId.isEmpty());
    QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification), 1);
}

void TestSubmissionFlow::refusalIsRecordedWithTheServersReason()
{
    const SubmitResult result = submitAndWait(fx::kCustomerTaggingDenied, u"Litware Inc."_s, education());
    QCOMPARE(result.submission.state, Submission::State::Rejected);
    QCOMPARE(result.apiError.kind, ApiError::Kind::Rejected);
    const Submission row = *m_store->get(result.submission.id);
    QCOMPARE(row.state, Submission::State::Rejected);
    QCOMPARE(row.httpStatus, 400);
    QVERIFY2(row.errorMessage.contains(fx::kTaggingDeniedBody), qPrintable(row.errorMessage));
    QCOMPARE(m_sim->createdCount(fx::kCustomerTaggingDenied), 0);
}

void TestSubmissionFlow::duplicateIsRefused()
{
    QualificationRequest r = education();
    const SubmitResult result =
        submitAndWait(fx::kCustomerEducationApproved, fx::kCustomerEducationApprovedName, r);
    QCOMPARE(result.submission.state, Submission::State::Rejected);
    QCOMPARE(m_store->get(result.submission.id)->httpStatus, 409);
}

void TestSubmissionFlow::lostAnswerOnEveryAttemptIsSettledByRereading()
{
    m_sim->addFault(fault(sim::Fault::Kind::DropAfterWork, u"POST"_s));
    const SubmitResult result =
        submitAndWait(fx::kCustomerNoQualification2, u"Brno City Municipality"_s, education());
    QVERIFY2(result.ok(), qPrintable(result.userMessage()));
    const Submission row = *m_store->get(result.submission.id);
    QCOMPARE(row.state, Submission::State::Accepted);
    QCOMPARE(row.vettingStatus, u"InReview"_s);
    QVERIFY(row.vettingCreateDate.isValid());
    QVERIFY(m_sim->requestCount(u"GET"_s, kQualificationsPath) >= 1); // settled by reading, not guessed
    QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification2), 1);
    // Every POST attempt carried the same MS-RequestId: the stored one.
    for (const auto &request : m_sim->recordedRequests()) {
        if (request.method == "POST"_L1)
            QCOMPARE(QString::fromLatin1(request.header("MS-RequestId")), row.requestId);
    }
}

void TestSubmissionFlow::lostAnswerAndFailedRereadStaysUnknownThenRefreshSettles()
{
    m_sim->addFault(fault(sim::Fault::Kind::DropAfterWork, u"POST"_s));
    sim::Fault broken = fault(sim::Fault::Kind::ServerError, u"GET"_s);
    broken.status = 503;
    m_sim->addFault(broken);
    const SubmitResult result =
        submitAndWait(fx::kCustomerNoQualification3, u"Brno Regional Hospital"_s, soe());
    QCOMPARE(result.submission.state, Submission::State::Unknown);
    QVERIFY(!result.userMessage().isEmpty());
    QCOMPARE(m_store->get(result.submission.id)->state, Submission::State::Unknown);
    QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification3), 1);

    m_sim->clearFaults();
    const RefreshSummary summary = refreshAndWait();
    QCOMPARE(summary.changes.size(), 1);
    QCOMPARE(summary.changes.first().fromState, Submission::State::Unknown);
    QCOMPARE(summary.changes.first().toState, Submission::State::Accepted);
    QCOMPARE(m_store->get(result.submission.id)->state, Submission::State::Accepted);
    QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification3), 1);
}

void TestSubmissionFlow::lockedStoreSendsNoPost()
{
    QSqlDatabase other = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"locker"_s);
    other.setDatabaseName(m_store->filePath());
    QVERIFY(other.open());
    {
        QSqlQuery q(other);
        QVERIFY(q.exec(u"BEGIN EXCLUSIVE"_s));
        QVERIFY(q.exec(u"DELETE FROM customers"_s));
        const SubmitResult result = submitAndWait(fx::kCustomerNoQualification, u"x"_s, soe());
        QCOMPARE(result.storeError.kind, StoreError::Kind::Locked);
        QVERIFY(result.nothingSent());
        QVERIFY(!result.userMessage().isEmpty());
        QVERIFY(q.exec(u"ROLLBACK"_s));
    }
    other.close();
    other = {};
    QSqlDatabase::removeDatabase(u"locker"_s);
    QCOMPARE(m_store->count(), 0);
    // A later submission through the same service and network is the sentinel: a stray POST
    // of the refused one would have reached the simulator before this one was answered. Only
    // this one POST arrives and only it created a qualification.
    const SubmitResult later = submitAndWait(fx::kCustomerNoQualification, u"x"_s, soe());
    QVERIFY2(later.ok(), qPrintable(later.userMessage()));
    QCOMPARE(m_sim->requestCount(u"POST"_s, kQualificationsPath), 1);
    QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification), 1);
    QCOMPARE(m_store->count(), 1);
}

void TestSubmissionFlow::refreshMovesInReviewToApproved()
{
    const SubmitResult result =
        submitAndWait(fx::kCustomerNoQualification, fx::kCustomerNoQualificationName, education());
    QVERIFY2(result.ok(), qPrintable(result.userMessage()));
    QCOMPARE(result.submission.vettingStatus, u"InReview"_s);

    RefreshSummary summary = refreshAndWait(); // nothing has changed yet
    QCOMPARE(summary.checked, 1);
    QVERIFY(summary.changes.isEmpty());

    m_sim->settleVettingNow();
    QSignalSpy progress(m_service.get(), &SubmissionService::refreshProgress);
    QSignalSpy changed(m_service.get(), &SubmissionService::submissionChanged);
    summary = refreshAndWait();
    QCOMPARE(summary.changes.size(), 1);
    QCOMPARE(summary.changes.first().fromVetting, u"InReview"_s);
    QCOMPARE(summary.changes.first().toVetting, u"Approved"_s);
    QVERIFY(summary.text().contains(fx::kCustomerNoQualificationName));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toInt(), progress.last().at(1).toInt());
    QVERIFY(!changed.isEmpty());
    const Submission row = *m_store->get(result.submission.id);
    QCOMPARE(row.vettingStatus, u"Approved"_s);
    QCOMPARE(row.previousVettingStatus, u"InReview"_s);
    QVERIFY(row.vettingChangedAt.isValid());
    QVERIFY(!row.changeSummary(QDateTime::currentDateTimeUtc()).isEmpty());
    QVERIFY(!row.isUnsettled());
    // Settled rows are not read again.
    summary = refreshAndWait();
    QCOMPARE(summary.checked, 0);
}

void TestSubmissionFlow::refreshRespectsThrottling()
{
    // Several customers with a submission in review; the first read is throttled.
    const QStringList customers{fx::kCustomerNoQualification, fx::kCustomerNoQualification2,
                                fx::kCustomerNoQualification3, fx::kCustomerVettingWillBeDenied};
    for (const QString &customer : customers)
        QVERIFY(submitAndWait(customer, {}, education()).ok());
    m_sim->settleVettingNow();
    sim::Fault throttle = fault(sim::Fault::Kind::Throttle, u"GET"_s, 1);
    throttle.retryAfterSeconds = 2;
    m_sim->addFault(throttle);
    m_service->setRefreshConcurrency(2);
    const int getsBefore = m_sim->requestCount(u"GET"_s, kQualificationsPath);
    QSignalSpy progress(m_service.get(), &SubmissionService::refreshProgress);
    QSignalSpy finished(m_service.get(), &SubmissionService::refreshFinished);
    m_service->refreshStatuses();
    // Two reads start; one is throttled for 2 s. While it waits, at most the one read that may
    // have finished before the 429 arrived is followed by another: never all four.
    QTRY_VERIFY_WITH_TIMEOUT(progress.size() >= 2, 10000); // (0, 4), then the first read done
    // Nothing marks the end of the product's Retry-After pause but its own clock: the read
    // queue resumes and the throttled read is replayed at the same moment, in either order.
    QVERIFY(test::expectNoSignal(finished, 500));
    QVERIFY2(m_sim->requestCount(u"GET"_s, kQualificationsPath) - getsBefore <= 3,
             "new reads started while Partner Center was throttling");
    QVERIFY(finished.wait(30000));
    const RefreshSummary summary = finished.first().first().value<RefreshSummary>();
    QCOMPARE(summary.failedReads, 0);
    QCOMPARE(summary.customersRead, customers.size());
    QCOMPARE(summary.changes.size(), customers.size());
    // One read per customer plus the throttled attempt's replay.
    QCOMPARE(m_sim->requestCount(u"GET"_s, kQualificationsPath) - getsBefore, customers.size() + 1);
    SubmissionFilter unsettled;
    unsettled.unsettledOnly = true;
    QCOMPARE(m_store->count(unsettled), 0);
}

void TestSubmissionFlow::retryOfUnknownUsesTheOriginalRequestId()
{
    // A row left unknown (for example by a crash before the POST left).
    Submission row;
    row.customerId = fx::kCustomerSoe;
    row.companyName = u"Státní tiskárna cenin"_s;
    row.request = education();
    row.requestId = u"5b0c3f3e-8d53-4c55-9a2c-6f1d5e2b7a10"_s;
    QVERIFY(m_store->insertPending(row));
    row.state = Submission::State::Unknown;
    QVERIFY(m_store->recordOutcome(row));

    SubmitResult result;
    bool done = false;
    m_service->retryUnknown(row.id, this, [&](const SubmitResult &r) {
        result = r;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    QVERIFY2(result.ok(), qPrintable(result.userMessage()));
    QCOMPARE(m_store->get(row.id)->state, Submission::State::Accepted);
    QCOMPARE(m_sim->createdCount(fx::kCustomerSoe), 1);
    const auto requests = m_sim->recordedRequests();
    QCOMPARE(requests.first().method, u"GET"_s); // re-read first
    QCOMPARE(requests.last().method, u"POST"_s);
    QCOMPARE(QString::fromLatin1(requests.last().header("MS-RequestId")), row.requestId);

    // Retrying again changes nothing and sends nothing.
    m_sim->clearRecordedRequests();
    done = false;
    m_service->retryUnknown(row.id, this, [&](const SubmitResult &r) {
        result = r;
        done = true;
    });
    QVERIFY(done);
    QVERIFY(result.ok());
    QVERIFY(m_sim->recordedRequests().isEmpty());
}

QTEST_GUILESS_MAIN(TestSubmissionFlow)
#include "tst_submissionflow.moc"
