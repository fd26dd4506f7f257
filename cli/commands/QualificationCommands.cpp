#include "QualificationCommands.h"

#include "CommandContext.h"
#include "ExitCodes.h"
#include "TableFormatter.h"
#include "domain/QualificationRequest.h"
#include "partnercenter/PartnerCenterClient.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace qd::cli {

QString QualificationsCommand::synopsis() const
{
    return tr("TENANT_ID");
}

QString QualificationsCommand::summary() const
{
    return tr("List a customer's qualifications with their vetting status.");
}

void QualificationsCommand::run(CommandContext &ctx)
{
    const std::optional<TenantId> tenantId = ctx.tenantIdArgument();
    if (!tenantId)
        return;
    ctx.withSignIn([&ctx, tenantId = *tenantId] {
        ctx.services().client()->getQualifications(
            tenantId, &ctx, [&ctx](const Result<QList<CustomerQualification>> &result) {
                if (!result.ok()) {
                    ctx.apiError(result.error);
                    return;
                }
                if (ctx.json()) {
                    QJsonArray array;
                    for (const CustomerQualification &q : result.value)
                        array.append(q.toJson());
                    ctx.console().printJson(array);
                } else if (result.value.isEmpty()) {
                    ctx.console().print(tr("The customer has no qualification.") + u'\n');
                } else {
                    TableFormatter table(
                        {tr("Qualification"), tr("Vetting status"), tr("Reason"), tr("Vetting started")});
                    for (const CustomerQualification &q : result.value) {
                        const QString status = q.vettingStatus.isEmpty()
                                                   ? QString()
                                                   : Qualifications::displayName(q.status(), q.vettingStatus);
                        table.addRow({Qualifications::displayName(q.type(), q.qualification), status,
                                      q.vettingReason, ctx.formatDateTime(q.vettingCreateDate)});
                    }
                    ctx.console().print(table.toString());
                }
                ctx.finish(ExitOk);
            });
    });
}

QString ValidationCodesCommand::summary() const
{
    return tr("List the partner's validation codes for Government Community Cloud.");
}

void ValidationCodesCommand::run(CommandContext &ctx)
{
    if (!ctx.noArguments())
        return;
    ctx.withSignIn([&ctx] {
        ctx.services().client()->getValidationCodes(
            &ctx, [&ctx](const Result<QList<ValidationCode>> &result) {
                if (!result.ok()) {
                    ctx.apiError(result.error);
                    return;
                }
                if (ctx.json()) {
                    QJsonArray array;
                    for (const ValidationCode &code : result.value)
                        array.append(code.toJson());
                    ctx.console().printJson(array);
                } else if (result.value.isEmpty()) {
                    ctx.console().print(tr("The partner has no validation code.") + u'\n');
                } else {
                    const QLocale locale = ctx.settings().locale();
                    auto number = [&locale](int n) { return n < 0 ? QString() : locale.toString(n); };
                    TableFormatter table(
                        {tr("Validation ID"), tr("Organization name"), tr("Uses left"), tr("Total uses")});
                    table.setAlignment(2, TableFormatter::Align::Right);
                    table.setAlignment(3, TableFormatter::Align::Right);
                    for (const ValidationCode &code : result.value)
                        table.addRow({code.validationId, code.organizationName, number(code.remainingCreates),
                                      number(code.maxCreates)});
                    ctx.console().print(table.toString());
                }
                ctx.finish(ExitOk);
            });
    });
}

} // namespace qd::cli
