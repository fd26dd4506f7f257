#pragma once

#include "BulkValidator.h"
#include "domain/Models.h"

#include <QCoreApplication>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace qd {

class ApiJob;
class CustomerDirectory;
class ValidationCodeSource;

// The validation pass that needs Partner Center: reads each customer's qualifications (one read
// per customer, at most `concurrency` at a time) and flags rows whose customer already holds the
// qualification; when the input has GCC rows, reads the partner's validation codes once and flags
// unknown codes and codes with fewer remaining uses than rows. A read that fails flags its rows
// with CheckFailed (they may still be sent). Sends nothing.
class BulkPreflight : public QObject
{
    Q_OBJECT
public:
    BulkPreflight(CustomerDirectory *directory, ValidationCodeSource *codes, QObject *parent = nullptr);
    ~BulkPreflight() override;

    void setConcurrency(int n) { m_concurrency = qMax(1, n); }
    int concurrency() const { return m_concurrency; }

    // Starts the reads for the valid rows of `rows`; finished() follows (also for no valid row).
    void start(const QList<CheckedRow> &rows);
    void cancel();
    bool isRunning() const { return m_running; }

    // The rows given to start() with the problems found added.
    const QList<CheckedRow> &rows() const { return m_rows; }

signals:
    void progress(int done, int total);
    void finished();

private:
    void startNext();
    void onQualifications(const TenantId &tenantId, const QList<CustomerQualification> &held,
                          const QString &error);
    void onCodes(const QList<ValidationCode> &codes, const QString &error);
    void finishIfDone();

    QPointer<CustomerDirectory> m_directory;
    QPointer<ValidationCodeSource> m_codes;
    int m_concurrency = 4;
    QList<CheckedRow> m_rows;
    QHash<TenantId, QList<int>> m_rowsByTenant; // tenant -> indexes into m_rows
    QList<TenantId> m_queue;                    // tenants still to read
    QList<QPointer<ApiJob>> m_jobs;
    int m_inFlight = 0;
    int m_done = 0;
    int m_total = 0;
    bool m_running = false;
    bool m_codesPending = false;
};

} // namespace qd
