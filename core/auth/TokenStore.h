#pragma once

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QString>
#include <functional>

namespace qd {

// Where the refresh token survives restarts: the OS keychain, nothing else. Asynchronous;
// each callback runs once, later, in the store's thread (never inside the call).
class TokenStore : public QObject
{
    Q_OBJECT
public:
    enum class Status
    {
        Ok,
        NotFound,    // read/remove: no entry for the key
        Unavailable, // no keychain service (no Secret Service, locked and refused, ...)
        Failed,      // the keychain answered with another error
    };
    Q_ENUM(Status)

    struct Outcome
    {
        Status status = Status::Ok;
        QString secret;  // read only
        QString message; // translated, when status is not Ok
        bool ok() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(const Outcome &)>;

    using QObject::QObject;
    virtual void read(const QString &key, Callback done) = 0;
    virtual void write(const QString &key, const QString &secret, Callback done) = 0;
    virtual void remove(const QString &key, Callback done) = 0;
};

// QtKeychain with the insecure (plain file) fallback switched off. Service name "QualDesk".
class KeychainTokenStore final : public TokenStore
{
    Q_OBJECT
public:
    explicit KeychainTokenStore(QObject *parent = nullptr);
    KeychainTokenStore(QString service, QObject *parent);
    QString service() const { return m_service; }

    void read(const QString &key, Callback done) override;
    void write(const QString &key, const QString &secret, Callback done) override;
    void remove(const QString &key, Callback done) override;

    // The translated sentence shown when the keychain cannot be used.
    static QString unavailableMessage(const QString &detail);

private:
    QString m_service;
};

} // namespace qd
