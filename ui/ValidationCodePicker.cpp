#include "ValidationCodePicker.h"

#include "UiLogging.h"
#include "ui_ValidationCodePicker.h"

#include <QCompleter>
#include <QEvent>
#include <QLineEdit>
#include <QLocale>
#include <QStandardItemModel>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
constexpr int kValidationIdRole = Qt::UserRole + 1;
}

ValidationCodePicker::ValidationCodePicker(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ValidationCodePicker>()),
      m_items(new QStandardItemModel(this))
{
    m_ui->setupUi(this);
    auto *combo = m_ui->validationCodeComboBox;
    combo->setModel(m_items);
    combo->completer()->setCompletionMode(QCompleter::PopupCompletion);
    combo->completer()->setFilterMode(Qt::MatchContains);
    combo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    combo->lineEdit()->setPlaceholderText(tr("Choose or type a code"));
    connect(combo, &QComboBox::editTextChanged, this, &ValidationCodePicker::codeChanged);
    connect(m_ui->reloadCodesButton, &QToolButton::clicked, this, &ValidationCodePicker::reload);
    updateStatus();
}

ValidationCodePicker::~ValidationCodePicker()
{
    if (m_job)
        m_job->abort();
}

void ValidationCodePicker::setSource(ValidationCodeSource *source)
{
    m_source = source;
}

void ValidationCodePicker::ensureLoaded()
{
    if (m_state == LoadState::NotLoaded || m_state == LoadState::Failed)
        reload();
}

void ValidationCodePicker::reload()
{
    if (!m_source || m_job)
        return;
    m_state = LoadState::Loading;
    updateStatus();
    emit loadStateChanged(m_state);
    m_job = m_source->codes(this, [this](const Result<QList<ValidationCode>> &result) { onLoaded(result); });
}

void ValidationCodePicker::onLoaded(const Result<QList<ValidationCode>> &result)
{
    m_job.clear();
    if (!result.ok()) {
        if (result.error.kind == ApiError::Kind::Cancelled)
            return;
        m_error = result.error;
        m_state = LoadState::Failed;
        qCInfo(lcUi) << "validation codes could not be loaded:" << ApiError::kindName(result.error.kind);
    } else {
        m_codes = result.value;
        m_state = LoadState::Loaded;
        m_error = {};
    }
    rebuildItems();
    updateStatus();
    emit loadStateChanged(m_state);
}

QString ValidationCodePicker::itemText(const ValidationCode &code)
{
    QString uses;
    if (code.remainingCreates == 0)
        uses = tr("no uses left");
    else if (code.remainingCreates > 0 && code.maxCreates > 0)
        uses = tr("%1 of %2 uses left")
                   .arg(QLocale().toString(code.remainingCreates), QLocale().toString(code.maxCreates));
    else if (code.remainingCreates > 0)
        uses = tr("%n use(s) left", nullptr, code.remainingCreates);
    QStringList parts{code.validationId};
    if (!code.organizationName.isEmpty())
        parts << code.organizationName;
    if (!uses.isEmpty())
        parts << uses;
    return parts.join(u"  ·  "_s);
}

void ValidationCodePicker::rebuildItems()
{
    // Keep what the user typed or chose across a rebuild (reload, language switch).
    const QString current = code();
    const QSignalBlocker blocker(m_ui->validationCodeComboBox);
    m_items->clear();
    for (const ValidationCode &vc : std::as_const(m_codes)) {
        auto *item = new QStandardItem(itemText(vc));
        item->setData(vc.validationId, kValidationIdRole);
        item->setData(itemText(vc), Qt::AccessibleTextRole);
        if (!vc.isUsable()) {
            // Shown so the partner sees it exists, but it cannot be picked.
            item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
            item->setToolTip(tr("This code has no uses left."));
        }
        m_items->appendRow(item);
    }
    m_ui->validationCodeComboBox->setCurrentIndex(-1);
    setCode(current);
}

QString ValidationCodePicker::code() const
{
    const QString text = m_ui->validationCodeComboBox->currentText().trimmed();
    if (text.isEmpty())
        return {};
    for (int row = 0; row < m_items->rowCount(); ++row) {
        const QStandardItem *item = m_items->item(row);
        if (item->text() == text)
            return item->data(kValidationIdRole).toString();
    }
    // "582641 · Org" typed or pasted by hand: the code is the first part.
    const qsizetype dot = text.indexOf(u'·');
    return dot > 0 ? text.left(dot).trimmed() : text;
}

ValidationCode ValidationCodePicker::findCode(const QString &validationId) const
{
    for (const ValidationCode &vc : m_codes) {
        if (vc.validationId.compare(validationId, Qt::CaseInsensitive) == 0)
            return vc;
    }
    return {};
}

void ValidationCodePicker::setCode(const QString &text)
{
    auto *combo = m_ui->validationCodeComboBox;
    for (int row = 0; row < m_items->rowCount(); ++row) {
        const QStandardItem *item = m_items->item(row);
        if (item->data(kValidationIdRole).toString() == text && item->isEnabled()) {
            combo->setCurrentIndex(row);
            return;
        }
    }
    combo->setCurrentIndex(-1);
    combo->setEditText(text);
}

void ValidationCodePicker::clear()
{
    setCode({});
}

void ValidationCodePicker::updateStatus()
{
    QString status;
    bool problem = false;
    switch (m_state) {
    case LoadState::NotLoaded:
        break;
    case LoadState::Loading:
        status = tr("Loading your validation codes…");
        break;
    case LoadState::Loaded:
        if (m_codes.isEmpty())
            status = tr("Partner Center lists no validation code for you; type the code you were given.");
        break;
    case LoadState::Failed:
        problem = true;
        status = tr("Your validation codes could not be loaded; type the code instead.") + u'\n' +
                 m_error.userMessage();
        break;
    }
    m_ui->codesStatusLabel->setText(status);
    m_ui->codesStatusLabel->setVisible(!status.isEmpty());
    m_ui->codesStatusLabel->setForegroundRole(problem ? QPalette::WindowText : QPalette::PlaceholderText);
    m_ui->reloadCodesButton->setVisible(m_state == LoadState::Failed);
}

void ValidationCodePicker::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        m_ui->validationCodeComboBox->lineEdit()->setPlaceholderText(tr("Choose or type a code"));
        rebuildItems();
        updateStatus();
    }
    QWidget::changeEvent(event);
}

} // namespace qd
