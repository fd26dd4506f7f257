#pragma once

#include "Command.h"

#include <QCoreApplication>

namespace qd::cli {

// qualifications TENANT_ID: what a customer holds and where its vetting stands.
class QualificationsCommand final : public Command
{
    Q_DECLARE_TR_FUNCTIONS(QualificationsCommand)
public:
    QString name() const override { return QStringLiteral("qualifications"); }
    QString synopsis() const override;
    QString summary() const override;
    void run(CommandContext &context) override;
};

// validation-codes: the partner's GCC validation codes and their remaining uses.
class ValidationCodesCommand final : public Command
{
    Q_DECLARE_TR_FUNCTIONS(ValidationCodesCommand)
public:
    QString name() const override { return QStringLiteral("validation-codes"); }
    QString synopsis() const override { return {}; }
    QString summary() const override;
    void run(CommandContext &context) override;
};

} // namespace qd::cli
