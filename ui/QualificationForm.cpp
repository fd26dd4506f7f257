#include "QualificationForm.h"

#include "StatusBadge.h"
#include "UiLogging.h"
#include "ui_QualificationForm.h"

#include <QButtonGroup>
#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
const QString kErrorStyle = u"color: #a8201a;"_s;
const QString kConfirmStyle =
    u"QFrame#confirmFrame { background: #eef3fb; border: 1px solid #c5d3ea; border-radius: 4px; }"_s;
const QString kSuccessStyle =
    u"QFrame#resultFrame { background: #e3f3e6; border: 1px solid #b5dbbf; border-radius: 4px; }"_s;
const QString kFailureStyle =
    u"QFrame#resultFrame { background: #fbe4e2; border: 1px solid #efb9b4; border-radius: 4px; }"_s;
} // namespace

QualificationForm::QualificationForm(QWidget *parent) : QWidget(parent), m_typeGroup(new QButtonGroup(this))
{}

// The form is hidden until a customer is opened: its controls are made when first needed (a
// customer, the services), so the window's first paint does not wait for them.
Ui::QualificationForm *QualificationForm::ui() const
{
    if (!m_ui)
        const_cast<QualificationForm *>(this)->build();
    return m_ui.get();
}

void QualificationForm::build()
{
    m_ui = std::make_unique<Ui::QualificationForm>();
    m_ui->setupUi(this);
    QFont title = m_ui->formTitleLabel->font();
    title.setBold(true);
    m_ui->formTitleLabel->setFont(title);
    m_ui->soeInfoLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->confirmFrame->setStyleSheet(kConfirmStyle);

    m_typeGroup->addButton(m_ui->educationRadioButton, int(QualificationType::Education));
    m_typeGroup->addButton(m_ui->gccRadioButton, int(QualificationType::GovernmentCommunityCloud));
    m_typeGroup->addButton(m_ui->soeRadioButton, int(QualificationType::StateOwnedEntity));
    connect(m_typeGroup, &QButtonGroup::idToggled, this, [this](int, bool checked) {
        if (checked)
            onTypeChosen();
    });
    fillSegments();
    connect(m_ui->segmentComboBox, &QComboBox::currentIndexChanged, this, &QualificationForm::updateState);
    connect(m_ui->websiteEdit, &QLineEdit::textChanged, this, &QualificationForm::updateState);
    connect(m_ui->validationCodePicker, &ValidationCodePicker::codeChanged, this,
            &QualificationForm::updateState);
    connect(m_ui->validationCodePicker, &ValidationCodePicker::loadStateChanged, this,
            &QualificationForm::updateState);
    connect(m_ui->submitButton, &QPushButton::clicked, this, &QualificationForm::requestSubmit);
    connect(m_ui->confirmButton, &QPushButton::clicked, this, &QualificationForm::confirmSubmit);
    connect(m_ui->cancelConfirmButton, &QPushButton::clicked, this, &QualificationForm::cancelConfirm);
    connect(m_ui->openHolderButton, &QPushButton::clicked, this, [this] {
        if (m_result && m_result->storeError.claim.rowId != 0)
            emit submissionRequested(m_result->storeError.claim.rowId);
    });
    connect(m_ui->copyDetailsButton, &QPushButton::clicked, this, [this] {
        if (!m_result)
            return;
        QString details = m_result->apiError.isError() ? m_result->apiError.details() : QString();
        if (m_result->storeError.isError())
            details = m_result->storeError.message + u'\n' + m_result->storeError.detail;
        if (!m_result->submission.requestId.isEmpty() && !details.contains(m_result->submission.requestId))
            details += u"\nMS-RequestId: "_s + m_result->submission.requestId;
        QGuiApplication::clipboard()->setText(details.trimmed());
    });

    showPage(m_ui->noTypePage);
    m_ui->confirmFrame->hide();
    m_ui->resultFrame->hide();
    m_ui->busyProgressBar->hide();
    m_ui->busyLabel->hide();
    m_ui->validationCodePicker->setSource(m_codes);
    if (m_service)
        m_ui->websiteEdit->setClearButtonEnabled(true);
    updateTypeButtons();
    updateState();
}

QualificationForm::~QualificationForm() = default;

