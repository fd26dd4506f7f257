#include "DeviceCodeDialog.h"

#include "ui_DeviceCodeDialog.h"

#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace qd {

DeviceCodeDialog::DeviceCodeDialog(DeviceCodeSignIn *flow, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::DeviceCodeDialog>()), m_flow(flow)
{
    m_ui->setupUi(this);
    QFont codeFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    codeFont.setPointSizeF(codeFont.pointSizeF() * 1.8);
    codeFont.setBold(true);
    codeFont.setLetterSpacing(QFont::PercentageSpacing, 115);
    m_ui->userCodeLabel->setFont(codeFont);
    m_ui->deviceStatusLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->copyCodeButton->setEnabled(false);
    connect(m_ui->deviceButtonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->copyCodeButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_info.userCode); });
    if (flow) {
        m_info = flow->info();
        connect(flow, &DeviceCodeSignIn::userCodeReady, this, [this](const DeviceCodeInfo &info) {
            m_info = info;
            m_waiting = true;
            m_ui->copyCodeButton->setEnabled(true);
            updateTexts();
        });
        connect(flow, &SignInFlow::finished, this, [this](const SignInResult &result) {
            if (result.ok())
                accept();
            else if (result.error != SignInResult::Error::Cancelled)
                m_ui->deviceStatusLabel->setText(result.message);
        });
    }
    updateTexts();
}

DeviceCodeDialog::~DeviceCodeDialog() = default;

void DeviceCodeDialog::updateTexts()
{
    const QString url = m_info.verificationUri.toString();
    m_ui->verificationUrlLabel->setText(
        url.isEmpty() ? QString() : u"<a href=\"%1\">%2</a>"_s.arg(url.toHtmlEscaped(), url.toHtmlEscaped()));
    m_ui->userCodeLabel->setText(m_info.userCode.isEmpty() ? u"— — —"_s : m_info.userCode);
    if (m_waiting)
        m_ui->deviceStatusLabel->setText(tr("Waiting for you to finish signing in…"));
}

void DeviceCodeDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        updateTexts();
    }
    QDialog::changeEvent(event);
}

} // namespace qd
