#include "TokenProvider.h"

namespace qd {

StaticTokenProvider::StaticTokenProvider(QString token, QObject *parent)
    : TokenProvider(parent), m_token(std::move(token))
{}

void StaticTokenProvider::requestRefresh()
{
    // Queued, so a caller that connects after asking still hears the answer.
    QMetaObject::invokeMethod(
        this,
        [this] {
            emit refreshFinished(
                false, m_token.isEmpty() ? tr("No access token was given.")
                                         : tr("Partner Center rejected the access token, and a fixed token "
                                              "cannot be renewed. Provide a new one."));
        },
        Qt::QueuedConnection);
}

} // namespace qd
