#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory `flock` on `<file>.lock`, beside the file it guards. The lock
/// is on a separate file because the guarded file itself is replaced by
/// rename, which would leave a lock on the old inode.
public final class FileLock {
    private let fd: Int32

    public init(guarding path: String) throws {
        let lockPath = path + ".lock"
        while true {
            let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw IBKeyError.io("cannot open lock file \(lockPath): \(SecureFile.errnoText())") }
            while flock(fd, LOCK_EX) != 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                throw IBKeyError.io("cannot lock \(lockPath): \(SecureFile.errnoText(e))")
            }
            // `reset` deletes the lock file: a lock won on a file no longer at
            // this path would not exclude a process that created a new one.
            var held = stat(), current = stat()
            if fstat(fd, &held) == 0, stat(lockPath, &current) == 0,
               held.st_dev == current.st_dev, held.st_ino == current.st_ino {
                self.fd = fd
                return
            }
            close(fd)
        }
    }

    deinit { _ = flock(fd, LOCK_UN); close(fd) }
}
