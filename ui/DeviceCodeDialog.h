#pragma once

#include "auth/DeviceCodeSignIn.h"

#include <QDialog>
#include <QPointer>
#include <memory>

namespace Ui {
class DeviceCodeDialog;
}

namespace qd {

// Shows the one-time code and the address of a device-code sign-in while the session polls.
// Closing it cancels the sign-in (through the rejected() signal the owner connects).
class DeviceCodeDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DeviceCodeDialog(DeviceCodeSignIn *flow, QWidget *parent = nullptr);
    ~DeviceCodeDialog() override;

    QString userCode() const { return m_info.userCode; }
    QUrl verificationUri() const { return m_info.verificationUri; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateTexts();

    std::unique_ptr<Ui::DeviceCodeDialog> m_ui;
    QPointer<DeviceCodeSignIn> m_flow;
    DeviceCodeInfo m_info;
    bool m_waiting = false;
};

} // namespace qd
