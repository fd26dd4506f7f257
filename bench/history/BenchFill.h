#pragma once

// The bench's history: `rows` submissions by 20 people over rows/100 customers, spread over
// three years, written straight into a store's schema on either backend.

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace qd::bench {

constexpr int kPeople = 20;

// The "user" column of row i is people().at(i % kPeople).
const QStringList &people();
QString customerId(int n);
QString customerName(int n);

// A second connection to the history at location (a data folder or a postgresql:// URL), named
// connection; check isOpen(). The caller removes it with QSqlDatabase::removeDatabase.
QSqlDatabase openConnection(const QString &location, const QString &connection);

// One transaction, one prepared statement: the fill streams, so its memory does not hide the
// model's.
bool fillSqlite(const QString &file, int rows, int customers);
// Customers from here (their search key needs Unicode folding), then every submission in one
// server-side INSERT ... SELECT over generate_series, in one transaction, with the same
// distribution as fillSqlite; then ANALYZE. The change notification trigger is off while it runs
// (no desk listens; a million notifications would measure the queue, not the history).
bool fillPostgres(QSqlDatabase &db, int rows, int customers, QString *error);

} // namespace qd::bench
