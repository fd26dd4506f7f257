#include "CliHarness.h"
#include "SeedFixtures.h"
#include "Simulator.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;
namespace fx = qd::sim::fixtures;

// qualify against an in-process simulator: every qualification kind, human and --json, and every
// exit code with what the simulator saw (bad input sends nothing; refusals carry the reason).
class TestCliQualify : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<qd::sim::Simulator> m_sim;
    std::unique_ptr<CliHarness> m_cli;
    const QString m_posts = u"/v1/customers/*/qualifications"_s;

    CliHarness::Run cli(const QStringList &args) { return m_cli->run(args); }
    int posts() const { return m_sim->requestCount(u"POST"_s, m_posts); }

    QString postedRequestId() const
    {
        for (const auto &r : m_sim->recordedRequests()) {
            if (r.method == "POST"_L1)
                return QString::fromLatin1(r.header("MS-RequestId"));
        }
        return {};
    }

private slots:
    void init()
    {
        m_sim = std::make_unique<qd::sim::Simulator>();
        QVERIFY2(m_sim->listen(), qPrintable(m_sim->errorString()));
        m_cli = std::make_unique<CliHarness>();
        m_cli->useServer(m_sim->baseUrl(), m_sim->issueAccessToken());
    }

    void cleanup()
    {
        m_cli.reset();
        m_sim.reset();
    }

    void educationJson()
    {
        const auto run = cli({u"--json"_s, u"qualify"_s, fx::kCustomerNoQualification, u"education"_s,
                              u"--segment"_s, u"HigherEducation"_s, u"--website"_s, u"zs-husova.cz"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        const QJsonObject o = run.json().object();
        QCOMPARE(o.value(u"qualification"_s).toString(), u"Education"_s);
        QCOMPARE(o.value(u"vettingStatus"_s).toString(), u"InReview"_s);
        QVERIFY(o.value(u"vettingCreateDate"_s).toString().endsWith(u'Z'));
        QVERIFY(!o.value(u"requestId"_s).toString().isEmpty());
        QVERIFY(!o.value(u"correlationId"_s).toString().isEmpty());
        QCOMPARE(o.value(u"requestId"_s).toString(), postedRequestId());
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification), 1);
        QCOMPARE(posts(), 1);

        // The body carried the segment and website the arguments named.
        for (const auto &r : m_sim->recordedRequests()) {
            if (r.method != "POST"_L1)
                continue;
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            QCOMPARE(body.value(u"educationSegment"_s).toString(), u"HigherEducation"_s);
            QCOMPARE(body.value(u"website"_s).toString(), u"zs-husova.cz"_s);
        }
    }

    void educationHumanWithApiName()
    {
        const auto run =
            cli({u"qualify"_s, fx::kCustomerNoQualification2, u"EDUCATION"_s, u"--segment"_s, u"k12"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QVERIFY(run.outText().contains(u"Request ID:"_s));
        QVERIFY(run.outText().contains(postedRequestId()));
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification2), 1);
    }

    void gcc()
    {
        const auto run = cli({u"--json"_s, u"qualify"_s, fx::kCustomerNoQualification3,
                              u"GovernmentCommunityCloud"_s, u"--code"_s, fx::kValidationCodeAvailable});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(run.json().object().value(u"qualification"_s).toString(), u"GovernmentCommunityCloud"_s);
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification3), 1);
    }

    void soe()
    {
        const auto run = cli({u"--json"_s, u"qualify"_s, fx::kCustomerVettingWillBeDenied, u"soe"_s});
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(run.json().object().value(u"qualification"_s).toString(), u"StateOwnedEntity"_s);
        QCOMPARE(m_sim->createdCount(fx::kCustomerVettingWillBeDenied), 1);
    }

    void invalidInputSendsNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("bad GUID") << QStringList{u"qualify"_s, u"1234"_s, u"soe"_s};
        QTest::newRow("missing segment")
            << QStringList{u"qualify"_s, fx::kCustomerNoQualification, u"education"_s};
        QTest::newRow("unknown segment") << QStringList{u"qualify"_s, fx::kCustomerNoQualification,
                                                        u"education"_s, u"--segment"_s, u"PhD"_s};
        QTest::newRow("nonprofit") << QStringList{u"qualify"_s, fx::kCustomerNoQualification, u"Nonprofit"_s};
        QTest::newRow("none") << QStringList{u"qualify"_s, fx::kCustomerNoQualification, u"None"_s};
        QTest::newRow("missing code") << QStringList{u"qualify"_s, fx::kCustomerNoQualification, u"gcc"_s};
        QTest::newRow("unknown word")
            << QStringList{u"qualify"_s, fx::kCustomerNoQualification, u"charity"_s};
        QTest::newRow("bad website") << QStringList{u"qualify"_s,   fx::kCustomerNoQualification,
                                                    u"education"_s, u"--segment"_s,
                                                    u"K12"_s,       u"--website"_s,
                                                    u"a b c"_s};
        QTest::newRow("no qualification") << QStringList{u"qualify"_s, fx::kCustomerNoQualification};
    }

    void invalidInputSendsNothing()
    {
        QFETCH(QStringList, args);
        const auto run = cli(args);
        QVERIFY2(run.exitCode == 2, run.describe());
        QVERIFY(!run.err.isEmpty());
        QVERIFY(run.out.isEmpty());
        QCOMPARE(posts(), 0);
        QCOMPARE(m_sim->recordedRequests().size(), 0); // not even a read
    }

    void duplicateIsRefusedWithTheServersReason()
    {
        const auto run =
            cli({u"qualify"_s, fx::kCustomerEducationApproved, u"education"_s, u"--segment"_s, u"K12"_s});
        QVERIFY2(run.exitCode == 3, run.describe());
        QVERIFY2(run.errText().contains(u"already has the qualification"_s), run.err);
        QVERIFY(run.errText().contains(u"Request ID"_s));
        QCOMPARE(posts(), 1); // refused, never retried
    }

    void exhaustedCodeIsRefused()
    {
        const auto run = cli({u"qualify"_s, fx::kCustomerNoQualification, u"gcc"_s, u"--code"_s,
                              fx::kValidationCodeExhausted});
        QVERIFY2(run.exitCode == 3, run.describe());
        QVERIFY2(run.errText().contains(u"no remaining uses"_s), run.err);
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification), 0);
    }

    void bareStringReasonIsShown()
    {
        const auto run =
            cli({u"qualify"_s, fx::kCustomerTaggingDenied, u"education"_s, u"--segment"_s, u"K12"_s});
        QVERIFY2(run.exitCode == 3, run.describe());
        QVERIFY2(run.errText().contains(fx::kTaggingDeniedBody), run.err);
    }

    void unknownCustomerIsRefusedBeforeSending()
    {
        const auto run = cli({u"qualify"_s, fx::kUnknownCustomer, u"soe"_s});
        QVERIFY2(run.exitCode == 3, run.describe());
        QCOMPARE(posts(), 0);
    }

    void serverFailureOnEveryAttempt()
    {
        qd::sim::Fault fault;
        fault.kind = qd::sim::Fault::Kind::ServerError;
        fault.method = u"POST"_s;
        fault.status = 503;
        m_sim->addFault(fault);
        const auto run = cli({u"qualify"_s, fx::kCustomerNoQualification, u"soe"_s});
        QVERIFY2(run.exitCode == 4, run.describe());
        QVERIFY(!run.err.isEmpty());
        QVERIFY(posts() >= 2); // retried, with one MS-RequestId
        QSet<QByteArray> ids;
        for (const auto &r : m_sim->recordedRequests()) {
            if (r.method == "POST"_L1)
                ids.insert(r.header("MS-RequestId"));
        }
        QCOMPARE(ids.size(), 1);
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification), 0);
    }

    void noTokenMeansNotSignedIn()
    {
        m_cli->unsetEnv(u"QUALDESK_ACCESS_TOKEN"_s);
        const auto run = cli({u"qualify"_s, fx::kCustomerNoQualification, u"soe"_s});
        QVERIFY2(run.exitCode == 5, run.describe());
        QVERIFY(run.errText().contains(u"qualdesk-cli login"_s));
        QCOMPARE(posts(), 0);
    }

    void expiredTokenIsRejected()
    {
        m_sim->expireAccessTokens();
        const auto run = cli({u"qualify"_s, fx::kCustomerNoQualification, u"soe"_s});
        QVERIFY2(run.exitCode == 5, run.describe());
        QVERIFY(run.errText().contains(u"qualdesk-cli login"_s));
        QCOMPARE(m_sim->createdCount(fx::kCustomerNoQualification), 0);
    }

    void tokenWithoutMfaIsRejected()
    {
        m_cli->setEnv(u"QUALDESK_ACCESS_TOKEN"_s, m_sim->issueAccessToken(fx::kDefaultUpn, false));
        const auto run = cli({u"customer"_s, fx::kCustomerNoQualification});
        QVERIFY2(run.exitCode == 5, run.describe());
    }

    void czechServerReason()
    {
        const auto run = cli({u"--lang"_s, u"cs"_s, u"qualify"_s, fx::kCustomerNoQualification, u"gcc"_s,
                              u"--code"_s, fx::kValidationCodeExhausted});
        QVERIFY2(run.exitCode == 3, run.describe());
        // Partner Center answers in the language X-Locale asks for.
        QVERIFY2(run.errText().contains(u"už nemá žádná zbývající použití"_s), run.err);
        for (const auto &r : m_sim->recordedRequests())
            QCOMPARE(r.header("X-Locale"), QByteArray("cs-CZ"));
    }

    void czechValidationError()
    {
        const auto run = cli({u"--lang"_s, u"cs"_s, u"qualify"_s, u"1234"_s, u"soe"_s});
        QVERIFY2(run.exitCode == 2, run.describe());
        const char *source =
            "Invalid tenant ID. Enter a GUID in the form 00000000-0000-0000-0000-000000000000.";
        // The CLI carries the same embedded catalogue the test reads here.
        QTranslator czech;
        const bool translated = czech.load(u":/i18n/qualdesk_cs.qm"_s) &&
                                !czech.translate("QualificationRequest", source).isEmpty();
        const QString expected =
            translated ? czech.translate("QualificationRequest", source) : QString::fromUtf8(source);
        QVERIFY2(run.errText().contains(expected), run.err);
        if (translated)
            QVERIFY(!run.errText().contains(QString::fromUtf8(source)));
        QCOMPARE(m_sim->recordedRequests().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliQualify)
#include "tst_cli_qualify.moc"
