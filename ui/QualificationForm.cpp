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
const QString kConfirmStyle = u"QFrame#confirmFrame { background: #eef3fb; border: 1px solid #c5d3ea; border-radius: 4px; }"_s;
const QString kSuccessStyle = u"QFrame#resultFrame { background: #e3f3e6; border: 1px solid #b5dbbf; border-radius: 4px; }"_s;
const QString kFailureStyle = u"QFrame#resultFrame { background: #fbe4e2; border: 1px solid #efb9b4; border-radius: 4px; }"_s;
} // namespace

QualificationForm::QualificationForm(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::QualificationForm>())
    , m_typeGroup(new QButtonGroup(this))
{
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
    connect(m_ui->validationCodePicker, &ValidationCodePicker::codeChanged, this, &QualificationForm::updateState);
    connect(m_ui->validationCodePicker, &ValidationCodePicker::loadStateChanged, this, &QualificationForm::updateState);
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
    updateTypeButtons();
    updateState();
}

QualificationForm::~QualificationForm() = default;

void QualificationForm::setService(SubmissionService *service)
{
    m_service = service;
    if (service) // not at construction: the clear icon's lookup would delay the first paint
        m_ui->websiteEdit->setClearButtonEnabled(true);
    updateState();
}

void QualificationForm::setValidationCodes(ValidationCodeSource *codes)
{
    m_ui->validationCodePicker->setSource(codes);
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
        showPage(m_ui->noTypePage);
        m_ui->confirmFrame->hide();
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
    return type != QualificationType::Unknown
        && std::any_of(m_existing.cbegin(), m_existing.cend(),
                       [type](const CustomerQualification &q) { return q.type() == type; });
}

QualificationRequest QualificationForm::request() const
{
    QualificationRequest request;
    request.type = selectedType();
    request.rawType = Qualifications::apiName(request.type);
    switch (request.type) {
    case QualificationType::Education:
        request.segment = EducationSegment(m_ui->segmentComboBox->currentData().toInt());
        request.website = m_ui->websiteEdit->text().trimmed();
        break;
    case QualificationType::GovernmentCommunityCloud:
        request.validationCode = m_ui->validationCodePicker->code();
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
        const ValidationCode known = m_ui->validationCodePicker->findCode(r.validationCode);
        if (!known.validationId.isEmpty() && known.remainingCreates == 0)
            list.append({InputIssue::Field::ValidationCode, tr("This code has no uses left; choose another one.")});
    }
    if (alreadyHas(r.type))
        list.prepend({InputIssue::Field::Qualification, tr("The customer already has this qualification.")});
    return list;
}

bool QualificationForm::canSubmit() const
{
    return m_customer.isValid() && m_service && !m_busy && selectedType() != QualificationType::Unknown
        && issues().isEmpty();
}

bool QualificationForm::isConfirming() const
{
    return m_ui->confirmFrame->isVisibleTo(this);
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
    m_ui->confirmLabel->setText(tr("Submit %1 for %2?").arg(r.summary(), m_customer.companyName));
    m_ui->confirmFrame->show();
    m_ui->submitButton->hide();
    m_ui->confirmButton->setFocus(Qt::OtherFocusReason);
}

void QualificationForm::cancelConfirm()
{
    m_ui->confirmFrame->hide();
    m_ui->submitButton->show();
    m_ui->submitButton->setFocus(Qt::OtherFocusReason);
    updateState();
}

void QualificationForm::confirmSubmit()
{
    if (!isConfirming() || !canSubmit())
        return;
    m_ui->confirmFrame->hide();
    m_ui->submitButton->show();
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
        showPage(m_ui->educationPage);
        break;
    case QualificationType::GovernmentCommunityCloud:
        showPage(m_ui->gccPage);
        m_ui->validationCodePicker->ensureLoaded();
        break;
    case QualificationType::StateOwnedEntity:
        showPage(m_ui->soePage);
        break;
    default:
        showPage(m_ui->noTypePage);
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
    m_ui->segmentComboBox->setCurrentIndex(-1);
    m_ui->websiteEdit->clear();
    m_ui->validationCodePicker->clear();
    showPage(m_ui->noTypePage);
    m_ui->confirmFrame->hide();
    m_ui->submitButton->show();
}

