#pragma once

#include "auth/TokenStore.h"

#include <QHash>
#include <QMetaObject>

namespace qd::test {

// A TokenStore in memory for unit tests; can play an unavailable keychain. Answers
// asynchronously like the real one.
class MemoryTokenStore final : public TokenStore
{
    Q_OBJECT
public:
    using TokenStore::TokenStore;

    QHash<QString, QString> entries;
    bool unavailable = false;
    int writes = 0;
    int removes = 0;

    void read(const QString &key, Callback done) override
    {
        Outcome outcome;
        if (unavailable) {
            outcome = {Status::Unavailable, {}, QStringLiteral("no keychain")};
        } else if (!entries.contains(key)) {
            outcome.status = Status::NotFound;
        } else {
            outcome.secret = entries.value(key);
        }
        later(std::move(done), outcome);
    }
    void write(const QString &key, const QString &secret, Callback done) override
    {
        ++writes;
        Outcome outcome;
        if (unavailable)
            outcome = {Status::Unavailable, {}, QStringLiteral("no keychain")};
        else
            entries.insert(key, secret);
        later(std::move(done), outcome);
    }
    void remove(const QString &key, Callback done) override
    {
        ++removes;
        Outcome outcome;
        if (unavailable)
            outcome = {Status::Unavailable, {}, QStringLiteral("no keychain")};
        else if (!entries.remove(key))
            outcome.status = Status::NotFound;
        later(std::move(done), outcome);
    }

private:
    void later(Callback done, const Outcome &outcome)
    {
        QMetaObject::invokeMethod(
            this, [done = std::move(done), outcome] { done(outcome); }, Qt::QueuedConnection);
    }
};

} // namespace qd::test
