#include "TokenStore.h"

#include "AuthLog.h"

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace qd {

namespace {

TokenStore::Outcome outcomeOf(const QKeychain::Job *job)
{
    TokenStore::Outcome outcome;
    switch (job->error()) {
    case QKeychain::NoError:
        outcome.status = TokenStore::Status::Ok;
        return outcome;
    case QKeychain::EntryNotFound:
        outcome.status = TokenStore::Status::NotFound;
        return outcome;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        outcome.status = TokenStore::Status::Unavailable;
        break;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        outcome.status = TokenStore::Status::Failed;
        break;
    }
    outcome.message = KeychainTokenStore::unavailableMessage(job->errorString());
    return outcome;
}

// Runs the job and hands its outcome to done, always after the caller's stack unwound.
void run(TokenStore *store, QKeychain::Job *job, const char *what, TokenStore::Callback done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain file
    QObject::connect(
        job, &QKeychain::Job::finished, store,
        [store, what, done = std::move(done)](QKeychain::Job *finished) {
            TokenStore::Outcome outcome = outcomeOf(finished);
            if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finished); read && outcome.ok())
                outcome.secret = read->textData();
            if (outcome.status == TokenStore::Status::Unavailable ||
                outcome.status == TokenStore::Status::Failed)
                qCWarning(lcAuth) << "keychain" << what << "failed:" << finished->errorString();
            else
                qCDebug(lcAuth) << "keychain" << what << (outcome.ok() ? "done" : "found nothing");
            QMetaObject::invokeMethod(
                store, [done, outcome] { done(outcome); }, Qt::QueuedConnection);
        });
    job->start();
}

} // namespace

KeychainTokenStore::KeychainTokenStore(QObject *parent) : KeychainTokenStore(u"QualDesk"_s, parent) {}

KeychainTokenStore::KeychainTokenStore(QString service, QObject *parent)
    : TokenStore(parent), m_service(std::move(service))
{}

QString KeychainTokenStore::unavailableMessage(const QString &detail)
{
    QString text = tr("The system keychain is not available, so the sign-in cannot be kept "
                      "after QualDesk closes. It stays valid until then.");
    if (!detail.isEmpty())
        text += u' ' + tr("(Keychain: %1)").arg(detail);
    return text;
}

void KeychainTokenStore::read(const QString &key, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    run(this, job, "read", std::move(done));
}

void KeychainTokenStore::write(const QString &key, const QString &secret, Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(secret);
    run(this, job, "write", std::move(done));
}

void KeychainTokenStore::remove(const QString &key, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    run(this, job, "delete", std::move(done));
}

} // namespace qd
