#pragma once

#include "settings/ProxyAuthenticator.h"

#include <QDialog>
#include <memory>

namespace Ui {
class ProxyCredentialsDialog;
}

namespace qd {

// Asks for the user name and password a proxy wants (HTTP 407), with "remember" into the
// keychain. Shown modally from inside Qt's proxyAuthenticationRequired, which waits for it.
class ProxyCredentialsDialog : public QDialog
{
    Q_OBJECT
public:
    ProxyCredentialsDialog(const QString &proxyName, int attempt, QWidget *parent = nullptr);
    ~ProxyCredentialsDialog() override;

    ProxyAuthenticator::Credentials credentials() const;

    // A prompter for ProxyAuthenticator that opens this dialog over parent.
    static ProxyAuthenticator::Prompter prompter(QWidget *parent);

private:
    void updateOk();

    std::unique_ptr<Ui::ProxyCredentialsDialog> m_ui;
};

} // namespace qd
