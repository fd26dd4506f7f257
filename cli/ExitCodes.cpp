#include "ExitCodes.h"

using namespace Qt::StringLiterals;

namespace qd::cli {

int ExitCodes::forError(const ApiError &error)
{
    return forKind(error.kind);
}

int ExitCodes::forKind(ApiError::Kind kind)
{
    switch (kind) {
    case ApiError::Kind::None:
        return ExitOk;
    case ApiError::Kind::InvalidInput:
        return ExitUsage;
    case ApiError::Kind::Rejected:
        return ExitRefused;
    case ApiError::Kind::Authentication:
        return ExitNotSignedIn;
    case ApiError::Kind::Throttled:
    case ApiError::Kind::Network:
    case ApiError::Kind::OutcomeUnknown:
    case ApiError::Kind::Protocol:
    case ApiError::Kind::Cancelled:
        return ExitFailure;
    }
    return ExitFailure;
}

QString ExitCodes::help()
{
    return tr("Exit codes:") + u'\n' + tr("  0  done") + u'\n' +
           tr("  2  invalid input or usage; nothing was sent") + u'\n' +
           tr("  3  refused by Partner Center, or held by another row of the team's history (the reason is "
              "printed)") +
           u'\n' + tr("  4  network or server failure, or the outcome is still unknown after retries") +
           u'\n' + tr("  5  not signed in, or the token was rejected (run: qualdesk-cli login)") + u'\n';
}

} // namespace qd::cli
