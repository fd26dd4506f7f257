#include "HistoryCommands.h"

#include "CommandContext.h"
#include "ExitCodes.h"
#include "TableFormatter.h"
#include "history/CsvWriter.h"
#include "history/SubmissionStore.h"
#include "submission/SubmissionService.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <memory>

using namespace Qt::StringLiterals;

namespace qd::cli {

// ---- history ----

QString HistoryCommand::synopsis() const
{
    return tr("[--customer TENANT_ID] [--state STATE] [--user NAME] [--limit N] [--export FILE.csv]");
}

QString HistoryCommand::summary() const
{
    return tr("List past submissions, newest first, or export them to CSV.");
}

void HistoryCommand::addOptions(QCommandLineParser &parser) const
{
    QStringList states;
    for (Submission::State s : Submission::allStates())
        states << Submission::stateName(s);
    parser.addOptions({
        {u"customer"_s, tr("Only submissions for this customer tenant ID."), tr("TENANT_ID")},
        {u"state"_s, tr("Only submissions in this state: %1.").arg(states.join(", "_L1)), tr("STATE")},
        {u"user"_s, tr("Only submissions by this person, the signed-in name as the history shows it."),
         tr("NAME")},
        {u"limit"_s,
         tr("Show at most N submissions (default %1 in the table, all with --json; 0 = all).")
             .arg(DefaultTableLimit),
         tr("N")},
        {u"export"_s, tr("Write the matching submissions to a CSV file (UTF-8)."), tr("FILE.csv")},
    });
}

std::optional<SubmissionFilter> HistoryCommand::parseFilter(const QCommandLineParser &parser,
                                                            QStringList *problems)
{
    SubmissionFilter filter;
    QStringList issues;
    if (parser.isSet(u"customer"_s)) {
        filter.customerId = TenantId::fromText(parser.value(u"customer"_s));
        if (!filter.customerId.isValid())
            issues << QualificationRequest::tenantIdIssue().message;
    }
    if (parser.isSet(u"state"_s)) {
        const QString name = parser.value(u"state"_s);
        if (const auto state = Submission::stateFromName(name)) {
            filter.states = {*state};
        } else {
            QStringList states;
            for (Submission::State s : Submission::allStates())
                states << Submission::stateName(s);
            issues << tr("Unknown state \"%1\": use one of %2.").arg(name, states.join(", "_L1));
        }
    }
    if (parser.isSet(u"user"_s)) {
        filter.user = parser.value(u"user"_s);
        if (filter.user.trimmed().isEmpty())
            issues << tr("--user needs the name of a person, as the history shows it.");
    }
    if (!issues.isEmpty()) {
        if (problems)
            *problems << issues;
        return std::nullopt;
    }
    return filter;
}

void HistoryCommand::run(CommandContext &ctx)
{
    if (!ctx.noArguments(tr("This command takes no arguments; filter with --customer, --state and --user.")))
        return;
    QStringList problems;
    const auto filter = parseFilter(ctx.parser(), &problems);
    int limit = ctx.json() ? 0 : DefaultTableLimit;
    if (ctx.parser().isSet(u"limit"_s)) {
        bool ok = false;
        limit = ctx.parser().value(u"limit"_s).toInt(&ok);
        if (!ok || limit < 0)
            problems << tr("--limit needs a whole number of 0 or more, not \"%1\".")
                            .arg(ctx.parser().value(u"limit"_s));
    }
    if (!problems.isEmpty()) {
        for (const QString &p : std::as_const(problems))
            ctx.console().error(p);
        ctx.finish(ExitUsage);
        return;
    }
    if (!ctx.historyUsable(false))
        return;
    SubmissionStore *store = ctx.services().store();
    const SubmissionSort sort; // newest first

    if (ctx.parser().isSet(u"export"_s)) {
        const QString path =
            QDir::cleanPath(QDir::current().absoluteFilePath(ctx.parser().value(u"export"_s)));
        QString error;
        const qint64 written = HistoryExporter::exportCsv(
            store, *filter, sort, path, CsvWriter::delimiterForLocale(ctx.settings().locale()), &error);
        if (written < 0) {
            ctx.console().error(error);
            ctx.finish(ExitFailure);
            return;
        }
        if (ctx.json())
            ctx.console().printJson(QJsonObject{{u"exported"_s, written}, {u"file"_s, path}});
        else
            ctx.console().print(tr("Exported %n submission(s) to %1.", nullptr, int(written))
                                    .arg(QDir::toNativeSeparators(path)) +
                                u'\n');
        ctx.finish(ExitOk);
        return;
    }

    const QList<Submission> rows = store->query(*filter, sort, 0, limit > 0 ? limit : -1);
    if (store->lastError().isError()) {
        ctx.console().error(store->lastError().message);
        ctx.finish(ExitFailure);
        return;
    }
    if (ctx.json()) {
        QJsonArray array;
        for (const Submission &s : rows)
            array.append(s.toJson());
        ctx.console().printJson(array);
        ctx.finish(ExitOk);
        return;
    }
    if (rows.isEmpty()) {
        ctx.console().print(tr("No submission matches.") + u'\n');
        ctx.finish(ExitOk);
        return;
    }
    TableFormatter table({tr("Time"), tr("Customer"), tr("Tenant ID"), tr("Qualification"), tr("State"),
                          tr("Vetting status"), tr("Submitted by"), tr("Request ID")});
    table.setMaxWidth(1, 32);
    table.setMaxWidth(3, 40);
    table.setMaxWidth(6, 40);
    for (const Submission &s : rows) {
        const QString vetting = s.vettingStatus.isEmpty()
                                    ? QString()
                                    : Qualifications::displayName(
                                          Qualifications::statusFromString(s.vettingStatus), s.vettingStatus);
        table.addRow({ctx.formatDateTime(s.time), s.companyName, s.customerId, s.request.summary(),
                      Submission::displayName(s.state), vetting, s.user, s.requestId});
    }
    ctx.console().print(table.toString());
    const qint64 total = store->count(*filter);
    if (total > rows.size())
        ctx.console().print(
            tr("Showing the newest %1 of %n submission(s); use --limit 0 to see all.", nullptr, int(total))
                .arg(rows.size()) +
            u'\n');
    ctx.finish(ExitOk);
}

// ---- refresh ----

QString RefreshCommand::summary() const
{
    return tr("Re-read submissions still in review or unknown and print what changed.");
}

void RefreshCommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOption(
        {u"retry-unknown"_s,
         tr("Send submissions whose outcome is still unknown again, with their original request ID.")});
}

