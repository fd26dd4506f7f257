#pragma once

#include "DeviceCodeAnswer.h"
#include "SignInFlow.h"

#include <QElapsedTimer>
#include <QTimer>

namespace qd {

// Device authorization grant: the fallback for headless or remote sessions. Polls the
// token endpoint at the server's interval, honouring authorization_pending and slow_down.
class DeviceCodeSignIn final : public SignInFlow
{
    Q_OBJECT
public:
    DeviceCodeSignIn(QNetworkAccessManager *network, AuthConfig config, QObject *parent = nullptr);
    ~DeviceCodeSignIn() override;

    void start() override;
    void cancel() override;

    DeviceCodeInfo info() const { return m_info; }
    // How many milliseconds one protocol second lasts (interval, slow_down, expires_in).
    // 1000 in production; tests shrink it so polling is fast.
    void setSecondMs(int ms) { m_secondMs = ms > 0 ? ms : 1000; }
    int currentIntervalSecs() const { return m_info.intervalSecs; }

signals:
    // Show userCode and verificationUri (or message) to the user.
    void userCodeReady(const qd::DeviceCodeInfo &info);
    // One poll answered authorization_pending / slow_down (for progress display).
    void pollPending(bool slowDown);

private:
    void release() override;
    void onDeviceCode(int status, const QByteArray &body, const QString &networkError);
    void poll();
    void onPollAnswer(int status, const QByteArray &body, const QString &networkError);
    void scheduleNextPoll();

    DeviceCodeInfo m_info;
    QString m_deviceCode;
    int m_secondMs = 1000;
    QTimer m_pollTimer;
    QElapsedTimer m_elapsed;
    QPointer<QObject> m_request;
    int m_transientFailures = 0;
};

} // namespace qd
