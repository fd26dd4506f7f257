// What the history tells the user: what open() had to do, and every failure in words.
#include "HistoryDatabase.h"
#include "HistorySql.h"
#include "SubmissionStore.h"

#include <QDir>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcHistory)

namespace qd {

namespace sql = historysql;

QString SubmissionStore::openNotice() const
{
    const HistoryDatabase::OpenReport report = m_db->openReport();
    QStringList notes;
    if (!report.corruptMovedTo.isEmpty())
        notes << tr("The submission history was damaged. It was moved to %1 and a new history was "
                    "started.")
                     .arg(QDir::toNativeSeparators(report.corruptMovedTo));
    if (report.recovered > 0)
        notes << tr("%n submission(s) were interrupted before their answer arrived; refresh to settle "
                    "them.",
                    nullptr, report.recovered);
    if (m_db->isReadOnly())
        notes << (m_db->isShared()
                      ? tr("Your account on the team's history server (%1) may only read: you can view the "
                           "history, but nothing can be submitted until you may write to it.")
                            .arg(m_db->location())
                      : tr("The submission history (%1) is read-only: you can view it, but nothing can be "
                           "submitted until it can be written.")
                            .arg(QDir::toNativeSeparators(m_db->location())));
    if (m_pushedAtOpen > 0)
        notes << tr("%n submission(s) made while working offline were added to the team's history.", nullptr,
                    m_pushedAtOpen);
    if (report.clockOffsetMs != 0) {
        const qint64 minutes = (std::abs(report.clockOffsetMs) + 30'000) / 60'000;
        const qint64 seconds = (std::abs(report.clockOffsetMs) + 500) / 1000;
        const QString apart = minutes >= 1 ? tr("%n minute(s)", nullptr, int(minutes))
                                           : tr("%n second(s)", nullptr, int(seconds));
        notes << (report.clockOffsetMs > 0
                      ? tr("This computer's clock is %1 behind the history server's; new submissions carry "
                           "the server's time, so the team's history stays in order.")
                      : tr("This computer's clock is %1 ahead of the history server's; new submissions carry "
                           "the server's time, so the team's history stays in order."))
                     .arg(apart);
    }
    return notes.join(u' ');
}

bool SubmissionStore::fail(StoreError::Kind kind, const QString &detail)
{
    HistoryFault fault;
    fault.set(kind, detail);
    return fail(fault);
}

bool SubmissionStore::fail(const HistoryFault &fault)
{
    const StoreError::Kind kind = fault.kind;
    const QString &detail = fault.detail;
    m_error.kind = kind;
    m_error.detail = detail;
    m_error.claim = fault.claim;
    const bool server = m_db->isShared();
    const QString where = server ? m_db->location() : QDir::toNativeSeparators(m_db->location());
    const QString &file = where;
    switch (kind) {
    case StoreError::Kind::None:
        m_error = {};
        return true;
    case StoreError::Kind::NotOpen:
        m_error.message = tr("The submission history is not open.");
        break;
    case StoreError::Kind::ReadOnly:
        m_error.message =
            server ? tr("Your account on the team's history server (%1) may read the history but not write "
                        "to it. Ask the server's administrator for write permission.")
                         .arg(where)
                   : tr("The submission history (%1) cannot be written: the file or its folder "
                        "is read-only. Check the permissions or choose another data folder.")
                         .arg(file);
        break;
    case StoreError::Kind::Locked:
        m_error.message =
            server ? tr("The team's history server (%1) is busy. Try again in a moment.").arg(where)
                   : tr("The submission history (%1) is locked by another program. Try again in "
                        "a moment.")
                         .arg(file);
        break;
    case StoreError::Kind::DiskFull:
        m_error.message = server ? tr("The team's history server (%1) is out of disk space.").arg(where)
                                 : tr("The disk that holds the submission history (%1) is full.").arg(file);
        break;
    case StoreError::Kind::Corrupt:
        m_error.message = tr("The submission history (%1) is damaged. Restart QualDesk to move it "
                             "aside and start a new one.")
                              .arg(file);
        break;
    case StoreError::Kind::TooNew:
        m_error.message = tr("The submission history (%1) was written by a newer version of QualDesk. "
                             "Update QualDesk to use it.")
                              .arg(file);
        break;
    case StoreError::Kind::NotFound:
        m_error.message = tr("That submission is not in the history.");
        break;
    case StoreError::Kind::Io:
        m_error.message = tr("The submission history (%1) cannot be used: %2").arg(file, detail);
        break;
    case StoreError::Kind::Unreachable:
        m_error.message = tr("The team's history server (%1) cannot be reached. Check the network, or "
                             "work offline (Settings, or --offline) to keep the history on this computer "
                             "for now.")
                              .arg(where);
        break;
    case StoreError::Kind::SignInRefused:
        m_error.message = tr("The team's history server (%1) refused the user name or password. Check "
                             "them in Settings.")
                              .arg(where);
        break;
    case StoreError::Kind::Claimed:
        m_error.message = sql::claimedMessage(fault.claim);
        break;
    }
    qCWarning(lcHistory) << "history error:" << StoreError::kindName(kind) << detail;
    return false;
}

} // namespace qd
