#pragma once

// Internal to app/submission: one submission from its first send (or a retry) to its
// recorded outcome.

#include "SubmissionService.h"
#include "WriteBehind.h"

#include <QObject>
#include <QPointer>

namespace qd {

class SubmissionFlow : public QObject
{
    Q_OBJECT
public:
    enum class Start
    {
        Send,   // the row is pending: mark it sent, then POST it
        Post,   // the row's sent mark is written already: POST it
        Settle, // the outcome is not known: re-read first, replay the POST if absent
    };
    // With writeBehind, the sent mark and the outcome are queued there instead of written at once.
    SubmissionFlow(SubmissionService *service, const Submission &row, QObject *context,
                   SubmissionService::Callback done, WriteBehind *writeBehind = nullptr);
    void start(Start how);

    // The qualification of `type` a customer holds that may be the result of a submission made at
    // `submittedAt` (created no earlier than a few minutes before it, or with no date).
    static std::optional<CustomerQualification> findCreated(const QList<CustomerQualification> &list,
                                                            QualificationType type,
                                                            const QDateTime &submittedAt);
    // Copies what Partner Center holds into the row and marks it accepted.
    static void applyAccepted(Submission &row, const CustomerQualification &q, const QDateTime &now);

private:
    void send(); // marks the row sent (write-behind: first), then posts
    void post();
    void onPosted(const Result<QList<CustomerQualification>> &result);
    void settle();
    void watchRetries(ApiJob *job);
    void onReread(const Result<QList<CustomerQualification>> &result);
    void finish(Submission::State state, const ApiError &error = {});

    SubmissionService *m_service;
    Submission m_row;
    TenantId m_tenant; // m_row.customerId, parsed once (the row may come from the history file)
    QPointer<QObject> m_context;
    bool m_hasContext;
    SubmissionService::Callback m_done;
    WriteBehind *m_writeBehind;
    int m_replays = 0;
    bool m_sent = false;
    bool m_finished = false;
    ApiError m_cause; // why the outcome had to be settled
    SubmitResult m_result;
};

} // namespace qd
