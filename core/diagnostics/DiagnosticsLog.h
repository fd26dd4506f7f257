#pragma once

#include "partnercenter/ApiError.h"
#include "settings/AppSettings.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>

namespace qd {

class PartnerCenterClient;

// What the report says about the running program beside the errors; filled by the face
// (the window knows its platform plug-in and who is signed in, the core does not).
struct DiagnosticsContext
{
    AppSettings settings;
    QString platform;   // Qt platform plug-in, e.g. "xcb"
    QString language;   // "cs" or "en"
    QString signedInAs; // UPN, empty when signed out
    QString partnerTenant;
    QString historyFile;    // the SQLite file in use
    QString historyProblem; // why the history is unusable, when it is
    QStringList secrets;    // values that must never appear (the current access token ...)
};

// The last failed Partner Center requests of this run, with their request and correlation IDs,
// and the text of Help → Copy diagnostics built from them. Every text it gives is passed
// through Redaction, so no token or secret leaves through it.
class DiagnosticsLog : public QObject
{
    Q_OBJECT
public:
    struct Entry
    {
        QDateTime time;    // UTC
        QString operation; // "POST /v1/customers/{id}/qualifications"
        ApiError error;
    };

    explicit DiagnosticsLog(QObject *parent = nullptr);

    // Records every failure the client reports from now on (cancellations excepted).
    void watch(PartnerCenterClient *client);
    void record(const QString &operation, const ApiError &error);
    // Oldest first; at most capacity() entries.
    QList<Entry> entries() const { return m_entries; }
    static int capacity() { return 20; }

    // Plain text for a support ticket: version, Qt, system, environment, the last errors.
    QString report(const DiagnosticsContext &context) const;

private:
    QList<Entry> m_entries;
};

} // namespace qd
