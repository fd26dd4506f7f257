#include "QualifyCommand.h"

#include "CommandContext.h"
#include "ExitCodes.h"
#include "TableFormatter.h"
#include "partnercenter/PartnerCenterClient.h"
#include "submission/SubmissionService.h"

#include <QCommandLineParser>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace qd::cli {

QString QualifyCommand::synopsis() const
{
    return tr("TENANT_ID education --segment K12|HigherEducation [--website HOST]\n"
              "TENANT_ID gcc --code VALIDATION_ID\n"
              "TENANT_ID soe");
}

QString QualifyCommand::summary() const
{
    return tr("Submit a qualification (Education, GovernmentCommunityCloud or StateOwnedEntity).");
}

void QualifyCommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOptions({
        {u"segment"_s, tr("Education segment: K12 or HigherEducation."), tr("SEGMENT")},
        {u"website"_s, tr("The institution's website (Education only, recommended)."), tr("HOST")},
        {u"code"_s, tr("Validation ID of one of your GCC validation codes (see validation-codes)."),
         tr("VALIDATION_ID")},
    });
}

std::optional<QualificationRequest>
QualifyCommand::parseRequest(const QString &type, const QCommandLineParser &parser, QStringList *problems)
{
    QualificationRequest request;
    request.rawType = type;
    request.type = Qualifications::typeFromString(type);
    const bool education = request.type == QualificationType::Education;
    const bool gcc = request.type == QualificationType::GovernmentCommunityCloud;
    QStringList issues;

    if (parser.isSet(u"segment"_s)) {
        const QString segment = parser.value(u"segment"_s);
        request.segment = Qualifications::segmentFromString(segment);
        if (!education)
            issues << tr("--segment applies to Education only.");
        else if (request.segment == EducationSegment::None)
            issues << tr("Unknown education segment \"%1\": use K12 or HigherEducation.").arg(segment);
    }
    if (parser.isSet(u"website"_s)) {
        request.website = parser.value(u"website"_s).trimmed();
        if (!education)
            issues << tr("--website applies to Education only.");
    }
    if (parser.isSet(u"code"_s)) {
        request.validationCode = parser.value(u"code"_s).trimmed();
        if (!gcc)
            issues << tr("--code applies to GovernmentCommunityCloud (gcc) only.");
    }
    const bool segmentReported = !issues.isEmpty() && parser.isSet(u"segment"_s) && education;
    for (const InputIssue &issue : request.validate()) {
        // An unknown segment was already named; "choose a segment" would only repeat it.
        if (segmentReported && issue.field == InputIssue::Field::Segment)
            continue;
        issues << issue.message;
    }
    if (!issues.isEmpty()) {
        if (problems)
            *problems << issues;
        return std::nullopt;
    }
    return request;
}

void QualifyCommand::run(CommandContext &ctx)
{
    if (ctx.arguments().size() != 2) {
        ctx.usageError(tr("Give a customer tenant ID and a qualification: education, gcc or soe."));
        return;
    }
    QStringList problems;
    // The argument is parsed once; the client and the service take the parsed ID.
    const TenantId id = TenantId::fromText(ctx.arguments().at(0));
    if (!id.isValid())
        problems << QualificationRequest::tenantIdIssue().message;
    const auto request = parseRequest(ctx.arguments().at(1), ctx.parser(), &problems);
    if (!problems.isEmpty() || !request) {
        for (const QString &problem : std::as_const(problems))
            ctx.console().error(problem);
        ctx.finish(ExitUsage);
        return;
    }
    // The history is opened before run(); without it nothing may be sent.
    if (!ctx.historyUsable(true))
        return;
    ctx.withSignIn([&ctx, id, request = *request] {
        // The company name goes into the history beside the ID, so read the customer first;
        // an unknown customer is refused here, before anything is written.
        ctx.services().client()->getCustomer(id, &ctx, [&ctx, id, request](const Result<Customer> &customer) {
            if (!customer.ok()) {
                ctx.apiError(customer.error);
                return;
            }
            submit(ctx, id, customer.value.companyName, request);
        });
    });
}

void QualifyCommand::submit(CommandContext &ctx, const TenantId &tenantId, const QString &companyName,
                            const QualificationRequest &request)
{
    ctx.services().submissions()->submit(
        tenantId, companyName, request, &ctx, [&ctx](const SubmitResult &result) {
            const Submission &s = result.submission;
            if (!result.inputIssues.isEmpty()) {
                for (const InputIssue &issue : result.inputIssues)
                    ctx.console().error(issue.message);
                ctx.finish(ExitUsage);
                return;
            }
            if (result.storeError.isError()) {
                ctx.console().error(result.userMessage());
                // Held by a colleague's row in the team's history: refused, not failed.
                ctx.finish(result.storeError.kind == StoreError::Kind::Claimed ? ExitRefused : ExitFailure);
                return;
            }
            if (!result.ok()) {
                ApiError error = result.apiError;
                if (error.kind == ApiError::Kind::None) // not accepted, yet no typed error: still unknown
                    error.kind = ApiError::Kind::OutcomeUnknown;
                ctx.apiError(error);
                if (s.state == Submission::State::Unknown)
                    ctx.console().message(tr("The submission is recorded as unknown (history ID %1). "
                                             "Run qualdesk-cli refresh later to settle it.")
                                              .arg(s.id));
                return;
            }

            const CustomerQualification &q = result.created;
            if (ctx.json()) {
                QJsonObject o = q.toJson();
                o.insert(u"customerId"_s, s.customerId);
                o.insert(u"requestId"_s, s.requestId);
                o.insert(u"correlationId"_s, s.correlationId);
                o.insert(u"historyId"_s, s.id);
                o.insert(u"state"_s, Submission::stateName(s.state));
                ctx.console().printJson(o);
            } else {
                const QString customer =
                    s.companyName.isEmpty() ? s.customerId : u"%1 (%2)"_s.arg(s.companyName, s.customerId);
                QList<QPair<QString, QString>> rows{
                    {tr("Customer"), customer},
                    {tr("Qualification"), s.request.summary()},
                };
                if (!q.vettingStatus.isEmpty())
                    rows.append(
                        {tr("Vetting status"), Qualifications::displayName(q.status(), q.vettingStatus)});
                if (q.vettingCreateDate.isValid())
                    rows.append({tr("Vetting started"), ctx.formatDateTime(q.vettingCreateDate)});
                rows.append({tr("Request ID"), s.requestId});
                rows.append({tr("Correlation ID"), s.correlationId});
                ctx.console().print(tr("Qualification submitted.") + u'\n' + TableFormatter::keyValue(rows));
            }
            ctx.finish(ExitOk);
        });
}

} // namespace qd::cli