void QualificationForm::setService(SubmissionService *service)
{
    m_service = service;
    if (!m_ui && !service)
        return;  // nothing to show yet; build() takes it from here
    if (service) // not at construction: the clear icon's lookup would delay the first paint
        ui()->websiteEdit->setClearButtonEnabled(true);
    updateState();
}

void QualificationForm::setValidationCodes(ValidationCodeSource *codes)
{
    m_codes = codes;
    if (m_ui || codes)
        ui()->validationCodePicker->setSource(codes);
}

void QualificationForm::setCustomer(const Customer &customer)
{
    const bool other = customer.id != m_customer.id;
    m_customer = customer;
    m_existing.clear();
    if (other) {
        resetFields();
        if (!m_busy) {
            m_result.reset();
            updateResult();
        }
    }
    updateTypeButtons();
    updateState();
}

void QualificationForm::setExistingQualifications(const QList<CustomerQualification> &qualifications)
{
    m_existing = qualifications;
    if (alreadyHas(selectedType()) && !m_busy) {
        // The chosen one turned out to be held already: drop the choice.
        m_typeGroup->setExclusive(false);
        if (QAbstractButton *b = m_typeGroup->checkedButton())
            b->setChecked(false);
        m_typeGroup->setExclusive(true);
        showPage(ui()->noTypePage);
        ui()->confirmFrame->hide();
    }
    updateTypeButtons();
    updateState();
}

QualificationType QualificationForm::selectedType() const
{
    const int id = m_typeGroup->checkedId();
    return id < 0 ? QualificationType::Unknown : QualificationType(id);
}

bool QualificationForm::alreadyHas(QualificationType type) const
{
    return type != QualificationType::Unknown &&
           std::any_of(m_existing.cbegin(), m_existing.cend(),
                       [type](const CustomerQualification &q) { return q.type() == type; });
}

QualificationRequest QualificationForm::request() const
{
    QualificationRequest request;
    request.type = selectedType();
    request.rawType = Qualifications::apiName(request.type);
    switch (request.type) {
    case QualificationType::Education:
        request.segment = EducationSegment(ui()->segmentComboBox->currentData().toInt());
        request.website = ui()->websiteEdit->text().trimmed();
        break;
    case QualificationType::GovernmentCommunityCloud:
        request.validationCode = ui()->validationCodePicker->code();
        break;
    default:
        break;
    }
    return request;
}

QList<InputIssue> QualificationForm::issues() const
{
    const QualificationRequest r = request();
    QList<InputIssue> list = r.validate();
    if (r.type == QualificationType::GovernmentCommunityCloud && !r.validationCode.isEmpty()) {
        const ValidationCode known = ui()->validationCodePicker->findCode(r.validationCode);
        if (!known.validationId.isEmpty() && known.remainingCreates == 0)
            list.append(
                {InputIssue::Field::ValidationCode, tr("This code has no uses left; choose another one.")});
    }
    if (alreadyHas(r.type))
        list.prepend({InputIssue::Field::Qualification, tr("The customer already has this qualification.")});
    return list;
}

bool QualificationForm::canSubmit() const
{
    return m_customer.isValid() && m_service && !m_busy && selectedType() != QualificationType::Unknown &&
           issues().isEmpty();
}

bool QualificationForm::isConfirming() const
{
    return ui()->confirmFrame->isVisibleTo(this);
}

void QualificationForm::submitShortcut()
{
    if (isConfirming())
        confirmSubmit();
    else
        requestSubmit();
}

void QualificationForm::requestSubmit()
{
    if (!canSubmit())
        return;
    const QualificationRequest r = request();
    ui()->confirmLabel->setText(tr("Submit %1 for %2?").arg(r.summary(), m_customer.companyName));
    ui()->confirmFrame->show();
    ui()->submitButton->hide();
    ui()->confirmButton->setFocus(Qt::OtherFocusReason);
}

void QualificationForm::cancelConfirm()
{
    ui()->confirmFrame->hide();
    ui()->submitButton->show();
    ui()->submitButton->setFocus(Qt::OtherFocusReason);
    updateState();
}

