#include "BulkPanel.h"

#include "BulkResultsModel.h"
#include "ComboRefill.h"
#include "UiLogging.h"
#include "domain/Duration.h"
#include "history/CsvWriter.h"
#include "history/SubmissionStore.h"
#include "submission/BulkPreflight.h"
#include "submission/SubmissionService.h"
#include "ui_BulkPanel.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QMimeData>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace qd {

BulkPanel::BulkPanel(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::BulkPanel>()), m_model(new BulkResultsModel(this)),
      m_filter(new BulkResultsFilter(this))
{
    m_ui->setupUi(this);
    m_filter->setSourceModel(m_model);
    m_filter->setSortRole(Qt::DisplayRole);
    m_ui->resultsTableView->setModel(m_filter);
    m_ui->resultsTableView->sortByColumn(BulkResultsModel::Line, Qt::AscendingOrder);
    // Uniform rows: the view never measures thousands of rows to lay them out.
    m_ui->resultsTableView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    fillCombos();
    m_ui->resumeFrame->hide();

    connect(m_ui->openButton, &QPushButton::clicked, this, &BulkPanel::chooseFile);
    connect(m_ui->usePastedButton, &QPushButton::clicked, this, &BulkPanel::usePasted);
    connect(m_ui->qualificationComboBox, &QComboBox::currentIndexChanged, this,
            &BulkPanel::updatePasteFields);
    connect(m_ui->startButton, &QPushButton::clicked, this, &BulkPanel::start);
    connect(m_ui->pauseButton, &QPushButton::clicked, this, &BulkPanel::togglePause);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &BulkPanel::cancel);
    connect(m_ui->exportButton, &QPushButton::clicked, this, &BulkPanel::chooseExportFile);
    connect(m_ui->resumeRunButton, &QPushButton::clicked, this, [this] { resumeStored(m_resumableRun); });
    connect(m_ui->showComboBox, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setShow(BulkResultsFilter::Show(m_ui->showComboBox->currentData().toInt()));
        updateCount();
    });
    connect(m_ui->filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setText(text.trimmed());
        updateCount();
    });
    connect(m_ui->concurrencySpinBox, &QSpinBox::valueChanged, this, [this](int n) {
        if (m_run)
            m_run->setConcurrency(n);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &BulkPanel::updateCount);
    updatePasteFields();
    updateButtons();
}

BulkPanel::~BulkPanel()
{
    // A closed window leaves unsent rows pending; the run can be continued next time.
    if (m_run)
        m_run->stop();
}

void BulkPanel::setService(SubmissionService *service, CustomerDirectory *directory,
                           ValidationCodeSource *codes)
{
    m_service = service;
    delete m_preflight;
    m_preflight = nullptr;
    if (service && directory) {
        m_preflight = new BulkPreflight(directory, codes, this);
        connect(m_preflight, &BulkPreflight::progress, this, [this](int done, int total) {
            // A read answers every few milliseconds; the labels follow at most ten times a second.
            if (done < total && m_checkProgressShown.isValid() && m_checkProgressShown.elapsed() < 100)
                return;
            m_checkProgressShown.start();
            m_ui->runProgressBar->setRange(0, qMax(total, 1));
            m_ui->runProgressBar->setValue(done);
            m_ui->statsLabel->setText(
                tr("Checking customers at Partner Center: %1 of %2").arg(done).arg(total));
        });
        connect(m_preflight, &BulkPreflight::finished, this, &BulkPanel::takeCheckedRows);
    }
    setEnabled(service != nullptr);
    updateResumeBanner();
    updateButtons();
}

bool BulkPanel::isChecking() const
{
    return m_loading || (m_preflight && m_preflight->isRunning());
}

bool BulkPanel::isRunning() const
{
    return m_run && m_run->state() != BulkRun::State::Idle && m_run->state() != BulkRun::State::Finished;
}

