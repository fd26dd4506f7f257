#pragma once

#include "BulkValidator.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace qd {

// Where one row of a bulk run stands.
enum class BulkRowState
{
    Invalid,  // failed validation (or duplicate, or already held): never sent
    Queued,   // stored as pending, waiting for a worker
    InFlight, // being sent or settled
    Accepted,
    Refused, // Partner Center said no (its reason in message)
    Failed,  // no verdict: network, server, sign-in, or cancelled before sending
    Unknown, // the answer was lost and re-reading could not settle it yet
};

struct BulkRowResult
{
    int line = 0;
    QString tenantId;
    QString companyName;
    QString qualification; // API name (Education, ...) or what the row said when invalid
    QString segment;
    QString website;
    QString validationCode;
    BulkRowState state = BulkRowState::Queued;
    QString message; // translated: the server's reason, the error, or the validation problems
    qint64 submissionId = 0;
    QString requestId; // MS-RequestId, fixed before the first send
    int httpStatus = 0;
    QString vettingStatus;

    bool isFinal() const;
    // {line, tenantId, qualification, state, message} plus requestId/submissionId when stored.
    QJsonObject toJson() const;
};

struct BulkCounts
{
    int accepted = 0;
    int refused = 0;
    int failed = 0;
    int unknown = 0;
    int invalid = 0;
    int queued = 0; // waiting, including rows in flight
    int inFlight = 0;

    int done() const { return accepted + refused + failed + unknown; }
    int toSend() const { return done() + queued; } // every row that is (or was) to be sent
    static BulkCounts of(const QList<BulkRowResult> &rows);
};

// What a progress bar shows. Throughput is measured over the last few seconds.
struct BulkProgress
{
    Q_DECLARE_TR_FUNCTIONS(BulkProgress)
public:
    BulkCounts counts;
    double rowsPerSecond = 0;
    qint64 etaMs = -1;        // -1 while unknown
    int concurrency = 0;      // requests in flight at most
    double pacePerMinute = 0; // requests a minute the run keeps to since a 429; 0: not paced
    int throttledAnswers = 0; // 429s and 503s met so far
    qint64 throttledMs = 0;   // > 0 while the run waits for Partner Center's Retry-After
    qint64 elapsedMs = 0;

    // "4 at once" or "4 at once, paced to 612/min" (after a 429), in the user's language.
    QString concurrencyText() const;
};

// The end of a run.
struct BulkSummary
{
    Q_DECLARE_TR_FUNCTIONS(BulkSummary)
public:
    QString runId;
    BulkCounts counts;
    bool cancelled = false;
    QString stopReason;        // translated; why the run stopped early (sign-in, history), empty otherwise
    bool signInNeeded = false; // it stopped because the sign-in was rejected

    // "120 accepted, 2 refused, 1 failed, 0 unknown, 3 invalid." in the user's language, plus
    // how many rows wait for a resume.
    QString text() const;
    // The CLI's exit code: 0 all accepted, 3 some refused, 4 some failed, unknown or not sent
    // (4 wins), 5 stopped for a new sign-in.
    int exitCode() const;
    // {runId, accepted, refused, failed, unknown, invalid, rows: [...]}.
    QJsonObject toJson(const QList<BulkRowResult> &rows) const;
};

class BulkResults
{
    Q_DECLARE_TR_FUNCTIONS(BulkResults)
public:
    // Stable lower-case words for JSON and CSV: accepted, refused, failed, unknown, invalid,
    // queued, sending.
    static QString stateName(BulkRowState state);
    // A checked row as a run shows it before it starts: Invalid with its problems, or Queued.
    static BulkRowResult fromChecked(const CheckedRow &row);
    // Translated word for the UI.
    static QString displayName(BulkRowState state);
    static QStringList csvHeader();
    static QStringList csvFields(const BulkRowResult &row);
    // Writes every row to a CSV file (UTF-8 with BOM, RFC 4180) through a temporary file renamed
    // into place. False with a translated errorMessage on failure.
    static bool exportCsv(const QList<BulkRowResult> &rows, const QString &path, QChar delimiter = u',',
                          QString *errorMessage = nullptr);
};

} // namespace qd

Q_DECLARE_METATYPE(qd::BulkProgress)
Q_DECLARE_METATYPE(qd::BulkSummary)
