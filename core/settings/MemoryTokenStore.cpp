#include "MemoryTokenStore.h"

#include <QTimer>

namespace qd {

void MemoryTokenStore::read(const QString &key, Callback done)
{
    Outcome outcome;
    const auto it = m_secrets.constFind(key);
    if (it == m_secrets.constEnd())
        outcome.status = Status::NotFound;
    else
        outcome.secret = *it;
    answer(std::move(done), outcome);
}

void MemoryTokenStore::write(const QString &key, const QString &secret, Callback done)
{
    m_secrets.insert(key, secret);
    answer(std::move(done), {});
}

void MemoryTokenStore::remove(const QString &key, Callback done)
{
    Outcome outcome;
    if (m_secrets.remove(key) == 0)
        outcome.status = Status::NotFound;
    answer(std::move(done), outcome);
}

void MemoryTokenStore::answer(Callback done, Outcome outcome)
{
    if (!done)
        return;
    QTimer::singleShot(0, this, [done = std::move(done), outcome = std::move(outcome)] { done(outcome); });
}

} // namespace qd