void QualificationForm::confirmSubmit()
{
    if (!isConfirming() || !canSubmit())
        return;
    ui()->confirmFrame->hide();
    ui()->submitButton->show();
    m_busy = true;
    m_result.reset();
    updateResult();
    updateState();
    const QString companyName = m_customer.companyName;
    const QualificationRequest r = request();
    qCInfo(lcUi) << "submitting" << Qualifications::apiName(r.type);
    // The form's customer enters the submission here as a TenantId (an invalid one is refused).
    m_service->submit(TenantId::fromText(m_customer.id), companyName, r, this,
                      [this, companyName](const SubmitResult &result) { onFinished(result, companyName); });
}

void QualificationForm::onFinished(const SubmitResult &result, const QString &companyName)
{
    m_busy = false;
    m_result = result;
    m_resultCompany = companyName;
    if (result.ok()) {
        if (result.submission.customerId.compare(m_customer.id, Qt::CaseInsensitive) == 0)
            resetFields();
        emit submitted(result.submission.customerId, result.created);
    } else {
        for (const InputIssue &issue : result.inputIssues)
            qCInfo(lcUi) << "submission refused before sending, field" << int(issue.field);
    }
    emit submissionFinished(result);
    updateResult();
    updateState();
}

void QualificationForm::onTypeChosen()
{
    switch (selectedType()) {
    case QualificationType::Education:
        showPage(ui()->educationPage);
        break;
    case QualificationType::GovernmentCommunityCloud:
        showPage(ui()->gccPage);
        ui()->validationCodePicker->ensureLoaded();
        break;
    case QualificationType::StateOwnedEntity:
        showPage(ui()->soePage);
        break;
    default:
        showPage(ui()->noTypePage);
        break;
    }
    if (isConfirming())
        cancelConfirm();
    updateState();
}

void QualificationForm::resetFields()
{
    m_typeGroup->setExclusive(false);
    if (QAbstractButton *b = m_typeGroup->checkedButton())
        b->setChecked(false);
    m_typeGroup->setExclusive(true);
    ui()->segmentComboBox->setCurrentIndex(-1);
    ui()->websiteEdit->clear();
    ui()->validationCodePicker->clear();
    showPage(ui()->noTypePage);
    ui()->confirmFrame->hide();
    ui()->submitButton->show();
}

