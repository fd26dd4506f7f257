#pragma once

#include "domain/Models.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Readers of Partner Center's 2xx bodies. Each turns a body into its value and returns true, or
// returns false with a technical reason (not translated) that the client reports as a Protocol
// error. Pure functions of the bytes, so they can be tested and fuzzed without a network.
namespace qd::responses {

// A body that must be a JSON object or array (a UTF-8 BOM is allowed).
bool parseContainer(const QByteArray &body, QJsonValue &value, QString *why);

// GET /customers/{id}: a Customer resource with an ID.
bool parseCustomer(const QByteArray &body, Customer &customer, QString *why);
// GET /customers (search, next page): a collection envelope, or a bare array of customers.
bool parseCustomerPage(const QByteArray &body, CustomerPage &page, QString *why);
// GET /customers/{id}/qualifications: an array, a single object or an envelope.
bool parseQualifications(const QByteArray &body, QList<CustomerQualification> &list, QString *why);
// POST /customers/{id}/qualifications: as parseQualifications, and an empty body is accepted.
bool parseCreated(const QByteArray &body, QList<CustomerQualification> &list, QString *why);
// GET /customers/all/validations.
bool parseValidationCodes(const QByteArray &body, QList<ValidationCode> &codes, QString *why);

} // namespace qd::responses
