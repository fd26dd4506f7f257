#include "CustomerCommands.h"

#include "CommandContext.h"
#include "ExitCodes.h"
#include "TableFormatter.h"
#include "domain/QualificationRequest.h"
#include "partnercenter/PartnerCenterClient.h"

#include <QCommandLineParser>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace qd::cli {

QString CustomerCommand::synopsis() const
{
    return tr("TENANT_ID");
}

QString CustomerCommand::summary() const
{
    return tr("Show a customer: tenant ID, company name and domain.");
}

void CustomerCommand::run(CommandContext &ctx)
{
    const std::optional<TenantId> tenantId = ctx.tenantIdArgument();
    if (!tenantId)
        return;
    ctx.withSignIn([&ctx, tenantId = *tenantId] {
        ctx.services().client()->getCustomer(tenantId, &ctx, [&ctx](const Result<Customer> &result) {
            if (!result.ok()) {
                ctx.apiError(result.error);
                return;
            }
            const Customer &c = result.value;
            if (ctx.json()) {
                ctx.console().printJson(c.toJson());
            } else {
                ctx.console().print(TableFormatter::keyValue({
                    {tr("Tenant ID"), c.id},
                    {tr("Company name"), c.companyName},
                    {tr("Domain"), c.domain},
                }));
            }
            ctx.finish(ExitOk);
        });
    });
}

QString SearchCommand::synopsis() const
{
    return tr("PREFIX [--domain]");
}

QString SearchCommand::summary() const
{
    return tr("Find customers whose company name (or domain) starts with PREFIX.");
}

void SearchCommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOption({u"domain"_s, tr("Match the start of the domain instead of the company name.")});
}

void SearchCommand::run(CommandContext &ctx)
{
    if (ctx.arguments().size() != 1 || ctx.arguments().constFirst().trimmed().isEmpty()) {
        ctx.usageError(tr("Give one search prefix, for example: qualdesk-cli search Brno"));
        return;
    }
    const QString prefix = ctx.arguments().constFirst().trimmed();
    const auto field =
        ctx.parser().isSet(u"domain"_s) ? CustomerSearchField::Domain : CustomerSearchField::CompanyName;
    ctx.withSignIn([&ctx, prefix, field] {
        ctx.services().client()->searchAllCustomers(
            prefix, field, &ctx, [&ctx](const Result<QList<Customer>> &result) {
                if (!result.ok()) {
                    ctx.apiError(result.error);
                    return;
                }
                if (ctx.json()) {
                    QJsonArray array;
                    for (const Customer &c : result.value)
                        array.append(c.toJson());
                    ctx.console().printJson(array);
                } else if (result.value.isEmpty()) {
                    ctx.console().print(tr("No customer matches the search.") + u'\n');
                } else {
                    TableFormatter table({tr("Tenant ID"), tr("Company name"), tr("Domain")});
                    for (const Customer &c : result.value)
                        table.addRow({c.id, c.companyName, c.domain});
                    ctx.console().print(table.toString());
                    ctx.console().print(tr("%n customer(s)", nullptr, int(result.value.size())) + u'\n');
                }
                ctx.finish(ExitOk);
            });
    });
}

} // namespace qd::cli
