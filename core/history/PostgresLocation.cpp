// What a team's history server location is: its URL checked and shown, and what the server's
// errors mean.
#include "PostgresHistory.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace qd {

namespace {

// Connection options the URL may carry through to libpq; anything else is refused.
const QStringList &passedOptionsList()
{
    static const QStringList options{u"sslmode"_s, u"sslrootcert"_s, u"sslcert"_s, u"sslkey"_s};
    return options;
}

bool contains(const QString &text, std::initializer_list<const char16_t *> needles)
{
    for (const char16_t *needle : needles) {
        if (text.contains(QStringView(needle), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// Callers mark their text with QT_TRANSLATE_NOOP so that lupdate finds it.
QString translated(const char *text)
{
    return QCoreApplication::translate("qd::SubmissionStore", text);
}

} // namespace

const QStringList &PostgresHistory::passedOptions()
{
    return passedOptionsList();
}

bool PostgresHistory::isServerLocation(const QString &location)
{
    return location.startsWith(u"postgresql://"_s, Qt::CaseInsensitive) ||
           location.startsWith(u"postgres://"_s, Qt::CaseInsensitive);
}

QString PostgresHistory::checkLocation(const QString &location)
{
    const QUrl url(location.trimmed(), QUrl::StrictMode);
    if (!isServerLocation(location.trimmed()) || !url.isValid())
        return translated(QT_TRANSLATE_NOOP("qd::SubmissionStore",
                                            "The history server address is not a PostgreSQL URL. Write it as "
                                            "postgresql://user@host:5432/database."));
    if (url.host().isEmpty())
        return translated(QT_TRANSLATE_NOOP("qd::SubmissionStore",
                                            "The history server address has no host name. Write it as "
                                            "postgresql://user@host:5432/database."));
    if (url.userName().isEmpty())
        return translated(QT_TRANSLATE_NOOP("qd::SubmissionStore",
                                            "The history server address has no user name. Write it as "
                                            "postgresql://user@host:5432/database."));
    if (url.path().size() < 2 || url.path().mid(1).contains(u'/'))
        return translated(QT_TRANSLATE_NOOP("qd::SubmissionStore",
                                            "The history server address names no database. Write it as "
                                            "postgresql://user@host:5432/database."));
    if (url.port() == 0)
        return translated(
            QT_TRANSLATE_NOOP("qd::SubmissionStore", "The history server address has an invalid port."));
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems()) {
        if (!passedOptionsList().contains(key))
            return translated(QT_TRANSLATE_NOOP(
                                  "qd::SubmissionStore",
                                  "The history server address has an option QualDesk does not know: %1."))
                .arg(key);
    }
    return {};
}

QString PostgresHistory::displayLocation(const QString &location)
{
    QUrl url(location.trimmed());
    url.setPassword({});
    return url.toString(QUrl::RemovePassword);
}

StoreError::Kind PostgresHistory::kindOf(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (code.size() == 5) {
        if (code.startsWith(u"08"_s) || code.startsWith(u"57P"_s))
            return StoreError::Kind::Unreachable; // connection exception, server shut down or starting
        if (code.startsWith(u"28"_s))
            return StoreError::Kind::SignInRefused;
        if (code == u"42501"_s || code == u"25006"_s)
            return StoreError::Kind::ReadOnly; // no privilege, or a read-only server
        if (code == u"53100"_s)
            return StoreError::Kind::DiskFull;
        if (code == u"55P03"_s || code == u"40P01"_s || code == u"40001"_s)
            return StoreError::Kind::Locked;
        return StoreError::Kind::Io;
    }
    // Errors without a SQLSTATE come from libpq itself (connecting, a connection gone).
    const QString text = error.text();
    if (contains(text, {u"password authentication failed", u"no password supplied", u"fe_sendauth",
                        u"authentication failed", u"no pg_hba.conf entry"}))
        return StoreError::Kind::SignInRefused;
    if (contains(text, {u"permission denied"}))
        return StoreError::Kind::ReadOnly;
    if (error.type() == QSqlError::ConnectionError ||
        contains(text, {u"could not connect", u"connection refused", u"server closed the connection",
                        u"no connection to the server", u"connection to server", u"timeout expired",
                        u"could not translate host name", u"terminating connection", u"could not send data",
                        u"could not receive data", u"connection not open"}))
        return text.contains(u"does not exist"_s) ? StoreError::Kind::Io : StoreError::Kind::Unreachable;
    return StoreError::Kind::Io;
}

} // namespace qd