void BulkPanel::fillCombos()
{
    refillCombo(
        m_ui->qualificationComboBox,
        {{Qualifications::displayName(QualificationType::Education), int(QualificationType::Education)},
         {Qualifications::displayName(QualificationType::GovernmentCommunityCloud),
          int(QualificationType::GovernmentCommunityCloud)},
         {Qualifications::displayName(QualificationType::StateOwnedEntity),
          int(QualificationType::StateOwnedEntity)}});
    refillCombo(m_ui->segmentComboBox,
                {{Qualifications::displayName(EducationSegment::K12), int(EducationSegment::K12)},
                 {Qualifications::displayName(EducationSegment::HigherEducation),
                  int(EducationSegment::HigherEducation)}});
    using Show = BulkResultsFilter::Show;
    refillCombo(m_ui->showComboBox, {{tr("All rows"), int(Show::All)},
                                     {tr("Problems"), int(Show::Problems)},
                                     {tr("Waiting"), int(Show::Waiting)},
                                     {tr("Accepted"), int(Show::Accepted)},
                                     {tr("Refused"), int(Show::Refused)},
                                     {tr("Failed"), int(Show::Failed)},
                                     {tr("Unknown"), int(Show::Unknown)},
                                     {tr("Invalid"), int(Show::Invalid)}});
}

void BulkPanel::updatePasteFields()
{
    const auto type = QualificationType(m_ui->qualificationComboBox->currentData().toInt());
    m_ui->segmentComboBox->setVisible(type == QualificationType::Education);
    m_ui->websiteEdit->setVisible(type == QualificationType::Education);
    m_ui->codeEdit->setVisible(type == QualificationType::GovernmentCommunityCloud);
}

void BulkPanel::load(std::function<BulkInput()> read)
{
    const int generation = ++m_loadGeneration;
    setMessage(tr("Reading %1…").arg(m_source));
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == m_loadGeneration)
            onLoaded(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([read = std::move(read)] {
        Loaded loaded;
        loaded.input = read();
        if (loaded.input.ok())
            loaded.checked = BulkValidator::validate(loaded.input.rows);
        return loaded;
    }));
    m_loading = true;
    updateButtons();
}

void BulkPanel::onLoaded(const Loaded &loaded)
{
    m_loading = false;
    if (!loaded.input.ok()) {
        m_checked.clear();
        m_model->setRows({});
        setMessage(tr("%1 cannot be used: %2").arg(m_source, loaded.input.error), true);
        updateButtons();
        return;
    }
    if (m_run && !isRunning()) {
        m_run->deleteLater(); // a finished run's results make way for the new input
        m_run = nullptr;
    }
    m_checked = loaded.checked;
    setMessage(loaded.input.warnings.join(u'\n'));
    if (m_preflight && m_ui->checkExistingCheckBox->isChecked() && BulkValidator::validCount(m_checked) > 0) {
        // Show the rows at once; the read pass adds what it finds.
        showRows();
        resizeColumns();
        m_ui->runProgressBar->setValue(0);
        m_preflight->start(m_checked);
    } else {
        onChecked();
        resizeColumns();
    }
    updateButtons();
}

void BulkPanel::usePasted()
{
    BulkRow common;
    const auto type = QualificationType(m_ui->qualificationComboBox->currentData().toInt());
    common.qualification = Qualifications::apiName(type);
    if (type == QualificationType::Education) {
        common.segment =
            Qualifications::apiName(EducationSegment(m_ui->segmentComboBox->currentData().toInt()));
        common.website = m_ui->websiteEdit->text().trimmed();
    } else if (type == QualificationType::GovernmentCommunityCloud) {
        common.validationCode = m_ui->codeEdit->text().trimmed();
    }
    loadPasted(m_ui->pasteEdit->toPlainText(), common);
}

void BulkPanel::loadPasted(const QString &text, const BulkRow &common)
{
    if (isRunning())
        return;
    m_source = tr("the pasted list");
    m_ui->sourceLabel->setText(tr("Pasted list"));
    load([text, common] { return BulkInput::fromPastedList(text, common); });
}

void BulkPanel::showRows()
{
    QList<BulkRowResult> preview;
    preview.reserve(m_checked.size());
    for (const CheckedRow &c : std::as_const(m_checked))
        preview.append(BulkResults::fromChecked(c));
    m_model->setRows(preview);
}

void BulkPanel::takeCheckedRows()
{
    // The read pass of this input ended (or was cancelled): keep what it found.
    m_checked = m_preflight->rows();
    onChecked();
}

