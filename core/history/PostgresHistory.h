#pragma once

#include "HistoryDatabase.h"
#include "domain/Clock.h"

#include <QSet>
#include <QUrl>
#include <memory>

class QObject;

namespace qd {

// A team's history on a PostgreSQL server (Qt's QPSQL driver), at a location such as
// postgresql://user@host:5432/database. The password comes from setPassword() (the keychain),
// the URL, or libpq's own ~/.pgpass, in that order. Every desk of the team writes here: a new row
// claims its (customer, qualification) in the transaction that writes it, a desk's rows still in
// flight are told from a crashed desk's by a session advisory lock per connection, and new and
// changed rows are announced to every desk through LISTEN/NOTIFY.
class PostgresHistory final : public HistoryDatabase
{
public:
    explicit PostgresHistory(const Clock *clock);
    ~PostgresHistory() override;

    // Whether location names a server (postgresql:// or postgres://) rather than a folder.
    static bool isServerLocation(const QString &location);
    // What is wrong with a server location, translated; empty when it can be tried.
    static QString checkLocation(const QString &location);
    // The location without its password, as messages and logs show it.
    static QString displayLocation(const QString &location);
    static StoreError::Kind kindOf(const QSqlError &error);
    // The connection options a URL may carry through to libpq (sslmode...); others are refused.
    static const QStringList &passedOptions();

    // Used instead of the URL's password when not empty. Set before open().
    void setPassword(const QString &password) { m_password = password; }
    // How long connecting waits for the server. Set before open(). Default 5 s.
    void setConnectTimeoutSeconds(int seconds) { m_connectTimeoutSeconds = std::max(1, seconds); }

    bool open(const QString &location, HistoryFault &fault) override;
    void close() override;
    bool isOpen() const override;
    bool isReadOnly() const override { return m_readOnly; }
    QString location() const override { return m_display; }
    OpenReport openReport() const override { return m_report; }
    QSqlDatabase connection() const override;
    StoreError::Kind classify(const QSqlError &error) const override { return kindOf(error); }
    bool isShared() const override { return true; }
    // Bulk writes on a connection of their own, so the window never waits for the server.
    std::unique_ptr<ProgressWriter> startProgressWriter() override;
    bool reconnect() override;
    bool readable(HistoryFault &fault) override;
    void setChangeListener(ChangeListener listener) override;
    // The tag this connection writes into its rows' writer column.
    QString writerTag() const override { return m_writerTag; }

protected:
    bool beginWrite(Durability durability, HistoryFault &fault) override;
    bool commitWrite(HistoryFault &fault) override;
    void rollbackWrite() override;

private:
    bool connectToServer(HistoryFault &fault);
    bool prepareSchema(HistoryFault &fault);
    bool recoverCrashed(HistoryFault &fault);
    void measureClock();
    bool exec(const QString &sql, HistoryFault &fault);
    void listen();
    void drop();

    const Clock *m_clock;
    QUrl m_url;
    QString m_display;
    QString m_password;
    QString m_connection;
    QString m_writerTag;
    QSet<QString> m_ownTags; // tags this store's connections wrote with (their rows' notices are its own)
    int m_connectTimeoutSeconds = 5;
    bool m_readOnly = false;
    OpenReport m_report;
    ChangeListener m_listener;
    std::unique_ptr<QObject> m_context; // receives the driver's notifications
};

} // namespace qd
