#pragma once

#include "Command.h"
#include "submission/BulkRun.h"

#include <QCoreApplication>
#include <QPointer>

namespace qd::cli {

class CommandContext;

// bulk FILE.csv [--concurrency N] [--dry-run] [--no-check]  |  bulk --resume [RUN_ID]
// Validates a CSV file (and, unless --no-check, reads which customers already hold the
// qualification), then submits every valid row as one resumable run. The run ID goes to stderr
// at the start, progress to stderr (a live bar on a terminal, plain lines otherwise), the result
// to stdout (a table, or with --json {runId, accepted, refused, failed, unknown, invalid, rows}).
// Exit 0 every valid row accepted, 2 the file cannot be used or has no valid row, 3 some
// refused, 4 some failed or unknown, 5 not signed in.
class BulkCommand final : public Command
{
    Q_DECLARE_TR_FUNCTIONS(BulkCommand)
public:
    QString name() const override { return QStringLiteral("bulk"); }
    QString synopsis() const override;
    QString summary() const override;
    void addOptions(QCommandLineParser &parser) const override;
    bool needsHistory() const override { return true; }
    void run(CommandContext &context) override;

private:
    void startRun(CommandContext &ctx, const QList<CheckedRow> &rows);
    void resumeRun(CommandContext &ctx, const QString &runId);
    void watch(CommandContext &ctx, BulkRun *run);
    static void printChecked(CommandContext &ctx, const QList<CheckedRow> &rows, bool dryRun);
    static void printResult(CommandContext &ctx, const BulkRun &run, const BulkSummary &summary);

    int m_concurrency = 4;
    int m_maxWaitSecs = 120;
    int m_invalid = 0;
    QList<CheckedRow> m_invalidRows; // shown with the result, since they are never stored
};

} // namespace qd::cli
