#include "BulkCommand.h"

#include "CommandContext.h"
#include "ExitCodes.h"
#include "TableFormatter.h"
#include "domain/Duration.h"
#include "history/SubmissionStore.h"
#include "submission/BulkInput.h"
#include "submission/BulkPreflight.h"
#include "submission/SubmissionService.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTime>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace qd::cli {

namespace {

constexpr qint64 kPlainLineEveryMs = 2000;

// Writes progress to stderr: a bar redrawn in place on a terminal, a plain line every few
// seconds otherwise (logs, CI, tests).
class ProgressPrinter
{
public:
    ProgressPrinter(CommandContext &ctx) : m_ctx(ctx), m_tty(isatty(fileno(stderr)) == 1)
    {
        m_sinceLine.start();
    }
    ~ProgressPrinter() { endLine(); }

    void update(const BulkProgress &p, bool force)
    {
        const BulkCounts &c = p.counts;
        const int total = c.toSend();
        const QString counts = BulkCommand::tr("%1/%2 done, %3 accepted, %4 refused, %5 failed, %6 unknown")
                                   .arg(c.done())
                                   .arg(total)
                                   .arg(c.accepted)
                                   .arg(c.refused)
                                   .arg(c.failed)
                                   .arg(c.unknown);
        const QString speed =
            BulkCommand::tr("%1 rows/s, %2 left")
                .arg(QLocale::c().toString(p.rowsPerSecond, 'f', 1), Duration::clock(p.etaMs)) +
            u", "_s + p.concurrencyText();
        if (m_tty) {
            constexpr int width = 24;
            const int filled = total > 0 ? int(qint64(width) * c.done() / total) : width;
            const QString bar = u'[' + QString(filled, u'#') + QString(width - filled, u' ') + u']';
            QString line = bar + u' ' + counts + u", "_s + speed;
            if (p.throttledMs > 0)
                line += u' ' + BulkCommand::tr("(throttled, waiting %1)").arg(Duration::clock(p.throttledMs));
            const QByteArray bytes = "\r\x1b[K" + line.toUtf8();
            std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
            std::fflush(stderr);
            m_open = true;
        } else if (force || m_sinceLine.elapsed() >= kPlainLineEveryMs) {
            m_ctx.console().message(counts + u", "_s + speed);
            m_sinceLine.restart();
        }
    }

    void message(const QString &text)
    {
        endLine();
        m_ctx.console().message(text);
    }

    void endLine()
    {
        if (m_open) {
            std::fputs("\n", stderr);
            std::fflush(stderr);
            m_open = false;
        }
    }

private:
    CommandContext &m_ctx;
    bool m_tty;
    bool m_open = false;
    QElapsedTimer m_sinceLine;
};

} // namespace

QString BulkCommand::synopsis() const
{
    return tr("FILE.csv [--concurrency N] [--max-wait SECONDS] [--dry-run] [--no-check]\n--resume [RUN_ID]");
}

QString BulkCommand::summary() const
{
    return tr("Submit the qualifications listed in a CSV file as one resumable run.");
}

void BulkCommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOptions({
        {u"concurrency"_s, tr("Requests at once (1-64, default 4)."), tr("N")},
        {u"max-wait"_s,
         tr("Longest wait Partner Center may ask for (429 or 503) before the run stops, leaving the rest "
            "for --resume (seconds, default 120)."),
         tr("SECONDS")},
        {u"dry-run"_s, tr("Check the file and print its problems; send nothing.")},
        {u"no-check"_s, tr("Skip reading which customers already hold the qualification.")},
        {u"resume"_s, tr("Continue an interrupted run (the most recent unfinished one without RUN_ID).")},
    });
}

namespace {
// The value of a numeric option when set; false (after a usage error naming it) when not a whole
// number in [least, most].
bool wholeNumberOption(CommandContext &ctx, const QString &name, int least, int most, int *value,
                       const QString &problem)
{
    if (!ctx.parser().isSet(name))
        return true;
    bool ok = false;
    const int n = ctx.parser().value(name).toInt(&ok);
    if (!ok || n < least || n > most) {
        ctx.usageError(problem.arg(ctx.parser().value(name)));
        return false;
    }
    *value = n;
    return true;
}
} // namespace

