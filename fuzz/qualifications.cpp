// A customer's qualifications: GET and the answer to a POST.
#include "FuzzSupport.h"
#include "partnercenter/ResponseParsers.h"

#include <QJsonArray>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = qd::fuzz::bytes(data, size);
    QString why;
    QList<qd::CustomerQualification> list;
    const bool read = qd::responses::parseQualifications(body, list, &why);
    QD_FUZZ_CHECK(read || !why.isEmpty());

    QList<qd::CustomerQualification> created;
    QString createdWhy;
    const bool createdRead = qd::responses::parseCreated(body, created, &createdWhy);
    // A POST's answer is read like a GET's, except that an empty body is accepted.
    QD_FUZZ_CHECK(createdRead == (read || body.trimmed().isEmpty()));
    QD_FUZZ_CHECK(created.size() == list.size());

    QJsonArray written;
    for (const qd::CustomerQualification &q : std::as_const(list)) {
        QD_FUZZ_CHECK(!q.qualification.isEmpty());
        QD_FUZZ_CHECK(q.type() != qd::QualificationType::None);
        // What the window shows for it.
        (void)qd::Qualifications::displayName(q.type(), q.qualification);
        (void)qd::Qualifications::displayName(q.status(), q.vettingStatus);
        written.append(q.toJson());
    }
    // What QualDesk writes (CLI --json, the simulator) reads back as the same qualifications.
    const QList<qd::CustomerQualification> again = qd::CustomerQualification::listFromJson(written);
    QD_FUZZ_CHECK(again.size() == list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        QD_FUZZ_CHECK(again.at(i).qualification == list.at(i).qualification);
        QD_FUZZ_CHECK(again.at(i).vettingStatus == list.at(i).vettingStatus);
        QD_FUZZ_CHECK(again.at(i).vettingReason == list.at(i).vettingReason);
        QD_FUZZ_CHECK(again.at(i).vettingCreateDate == list.at(i).vettingCreateDate);
    }
    return 0;
}
