#include "SeedFixtures.h"
#include "Sentinel.h"
#include "Simulator.h"
#include "directory/CustomerDirectory.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h"
#include "submission/BulkPreflight.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;
namespace fx = qd::sim::fixtures;

namespace {
BulkRow row(int line, const QString &tenant, const QString &qualification, const QString &segment = {},
            const QString &code = {})
{
    return {line, tenant, qualification, segment, {}, code, {}};
}

QList<BulkProblem::Kind> kinds(const CheckedRow &c)
{
    QList<BulkProblem::Kind> out;
    for (const BulkProblem &p : c.problems)
        out.append(p.kind);
    return out;
}
} // namespace

// The read pass before a run: customers that already hold the qualification, GCC codes that are
// unknown or used up, and reads that fail. Sends nothing.
class TestBulkPreflight : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_sim = std::make_unique<sim::Simulator>();
        QVERIFY(m_sim->listen());
        m_tokens = std::make_unique<StaticTokenProvider>(m_sim->issueAccessToken());
        ClientConfig config;
        config.baseUrl = m_sim->baseUrl();
        config.maxRetries = 1;
        config.retryBaseDelayMs = 10;
        config.retryMaxDelayMs = 20;
        m_client = std::make_unique<PartnerCenterClient>(m_tokens.get(), config);
    }
    void cleanup()
    {
        m_client.reset();
        m_tokens.reset();
        m_sim.reset();
    }

    void flagsWhatPartnerCenterAlreadyHas()
    {
        const QList<CheckedRow> checked = BulkValidator::validate({
            row(2, fx::kCustomerEducationApproved, u"Education"_s, u"K12"_s), // holds it
            row(3, fx::kCustomerEducationApproved, u"soe"_s),                 // does not
            row(4, fx::kCustomerSoe, u"StateOwnedEntity"_s),                  // holds it
            row(5, fx::kCustomerNoQualification, u"gcc"_s, {}, fx::kValidationCodeLastUse),
            row(6, fx::kCustomerNoQualification2, u"gcc"_s, {},
                fx::kValidationCodeLastUse), // used up by line 5
            row(7, fx::kCustomerNoQualification3, u"gcc"_s, {}, fx::kValidationCodeUnknown),
            row(8, fx::kCustomerVettingWillBeDenied, u"gcc"_s, {}, fx::kValidationCodeExhausted),
            row(9, fx::kUnknownCustomer, u"soe"_s), // 404: read fails
            row(10, u"bad"_s, u"soe"_s),            // invalid: not read
        });
        CustomerDirectory directory(m_client.get());
        ValidationCodeSource codes(m_client.get());
        BulkPreflight preflight(&directory, &codes);
        preflight.setConcurrency(2);
        QSignalSpy finished(&preflight, &BulkPreflight::finished);
        QSignalSpy progress(&preflight, &BulkPreflight::progress);
        preflight.start(checked);
        QVERIFY(finished.wait(20000));
        QVERIFY(!preflight.isRunning());
        const QList<CheckedRow> &out = preflight.rows();
        QCOMPARE(out.size(), 9);
        using K = BulkProblem::Kind;
        QCOMPARE(kinds(out.at(0)), QList<K>{K::AlreadyHeld});
        QVERIFY(out.at(0).problems.first().message.contains(u"Approved"_s));
        QCOMPARE(out.at(0).problems.first().line, 2);
        QVERIFY(out.at(1).problems.isEmpty());
        QCOMPARE(kinds(out.at(2)), QList<K>{K::AlreadyHeld});
        QVERIFY(out.at(3).problems.isEmpty());
        QCOMPARE(kinds(out.at(4)), QList<K>{K::CodeProblem});
        QCOMPARE(kinds(out.at(5)), QList<K>{K::CodeProblem});
        QCOMPARE(kinds(out.at(6)), QList<K>{K::CodeProblem});
        QCOMPARE(kinds(out.at(7)), QList<K>{K::CheckFailed});
        QVERIFY(out.at(7).isValid()); // a failed read does not block the row
        QCOMPARE(kinds(out.at(8)), QList<K>{K::Invalid});
        // 7 distinct valid customers + the validation codes.
        QCOMPARE(progress.count(), 8);
        QCOMPARE(progress.constLast().at(0).toInt(), 8);
        QCOMPARE(progress.constLast().at(1).toInt(), 8);
        QCOMPARE(m_sim->requestCount(u"POST"_s, {}), 0);
        QCOMPARE(m_sim->requestCount(u"GET"_s, u"/v1/customers/*/qualifications"_s), 7);
    }

    void nothingValidFinishesAtOnce()
    {
        CustomerDirectory directory(m_client.get());
        ValidationCodeSource codes(m_client.get());
        BulkPreflight preflight(&directory, &codes);
        QSignalSpy finished(&preflight, &BulkPreflight::finished);
        preflight.start(BulkValidator::validate({row(2, u"x"_s, u"soe"_s)}));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(m_sim->requestCount(u"GET"_s, {}), 0);
    }

    void cancelStopsReading()
    {
        QList<BulkRow> input;
        for (int i = 0; i < 5; ++i)
            input.append(
                row(i + 2, fx::kCustomerNoQualification, i % 2 ? u"soe"_s : u"gcc"_s, {}, u"582641"_s));
        sim::Fault slow;
        slow.kind = sim::Fault::Kind::Latency;
        slow.latencyMs = 300;
        m_sim->addFault(slow);
        CustomerDirectory directory(m_client.get());
        ValidationCodeSource codes(m_client.get());
        BulkPreflight preflight(&directory, &codes);
        QSignalSpy finished(&preflight, &BulkPreflight::finished);
        preflight.start(BulkValidator::validate(input));
        QVERIFY(preflight.isRunning());
        preflight.cancel();
        QVERIFY(!preflight.isRunning());
        // The answers arrive and must be ignored. A later read through the same client is
        // delayed like them and leaves after them, so once it is answered they have all come.
        CustomerDirectory later(m_client.get());
        bool laterAnswered = false;
        later.customer(qd::TenantId::fromText(fx::kCustomerNoQualification2), this,
                       [&laterAnswered](const auto &) { laterAnswered = true; });
        QTRY_VERIFY_WITH_TIMEOUT(laterAnswered, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(m_sim->inFlight(), 0, 15000);
        QVERIFY(qd::test::waitForPostedEvents());
        QCOMPARE(finished.count(), 0);
    }

private:
    std::unique_ptr<sim::Simulator> m_sim;
    std::unique_ptr<StaticTokenProvider> m_tokens;
    std::unique_ptr<PartnerCenterClient> m_client;
};

QTEST_GUILESS_MAIN(TestBulkPreflight)
#include "tst_bulkpreflight.moc"
