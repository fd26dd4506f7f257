#pragma once

#include "domain/Models.h"
#include "domain/QualificationRequest.h"
#include "submission/SubmissionService.h"

#include <QPointer>
#include <QWidget>
#include <memory>
#include <optional>

class QButtonGroup;
class QLabel;

namespace Ui {
class QualificationForm;
}

namespace qd {

class ValidationCodeSource;

// Asks for one new qualification for the open customer: Education (segment, optional website),
// Government Community Cloud (validation code) or State-owned entity. Qualifications the
// customer already has are marked and cannot be chosen. Problems show next to their field;
// Submit is enabled only for a valid form and asks for a one-line confirmation. While the
// submission runs only this form is busy; the outcome is shown under it.
class QualificationForm : public QWidget
{
    Q_OBJECT
public:
    explicit QualificationForm(QWidget *parent = nullptr);
    ~QualificationForm() override;

    void setService(SubmissionService *service);
    // Where the GCC validation codes come from.
    void setValidationCodes(ValidationCodeSource *codes);
    // Resets the form for another customer (an invalid one disables it).
    void setCustomer(const Customer &customer);
    // What the customer has now; those types are marked and cannot be submitted.
    void setExistingQualifications(const QList<CustomerQualification> &qualifications);

    QualificationRequest request() const;
    // The problems of the current input, in field order (empty when it may be sent).
    QList<InputIssue> issues() const;
    bool canSubmit() const;
    bool isBusy() const { return m_busy; }
    bool isConfirming() const;

    // Ctrl+Enter: asks for confirmation, or confirms when asked already.
    void submitShortcut();
    void requestSubmit();
    void confirmSubmit();
    void cancelConfirm();

signals:
    // An accepted submission: the customer's table can show it at once.
    void submitted(const QString &customerId, const qd::CustomerQualification &created);
    // Any finished submission (also refused or failed), for the history and the status bar.
    void submissionFinished(const qd::SubmitResult &result);
    // The user asked to see a submission of the history (the one that holds a pair).
    void submissionRequested(qint64 id);

protected:
    void changeEvent(QEvent *event) override;

private:
    QualificationType selectedType() const;
    bool alreadyHas(QualificationType type) const;
    void onTypeChosen();
    void onFinished(const SubmitResult &result, const QString &companyName);
    void resetFields();
    void updateState();
    void updateTypeButtons();
    void showPage(QWidget *page);
    void showIssue(QLabel *label, const QString &text);
    void updateResult();
    void fillSegments();
    Ui::QualificationForm *ui() const; // builds the controls on first use
    void build();

    std::unique_ptr<Ui::QualificationForm> m_ui;
    QPointer<ValidationCodeSource> m_codes;
    QButtonGroup *m_typeGroup;
    QPointer<SubmissionService> m_service;
    Customer m_customer;
    QList<CustomerQualification> m_existing;
    bool m_busy = false;
    std::optional<SubmitResult> m_result; // kept so a language switch re-renders it
    QString m_resultCompany;
};

} // namespace qd
