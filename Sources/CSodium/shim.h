#ifndef IBKEY_CSODIUM_SHIM_H
#define IBKEY_CSODIUM_SHIM_H
#include <sodium.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

/* The process's protections, in one call before anything is read (prctl is
 * variadic, which Swift cannot call, so this lives in C, beside the guarded
 * memory it protects):
 * - no core file at all (RLIMIT_CORE 0) and the process non-dumpable, which
 *   also keeps same-user ptrace away: a dump would hold the opened vault;
 * - every file created owner-only (umask 077);
 * - SIGPIPE ignored: a reader that closed the pipe early is not a crash;
 * - SIGXFSZ ignored: past a file-size limit a write fails with EFBIG (reported,
 *   the old file kept) instead of the signal killing the process mid-write.
 * Returns 0 when the core-dump protections took effect. */
static inline int ibkey_harden_process(void) {
    struct rlimit none = { 0, 0 };
    int rc = setrlimit(RLIMIT_CORE, &none);
    rc |= prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    umask(077);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
    return rc;
}
#endif
