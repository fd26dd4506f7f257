#pragma once

#include "submission/BulkInput.h"
#include "submission/BulkRun.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>
#include <functional>
#include <memory>

namespace Ui {
class BulkPanel;
}

namespace qd {

class BulkPreflight;
class CustomerDirectory;
class ValidationCodeSource;
class BulkResultsFilter;
class BulkResultsModel;
class SubmissionService;

// The Bulk tab: open or drop a CSV file (or paste tenant IDs with one qualification for all),
// see every row checked, start one resumable run, follow it (progress, throughput, time left),
// pause, resume or cancel it, filter the live results and export them. An interrupted run found
// in the history can be continued. All work goes through the core (BulkRun, BulkPreflight).
class BulkPanel : public QWidget
{
    Q_OBJECT
public:
    explicit BulkPanel(QWidget *parent = nullptr);
    ~BulkPanel() override;

    // The submission service (its store and client are used too). Null disables the tab.
    // directory and codes: what the check before a run reads (without them, no check).
    void setService(SubmissionService *service, CustomerDirectory *directory = nullptr,
                    ValidationCodeSource *codes = nullptr);

    // What Open and drop do: reads and checks the file in the background (then the read pass
    // when enabled); isChecking() is true until the rows are ready. False while a run is going.
    bool loadFile(const QString &path);
    // What "Check pasted list" does, with the qualification fields of the tab.
    void loadPasted(const QString &text, const BulkRow &common);
    void start();
    void togglePause();
    void cancel();
    // Continues a stored run (the banner's button).
    bool resumeStored(const QString &runId);
    bool exportTo(const QString &path, QString *errorMessage = nullptr);

    BulkRun *run() const { return m_run; }
    BulkResultsModel *model() const { return m_model; }
    bool isChecking() const;
    // A run is sending (or waiting to send) rows.
    bool isRunning() const;

signals:
    void runningChanged(bool running);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void fillCombos();
    void chooseFile();
    void usePasted();
    struct Loaded
    {
        BulkInput input;
        QList<CheckedRow> checked;
    };
    void load(std::function<BulkInput()> read);
    void onLoaded(const Loaded &loaded);
    void showRows();        // the table from m_checked
    void takeCheckedRows(); // m_checked from the read pass that just ended
    void onChecked();       // the table, counts and buttons for m_checked
    void onProgress(const BulkProgress &progress);
    void onFinished(const BulkSummary &summary);
    void chooseExportFile();
    void updateButtons();
    void updateCount();
    void updateResumeBanner();
    void updatePasteFields();
    void setMessage(const QString &text, bool error = false);
    void resizeColumns();
    BulkRun *newRun();

    std::unique_ptr<Ui::BulkPanel> m_ui;
    QPointer<SubmissionService> m_service;
    BulkResultsModel *m_model;
    BulkResultsFilter *m_filter;
    BulkPreflight *m_preflight = nullptr;
    QPointer<BulkRun> m_run;
    QList<CheckedRow> m_checked;
    QString m_source;         // file name or "pasted list", for messages
    QString m_resumableRun;   // the banner's run ID
    int m_loadGeneration = 0; // a newer load makes older results stale
    bool m_loading = false;
    QElapsedTimer m_checkProgressShown;
};

} // namespace qd
