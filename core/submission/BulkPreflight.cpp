#include "BulkPreflight.h"

#include "BulkLogging.h"
#include "directory/CustomerDirectory.h"

using namespace Qt::StringLiterals;

namespace qd {

BulkPreflight::BulkPreflight(CustomerDirectory *directory, ValidationCodeSource *codes, QObject *parent)
    : QObject(parent), m_directory(directory), m_codes(codes)
{}

BulkPreflight::~BulkPreflight()
{
    cancel();
}

void BulkPreflight::start(const QList<CheckedRow> &rows)
{
    cancel();
    m_rows = rows;
    m_rowsByTenant.clear();
    m_queue.clear();
    m_done = 0;
    bool anyGcc = false;
    for (int i = 0; i < m_rows.size(); ++i) {
        const CheckedRow &c = m_rows.at(i);
        if (!c.isValid())
            continue;
        auto it = m_rowsByTenant.find(c.tenantId);
        if (it == m_rowsByTenant.end()) {
            m_queue.append(c.tenantId);
            it = m_rowsByTenant.insert(c.tenantId, {});
        }
        it->append(i);
        anyGcc = anyGcc || c.request.type == QualificationType::GovernmentCommunityCloud;
    }
    m_total = int(m_queue.size()) + (anyGcc ? 1 : 0);
    m_running = true;
    if (anyGcc && m_codes) {
        m_codesPending = true;
        ++m_inFlight;
        m_jobs.append(m_codes->codes(this, [this](const Result<QList<ValidationCode>> &r) {
            // A cancelled read belongs to a check that cancel() already wound up (its answer
            // may arrive after a new check started): it must not touch the new one's counts.
            if (r.error.kind == ApiError::Kind::Cancelled)
                return;
            --m_inFlight;
            m_codesPending = false;
            onCodes(r.value, r.ok() ? QString() : r.error.userMessage());
        }));
    }
    startNext();
    finishIfDone();
}

void BulkPreflight::cancel()
{
    const auto jobs = std::exchange(m_jobs, {});
    m_queue.clear();
    for (const QPointer<ApiJob> &job : jobs) {
        if (job)
            job->abort();
    }
    m_inFlight = 0;
    m_codesPending = false;
    m_running = false;
}

void BulkPreflight::startNext()
{
    if (!m_directory) {
        m_queue.clear();
        return;
    }
    while (m_running && m_inFlight < m_concurrency && !m_queue.isEmpty()) {
        const TenantId tenant = m_queue.takeFirst();
        ++m_inFlight;
        ApiJob *job = m_directory->qualifications(
            tenant, this, [this, tenant](const Result<QList<CustomerQualification>> &r) {
                if (r.error.kind == ApiError::Kind::Cancelled)
                    return; // see getValidationCodes above
                --m_inFlight;
                onQualifications(tenant, r.value, r.ok() ? QString() : r.error.userMessage());
                startNext();
                finishIfDone();
            });
        m_jobs.append(job);
    }
    m_jobs.removeAll(QPointer<ApiJob>());
}

void BulkPreflight::onQualifications(const TenantId &tenantId, const QList<CustomerQualification> &held,
                                     const QString &error)
{
    ++m_done;
    const QList<int> indexes = m_rowsByTenant.value(tenantId);
    for (int i : indexes) {
        CheckedRow &c = m_rows[i];
        if (!error.isEmpty()) {
            c.problems.append({BulkProblem::Kind::CheckFailed, c.row.line,
                               tr("Could not check the customer's qualifications: %1").arg(error)});
            continue;
        }
        for (const CustomerQualification &q : held) {
            if (q.type() != c.request.type)
                continue;
            const QString status = Qualifications::displayName(q.status(), q.vettingStatus);
            c.problems.append({BulkProblem::Kind::AlreadyHeld, c.row.line,
                               q.vettingStatus.isEmpty()
                                   ? tr("The customer already holds %1; this row is skipped.")
                                         .arg(Qualifications::displayName(c.request.type))
                                   : tr("The customer already holds %1 (%2); this row is skipped.")
                                         .arg(Qualifications::displayName(c.request.type), status)});
            break;
        }
    }
    emit progress(m_done, m_total);
}

void BulkPreflight::onCodes(const QList<ValidationCode> &codes, const QString &error)
{
    ++m_done;
    QHash<QString, int> remaining; // validationId -> uses left (-1 when not reported)
    for (const ValidationCode &code : codes)
        remaining.insert(code.validationId.toLower(), code.remainingCreates);
    for (CheckedRow &c : m_rows) {
        if (!c.isValid() || c.request.type != QualificationType::GovernmentCommunityCloud)
            continue;
        const QString id = c.request.validationCode.trimmed().toLower();
        if (!error.isEmpty()) {
            c.problems.append({BulkProblem::Kind::CheckFailed, c.row.line,
                               tr("Could not check the validation code: %1").arg(error)});
        } else if (!remaining.contains(id)) {
            c.problems.append(
                {BulkProblem::Kind::CodeProblem, c.row.line,
                 tr("\"%1\" is not one of your validation codes.").arg(c.request.validationCode.trimmed())});
        } else if (int &left = remaining[id]; left == 0) {
            c.problems.append({BulkProblem::Kind::CodeProblem, c.row.line,
                               tr("The validation code \"%1\" has no uses left for this row.")
                                   .arg(c.request.validationCode.trimmed())});
        } else if (left > 0) {
            --left; // earlier rows use the code up first
        }
    }
    emit progress(m_done, m_total);
    finishIfDone();
}

void BulkPreflight::finishIfDone()
{
    if (!m_running || m_inFlight > 0 || !m_queue.isEmpty() || m_codesPending)
        return;
    m_running = false;
    m_jobs.clear();
    qCDebug(lcBulk) << "preflight checked" << m_total << "reads";
    emit finished();
}

} // namespace qd
