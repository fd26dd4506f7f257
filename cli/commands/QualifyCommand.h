#pragma once

#include "Command.h"
#include "domain/QualificationRequest.h"
#include "domain/TenantId.h"

#include <QCoreApplication>
#include <optional>

namespace qd::cli {

// qualify TENANT_ID education|gcc|soe [--segment] [--website] [--code]: submits a new
// qualification through the submission service (the history row is written before sending).
class QualifyCommand final : public Command
{
    Q_DECLARE_TR_FUNCTIONS(QualifyCommand)
public:
    QString name() const override { return QStringLiteral("qualify"); }
    QString synopsis() const override;
    QString summary() const override;
    void addOptions(QCommandLineParser &parser) const override;
    bool needsHistory() const override { return true; }
    void run(CommandContext &context) override;

    // The request the arguments describe, or nullopt with every problem appended to `problems`
    // (translated). Exposed for tests.
    static std::optional<QualificationRequest>
    parseRequest(const QString &type, const QCommandLineParser &parser, QStringList *problems);

private:
    static void submit(CommandContext &ctx, const TenantId &tenantId, const QString &companyName,
                       const QualificationRequest &request);
};

} // namespace qd::cli
