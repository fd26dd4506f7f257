#include "ProxyCredentialsDialog.h"

#include "ui_ProxyCredentialsDialog.h"

#include <QPointer>
#include <QPushButton>

namespace qd {

ProxyCredentialsDialog::ProxyCredentialsDialog(const QString &proxyName, int attempt, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ProxyCredentialsDialog>())
{
    m_ui->setupUi(this);
    QString prompt = tr("The proxy %1 asks for a user name and password.").arg(proxyName);
    if (attempt > 1)
        prompt += u' ' + tr("It refused the last ones; attempt %1 of %2.")
                             .arg(attempt)
                             .arg(ProxyAuthenticator::MaxAttempts);
    m_ui->proxyPromptLabel->setText(prompt);
    m_ui->proxyPromptLabel->setAccessibleName(prompt);
    connect(m_ui->proxyButtonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->proxyButtonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->proxyUserEdit, &QLineEdit::textChanged, this, &ProxyCredentialsDialog::updateOk);
    updateOk();
}

ProxyCredentialsDialog::~ProxyCredentialsDialog() = default;

ProxyAuthenticator::Credentials ProxyCredentialsDialog::credentials() const
{
    return {m_ui->proxyUserEdit->text().trimmed(), m_ui->proxyPasswordEdit->text(),
            m_ui->proxyRememberCheck->isChecked()};
}

void ProxyCredentialsDialog::updateOk()
{
    m_ui->proxyButtonBox->button(QDialogButtonBox::Ok)
        ->setEnabled(!m_ui->proxyUserEdit->text().trimmed().isEmpty());
}

ProxyAuthenticator::Prompter ProxyCredentialsDialog::prompter(QWidget *parent)
{
    return [guard = QPointer<QWidget>(parent)](const QString &proxyName, int attempt,
                                               ProxyAuthenticator::Credentials *credentials) {
        if (!guard)
            return false;
        ProxyCredentialsDialog dialog(proxyName, attempt, guard);
        dialog.setObjectName(QStringLiteral("proxyCredentialsDialog"));
        if (dialog.exec() != QDialog::Accepted)
            return false;
        *credentials = dialog.credentials();
        return true;
    };
}

} // namespace qd
