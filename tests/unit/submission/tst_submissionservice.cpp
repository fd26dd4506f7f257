#include "ManualClock.h"
#include "history/SubmissionStore.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h"
#include "submission/SubmissionFlow.h"
#include "submission/SubmissionService.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;

namespace {
const QString kCustomer = u"b37523a5-3b4a-4ee2-8463-513755ac0ecd"_s;

QualificationRequest soe()
{
    QualificationRequest r;
    r.type = QualificationType::StateOwnedEntity;
    return r;
}
} // namespace

// The service's decisions that need no answering server: what is refused before anything is
// stored or sent. A loopback listener counts connection attempts, so "nothing sent" is checked.
class TestSubmissionService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void validRequestConnects();
    void invalidInputStoresAndSendsNothing_data();
    void invalidInputStoresAndSendsNothing();
    void unwritableStoreSendsNothing();
    void closedStoreSendsNothing();
    void findsTheCreatedQualification();
    void messagesAreSentences();

private:
    SubmitResult submitAndWait(const QString &customer, const QualificationRequest &request,
                               qint64 *id = nullptr);
    void expectNothingSent();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QTcpServer> m_listener;
    int m_connections = 0;
    QList<QByteArray> m_requestLines; // the first line of what each connection sent
    std::unique_ptr<test::ManualClock> m_clock;
    std::unique_ptr<SubmissionStore> m_store;
    std::unique_ptr<StaticTokenProvider> m_tokens;
    std::unique_ptr<PartnerCenterClient> m_client;
    std::unique_ptr<SubmissionService> m_service;
};

void TestSubmissionService::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_listener = std::make_unique<QTcpServer>();
    QVERIFY(m_listener->listen(QHostAddress::LocalHost, 0));
    m_connections = 0;
    m_requestLines.clear();
    connect(m_listener.get(), &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_listener->nextPendingConnection()) {
            ++m_connections;
            socket->setParent(m_listener.get());
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                if (socket->property("seen").toBool() || !socket->canReadLine())
                    return;
                socket->setProperty("seen", true);
                m_requestLines.append(socket->readLine().trimmed());
            });
        }
    });
    m_clock = std::make_unique<test::ManualClock>();
    m_store = std::make_unique<SubmissionStore>(m_clock.get());
    m_store->setBusyTimeoutMs(200);
    QVERIFY(m_store->open(m_dir->path()));
    m_tokens = std::make_unique<StaticTokenProvider>(u"test-token"_s);
    ClientConfig config;
    config.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(m_listener->serverPort()));
    config.timeoutMs = 60000;
    m_client = std::make_unique<PartnerCenterClient>(m_tokens.get(), config, m_clock.get());
    m_service = std::make_unique<SubmissionService>(
        m_client.get(), m_store.get(),
        [] {
            return SubmitterIdentity{u"anna.novak@contoso-partner.example"_s, u"contoso-partner"_s};
        },
        m_clock.get());
}

void TestSubmissionService::cleanup()
{
    m_service.reset();
    m_client.reset();
    m_tokens.reset();
    m_store.reset();
    m_listener.reset();
}

SubmitResult TestSubmissionService::submitAndWait(const QString &customer,
                                                  const QualificationRequest &request, qint64 *id)
{
    SubmitResult result;
    bool called = false;
    const qint64 rowId = m_service->submit(qd::TenantId::fromText(customer), u"Customer"_s, request, this,
                                           [&](const SubmitResult &r) {
                                               result = r;
                                               called = true;
                                           });
    if (id)
        *id = rowId;
    // Refusals are reported before submit() returns: nothing can have been sent.
    if (!called)
        qFatal("expected a synchronous refusal");
    return result;
}

