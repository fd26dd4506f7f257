// A second process for the history's reliability tests:
//   qualdesk-history-helper insert DATA_DIR COUNT PREFIX
//       writes COUNT pending rows, each in its own transaction (concurrent writers test);
//   qualdesk-history-helper submit DATA_DIR BASE_URL TOKEN CUSTOMER_ID
//       submits a StateOwnedEntity qualification through SubmissionService and prints
//       "row ID" once the row is committed and "sent ID" once the POST has left (SIGKILL test).
// Exit code 0 on success; errors on stderr.

#include "history/SubmissionStore.h"
#include "partnercenter/PartnerCenterClient.h"
#include "partnercenter/TokenProvider.h"
#include "submission/SubmissionService.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QTextStream>
#include <QUuid>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

void say(const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

int insert(const QStringList &args)
{
    qd::SubmissionStore store;
    store.setBusyTimeoutMs(10000);
    if (!store.open(args.value(0))) {
        std::fputs(qPrintable(store.lastError().message + u'\n'), stderr);
        return 1;
    }
    const int count = args.value(1).toInt();
    for (int i = 0; i < count; ++i) {
        qd::Submission s;
        s.customerId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        s.companyName = args.value(2) + u' ' + QString::number(i);
        s.request.type = qd::QualificationType::StateOwnedEntity;
        if (!store.insertPending(s)) {
            std::fputs(qPrintable(store.lastError().message + u" / "_s + store.lastError().detail + u'\n'),
                       stderr);
            return 1;
        }
    }
    return 0;
}

int submit(QCoreApplication &app, const QStringList &args)
{
    qd::SubmissionStore store;
    if (!store.open(args.value(0))) {
        std::fputs(qPrintable(store.lastError().message + u'\n'), stderr);
        return 1;
    }
    qd::StaticTokenProvider tokens(args.value(2));
    qd::ClientConfig config;
    config.baseUrl = QUrl(args.value(1));
    qd::PartnerCenterClient client(&tokens, config);
    qd::SubmissionService service(&client, &store, [] {
        return qd::SubmitterIdentity{u"helper@contoso-partner.example"_s, u"partner"_s};
    });
    QObject::connect(&store, &qd::SubmissionStore::submissionChanged, &app, [&store](qint64 id) {
        const auto row = store.get(id);
        if (row && row->state == qd::Submission::State::Sent)
            say(u"sent %1"_s.arg(id));
    });
    qd::QualificationRequest request;
    request.type = qd::QualificationType::StateOwnedEntity;
    int exitCode = 1;
    const qint64 id = service.submit(qd::TenantId::fromText(args.value(3)), u"Helper customer"_s, request,
                                     &app, [&](const qd::SubmitResult &result) {
                                         say(u"done "_s + qd::Submission::stateName(result.submission.state));
                                         exitCode = result.ok() ? 0 : 3;
                                         app.quit();
                                     });
    if (id == 0)
        return 2;
    say(u"row %1"_s.arg(id));
    app.exec();
    return exitCode;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const QString mode = args.isEmpty() ? QString() : args.takeFirst();
    if (mode == "insert"_L1 && args.size() == 3)
        return insert(args);
    if (mode == "submit"_L1 && args.size() == 4)
        return submit(app, args);
    std::fputs("usage: qualdesk-history-helper insert DATA_DIR COUNT PREFIX\n"
               "       qualdesk-history-helper submit DATA_DIR BASE_URL TOKEN CUSTOMER_ID\n",
               stderr);
    return 2;
}