void BulkPanel::onChecked()
{
    showRows();
    const int valid = BulkValidator::validCount(m_checked);
    const int problems = int(m_checked.size()) - valid;
    m_ui->statsLabel->setText(tr("%n row(s) ready to send", nullptr, valid) + u"; "_s +
                              tr("%n row(s) with problems (skipped)", nullptr, problems));
    m_ui->runProgressBar->setRange(0, qMax(valid, 1));
    m_ui->runProgressBar->setValue(0);
    if (valid == 0 && !m_checked.isEmpty())
        setMessage(tr("No row of %1 can be sent; see the problems in the table.").arg(m_source), true);
    updateButtons();
}

BulkRun *BulkPanel::newRun()
{
    auto *run = new BulkRun(m_service, SystemClock::instance(), this);
    run->setConcurrency(m_ui->concurrencySpinBox->value());
    connect(run, &BulkRun::rowsChanged, this,
            [this, run](const QList<int> &rows) { m_model->updateRows(run->results(), rows); });
    connect(run, &BulkRun::progressChanged, this, &BulkPanel::onProgress);
    connect(run, &BulkRun::stateChanged, this, [this] {
        updateButtons();
        emit runningChanged(isRunning());
    });
    connect(run, &BulkRun::throttled, this, [this](int seconds) {
        setMessage(tr("Partner Center asked to slow down; sending resumes in %n second(s), more gently.",
                      nullptr, seconds));
    });
    connect(run, &BulkRun::attentionNeeded, this, [this](const QString &message) {
        setMessage(message + u' ' + tr("The run is paused; press Resume when this is solved."), true);
    });
    connect(run, &BulkRun::finished, this, &BulkPanel::onFinished);
    return run;
}

void BulkPanel::start()
{
    if (!m_service || isRunning() || isChecking() || BulkValidator::validCount(m_checked) == 0)
        return;
    if (m_run)
        m_run->deleteLater();
    m_run = newRun();
    if (!m_run->start(m_checked)) {
        setMessage(m_run->errorString(), true);
        m_run->deleteLater();
        m_run = nullptr;
        updateButtons();
        return;
    }
    m_model->setRows(m_run->results());
    setMessage(tr("Run %1 started.").arg(m_run->runId()));
    qCInfo(lcUi) << "bulk run started from the Bulk tab:" << m_run->runId();
    updateButtons();
}

bool BulkPanel::resumeStored(const QString &runId)
{
    if (!m_service || isRunning() || runId.isEmpty())
        return false;
    if (m_run)
        m_run->deleteLater();
    m_run = newRun();
    if (!m_run->resumeRun(runId)) {
        setMessage(m_run->errorString(), true);
        m_run->deleteLater();
        m_run = nullptr;
        return false;
    }
    m_checked.clear();
    m_source = tr("run %1").arg(runId);
    m_ui->sourceLabel->setText(tr("Interrupted run %1").arg(runId));
    m_model->setRows(m_run->results());
    resizeColumns();
    m_ui->resumeFrame->hide();
    setMessage(tr("Continuing run %1: rows whose answer was lost are checked first.").arg(runId));
    updateButtons();
    return true;
}

void BulkPanel::togglePause()
{
    if (!m_run)
        return;
    if (m_run->state() == BulkRun::State::Paused) {
        setMessage({});
        m_run->resume();
    } else {
        m_run->pause();
    }
    updateButtons();
}

void BulkPanel::cancel()
{
    if (m_run)
        m_run->cancel();
    else if (m_preflight && m_preflight->isRunning()) {
        m_preflight->cancel();
        takeCheckedRows();
    }
    updateButtons();
}

void BulkPanel::onProgress(const BulkProgress &p)
{
    const BulkCounts &c = p.counts;
    m_ui->runProgressBar->setRange(0, qMax(c.toSend(), 1));
    m_ui->runProgressBar->setValue(c.done());
    const QLocale locale;
    QStringList parts{
        tr("Done %1 of %2").arg(locale.toString(c.done()), locale.toString(c.toSend())),
        tr("accepted %1").arg(locale.toString(c.accepted)),
        tr("refused %1").arg(locale.toString(c.refused)),
        tr("failed %1").arg(locale.toString(c.failed + c.unknown)),
        tr("remaining %1").arg(locale.toString(c.queued)),
    };
    if (p.rowsPerSecond > 0)
        parts << tr("%1 rows/s").arg(locale.toString(p.rowsPerSecond, 'f', 1));
    if (c.queued > 0)
        parts << tr("time left: %1").arg(Duration::text(p.etaMs));
    parts << p.concurrencyText();
    m_ui->statsLabel->setText(parts.join(u" · "_s));
    updateCount();
}

