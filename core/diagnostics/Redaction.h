#pragma once

#include <QString>
#include <QStringList>

namespace qd {

// Removes secrets from text meant for a clipboard, a log or a support ticket: the values it is
// told about (the current access token, say) wherever they appear, and anything shaped like a
// secret: JWTs, "Bearer ..." headers, and the values of token, code, secret and password
// parameters in query strings, form bodies and JSON. Each is replaced by "[removed]".
class Redaction
{
public:
    static QString apply(QString text, const QStringList &knownSecrets = {});
    static QString marker();
};

} // namespace qd
