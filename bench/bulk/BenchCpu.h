#pragma once

// CPU time for the bulk benchmarks: steadier than the wall clock on a machine whose other
// tenants come and go.

#include <ctime>
#include <sys/resource.h>

namespace qd::bench {

// This process so far, all threads, in microseconds.
inline double processCpuUs()
{
    return double(std::clock()) * 1e6 / CLOCKS_PER_SEC;
}

// This process's children that have ended so far, in microseconds.
inline double childrenCpuUs()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return (double(usage.ru_utime.tv_sec) + double(usage.ru_stime.tv_sec)) * 1e6 +
           double(usage.ru_utime.tv_usec) + double(usage.ru_stime.tv_usec);
}

// The calling thread so far, in microseconds.
inline double threadCpuUs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e6 + double(t.tv_nsec) / 1e3;
}

} // namespace qd::bench
