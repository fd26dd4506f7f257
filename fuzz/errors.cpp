// Error answers of Partner Center: ApiError::fromHttp on any status and body.
#include "FuzzSupport.h"
#include "partnercenter/ApiError.h"

#include <array>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // The first byte picks the status, the rest is the body.
    static constexpr std::array statuses = {400, 401, 403, 404, 405, 409, 412,
                                            429, 500, 502, 503, 504, 200, 302};
    if (size == 0)
        return 0;
    const int status = statuses[data[0] % statuses.size()];
    const QByteArray body = qd::fuzz::bytes(data + 1, size - 1);

    const qd::ApiError error = qd::ApiError::fromHttp(status, body, u"request"_s, u"correlation"_s);
    QD_FUZZ_CHECK(error.isError());
    QD_FUZZ_CHECK(error.httpStatus == status);
    QD_FUZZ_CHECK(error.requestId == u"request"_s && error.correlationId == u"correlation"_s);
    QD_FUZZ_CHECK((error.kind == qd::ApiError::Kind::Authentication) == (status == 401));
    QD_FUZZ_CHECK((error.kind == qd::ApiError::Kind::Throttled) == (status == 429));
    QD_FUZZ_CHECK(!error.mfaRequired || status == 401);
    // The server's text is clipped to the documented 1024 characters (and an ellipsis).
    QD_FUZZ_CHECK(error.serverMessage.size() <= 1025);
    // What the user and a support ticket see.
    QD_FUZZ_CHECK(!error.userMessage().isEmpty());
    QD_FUZZ_CHECK(!error.details().isEmpty());
    return 0;
}
