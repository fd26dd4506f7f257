#pragma once

#include "Command.h"
#include "history/Submission.h"

#include <QCoreApplication>
#include <optional>

namespace qd {
struct RefreshSummary;
}

namespace qd::cli {

// history [--customer ID] [--state STATE] [--user NAME] [--limit N] [--export FILE.csv]: past
// submissions.
class HistoryCommand final : public Command
{
    Q_DECLARE_TR_FUNCTIONS(HistoryCommand)
public:
    static constexpr int DefaultTableLimit = 50;

    QString name() const override { return QStringLiteral("history"); }
    QString synopsis() const override;
    QString summary() const override;
    void addOptions(QCommandLineParser &parser) const override;
    bool needsHistory() const override { return true; }
    void run(CommandContext &context) override;

    // The filter the options describe; nullopt with translated problems for bad values.
    static std::optional<SubmissionFilter> parseFilter(const QCommandLineParser &parser,
                                                       QStringList *problems);
};

// refresh [--retry-unknown]: re-reads unsettled submissions and prints what changed.
class RefreshCommand final : public Command
{
    Q_DECLARE_TR_FUNCTIONS(RefreshCommand)
public:
    QString name() const override { return QStringLiteral("refresh"); }
    QString synopsis() const override { return QStringLiteral("[--retry-unknown]"); }
    QString summary() const override;
    void addOptions(QCommandLineParser &parser) const override;
    bool needsHistory() const override { return true; }
    void run(CommandContext &context) override;

private:
    static int refreshExit(const RefreshSummary &summary);
    static void retryUnknown(CommandContext &ctx, const RefreshSummary &summary);
    static void report(CommandContext &ctx, const RefreshSummary &summary, const QList<Submission> &retried,
                       int worstExit);
};

} // namespace qd::cli
