#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory `flock` on `<file>.lock`, beside the file it guards. The lock
/// is on a separate file because the guarded file itself is replaced by
/// rename, which would leave a lock on the old inode. The holder writes its
/// process id into the lock file, so that a process that has to wait can say
/// for whom.
public final class FileLock {
    private let fd: Int32

    /// Takes the lock, waiting for it if another process holds it.
    /// - Parameter ifHeld: called once, before waiting, with the holder's
    ///   process id when known; it may throw to give up instead of waiting
    ///   (`--no-wait`), or report that it waits.
    /// - Parameter path: the guarded file; the lock is `<path>.lock`, created
    ///   `0600` if missing and never through a symbolic link.
    /// - Throws: `.io` when the lock file cannot be opened or locked (exit 70);
    ///   what `ifHeld` throws (`.busy`, exit 75).
    public init(guarding path: String, ifHeld: (_ holder: Int32?) throws -> Void = { _ in }) throws {
        let lockPath = path + ".lock"
        var told = false
        while true {
            let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw IBKeyError.io("cannot open lock file \(lockPath): \(SecureFile.errnoText())") }
            if !told, flock(fd, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else {
                    let e = errno
                    close(fd)
                    throw IBKeyError.io("cannot lock \(lockPath): \(SecureFile.errnoText(e))")
                }
                told = true
                do { try ifHeld(Self.holder(fd)) } catch { close(fd); throw error }
            }
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
                Self.recordHolder(fd)
                return
            }
            close(fd)
        }
    }

    deinit { _ = flock(fd, LOCK_UN); close(fd) }

    /// Writes this process's id into the lock file (best effort: the id only
    /// feeds a message). Only into a regular file of one link that this user
    /// owns: a lock path hard-linked to another file is left untouched.
    private static func recordHolder(_ fd: Int32) {
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_nlink == 1, st.st_uid == geteuid() else { return }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// The process id the holder wrote, if that process is still running.
    private static func holder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 16)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0, let pid = Int32(String(decoding: buffer.prefix(n).prefix { $0 != 0x0A }, as: UTF8.self)), pid > 0 else { return nil }
        return kill(pid, 0) == 0 || errno == EPERM ? pid : nil
    }
}
