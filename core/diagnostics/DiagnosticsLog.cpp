#include "DiagnosticsLog.h"

#include "Redaction.h"
#include "partnercenter/PartnerCenterClient.h"

#include <QLibraryInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QSysInfo>

using namespace Qt::StringLiterals;

namespace qd {

namespace {

// Customer tenant IDs in paths say whom the partner works with; a ticket needs the shape only.
QString operationShape(const QString &operation)
{
    static const QRegularExpression guid(
        u"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"_s);
    QString shaped = operation;
    shaped.replace(guid, u"{id}"_s);
    return shaped;
}

QString orNone(const QString &value)
{
    return value.isEmpty() ? DiagnosticsLog::tr("(none)") : value;
}

} // namespace

DiagnosticsLog::DiagnosticsLog(QObject *parent) : QObject(parent) {}

void DiagnosticsLog::watch(PartnerCenterClient *client)
{
    connect(client, &PartnerCenterClient::requestFailed, this,
            [this](const QString &operation, const ApiError &error) { record(operation, error); });
}

void DiagnosticsLog::record(const QString &operation, const ApiError &error)
{
    if (!error.isError() || error.kind == ApiError::Kind::Cancelled)
        return;
    m_entries.append({QDateTime::currentDateTimeUtc(), operationShape(operation), error});
    while (m_entries.size() > capacity())
        m_entries.removeFirst();
}

QString DiagnosticsLog::report(const DiagnosticsContext &context) const
{
    const AppSettings &s = context.settings;
    QStringList lines;
    lines << tr("QualDesk %1").arg(QCoreApplication::applicationVersion());
    lines << tr("Qt %1 (built with %2)")
                 .arg(QString::fromLatin1(qVersion()), QString::fromLatin1(QT_VERSION_STR));
    lines << tr("System: %1, kernel %2 %3, %4")
                 .arg(QSysInfo::prettyProductName(), QSysInfo::kernelType(), QSysInfo::kernelVersion(),
                      QSysInfo::currentCpuArchitecture());
    if (!context.platform.isEmpty())
        lines << tr("Platform plug-in: %1").arg(context.platform);
    lines << tr("Language: %1 (system locale %2)").arg(orNone(context.language), QLocale::system().name());
    lines << QString();
    lines << tr("Environment: %1").arg(AppSettings::environmentName(s.environmentKind()));
    lines
        << tr("Partner Center: %1").arg(s.baseUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
    lines << tr("Sign-in authority: %1")
                 .arg(s.authority.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
    lines << tr("Client ID: %1").arg(orNone(s.clientId));
    lines << tr("Request timeout: %n second(s)", nullptr, s.requestTimeoutMs / 1000);
    lines << tr("Signed in as: %1").arg(context.signedInAs.isEmpty() ? tr("nobody") : context.signedInAs);
    if (!context.partnerTenant.isEmpty())
        lines << tr("Partner tenant: %1").arg(context.partnerTenant);
    lines << tr("Data folder: %1").arg(orNone(s.dataDir));
    lines << tr("History: %1").arg(orNone(context.historyFile));
    if (!context.historyProblem.isEmpty())
        lines << tr("History problem: %1").arg(context.historyProblem);
    lines << QString();
    if (m_entries.isEmpty()) {
        lines << tr("No failed requests in this session.");
    } else {
        lines << tr("Last %n failed request(s), oldest first:", nullptr, int(m_entries.size()));
        for (const Entry &entry : m_entries) {
            lines << QString();
            lines << u"%1  %2"_s.arg(entry.time.toString(Qt::ISODateWithMs), entry.operation);
            lines << entry.error.details();
        }
    }
    return Redaction::apply(lines.join(u'\n'), context.secrets) + u'\n';
}

} // namespace qd
