#pragma once

#include <QObject>
#include <QString>

class QLocalServer;

namespace qd {

// One window per data folder: the first `qualdesk` listens on a local socket named after the
// user and the data folder; a second launch with the same folder hands over to it (the
// running window comes to the front) instead of starting a rival that would share the history.
// A launch with a different --data-dir is a different instance.
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstance(const QString &dataDir, QObject *parent = nullptr);
    ~SingleInstance() override;

    // The socket name for a data folder (stable per user and canonical folder path).
    static QString serverName(const QString &dataDir);

    // Asks a running instance to come to the front. True when one answered. False when none
    // runs (a stale socket of a crashed one counts as none).
    bool activateRunning(int timeoutMs = 1000);
    // Becomes the instance that later launches find. When the name is taken, asks its holder
    // to come forward (once): handedOver() then tells this process to leave. A stale socket of
    // a crashed instance is replaced. False with errorString() when the socket cannot be made.
    bool listen();
    bool handedOver() const { return m_handedOver; }
    bool isListening() const;
    QString errorString() const { return m_error; }

signals:
    // A later launch asked this instance to come to the front.
    void activationRequested();

private:
    void onConnection();

    QString m_name;
    QLocalServer *m_server = nullptr;
    QString m_error;
    bool m_handedOver = false;
};

} // namespace qd
