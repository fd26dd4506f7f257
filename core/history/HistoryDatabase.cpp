#include "HistoryDatabase.h"

#include "HistorySql.h"
#include "ProgressWriter.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

namespace qd {

std::unique_ptr<ProgressWriter> HistoryDatabase::startProgressWriter()
{
    return nullptr;
}

bool HistoryDatabase::transact(Durability durability, const Body &body, HistoryFault &fault)
{
    if (!readable(fault))
        return false;
    if (isReadOnly())
        return fault.set(StoreError::Kind::ReadOnly, u"opened read-only"_s);
    if (!beginWrite(durability, fault)) {
        // A server's connection is found lost when it is next used: connect again, once.
        if (fault.kind != StoreError::Kind::Unreachable || !reconnect())
            return false;
        fault = {};
        if (!beginWrite(durability, fault))
            return false;
    }
    QSqlDatabase db = connection();
    if (!body(db, fault)) {
        rollbackWrite();
        if (!fault.isFault())
            fault.set(StoreError::Kind::Io, u"the write failed"_s);
        return false;
    }
    if (!commitWrite(fault))
        return false;
    committed();
    return true;
}

QString HistoryDatabase::writerTag() const
{
    return historysql::processTag();
}

QString HistoryDatabase::describe(const QSqlError &error)
{
    return error.text() + u" ["_s + error.nativeErrorCode() + u']';
}

HistoryFault HistoryDatabase::faultOf(const QSqlError &error) const
{
    HistoryFault fault;
    fault.set(classify(error), describe(error));
    return fault;
}

bool HistoryDatabase::readable(HistoryFault &fault)
{
    return isOpen() || fault.set(StoreError::Kind::NotOpen, {});
}

bool HistoryDatabase::fail(const QSqlError &error, HistoryFault &fault) const
{
    fault = faultOf(error);
    return false;
}

} // namespace qd
