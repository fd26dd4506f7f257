#pragma once

#include "Command.h"

#include <QCoreApplication>

namespace qd::cli {

// customer TENANT_ID: one customer's ID, company name and domain.
class CustomerCommand final : public Command
{
    Q_DECLARE_TR_FUNCTIONS(CustomerCommand)
public:
    QString name() const override { return QStringLiteral("customer"); }
    QString synopsis() const override;
    QString summary() const override;
    void run(CommandContext &context) override;
};

// search PREFIX [--domain]: every customer whose company name (or domain) starts with PREFIX.
class SearchCommand final : public Command
{
    Q_DECLARE_TR_FUNCTIONS(SearchCommand)
public:
    QString name() const override { return QStringLiteral("search"); }
    QString synopsis() const override;
    QString summary() const override;
    void addOptions(QCommandLineParser &parser) const override;
    void run(CommandContext &context) override;
};

} // namespace qd::cli
