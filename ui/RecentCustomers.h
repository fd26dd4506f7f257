#pragma once

#include "domain/Models.h"

#include <QList>

namespace qd {

// The customers opened last, newest first, kept in QSettings so they are one click away
// after a restart. Only name, domain and tenant ID are kept.
class RecentCustomers
{
public:
    static constexpr int kMaxEntries = 8;

    static QList<Customer> load();
    static void remember(const Customer &customer);
    static void clear();
};

} // namespace qd
