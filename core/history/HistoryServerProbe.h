#pragma once

#include "StoreError.h"

#include <QObject>
#include <QString>

class QThread;

namespace qd {

// Tries a team's history server the way the program will use it: a SubmissionStore opened on
// the location with the password, on a thread of its own (connecting may take the whole connect
// timeout), then counts its rows and closes it there. finished() comes on the probe's thread.
class HistoryServerProbe : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        QString location;
        bool ok = false;
        qint64 submissions = 0; // rows in the team's history, when ok
        bool readOnly = false;  // the user may read the team's history but not write to it
        StoreError error;       // translated message, when not ok
    };

    explicit HistoryServerProbe(QObject *parent = nullptr);
    // Waits for a probe still running (at most the server's connect timeout).
    ~HistoryServerProbe() override;

    // Starts a probe; ignored (false) while one runs.
    bool start(const QString &location, const QString &password);
    bool isRunning() const { return m_thread != nullptr; }

signals:
    void finished(const qd::HistoryServerProbe::Result &result);

private:
    QThread *m_thread = nullptr;
};

} // namespace qd
