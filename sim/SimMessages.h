#pragma once

#include <QJsonObject>
#include <QString>

namespace qd::sim {

// The error texts the simulated Partner Center answers with. They play the server's localized
// `description` (picked per request from X-Locale), so they are data, not this program's UI text.
enum class Msg
{
    InvalidToken,
    MfaRequired,
    InvalidTenantId,
    CustomerNotFound,
    RouteNotFound,
    MethodNotAllowed,
    InvalidBody,
    MissingQualification,
    UnknownQualification,
    QualificationNotSettable,
    MissingSegment,
    InvalidSegment,
    InvalidWebsite,
    MissingValidationCode,
    UnknownValidationCode,
    ExhaustedValidationCode,
    DuplicateQualification,
    InvalidPageSize,
    InvalidFilter,
    ContinuationTokenRequired,
    ServiceUnavailable,
    AdminLoopbackOnly,
};

// The text in English or Czech; %1 is replaced by `arg` when the text has it.
QString message(Msg id, bool czech, const QString &arg = {});

// Partner Center's error object: {"code": n, "description": .., "message": .., "errorName": .., ...}.
QJsonObject errorBody(int code, Msg id, bool czech, const QString &arg = {});

} // namespace qd::sim