void BulkCommand::run(CommandContext &ctx)
{
    const QCommandLineParser &parser = ctx.parser();
    if (!wholeNumberOption(ctx, u"concurrency"_s, 1, 64, &m_concurrency,
                           tr("--concurrency needs a whole number from 1 to 64, not \"%1\".")) ||
        !wholeNumberOption(ctx, u"max-wait"_s, 1, 86400, &m_maxWaitSecs,
                           tr("--max-wait needs a whole number of seconds from 1 to 86400, not \"%1\".")))
        return;
    const bool resume = parser.isSet(u"resume"_s);
    if ((resume && ctx.arguments().size() > 1) || (!resume && ctx.arguments().size() != 1)) {
        ctx.usageError(resume ? tr("--resume takes at most one run ID.") : tr("Give one CSV file."));
        return;
    }
    if (!ctx.historyUsable(true))
        return;
    if (resume) {
        QString runId = ctx.arguments().value(0);
        if (runId.isEmpty()) {
            runId = ctx.services().store()->unfinishedRuns().value(0);
            if (runId.isEmpty()) {
                ctx.console().error(tr("There is no unfinished bulk run to resume."));
                ctx.finish(ExitUsage);
                return;
            }
        }
        ctx.withSignIn([this, &ctx, runId] { resumeRun(ctx, runId); });
        return;
    }

    const QString path = QDir::current().absoluteFilePath(ctx.arguments().constFirst());
    const BulkInput input = BulkInput::fromCsvFile(path);
    for (const QString &warning : input.warnings)
        ctx.console().message(warning);
    if (!input.ok()) {
        ctx.console().error(input.error);
        ctx.finish(ExitUsage);
        return;
    }
    const QList<CheckedRow> checked = BulkValidator::validate(input.rows);
    const bool dryRun = parser.isSet(u"dry-run"_s);
    auto proceed = [this, &ctx, dryRun](const QList<CheckedRow> &rows) {
        if (dryRun || BulkValidator::validCount(rows) == 0) {
            printChecked(ctx, rows, dryRun);
            ctx.finish(BulkValidator::validCount(rows) > 0 ? ExitOk : ExitUsage);
            return;
        }
        startRun(ctx, rows);
    };
    if (parser.isSet(u"no-check"_s) || BulkValidator::validCount(checked) == 0) {
        if (dryRun || BulkValidator::validCount(checked) == 0)
            proceed(checked);
        else
            ctx.withSignIn([checked, proceed] { proceed(checked); });
        return;
    }
    ctx.withSignIn([this, &ctx, checked, proceed] {
        auto *preflight =
            new BulkPreflight(ctx.services().customerDirectory(), ctx.services().validationCodes(), &ctx);
        preflight->setConcurrency(m_concurrency);
        ctx.console().message(
            tr("Checking %n customer(s) at Partner Center...", nullptr, BulkValidator::validCount(checked)));
        QObject::connect(preflight, &BulkPreflight::finished, &ctx,
                         [preflight, proceed] { proceed(preflight->rows()); });
        preflight->start(checked);
    });
}

void BulkCommand::startRun(CommandContext &ctx, const QList<CheckedRow> &rows)
{
    auto *run = new BulkRun(ctx.services().submissions(), SystemClock::instance(), &ctx);
    run->setConcurrency(m_concurrency);
    run->setMaxWaitMs(qint64(m_maxWaitSecs) * 1000);
    watch(ctx, run);
    if (!run->start(rows)) {
        ctx.console().error(run->errorString());
        ctx.finish(ExitFailure);
        return;
    }
    const int valid = BulkValidator::validCount(rows);
    ctx.console().message(tr("Bulk run %1 started: %n row(s) to send.", nullptr, valid).arg(run->runId()));
    if (const int skipped = int(rows.size()) - valid; skipped > 0)
        ctx.console().message(
            tr("%n row(s) skipped because of problems (listed at the end).", nullptr, skipped));
}

void BulkCommand::resumeRun(CommandContext &ctx, const QString &runId)
{
    auto *run = new BulkRun(ctx.services().submissions(), SystemClock::instance(), &ctx);
    run->setConcurrency(m_concurrency);
    run->setMaxWaitMs(qint64(m_maxWaitSecs) * 1000);
    watch(ctx, run);
    if (!run->resumeRun(runId)) {
        ctx.console().error(run->errorString());
        ctx.finish(ExitUsage);
        return;
    }
    const BulkCounts c = BulkCounts::of(run->results());
    ctx.console().message(
        tr("Bulk run %1 resumed: %n row(s) to settle or send.", nullptr, c.queued).arg(runId));
}

