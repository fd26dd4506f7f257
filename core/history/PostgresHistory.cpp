#include "PostgresHistory.h"

#include "HistorySql.h"
#include "ProgressWriter.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QObject>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcHistory)

namespace qd {

namespace sql = historysql;

namespace {

// Any number, the same on every desk: migrations of one server run one at a time.
constexpr qint64 kMigrationLock = 0x5144484953540001; // "QDHIST" 1

// Callers mark their text with QT_TRANSLATE_NOOP so that lupdate finds it.
QString translated(const char *text)
{
    return QCoreApplication::translate("qd::SubmissionStore", text);
}

} // namespace

PostgresHistory::PostgresHistory(const Clock *clock) : m_clock(clock ? clock : SystemClock::instance())
{
    static QAtomicInteger<quint64> counter;
    m_connection = u"qualdesk-team-history-%1"_s.arg(++counter);
}

PostgresHistory::~PostgresHistory()
{
    close();
}

QSqlDatabase PostgresHistory::connection() const
{
    return QSqlDatabase::database(m_connection, false);
}

bool PostgresHistory::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && connection().isOpen();
}

void PostgresHistory::drop()
{
    m_context.reset();
    if (!QSqlDatabase::contains(m_connection))
        return;
    sql::forgetStatements(m_connection);
    connection().close();
    QSqlDatabase::removeDatabase(m_connection);
}

void PostgresHistory::close()
{
    drop(); // the session's advisory lock ends with it
    m_url.clear();
    m_ownTags.clear();
}

bool PostgresHistory::exec(const QString &statement, HistoryFault &fault)
{
    QSqlQuery q(connection());
    return q.exec(statement) || fail(q.lastError(), fault);
}

namespace {

QString newWriterTag()
{
    static QAtomicInteger<quint64> sessions;
    return sql::processTag() + u'/' + QString::number(++sessions);
}

// Opens a QPSQL connection named name to url; false with the error when it cannot.
bool openServerConnection(const QString &name, const QUrl &url, const QString &password, int timeoutSeconds,
                          QSqlError &error)
{
    QSqlDatabase database = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
    if (!database.isValid()) {
        error =
            QSqlError(u"Qt's PostgreSQL driver (QPSQL) is not installed"_s, {}, QSqlError::ConnectionError);
        return false;
    }
    database.setHostName(url.host());
    database.setPort(url.port(5432));
    database.setDatabaseName(url.path().mid(1));
    database.setUserName(url.userName());
    const QString secret = password.isEmpty() ? url.password() : password;
    if (!secret.isEmpty())
        database.setPassword(secret); // otherwise libpq looks in ~/.pgpass
    QStringList options{u"connect_timeout=%1"_s.arg(timeoutSeconds), u"application_name=QualDesk"_s};
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (PostgresHistory::passedOptions().contains(key))
            options << key + u'=' + value;
    }
    database.setConnectOptions(options.join(u';'));
    if (database.open())
        return true;
    error = database.lastError();
    return false;
}

// While its session lives, a connection holds a shared lock on the tag its rows carry, so
// another desk can tell rows in flight from those a crash left.
bool holdWriterLock(QSqlDatabase database, const QString &tag, QSqlError &error)
{
    QSqlQuery lock(database);
    lock.prepare(u"SELECT pg_advisory_lock_shared(hashtextextended(:tag, 0))"_s);
    lock.bindValue(u":tag"_s, tag);
    if (lock.exec())
        return true;
    error = lock.lastError();
    return false;
}

} // namespace

bool PostgresHistory::connectToServer(HistoryFault &fault)
{
    drop();
    QSqlError error;
    if (!openServerConnection(m_connection, m_url, m_password, m_connectTimeoutSeconds, error)) {
        fault.set(kindOf(error), describe(error));
        if (fault.kind == StoreError::Kind::Io && error.text().contains(u"does not exist"_s))
            fault.detail = u"the database or user does not exist: "_s + fault.detail;
        return false;
    }
    m_writerTag = newWriterTag();
    m_ownTags.insert(m_writerTag);
    if (!holdWriterLock(connection(), m_writerTag, error))
        return fail(error, fault);
    listen();
    return true;
}

std::unique_ptr<ProgressWriter> PostgresHistory::startProgressWriter()
{
    if (!isOpen() || m_readOnly)
        return nullptr;
    ProgressConnection c;
    const QUrl url = m_url;
    const QString password = m_password;
    const int timeout = m_connectTimeoutSeconds;
    const QString tag = newWriterTag();
    m_ownTags.insert(tag);
    c.open = [url, password, timeout, tag](const QString &name) {
        QSqlError error;
        if (openServerConnection(name, url, password, timeout, error) &&
            holdWriterLock(QSqlDatabase::database(name, false), tag, error))
            return true;
        qCWarning(lcHistory) << "history writing connection not opened:" << describe(error);
        return false;
    };
    // New rows (a bulk run's parts) are on the server's disk before they may leave; marks and
    // answers may wait a moment for it, as on the desk's own connection.
    c.begin = [](QSqlDatabase &db, bool durable, QSqlError &error) {
        QSqlQuery q(db);
        if (q.exec(u"BEGIN"_s) && (durable || q.exec(u"SET LOCAL synchronous_commit = off"_s)))
            return true;
        error = q.lastError();
        return false;
    };
    c.classify = &PostgresHistory::kindOf;
    c.rows.writer = tag;
    c.rows.claim = true;
    c.rows.failWhenClaimed = false; // a bulk run's rows: a held pair's row is written as failed
    auto writer = std::make_unique<ProgressWriter>(std::move(c));
    if (!writer->isRunning())
        return nullptr; // the store then writes on its own connection
    return writer;
}

