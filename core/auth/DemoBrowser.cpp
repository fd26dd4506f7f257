#include "AuthLog.h"
#include "AuthSession.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

// The "browser" of --demo: the simulator approves at its authorize endpoint at once, so
// fetching the address and following its redirect completes the same flow a person would.
namespace qd {

AuthSession::BrowserOpener AuthSession::loopbackBrowser(QNetworkAccessManager *network)
{
    return [guard = QPointer<QNetworkAccessManager>(network)](const QUrl &url) {
        if (!guard)
            return false;
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = guard->get(request);
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, guard] {
            reply->deleteLater();
            const QUrl target =
                reply->url().resolved(reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
            // Like a browser, follow the service's redirect, but only back to this machine.
            const bool loopback = target.scheme() == "http"_L1 &&
                                  (target.host() == "127.0.0.1"_L1 || target.host() == "localhost"_L1);
            if (!guard || !loopback || target == reply->url()) {
                qCWarning(lcAuth) << "the sign-in page did not redirect back; status"
                                  << reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                return;
            }
            QNetworkReply *back = guard->get(QNetworkRequest(target));
            QObject::connect(back, &QNetworkReply::finished, back, &QObject::deleteLater);
        });
        return true;
    };
}

} // namespace qd