void BulkPanel::onFinished(const BulkSummary &summary)
{
    m_model->updateRows(m_run->results(), {});
    setMessage(tr("Run %1 finished: %2").arg(summary.runId, summary.text()),
               summary.counts.failed + summary.counts.unknown + summary.counts.refused > 0);
    updateResumeBanner();
    updateButtons();
}

void BulkPanel::updateButtons()
{
    const bool running = isRunning();
    const bool checking = isChecking();
    const bool paused = m_run && m_run->state() == BulkRun::State::Paused;
    m_ui->startButton->setEnabled(
        m_service && !running && !checking && BulkValidator::validCount(m_checked) > 0 &&
        !(m_run && m_run->state() == BulkRun::State::Finished && m_checked.isEmpty()));
    m_ui->pauseButton->setEnabled(running && m_run->state() != BulkRun::State::Cancelling &&
                                  m_run->state() != BulkRun::State::Stopping);
    m_ui->pauseButton->setText(paused ? tr("&Resume") : tr("&Pause"));
    m_ui->cancelButton->setEnabled((running && m_run->state() != BulkRun::State::Cancelling) || checking);
    m_ui->openButton->setEnabled(!running);
    m_ui->pasteGroupBox->setEnabled(!running);
    m_ui->exportButton->setEnabled(m_model->rowCount() > 0);
    m_ui->resumeRunButton->setEnabled(!running);
}

void BulkPanel::updateCount()
{
    const int shown = m_filter->rowCount();
    const int all = m_model->rowCount();
    m_ui->countLabel->setText(shown == all ? tr("%n row(s)", nullptr, all)
                                           : tr("%1 of %2 rows").arg(shown).arg(all));
}

void BulkPanel::updateResumeBanner()
{
    m_resumableRun.clear();
    SubmissionStore *store = m_service ? m_service->store() : nullptr;
    if (store && store->isOpen() && !isRunning()) {
        const QStringList runs = store->unfinishedRuns();
        if (!runs.isEmpty() && !(m_run && m_run->runId() == runs.constFirst() && !isRunning() &&
                                 m_run->summary().counts.queued == 0)) {
            m_resumableRun = runs.constFirst();
            // Counted by the database: a run may have thousands of rows.
            SubmissionFilter unfinished;
            unfinished.runId = m_resumableRun;
            unfinished.states = {Submission::State::Pending, Submission::State::Sent,
                                 Submission::State::Failed, Submission::State::Unknown};
            // With the rows it kept but had not written yet (a run stopped in its first moments).
            const int open = int(qMax<qint64>(store->count(unfinished), 0)) +
                             qMax(store->unwrittenKeptRows(m_resumableRun), 0);
            m_ui->resumeLabel->setText(
                tr("A bulk run was interrupted with %n row(s) not finished. Continue it to "
                   "settle and send them.",
                   nullptr, open));
        }
    }
    m_ui->resumeFrame->setVisible(!m_resumableRun.isEmpty());
}

void BulkPanel::setMessage(const QString &text, bool error)
{
    m_ui->messageLabel->setText(text);
    m_ui->messageLabel->setStyleSheet(error ? u"color: #a8201a;"_s : QString());
    m_ui->messageLabel->setVisible(!text.isEmpty());
}

void BulkPanel::resizeColumns()
{
    QHeaderView *header = m_ui->resultsTableView->horizontalHeader();
    for (int column = 0; column < BulkResultsModel::ColumnCount; ++column) {
        if (const int width = BulkResultsModel::preferredWidth(column))
            header->resizeSection(column, width);
    }
    // A pasted list (or a file without names) has no customer names: no empty column for them.
    m_ui->resultsTableView->setColumnHidden(BulkResultsModel::Company, !m_model->hasCompanyNames());
}

void BulkPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        fillCombos();
        m_model->retranslate();
        updateButtons();
        updateCount();
        updateResumeBanner();
    }
    QWidget::changeEvent(event);
}

} // namespace qd