void QualificationForm::showPage(QWidget *page)
{
    // A stacked widget is as tall as its tallest page; hidden pages must not hold space open.
    for (int i = 0; i < ui()->detailsStackedWidget->count(); ++i) {
        QWidget *each = ui()->detailsStackedWidget->widget(i);
        each->setSizePolicy(each == page ? QSizePolicy::Preferred : QSizePolicy::Ignored,
                            each == page ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    }
    ui()->detailsStackedWidget->setCurrentWidget(page);
    ui()->detailsStackedWidget->updateGeometry();
}

void QualificationForm::showIssue(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

void QualificationForm::updateState()
{
    const bool hasCustomer = m_customer.isValid();
    const bool editable = hasCustomer && !m_busy;
    for (QWidget *w :
         {static_cast<QWidget *>(ui()->educationRadioButton), static_cast<QWidget *>(ui()->gccRadioButton),
          static_cast<QWidget *>(ui()->soeRadioButton)}) {
        const auto type = QualificationType(m_typeGroup->id(static_cast<QAbstractButton *>(w)));
        w->setEnabled(editable && !alreadyHas(type));
    }
    ui()->detailsStackedWidget->setEnabled(editable);

    QString segmentIssue, websiteIssue, codeIssue, typeIssue;
    const QualificationType type = selectedType();
    if (hasCustomer && type != QualificationType::Unknown) {
        for (const InputIssue &issue : issues()) {
            switch (issue.field) {
            case InputIssue::Field::Segment:
                segmentIssue = issue.message;
                break;
            case InputIssue::Field::Website:
                websiteIssue = issue.message;
                break;
            case InputIssue::Field::ValidationCode:
                if (codeIssue.isEmpty())
                    codeIssue = issue.message;
                break;
            case InputIssue::Field::Qualification:
            case InputIssue::Field::TenantId:
                typeIssue = issue.message;
                break;
            }
        }
    }
    showIssue(ui()->segmentErrorLabel, segmentIssue);
    showIssue(ui()->websiteErrorLabel, websiteIssue);
    showIssue(ui()->validationCodeErrorLabel, codeIssue);

    QString hint;
    bool hintIsError = false;
    if (!hasCustomer) {
        hint = tr("Open a customer to submit a qualification.");
    } else if (!typeIssue.isEmpty()) {
        hint = typeIssue;
        hintIsError = true;
    } else if (type == QualificationType::Unknown) {
        const bool allHeld = alreadyHas(QualificationType::Education) &&
                             alreadyHas(QualificationType::GovernmentCommunityCloud) &&
                             alreadyHas(QualificationType::StateOwnedEntity);
        hint = allHeld ? tr("This customer already has every qualification QualDesk can submit.")
                       : tr("Choose the qualification to submit.");
    }
    ui()->qualificationHintLabel->setText(hint);
    ui()->qualificationHintLabel->setVisible(!hint.isEmpty());
    ui()->qualificationHintLabel->setStyleSheet(hintIsError ? kErrorStyle : QString());
    ui()->qualificationHintLabel->setForegroundRole(hintIsError ? QPalette::WindowText
                                                                : QPalette::PlaceholderText);

    ui()->submitButton->setEnabled(canSubmit());
    ui()->busyProgressBar->setVisible(m_busy);
    ui()->busyLabel->setVisible(m_busy);
}

void QualificationForm::updateTypeButtons()
{
    const auto label = [this](QualificationType type, const QString &name) {
        return alreadyHas(type) ? tr("%1 (already has it)").arg(name) : name;
    };
    ui()->educationRadioButton->setText(
        label(QualificationType::Education, tr("&Education", "qualification")));
    ui()->gccRadioButton->setText(
        label(QualificationType::GovernmentCommunityCloud, tr("&Government Community Cloud")));
    ui()->soeRadioButton->setText(label(QualificationType::StateOwnedEntity, tr("&State-owned entity")));
    for (QAbstractButton *b : m_typeGroup->buttons())
        b->setToolTip(alreadyHas(QualificationType(m_typeGroup->id(b)))
                          ? tr("The customer already has this qualification.")
                          : QString());
}

void QualificationForm::updateResult()
{
    if (!m_result) {
        ui()->resultFrame->hide();
        return;
    }
    const SubmitResult &r = *m_result;
    QString text;
    BadgeKind kind = BadgeKind::Negative;
    if (r.ok()) {
        const QString name =
            Qualifications::displayName(r.submission.request.type, r.submission.request.rawType);
        text = tr("%1 submitted for %2.").arg(name, m_resultCompany);
        if (r.created.status() == VettingStatus::InReview)
            text += u' ' + tr("Vetting is in review; refresh later to see the outcome.");
        kind = BadgeKind::Positive;
    } else {
        text = r.userMessage();
        if (r.submission.state == Submission::State::Unknown)
            kind = BadgeKind::Pending;
    }
    ui()->resultLabel->setText(text);
    ui()->resultIconLabel->setPixmap(StatusBadge::icon(kind).pixmap(16, 16));
    ui()->resultFrame->setStyleSheet(r.ok() ? kSuccessStyle : kFailureStyle);
    ui()->copyDetailsButton->setVisible(!r.ok());
    // A team's history: a colleague's row holds the pair; the user can look at it.
    ui()->openHolderButton->setVisible(r.storeError.kind == StoreError::Kind::Claimed &&
                                       r.storeError.claim.rowId != 0);
    ui()->resultFrame->show();
}

void QualificationForm::fillSegments()
{
    auto *combo = ui()->segmentComboBox;
    const int index = combo->currentIndex();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->setPlaceholderText(tr("Choose a segment"));
    combo->addItem(Qualifications::displayName(EducationSegment::K12), int(EducationSegment::K12));
    combo->addItem(Qualifications::displayName(EducationSegment::HigherEducation),
                   int(EducationSegment::HigherEducation));
    combo->setCurrentIndex(index);
}

void QualificationForm::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && m_ui) { // unbuilt: built in the new language
        m_ui->retranslateUi(this);
        fillSegments();
        updateTypeButtons();
        updateState();
        updateResult();
        if (isConfirming()) {
            const QualificationRequest r = request();
            ui()->confirmLabel->setText(tr("Submit %1 for %2?").arg(r.summary(), m_customer.companyName));
        }
    }
    QWidget::changeEvent(event);
}

} // namespace qd