void PostgresHistory::listen()
{
    QSqlDriver *driver = connection().driver();
    if (!driver || !driver->subscribeToNotification(sql::notificationChannel())) {
        qCWarning(lcHistory) << "the history server's notifications are not available";
        return;
    }
    m_context = std::make_unique<QObject>();
    QObject::connect(
        driver, &QSqlDriver::notification, m_context.get(),
        [this](const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload) {
            if (name != sql::notificationChannel() || source == QSqlDriver::SelfSource || !m_listener)
                return;
            // "a<id> <writer>": a row this store wrote itself (on its own or its
            // bulk writer's connection) was announced when it was written.
            const QString text = payload.toString();
            const qsizetype space = text.indexOf(u' ');
            if (space > 0 && m_ownTags.contains(text.mid(space + 1)))
                return;
            bool ok = false;
            const qint64 id = text.mid(1, space > 0 ? space - 1 : -1).toLongLong(&ok);
            if (ok && (text.startsWith(u'a') || text.startsWith(u'c')))
                m_listener(text.startsWith(u'a'), id);
        });
}

void PostgresHistory::setChangeListener(ChangeListener listener)
{
    m_listener = std::move(listener);
}

bool PostgresHistory::open(const QString &location, HistoryFault &fault)
{
    close();
    m_report = {};
    m_readOnly = false;
    m_display = displayLocation(location);
    if (const QString problem = checkLocation(location); !problem.isEmpty())
        return fault.set(StoreError::Kind::Io, problem);
    m_url = QUrl(location.trimmed());
    if (!connectToServer(fault) || !prepareSchema(fault)) {
        drop();
        m_url.clear();
        return false;
    }
    measureClock();
    return true;
}

// Creates or migrates the schema (one desk at a time), finds out whether this user may write,
// and settles what crashed desks left, in one transaction.
bool PostgresHistory::prepareSchema(HistoryFault &fault)
{
    if (!exec(u"BEGIN"_s, fault))
        return false;
    const auto abandon = [this](HistoryFault &f) {
        rollbackWrite();
        return f.isFault() ? false : f.set(StoreError::Kind::Io, u"the schema could not be prepared"_s);
    };
    QSqlDatabase database = connection();
    QString error;
    int version = sql::schemaVersion(database, &error);
    if (version < 0)
        return fault.set(StoreError::Kind::Io, error), abandon(fault);
    if (version < sql::kSchemaVersion) {
        if (!exec(u"SELECT pg_advisory_xact_lock(%1)"_s.arg(kMigrationLock), fault))
            return abandon(fault);
        version = sql::schemaVersion(database, &error); // another desk may have migrated meanwhile
        if (version >= 0 && version < sql::kSchemaVersion) {
            qCInfo(lcHistory) << "migrating the team's history from schema" << version << "to"
                              << sql::kSchemaVersion;
            if (!sql::migrate(database, version, &error)) {
                // A user who may read but not create: the history cannot be used until it exists.
                const bool denied = error.contains(u"[42501]"_s) || error.contains(u"permission denied"_s);
                fault.set(denied ? StoreError::Kind::ReadOnly : StoreError::Kind::Io, error);
                return abandon(fault);
            }
        }
    }
    if (version > sql::kSchemaVersion)
        return fault.set(StoreError::Kind::TooNew, u"schema version %1"_s.arg(version)), abandon(fault);
    if (!exec(u"SAVEPOINT probe"_s, fault))
        return abandon(fault);
    QSqlQuery probe(database);
    if (!probe.exec(u"UPDATE schema_version SET version = version"_s)) {
        if (kindOf(probe.lastError()) != StoreError::Kind::ReadOnly)
            return fail(probe.lastError(), fault), abandon(fault);
        // May read, may not write: the history can be viewed, and nothing is ever sent unrecorded.
        qCWarning(lcHistory) << "team history opened read-only:" << describe(probe.lastError());
        m_readOnly = true;
        exec(u"ROLLBACK TO SAVEPOINT probe"_s, fault);
        fault = {};
        return exec(u"COMMIT"_s, fault) || abandon(fault);
    }
    if (!recoverCrashed(fault))
        return abandon(fault);
    return exec(u"COMMIT"_s, fault) || abandon(fault);
}