void RefreshCommand::run(CommandContext &ctx)
{
    if (!ctx.noArguments())
        return;
    if (!ctx.historyUsable(false))
        return;
    if (ctx.services().store()->unsettled().isEmpty()) {
        report(ctx, RefreshSummary{}, {}, ExitOk);
        return;
    }
    ctx.withSignIn([&ctx] {
        SubmissionService *service = ctx.services().submissions();
        QObject::connect(service, &SubmissionService::refreshProgress, &ctx, [&ctx](int done, int total) {
            ctx.console().debug(tr("Checked %1 of %2 customers.").arg(done).arg(total));
        });
        QObject::connect(service, &SubmissionService::refreshFinished, &ctx,
                         [&ctx](const RefreshSummary &summary) {
                             if (ctx.parser().isSet(u"retry-unknown"_s))
                                 retryUnknown(ctx, summary);
                             else
                                 report(ctx, summary, {}, refreshExit(summary));
                         });
        service->refreshStatuses();
    });
}

int RefreshCommand::refreshExit(const RefreshSummary &summary)
{
    if (summary.failedReads == 0)
        return ExitOk;
    // A refused token is "sign in again" (5), whatever else went wrong.
    if (summary.firstErrorKind == ApiError::Kind::Authentication)
        return ExitNotSignedIn;
    return std::max(int(ExitFailure), ExitCodes::forKind(summary.firstErrorKind));
}

void RefreshCommand::retryUnknown(CommandContext &ctx, const RefreshSummary &summary)
{
    SubmissionFilter unknown;
    unknown.states = {Submission::State::Unknown};
    const QList<Submission> rows = ctx.services().store()->query(unknown);
    // One at a time: these are rare, and the order of the history is kept.
    struct Progress
    {
        QList<qint64> ids;
        QList<Submission> results;
        int worst = ExitOk;
    };
    auto progress = std::make_shared<Progress>();
    for (const Submission &s : rows)
        progress->ids << s.id;
    progress->worst = refreshExit(summary);

    // The step holds itself only weakly; each pending call holds it strongly, so it is freed
    // after the last answer (or with the context, if that goes first).
    auto next = std::make_shared<std::function<void()>>();
    std::weak_ptr<std::function<void()>> weakNext = next;
    *next = [&ctx, summary, progress, weakNext] {
        if (progress->ids.isEmpty()) {
            report(ctx, summary, progress->results, progress->worst);
            return;
        }
        const qint64 id = progress->ids.takeFirst();
        ctx.services().submissions()->retryUnknown(
            id, &ctx, [progress, self = weakNext.lock()](const SubmitResult &result) {
                progress->results << result.submission;
                if (!result.ok())
                    progress->worst = std::max(progress->worst, ExitCodes::forError(result.apiError));
                (*self)();
            });
    };
    (*next)();
}

void RefreshCommand::report(CommandContext &ctx, const RefreshSummary &summary,
                            const QList<Submission> &retried, int worstExit)
{
    if (ctx.json()) {
        QJsonArray changes;
        for (const RefreshSummary::Change &c : summary.changes) {
            auto orNull = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
            changes.append(QJsonObject{
                {u"id"_s, c.id},
                {u"customerId"_s, c.customerId},
                {u"companyName"_s, c.companyName},
                {u"fromState"_s, Submission::stateName(c.fromState)},
                {u"toState"_s, Submission::stateName(c.toState)},
                {u"fromVettingStatus"_s, orNull(c.fromVetting)},
                {u"toVettingStatus"_s, orNull(c.toVetting)},
            });
        }
        QJsonArray retriedArray;
        for (const Submission &s : retried)
            retriedArray.append(s.toJson());
        ctx.console().printJson(QJsonObject{
            {u"checked"_s, summary.checked},
            {u"customersRead"_s, summary.customersRead},
            {u"failedReads"_s, summary.failedReads},
            {u"stillUnknown"_s, summary.stillUnknown},
            {u"changes"_s, changes},
            {u"retried"_s, retriedArray},
        });
    } else if (summary.checked == 0) {
        ctx.console().print(tr("Nothing to refresh: every submission is settled.") + u'\n');
    } else {
        ctx.console().print(summary.text() + u'\n');
        for (const Submission &s : retried)
            ctx.console().print(tr("Sent again: %1 %2: %3")
                                    .arg(s.companyName.isEmpty() ? s.customerId : s.companyName,
                                         s.request.summary(), Submission::displayName(s.state)) +
                                u'\n');
        if (summary.stillUnknown > 0 && retried.isEmpty())
            ctx.console().message(tr("%n submission(s) are still unknown: Partner Center does not have them. "
                                     "Run qualdesk-cli refresh --retry-unknown to send them again with their "
                                     "original request ID.",
                                     nullptr, summary.stillUnknown));
    }
    if (!summary.firstError.isEmpty())
        ctx.console().error(summary.firstError);
    ctx.finish(worstExit);
}

} // namespace qd::cli
