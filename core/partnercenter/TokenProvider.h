#pragma once

#include <QObject>
#include <QString>

namespace qd {

// Where the client gets its bearer token. The sign-in session (auth/) implements it; so does
// a fixed token for automation (QUALDESK_ACCESS_TOKEN).
class TokenProvider : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    // The current access token; empty when nobody is signed in.
    virtual QString accessToken() const = 0;
    // Asks for a fresh access token after Partner Center answered 401. Calls that arrive while
    // a refresh is under way join it. Emits refreshFinished exactly once per refresh.
    virtual void requestRefresh() = 0;

signals:
    // ok: a new token is available. Otherwise message says why (in the user's language) and
    // mfaRequired tells whether a new interactive sign-in with MFA is needed.
    void refreshFinished(bool ok, const QString &message);
};

// A fixed bearer token, for automation. It cannot be refreshed.
class StaticTokenProvider final : public TokenProvider
{
    Q_OBJECT
public:
    explicit StaticTokenProvider(QString token, QObject *parent = nullptr);
    QString accessToken() const override { return m_token; }
    void requestRefresh() override;
    void setToken(const QString &token) { m_token = token; }

private:
    QString m_token;
};

} // namespace qd
