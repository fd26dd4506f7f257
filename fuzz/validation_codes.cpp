// The partner's GCC validation codes: GET /customers/all/validations.
#include "FuzzSupport.h"
#include "partnercenter/ResponseParsers.h"

#include <QJsonArray>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = qd::fuzz::bytes(data, size);
    QString why;
    QList<qd::ValidationCode> codes;
    if (!qd::responses::parseValidationCodes(body, codes, &why)) {
        QD_FUZZ_CHECK(!why.isEmpty());
        QD_FUZZ_CHECK(codes.isEmpty());
        return 0;
    }
    QJsonArray written;
    for (const qd::ValidationCode &code : std::as_const(codes)) {
        QD_FUZZ_CHECK(!code.validationId.isEmpty());
        QD_FUZZ_CHECK(code.isUsable() == (code.remainingCreates != 0));
        written.append(code.toJson());
    }
    // The picker's list (written by the CLI and the simulator) reads back with the same IDs.
    const QList<qd::ValidationCode> again = qd::ValidationCode::listFromJson(written);
    QD_FUZZ_CHECK(again.size() == codes.size());
    for (qsizetype i = 0; i < codes.size(); ++i) {
        QD_FUZZ_CHECK(again.at(i).validationId == codes.at(i).validationId);
        QD_FUZZ_CHECK(again.at(i).organizationName == codes.at(i).organizationName);
    }
    return 0;
}
