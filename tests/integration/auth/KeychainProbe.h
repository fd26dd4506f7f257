#pragma once

// Reads the OS keychain directly (not through our TokenStore), so tests see what is really
// stored, and tells whether a Secret Service can be reached at all.

#include <QSignalSpy>
#include <QString>
#include <qt6keychain/keychain.h>

namespace qd::test {

// Keychain tests need a D-Bus session bus (scripts/test starts one with gnome-keyring).
inline bool hasSessionBus()
{
    return !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
}

inline const char *noBusReason()
{
    return "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is empty); run the keychain tests "
           "under scripts/test or dbus-run-session with gnome-keyring-daemon --unlock";
}

struct KeychainEntry
{
    QKeychain::Error error = QKeychain::OtherError;
    QString secret;
    QString errorString;
    bool found() const { return error == QKeychain::NoError; }
};

inline KeychainEntry readKeychain(const QString &service, const QString &key)
{
    QKeychain::ReadPasswordJob job(service);
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    job.setKey(key);
    QSignalSpy done(&job, &QKeychain::Job::finished);
    job.start();
    KeychainEntry entry;
    if (!done.wait(20000)) {
        entry.errorString = QStringLiteral("timed out");
        return entry;
    }
    entry.error = job.error();
    entry.errorString = job.errorString();
    entry.secret = job.textData();
    return entry;
}

} // namespace qd::test
