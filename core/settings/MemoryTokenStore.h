#pragma once

#include "auth/TokenStore.h"

#include <QHash>

namespace qd {

// A TokenStore that keeps the refresh token in this process only. For --demo, whose simulator
// (and its tokens) lives only as long as the process, so nothing belongs in the keychain.
class MemoryTokenStore final : public TokenStore
{
    Q_OBJECT
public:
    using TokenStore::TokenStore;

    void read(const QString &key, Callback done) override;
    void write(const QString &key, const QString &secret, Callback done) override;
    void remove(const QString &key, Callback done) override;

private:
    // TokenStore promises callbacks later, never inside the call.
    void answer(Callback done, Outcome outcome);

    QHash<QString, QString> m_secrets;
};

} // namespace qd