// A request of our own through the client's network after the refusal: it leaves behind
// anything the refused submission could have queued, so once the listener has read it, a stray
// request would have been read too.
void TestSubmissionService::expectNothingSent()
{
    QNetworkAccessManager *network = m_client->network();
    QVERIFY(network);
    QNetworkReply *sentinel =
        network->get(QNetworkRequest(QUrl(u"http://127.0.0.1:%1/sentinel"_s.arg(m_listener->serverPort()))));
    const auto sentinelSeen = [this] {
        for (const QByteArray &line : std::as_const(m_requestLines)) {
            if (line.contains("/sentinel"))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sentinelSeen(), 15000);
    sentinel->abort();
    sentinel->deleteLater();
    QCOMPARE(m_requestLines.size(), 1);
    QCOMPARE(m_connections, 1);
}

void TestSubmissionService::validRequestConnects()
{
    // The control for the tests below: a valid request does reach the listener, and its row is
    // committed (with the user and a request ID) before that.
    QSignalSpy added(m_service.get(), &SubmissionService::submissionAdded);
    const qint64 id = m_service->submit(qd::TenantId::fromText(kCustomer), u"Customer"_s, soe(), this,
                                        [](const SubmitResult &) {});
    QVERIFY(id > 0);
    QCOMPARE(added.size(), 1);
    const Submission row = *m_store->get(id);
    QCOMPARE(row.state, Submission::State::Pending);
    QCOMPARE(row.user, u"anna.novak@contoso-partner.example"_s);
    QCOMPARE(row.partnerTenant, u"contoso-partner"_s);
    QVERIFY(!row.requestId.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_connections > 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_store->get(id)->state, Submission::State::Sent, 10000);
}

void TestSubmissionService::invalidInputStoresAndSendsNothing_data()
{
    QTest::addColumn<QString>("customer");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("code");
    QTest::newRow("not a GUID") << u"contoso.onmicrosoft.com"_s << int(QualificationType::StateOwnedEntity)
                                << QString();
    QTest::newRow("Nonprofit") << kCustomer << int(QualificationType::Nonprofit) << QString();
    QTest::newRow("None") << kCustomer << int(QualificationType::None) << QString();
    QTest::newRow("education without segment") << kCustomer << int(QualificationType::Education) << QString();
    QTest::newRow("GCC without code")
        << kCustomer << int(QualificationType::GovernmentCommunityCloud) << QString();
}

void TestSubmissionService::invalidInputStoresAndSendsNothing()
{
    QFETCH(QString, customer);
    QFETCH(int, type);
    QFETCH(QString, code);
    QualificationRequest request;
    request.type = QualificationType(type);
    request.validationCode = code;
    qint64 id = -1;
    const SubmitResult result = submitAndWait(customer, request, &id);
    QCOMPARE(id, 0);
    QVERIFY(!result.inputIssues.isEmpty());
    QVERIFY(result.nothingSent());
    QVERIFY(!result.ok());
    QVERIFY(!result.userMessage().isEmpty());
    QCOMPARE(m_store->count(), 0);
    expectNothingSent();
}

void TestSubmissionService::unwritableStoreSendsNothing()
{
    // Another program holds the write lock: the row cannot be committed, so nothing is sent.
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"other"_s);
        other.setDatabaseName(m_store->filePath());
        QVERIFY(other.open());
        QSqlQuery q(other);
        QVERIFY(q.exec(u"BEGIN EXCLUSIVE"_s));
        QVERIFY(q.exec(u"DELETE FROM customers"_s));
        qint64 id = -1;
        const SubmitResult result = submitAndWait(kCustomer, soe(), &id);
        QCOMPARE(id, 0);
        QCOMPARE(result.storeError.kind, StoreError::Kind::Locked);
        QVERIFY(result.nothingSent());
        QVERIFY(result.userMessage().contains(result.storeError.message));
        QVERIFY(result.userMessage().size() > result.storeError.message.size()); // says nothing was sent
        QVERIFY(q.exec(u"ROLLBACK"_s));
    }
    QSqlDatabase::removeDatabase(u"other"_s);
    QCOMPARE(m_store->count(), 0);
    expectNothingSent();
}

void TestSubmissionService::closedStoreSendsNothing()
{
    m_store->close();
    qint64 id = -1;
    const SubmitResult result = submitAndWait(kCustomer, soe(), &id);
    QCOMPARE(id, 0);
    QCOMPARE(result.storeError.kind, StoreError::Kind::NotOpen);
    expectNothingSent();
}

void TestSubmissionService::findsTheCreatedQualification()
{
    const QDateTime submitted(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
    CustomerQualification old{u"Education"_s, u"Approved"_s, {}, submitted.addDays(-30)};
    CustomerQualification fresh{u"Education"_s, u"InReview"_s, {}, submitted.addSecs(2)};
    CustomerQualification skewed{u"Education"_s, u"InReview"_s, {}, submitted.addSecs(-120)};
    CustomerQualification soeEntry{u"StateOwnedEntity"_s, {}, {}, {}};
    QVERIFY(!SubmissionFlow::findCreated({old}, QualificationType::Education, submitted).has_value());
    QCOMPARE(
        SubmissionFlow::findCreated({old, fresh}, QualificationType::Education, submitted)->vettingStatus,
        u"InReview"_s);
    QVERIFY(SubmissionFlow::findCreated({skewed}, QualificationType::Education, submitted).has_value());
    QVERIFY(!SubmissionFlow::findCreated({soeEntry}, QualificationType::Education, submitted).has_value());
    QVERIFY(
        SubmissionFlow::findCreated({soeEntry}, QualificationType::StateOwnedEntity, submitted).has_value());
    QVERIFY(SubmissionFlow::findCreated({old}, QualificationType::Education, {}).has_value());
}

void TestSubmissionService::messagesAreSentences()
{
    SubmitResult accepted;
    accepted.submission.id = 1;
    accepted.submission.companyName = u"Masarykova univerzita"_s;
    accepted.submission.request.type = QualificationType::Education;
    accepted.submission.request.segment = EducationSegment::HigherEducation;
    accepted.submission.state = Submission::State::Accepted;
    accepted.submission.vettingStatus = u"InReview"_s;
    QVERIFY(accepted.ok());
    QVERIFY(accepted.userMessage().contains(u"Masarykova univerzita"_s));

    SubmitResult rejected = accepted;
    rejected.submission.state = Submission::State::Rejected;
    rejected.submission.errorMessage = u"Partner Center refused: Customer tagging denied."_s;
    QCOMPARE(rejected.userMessage(), rejected.submission.errorMessage);

    RefreshSummary summary;
    summary.checked = 3;
    QVERIFY(!summary.text().isEmpty());
    summary.changes.append({1, kCustomer, u"Brno"_s, Submission::State::Accepted, Submission::State::Accepted,
                            u"InReview"_s, u"Approved"_s});
    QVERIFY(summary.text().contains(u"Brno"_s));
    QVERIFY(summary.text().contains(Qualifications::displayName(VettingStatus::Approved)));
    QVERIFY(summary.text().contains(Qualifications::displayName(VettingStatus::InReview)));
}

QTEST_GUILESS_MAIN(TestSubmissionService)
#include "tst_submissionservice.moc"