void BulkCommand::watch(CommandContext &ctx, BulkRun *run)
{
    auto printer = std::make_shared<ProgressPrinter>(ctx);
    run->setProgressIntervalMs(200);
    QObject::connect(run, &BulkRun::progressChanged, &ctx,
                     [printer](const BulkProgress &p) { printer->update(p, false); });
    QObject::connect(run, &BulkRun::throttled, &ctx, [printer](int seconds) {
        printer->message(tr("Partner Center asks to slow down; waiting %n second(s).", nullptr, seconds));
    });
    QObject::connect(run, &BulkRun::attentionNeeded, &ctx, [printer, run](const QString &message) {
        // Nobody can sign in again in the middle of a script: stop, and let --resume continue.
        printer->message(message);
        printer->message(
            tr("Stopping; continue later with: qualdesk-cli bulk --resume %1").arg(run->runId()));
        run->stop();
    });
    QObject::connect(run, &BulkRun::finished, &ctx, [&ctx, run, printer](const BulkSummary &summary) {
        printer->update(run->progress(), true);
        printer->endLine();
        printResult(ctx, *run, summary);
        ctx.finish(summary.exitCode());
    });
}

void BulkCommand::printChecked(CommandContext &ctx, const QList<CheckedRow> &rows, bool dryRun)
{
    const int valid = BulkValidator::validCount(rows);
    if (ctx.json()) {
        QJsonArray array;
        for (const CheckedRow &c : rows) {
            array.append(
                QJsonObject{{u"line"_s, c.row.line},
                            {u"tenantId"_s, c.tenantId.isValid() ? c.tenantId.toString() : c.row.tenantId},
                            {u"qualification"_s, c.row.qualification},
                            {u"state"_s, c.isValid() ? u"valid"_s : u"invalid"_s},
                            {u"message"_s, c.problemText()}});
        }
        ctx.console().printJson(QJsonObject{{u"runId"_s, QJsonValue::Null},
                                            {u"dryRun"_s, dryRun},
                                            {u"valid"_s, valid},
                                            {u"accepted"_s, 0},
                                            {u"refused"_s, 0},
                                            {u"failed"_s, 0},
                                            {u"unknown"_s, 0},
                                            {u"invalid"_s, int(rows.size()) - valid},
                                            {u"rows"_s, array}});
        return;
    }
    TableFormatter table({tr("Line"), tr("Tenant ID"), tr("Qualification"), tr("Problem")});
    table.setAlignment(0, TableFormatter::Align::Right);
    table.setMaxWidth(3, 100);
    for (const CheckedRow &c : rows) {
        if (!c.problems.isEmpty())
            table.addRow({QString::number(c.row.line), c.row.tenantId, c.row.qualification, c.problemText()});
    }
    QString text = tr("%n row(s) can be sent", nullptr, valid) + u", "_s +
                   tr("%n row(s) have problems.", nullptr, int(rows.size()) - valid) + u'\n';
    if (table.rowCount() > 0)
        text += u'\n' + table.toString();
    ctx.console().print(text);
}

void BulkCommand::printResult(CommandContext &ctx, const BulkRun &run, const BulkSummary &summary)
{
    if (ctx.json()) {
        ctx.console().printJson(summary.toJson(run.results()));
        return;
    }
    TableFormatter table({tr("Line"), tr("Tenant ID"), tr("Qualification"), tr("State"), tr("Message")});
    table.setAlignment(0, TableFormatter::Align::Right);
    table.setMaxWidth(4, 100);
    for (const BulkRowResult &r : run.results()) {
        if (r.state != BulkRowState::Accepted)
            table.addRow({QString::number(r.line), r.tenantId, r.qualification,
                          BulkResults::displayName(r.state), r.message});
    }
    QString text = tr("Bulk run %1: %2").arg(summary.runId, summary.text()) + u'\n';
    if (table.rowCount() > 0)
        text += u'\n' + table.toString();
    ctx.console().print(text);
}

} // namespace qd::cli
