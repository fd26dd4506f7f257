// The identity service's answer to a device-code request.
#include "FuzzSupport.h"
#include "auth/DeviceCodeAnswer.h"

#include <limits>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString error;
    const std::optional<qd::DeviceCodeAnswer> answer =
        qd::DeviceCodeAnswer::parse(qd::fuzz::bytes(data, size), &error);
    if (!answer) {
        QD_FUZZ_CHECK(!error.isEmpty());
        return 0;
    }
    QD_FUZZ_CHECK(!answer->deviceCode.isEmpty());
    QD_FUZZ_CHECK(!answer->info.userCode.isEmpty());
    QD_FUZZ_CHECK(answer->info.verificationUri.isValid());
    QD_FUZZ_CHECK(!answer->info.verificationUri.host().isEmpty());
    QD_FUZZ_CHECK(answer->info.intervalSecs >= 1 && answer->info.intervalSecs <= 300);
    QD_FUZZ_CHECK(answer->info.expiresInSecs > 0);
    // DeviceCodeSignIn counts the lifetime in milliseconds: it must fit.
    QD_FUZZ_CHECK(answer->info.expiresInSecs <= std::numeric_limits<qint64>::max() / 1000);
    return 0;
}
