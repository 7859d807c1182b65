#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// Process-wide protections, applied before anything is read: no core dumps
/// (a dump would hold the decrypted vault), not attachable by ptrace from
/// other processes of the same user, and every file created owner-only.
enum Hardening {
    static func apply() {
        ProcessHardening.disableCoreDumps()
        _ = umask(0o077)
        // A reader that closed the pipe early is not an internal error.
        signal(SIGPIPE, SIG_IGN)
        // Past a file-size limit, write() should fail with EFBIG (reported,
        // old file kept) rather than the signal killing us mid-write.
        signal(SIGXFSZ, SIG_IGN)
    }
}
