#pragma once

// Several desks bulk-submitting overlapping customers at once against one qualdesk-sim, with
// their history either on one team server or each in its own data folder.

#include <QString>

namespace qd::bench {

struct DeskOptions
{
    QString binDir;  // qualdesk-sim and qualdesk-cli
    QString workDir; // the desks' homes and the simulator's seed
    int desks = 4;
    int rowsPerDesk = 2000;
    int stride = 500; // desk d submits customers [d * stride, d * stride + rowsPerDesk)
    int concurrency = 16;
};

struct DeskFigures
{
    bool ok = false;
    QString error;
    double wallMs = 0;
    int rows = 0;         // rows the desks' summaries account for
    int created = 0;      // qualifications the simulator created
    int duplicates = 0;   // POSTs for a pair already created
    int posts = 0;        // qualification POSTs the simulator received
    int claimed = 0;      // rows stopped by a claim (error_code 'claimed')
    int pairs = 0;        // distinct (customer, qualification) pairs asked for
    int peakInFlight = 0; // requests the simulator held at once at most
};

// serverUrl empty: every desk its own data folder; else every desk on that server (its password,
// if any, goes to each desk's ~/.pgpass).
DeskFigures runDesks(const DeskOptions &options, const QString &serverUrl);

} // namespace qd::bench
