// The Bulk tab's files: a CSV chosen, dropped, or exported with the run's results.
#include "BulkPanel.h"
#include "BulkResultsModel.h"
#include "history/CsvWriter.h"
#include "submission/BulkRun.h"
#include "ui_BulkPanel.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMimeData>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace qd {

void BulkPanel::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a CSV file"), QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation),
        tr("CSV files (*.csv *.txt);;All files (*)"));
    if (!path.isEmpty())
        loadFile(path);
}

bool BulkPanel::loadFile(const QString &path)
{
    if (isRunning())
        return false;
    m_source = QFileInfo(path).fileName();
    m_ui->sourceLabel->setText(QDir::toNativeSeparators(path));
    // Reading and checking thousands of rows happens off the window's thread.
    load([path] { return BulkInput::fromCsvFile(path); });
    return true;
}

bool BulkPanel::exportTo(const QString &path, QString *errorMessage)
{
    return BulkResults::exportCsv(m_model->rows(), path, CsvWriter::delimiterForLocale(QLocale()),
                                  errorMessage);
}

void BulkPanel::chooseExportFile()
{
    const QString base = m_run ? u"bulk-%1.csv"_s.arg(m_run->runId().left(8)) : u"bulk-check.csv"_s;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export results"),
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(base),
        tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportTo(path, &error))
        setMessage(tr("Saved %n row(s) to %1.", nullptr, int(m_model->rows().size()))
                       .arg(QDir::toNativeSeparators(path)));
    else
        setMessage(error, true);
}

void BulkPanel::dragEnterEvent(QDragEnterEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (!isRunning() && mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().constFirst().isLocalFile())
        event->acceptProposedAction();
}

void BulkPanel::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.constFirst().isLocalFile())
        return;
    event->acceptProposedAction();
    loadFile(urls.constFirst().toLocalFile());
}

} // namespace qd
