#pragma once

#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace qd::sim {

// A throwaway certificate authority and a server certificate for 127.0.0.1, ::1 and localhost, made
// with Debian's `openssl` program in `dir` (which the caller owns and removes). Only the CA
// certificate stays there as ca.pem, for clients to trust; both private keys live in memory only.
struct SimTlsMaterial
{
    QSslCertificate ca;
    QSslCertificate certificate;
    QSslKey key;
    QString caFile; // dir/ca.pem
};

// Blocks while openssl runs (well under a second with EC keys). False and `error` on failure.
bool makeSimTlsMaterial(const QString &dir, SimTlsMaterial *out, QString *error);

} // namespace qd::sim