bool PostgresHistory::recoverCrashed(HistoryFault &fault)
{
    QSqlDatabase database = connection();
    QSqlQuery select(database);
    select.setForwardOnly(true);
    // As in a desk's own file: a bulk run's pending rows never left and wait for a resume; any
    // other pending or sent row of a desk that is gone may have left.
    if (!select.exec(u"SELECT DISTINCT writer FROM submissions WHERE state = 'sent'"
                     " OR (state = 'pending' AND run_id IS NULL)"_s))
        return fail(select.lastError(), fault);
    QStringList gone;
    QStringList writers;
    while (select.next())
        writers << select.value(0).toString();
    select.finish();
    QSqlQuery probe(database);
    probe.prepare(u"SELECT pg_try_advisory_lock(hashtextextended(:tag, 0))"_s);
    QSqlQuery release(database);
    release.prepare(u"SELECT pg_advisory_unlock(hashtextextended(:tag, 0))"_s);
    for (const QString &writer : std::as_const(writers)) {
        if (writer == m_writerTag)
            continue;
        probe.bindValue(u":tag"_s, writer);
        if (!probe.exec() || !probe.next())
            return fail(probe.lastError(), fault);
        if (!probe.value(0).toBool())
            continue; // its session still holds the lock: that desk is at work
        release.bindValue(u":tag"_s, writer);
        release.exec();
        gone << writer;
    }
    int recovered = 0;
    QSqlQuery update(database);
    update.prepare(u"UPDATE submissions SET state = 'unknown', error_code = 'interrupted',"
                   " error_message = :message WHERE writer = :writer AND (state = 'sent'"
                   " OR (state = 'pending' AND run_id IS NULL))"_s);
    for (const QString &writer : std::as_const(gone)) {
        update.bindValue(u":message"_s, translated(QT_TRANSLATE_NOOP(
                                            "qd::SubmissionStore",
                                            "QualDesk stopped before Partner Center's answer arrived. "
                                            "Refresh to find out whether the qualification was created.")));
        update.bindValue(u":writer"_s, writer);
        if (!update.exec())
            return fail(update.lastError(), fault);
        recovered += update.numRowsAffected();
    }
    m_report.recovered = recovered;
    if (recovered > 0)
        qCInfo(lcHistory) << recovered << "interrupted submissions of desks that are gone marked unknown";
    return true;
}

void PostgresHistory::measureClock()
{
    QSqlQuery q(connection());
    QElapsedTimer trip;
    trip.start();
    const QDateTime asked = m_clock->nowUtc();
    if (!q.exec(u"SELECT CAST(floor(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)"_s) || !q.next())
        return;
    const qint64 server = q.value(0).toLongLong();
    const qint64 local = asked.toMSecsSinceEpoch() + trip.elapsed() / 2;
    const qint64 offset = server - local;
    // A few seconds apart is what two well-kept clocks and a slow network look like.
    if (std::abs(offset) > 5000) {
        m_report.clockOffsetMs = offset;
        qCWarning(lcHistory) << "this computer's clock is" << offset << "ms apart from the history server's";
    }
}

bool PostgresHistory::reconnect()
{
    if (m_url.isEmpty())
        return false;
    HistoryFault fault;
    if (!connectToServer(fault)) {
        qCWarning(lcHistory) << "the history server is still out of reach:" << fault.detail;
        return false;
    }
    qCInfo(lcHistory) << "connected to the history server again";
    // The lost session's rows in flight are now a gone desk's: settle them like a crash's.
    if (!m_readOnly && exec(u"BEGIN"_s, fault)) {
        if (recoverCrashed(fault))
            exec(u"COMMIT"_s, fault);
        else
            rollbackWrite();
    }
    return true;
}

bool PostgresHistory::readable(HistoryFault &fault)
{
    if (isOpen())
        return true;
    if (m_url.isEmpty())
        return fault.set(StoreError::Kind::NotOpen, {});
    // Lost and not connected again yet (the server was down when last tried): try now.
    return reconnect() || fault.set(StoreError::Kind::Unreachable, u"no connection to the server"_s);
}

bool PostgresHistory::beginWrite(Durability durability, HistoryFault &fault)
{
    if (!exec(u"BEGIN"_s, fault))
        return false;
    // Relaxed: committed and visible at once, written to the server's disk a moment later; a
    // crash of the server (not of a desk) could undo it, leaving the row pending or sent, which
    // the reconcile then settles.
    if (durability == Durability::Relaxed && !exec(u"SET LOCAL synchronous_commit = off"_s, fault)) {
        rollbackWrite();
        return false;
    }
    return true;
}

bool PostgresHistory::commitWrite(HistoryFault &fault)
{
    QSqlQuery q(connection());
    if (q.exec(u"COMMIT"_s))
        return true;
    const QSqlError error = q.lastError();
    rollbackWrite();
    return fail(error, fault);
}

void PostgresHistory::rollbackWrite()
{
    QSqlQuery q(connection());
    q.exec(u"ROLLBACK"_s);
}

} // namespace qd