void QualificationForm::showPage(QWidget *page)
{
    // A stacked widget is as tall as its tallest page; hidden pages must not hold space open.
    for (int i = 0; i < m_ui->detailsStackedWidget->count(); ++i) {
        QWidget *each = m_ui->detailsStackedWidget->widget(i);
        each->setSizePolicy(each == page ? QSizePolicy::Preferred : QSizePolicy::Ignored,
                            each == page ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    }
    m_ui->detailsStackedWidget->setCurrentWidget(page);
    m_ui->detailsStackedWidget->updateGeometry();
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
    for (QWidget *w : {static_cast<QWidget *>(m_ui->educationRadioButton), static_cast<QWidget *>(m_ui->gccRadioButton),
                       static_cast<QWidget *>(m_ui->soeRadioButton)}) {
        const auto type = QualificationType(m_typeGroup->id(static_cast<QAbstractButton *>(w)));
        w->setEnabled(editable && !alreadyHas(type));
    }
    m_ui->detailsStackedWidget->setEnabled(editable);

    QString segmentIssue, websiteIssue, codeIssue, typeIssue;
    const QualificationType type = selectedType();
    if (hasCustomer && type != QualificationType::Unknown) {
        for (const InputIssue &issue : issues()) {
            switch (issue.field) {
            case InputIssue::Field::Segment: segmentIssue = issue.message; break;
            case InputIssue::Field::Website: websiteIssue = issue.message; break;
            case InputIssue::Field::ValidationCode: if (codeIssue.isEmpty()) codeIssue = issue.message; break;
            case InputIssue::Field::Qualification:
            case InputIssue::Field::TenantId: typeIssue = issue.message; break;
            }
        }
    }
    showIssue(m_ui->segmentErrorLabel, segmentIssue);
    showIssue(m_ui->websiteErrorLabel, websiteIssue);
    showIssue(m_ui->validationCodeErrorLabel, codeIssue);

    QString hint;
    bool hintIsError = false;
    if (!hasCustomer) {
        hint = tr("Open a customer to submit a qualification.");
    } else if (!typeIssue.isEmpty()) {
        hint = typeIssue;
        hintIsError = true;
    } else if (type == QualificationType::Unknown) {
        const bool allHeld = alreadyHas(QualificationType::Education) && alreadyHas(QualificationType::GovernmentCommunityCloud)
            && alreadyHas(QualificationType::StateOwnedEntity);
        hint = allHeld ? tr("This customer already has every qualification QualDesk can submit.")
                       : tr("Choose the qualification to submit.");
    }
    m_ui->qualificationHintLabel->setText(hint);
    m_ui->qualificationHintLabel->setVisible(!hint.isEmpty());
    m_ui->qualificationHintLabel->setStyleSheet(hintIsError ? kErrorStyle : QString());
    m_ui->qualificationHintLabel->setForegroundRole(hintIsError ? QPalette::WindowText : QPalette::PlaceholderText);

    m_ui->submitButton->setEnabled(canSubmit());
    m_ui->busyProgressBar->setVisible(m_busy);
    m_ui->busyLabel->setVisible(m_busy);
}

void QualificationForm::updateTypeButtons()
{
    const auto label = [this](QualificationType type, const QString &name) {
        return alreadyHas(type) ? tr("%1 (already has it)").arg(name) : name;
    };
    m_ui->educationRadioButton->setText(label(QualificationType::Education, tr("&Education", "qualification")));
    m_ui->gccRadioButton->setText(label(QualificationType::GovernmentCommunityCloud, tr("&Government Community Cloud")));
    m_ui->soeRadioButton->setText(label(QualificationType::StateOwnedEntity, tr("&State-owned entity")));
    for (QAbstractButton *b : m_typeGroup->buttons())
        b->setToolTip(alreadyHas(QualificationType(m_typeGroup->id(b))) ? tr("The customer already has this qualification.") : QString());
}

void QualificationForm::updateResult()
{
    if (!m_result) {
        m_ui->resultFrame->hide();
        return;
    }
    const SubmitResult &r = *m_result;
    QString text;
    BadgeKind kind = BadgeKind::Negative;
    if (r.ok()) {
        const QString name = Qualifications::displayName(r.submission.request.type, r.submission.request.rawType);
        text = tr("%1 submitted for %2.").arg(name, m_resultCompany);
        if (r.created.status() == VettingStatus::InReview)
            text += u' ' + tr("Vetting is in review; refresh later to see the outcome.");
        kind = BadgeKind::Positive;
    } else {
        text = r.userMessage();
        if (r.submission.state == Submission::State::Unknown)
            kind = BadgeKind::Pending;
    }
    m_ui->resultLabel->setText(text);
    m_ui->resultIconLabel->setPixmap(StatusBadge::icon(kind).pixmap(16, 16));
    m_ui->resultFrame->setStyleSheet(r.ok() ? kSuccessStyle : kFailureStyle);
    m_ui->copyDetailsButton->setVisible(!r.ok());
    // A team's history: a colleague's row holds the pair; the user can look at it.
    m_ui->openHolderButton->setVisible(r.storeError.kind == StoreError::Kind::Claimed &&
                                       r.storeError.claim.rowId != 0);
    m_ui->resultFrame->show();
}

void QualificationForm::fillSegments()
{
    auto *combo = m_ui->segmentComboBox;
    const int index = combo->currentIndex();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->setPlaceholderText(tr("Choose a segment"));
    combo->addItem(Qualifications::displayName(EducationSegment::K12), int(EducationSegment::K12));
    combo->addItem(Qualifications::displayName(EducationSegment::HigherEducation), int(EducationSegment::HigherEducation));
    combo->setCurrentIndex(index);
}

void QualificationForm::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        fillSegments();
        updateTypeButtons();
        updateState();
        updateResult();
        if (isConfirming()) {
            const QualificationRequest r = request();
            m_ui->confirmLabel->setText(tr("Submit %1 for %2?").arg(r.summary(), m_customer.companyName));
        }
    }
    QWidget::changeEvent(event);
}

} // namespace qd
