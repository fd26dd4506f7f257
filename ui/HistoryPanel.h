#pragma once

#include "history/Submission.h"
#include "submission/SubmissionService.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <memory>
#include <optional>

namespace Ui {
class HistoryPanel;
}

namespace qd {

class HistoryBadgeProxy;
class HistoryModel;

// The History tab: every submission, lazily fetched, filtered by text, state, qualification,
// date and the person who submitted it; sortable by any column; double-click opens the
// customer; "Refresh statuses" with progress; "Export…" writes the filtered rows to CSV.
class HistoryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryPanel(QWidget *parent = nullptr);
    ~HistoryPanel() override;

    // The store must be open; null (or a store that failed) shows why instead of the table.
    void setStore(SubmissionStore *store, const QString &unavailableReason = {});
    void setService(SubmissionService *service);
    HistoryModel *model() const { return m_model; }

    SubmissionFilter currentFilter() const;
    // Writes the rows matching the current filter, in the current order. -1 on failure.
    qint64 exportTo(const QString &path, QString *errorMessage = nullptr);
    void refreshStatuses();
    void focusFilter();
    // Shows the submission with that history ID: its customer's rows, it selected.
    void showSubmission(qint64 id);

signals:
    void customerRequested(const QString &tenantId, const QString &companyName);

protected:
    void changeEvent(QEvent *event) override;

private:
    enum Period
    {
        AnyTime,
        Today,
        Last7Days,
        Last30Days,
        ThisYear,
        CustomRange
    };

    void fillCombos();
    // The person filter's choices: everyone, then each user in the history. The chosen one stays.
    void refreshUsers();
    void applyFilter();
    void updateCount();
    void updateMessage();
    void onRefreshFinished(const RefreshSummary &summary);
    void chooseExportFile();
    void resizeColumns();
    void fitFilterField();

    std::unique_ptr<Ui::HistoryPanel> m_ui;
    QPointer<SubmissionStore> m_store;
    QPointer<SubmissionService> m_service;
    HistoryModel *m_model = nullptr;
    HistoryBadgeProxy *m_proxy;
    QTimer m_filterDebounce;
    QTimer m_usersRefresh; // a bulk run adds rows in many writes: the people are read once a moment
    QString m_unavailableReason;
    // Messages kept as data so a language switch re-renders them.
    enum class Message
    {
        None,
        RefreshDone,
        Exported,
        ExportFailed
    };
    Message m_message = Message::None;
    QString m_messageText; // error text from the core
    std::optional<RefreshSummary> m_summary;
    qint64 m_exportedRows = 0;
    QString m_exportedPath;
};

} // namespace qd
