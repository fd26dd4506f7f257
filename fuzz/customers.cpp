// Customer answers: GET /customers/{id} and the pages of a customer search.
#include "FuzzSupport.h"
#include "partnercenter/ResponseParsers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = qd::fuzz::bytes(data, size);
    QString why;

    qd::Customer customer;
    if (qd::responses::parseCustomer(body, customer, &why)) {
        QD_FUZZ_CHECK(customer.isValid());
        QD_FUZZ_CHECK(qd::Customer::fromJson(customer.toJson()).id == customer.id);
    } else {
        QD_FUZZ_CHECK(!why.isEmpty());
    }

    qd::CustomerPage page;
    why.clear();
    if (qd::responses::parseCustomerPage(body, page, &why)) {
        for (const qd::Customer &c : std::as_const(page.customers))
            QD_FUZZ_CHECK(c.isValid());
        for (const auto &header : std::as_const(page.next.headers))
            QD_FUZZ_CHECK(!header.first.isEmpty());
    } else {
        QD_FUZZ_CHECK(!why.isEmpty());
    }
    return 0;
}
