#include "diagnostics/DiagnosticsLog.h"
#include "diagnostics/Redaction.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace qd;

class TestDiagnosticsLog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void reportNamesVersionEnvironmentAndErrors();
    void keepsTheLastEntriesOnly();
    void cancellationsAreNotErrors();
    void reportCarriesNoSecret();
};

namespace {
ApiError rejected(const QString &requestId)
{
    ApiError e;
    e.kind = ApiError::Kind::Rejected;
    e.httpStatus = 400;
    e.code = u"600041"_s;
    e.serverMessage = u"Customer tagging denied."_s;
    e.requestId = requestId;
    e.correlationId = u"c0ffee00-0000-4000-8000-000000000001"_s;
    return e;
}
} // namespace

void TestDiagnosticsLog::initTestCase()
{
    QCoreApplication::setApplicationVersion(u"9.8.7"_s);
}

void TestDiagnosticsLog::reportNamesVersionEnvironmentAndErrors()
{
    DiagnosticsLog log;
    log.record(u"POST /v1/customers/5f4e4581-5c00-43d2-968c-20053f91ed95/qualifications"_s,
               rejected(u"aaaaaaaa-0000-4000-8000-000000000001"_s));
    DiagnosticsContext context;
    context.settings.baseUrl = QUrl(u"https://api.partnercenter.microsoft.com"_s);
    context.settings.clientId = u"11111111-2222-3333-4444-555555555555"_s;
    context.signedInAs = u"anna@contoso.example"_s;
    context.platform = u"offscreen"_s;
    const QString text = log.report(context);
    QVERIFY(text.contains(u"QualDesk 9.8.7"_s));
    QVERIFY(text.contains(QString::fromLatin1(qVersion())));
    QVERIFY(text.contains(u"https://api.partnercenter.microsoft.com"_s));
    QVERIFY(text.contains(u"anna@contoso.example"_s));
    QVERIFY(text.contains(u"offscreen"_s));
    QVERIFY(text.contains(u"aaaaaaaa-0000-4000-8000-000000000001"_s));
    QVERIFY(text.contains(u"c0ffee00-0000-4000-8000-000000000001"_s));
    QVERIFY(text.contains(u"Customer tagging denied."_s));
    // The customer's tenant ID in the path is reduced to its shape.
    QVERIFY(text.contains(u"POST /v1/customers/{id}/qualifications"_s));
    QVERIFY(!text.contains(u"5f4e4581-5c00-43d2-968c-20053f91ed95"_s));
}

void TestDiagnosticsLog::keepsTheLastEntriesOnly()
{
    DiagnosticsLog log;
    for (int i = 0; i < DiagnosticsLog::capacity() + 5; ++i)
        log.record(u"GET /v1/customers"_s, rejected(u"request-%1"_s.arg(i)));
    QCOMPARE(log.entries().size(), DiagnosticsLog::capacity());
    QCOMPARE(log.entries().first().error.requestId, u"request-5"_s);
    QCOMPARE(log.entries().last().error.requestId, u"request-%1"_s.arg(DiagnosticsLog::capacity() + 4));
}

void TestDiagnosticsLog::cancellationsAreNotErrors()
{
    DiagnosticsLog log;
    ApiError cancelled;
    cancelled.kind = ApiError::Kind::Cancelled;
    log.record(u"GET /v1/customers"_s, cancelled);
    log.record(u"GET /v1/customers"_s, ApiError());
    QVERIFY(log.entries().isEmpty());
    QVERIFY(log.report({}).contains(u"No failed requests"_s));
}

void TestDiagnosticsLog::reportCarriesNoSecret()
{
    DiagnosticsLog log;
    ApiError e = rejected(u"r-1"_s);
    const QString accessToken = u"opaque-access-token-0123456789"_s;
    // A server that echoes what it was sent must not smuggle a token into the report.
    e.serverMessage = u"bad header Authorization: Bearer "_s + accessToken;
    e.detail = u"refresh_token=rt-0123456789&client_id=x"_s;
    log.record(u"GET /v1/customers"_s, e);
    DiagnosticsContext context;
    context.secrets = {accessToken};
    const QString text = log.report(context);
    QVERIFY2(!text.contains(accessToken), qPrintable(text));
    QVERIFY2(!text.contains(u"rt-0123456789"_s), qPrintable(text));
    QVERIFY(text.contains(Redaction::marker()));
    QVERIFY(text.contains(u"r-1"_s));
}

QTEST_GUILESS_MAIN(TestDiagnosticsLog)
#include "tst_diagnosticslog.moc"
