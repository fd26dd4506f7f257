#include "AboutDialog.h"

#include "ResourcePaths.h"
#include "ui_AboutDialog.h"

#include <QFile>
#include <QFontDatabase>
#include <QIcon>

using namespace Qt::StringLiterals;

namespace qd {

namespace {
QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}
} // namespace

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent), m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    m_ui->iconLabel->setPixmap(QIcon(resources::appIconPath()).pixmap(64, 64));
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->licenseTextEdit->setFont(fixed);
    m_ui->noticesTextEdit->setFont(fixed);
    m_ui->licenseTextEdit->setPlainText(readText(resources::licensePath()));
    m_ui->noticesTextEdit->setPlainText(readText(resources::thirdPartyNoticesPath()));
    fillTexts();
}

AboutDialog::~AboutDialog() = default;

void AboutDialog::fillTexts()
{
    m_ui->titleLabel->setText(
        u"<h2>QualDesk %1</h2>"_s.arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
    m_ui->builtWithLabel->setText(
        tr("Built with Qt %1, running on Qt %2. Licensed under the Apache License 2.0.")
            .arg(QString::fromLatin1(QT_VERSION_STR), QString::fromLatin1(qVersion())));
}

void AboutDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        fillTexts();
    }
    QDialog::changeEvent(event);
}

} // namespace qd
