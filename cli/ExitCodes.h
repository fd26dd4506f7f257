#pragma once

#include "partnercenter/ApiError.h"

#include <QCoreApplication>
#include <QString>

namespace qd::cli {

// The exit codes scripts rely on (issue 2). Keep in step with exitCodesHelp().
enum ExitCode : int
{
    ExitOk = 0,
    ExitUsage = 2,       // invalid input or usage; nothing was sent
    ExitRefused = 3,     // Partner Center refused the request
    ExitFailure = 4,     // network or server failure, or the outcome is still unknown
    ExitNotSignedIn = 5, // not signed in, or the token was rejected
};

class ExitCodes
{
    Q_DECLARE_TR_FUNCTIONS(ExitCodes)
public:
    static int forError(const ApiError &error);
    static int forKind(ApiError::Kind kind);
    // The "Exit codes:" block of --help, translated.
    static QString help();
};

} // namespace qd::cli
