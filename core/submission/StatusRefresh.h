#pragma once

// Internal to app/submission: one "Refresh statuses" run.

#include "SubmissionService.h"

#include <QDeadlineTimer>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace qd {

class StatusRefresh : public QObject
{
    Q_OBJECT
public:
    StatusRefresh(SubmissionService *service, int concurrency);
    void start();
    void cancel();

private:
    void pump();
    void read(const QString &customerId);
    void onRead(const QString &customerId, const Result<QList<CustomerQualification>> &result);
    void apply(Submission row, const QList<CustomerQualification> &held);
    void pauseFor(int ms);
    void finish();

    SubmissionService *m_service;
    int m_concurrency;
    QMap<QString, QList<Submission>> m_byCustomer;
    QStringList m_queue;
    QList<QPointer<ApiJob>> m_jobs;
    int m_running = 0;
    int m_done = 0;
    int m_total = 0;
    bool m_finished = false;
    bool m_resumeScheduled = false;
    // While Partner Center throttles, no new read starts.
    QDeadlineTimer m_pause{0};
    RefreshSummary m_summary;
};

} // namespace qd
