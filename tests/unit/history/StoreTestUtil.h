#pragma once

// Shared by the SubmissionStore tests.

#include "history/BulkRunStore.h"
#include "history/HistoryQueries.h"
#include "history/HistoryWriter.h"
#include "history/SqliteHistory.h"
#include "history/SubmissionStore.h"

#include <QDebug>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

namespace qd::test {

using namespace Qt::StringLiterals;

inline Submission makeSubmission(int n, const QString &company = {})
{
    Submission s;
    s.user = u"anna.novak@contoso-partner.example"_s;
    s.partnerTenant = u"566bf9d7-c55a-45f8-91a6-e55e9b9b1325"_s;
    s.customerId = u"00000000-0000-4000-8000-%1"_s.arg(n, 12, 10, QChar(u'0'));
    s.companyName = company.isEmpty() ? u"Customer %1"_s.arg(n) : company;
    s.request.type = QualificationType::Education;
    s.request.segment = EducationSegment::HigherEducation;
    s.request.website = u"school%1.edu"_s.arg(n);
    return s;
}

// A second connection to the same file, as another program would have.
class RawConnection
{
public:
    explicit RawConnection(const QString &path) : m_name(u"raw-%1"_s.arg(quintptr(this)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=2000"_s);
        db.open();
    }
    ~RawConnection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    bool exec(const QString &sql)
    {
        QSqlQuery q(db());
        const bool ok = q.exec(sql);
        if (!ok)
            qWarning() << sql << q.lastError().text();
        return ok;
    }
    QVariant scalar(const QString &sql)
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }

private:
    QString m_name;
};

// The history's parts on a fresh SQLite file in a folder of their own, without the store around
// them; gone with the folder.
struct HistoryParts
{
    QTemporaryDir dir;
    SqliteHistory db{nullptr};
    HistoryWriter writer{&db};
    HistoryQueries queries{&db};
    BulkRunStore runs{&db, &queries};

    bool open()
    {
        HistoryFault fault;
        if (dir.isValid() && db.open(dir.path(), fault))
            return true;
        qWarning() << "history:" << fault.detail;
        return false;
    }
};

} // namespace qd::test
