#ifndef IBKEY_CSODIUM_SHIM_H
#define IBKEY_CSODIUM_SHIM_H
#include <sodium.h>
#include <sys/prctl.h>
#include <sys/resource.h>

/* Keeps guarded memory out of core dumps and away from same-user ptrace:
 * no core file at all (RLIMIT_CORE 0) and the process marked non-dumpable.
 * Returns 0 when both took effect. Lives here, beside the memory it protects. */
static inline int ibkey_disable_core_dumps(void) {
    struct rlimit none = { 0, 0 };
    int rc = setrlimit(RLIMIT_CORE, &none);
    rc |= prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    return rc;
}
#endif
