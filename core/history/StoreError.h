#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace qd {

// Why the history could not be opened, read or written. The message is a complete sentence in
// the user's language; detail is the database's own text, for "Copy details" and logs.
struct StoreError
{
    Q_DECLARE_TR_FUNCTIONS(StoreError)
public:
    enum class Kind
    {
        None,
        NotOpen,  // open() was not called or failed
        ReadOnly, // the file or its folder cannot be written
        Locked,   // another program holds the database longer than the busy timeout
        DiskFull,
        Corrupt,  // the file is not a usable database (it is renamed aside at open)
        TooNew,   // written by a newer QualDesk (schema version unknown to this one)
        NotFound, // no row with that ID
        Io,       // any other failure
        // A team's history server (PostgreSQL):
        Unreachable,   // the server cannot be reached, or the connection was lost
        SignInRefused, // the server refused the user name or password
        Claimed,       // another desk has this customer's qualification pending or accepted
    };
    // Who holds a (customer, qualification) pair: the row that claimed it (Kind::Claimed).
    struct Claim
    {
        qint64 rowId = 0;
        QString user;
        QDateTime time; // UTC
        QString state;  // the row's state name ("pending", "accepted", ...)
    };
    Kind kind = Kind::None;
    QString message;
    QString detail;
    Claim claim;

    bool isError() const { return kind != Kind::None; }
    static QString kindName(Kind kind); // "read-only", "locked", ... for logs and JSON
};

// What went wrong inside the history's parts, before it is put into words for the user
// (SubmissionStore does that): the kind and the database's own text.
struct HistoryFault
{
    StoreError::Kind kind = StoreError::Kind::None;
    QString detail;
    StoreError::Claim claim; // Kind::Claimed

    bool isFault() const { return kind != StoreError::Kind::None; }
    // Records the fault and returns false, so a failing step reads `return fault.set(...)`.
    bool set(StoreError::Kind k, const QString &d)
    {
        kind = k;
        detail = d;
        return false;
    }
};

} // namespace qd
