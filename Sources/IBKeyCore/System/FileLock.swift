#if canImport(Glibc)
import Glibc
#endif

/// An advisory `flock` on `<file>.lock`, beside the file it guards. The lock
/// is on a separate file because the guarded file itself is replaced by
/// rename, which would leave a lock on the old inode. A process that has to
/// wait learns the holder's process id from the kernel (`/proc/locks`), so
/// the holder writes nothing: taking the lock stays two system calls on the
/// `respond` path.
public final class FileLock {
    private let fd: Int32

    /// Takes the lock, waiting for it if another process holds it.
    /// - Parameters:
    ///   - path: the guarded file; the lock is `path + ".lock"`.
    ///   - ifHeld: called once, before waiting, with the holder's process id
    ///     when known; it may throw to give up instead of waiting
    ///     (`--no-wait`), or report that it waits.
    /// - Throws: what `ifHeld` throws; `.io` when the lock file
    ///   cannot be opened or locked.
    public init(guarding path: String, ifHeld: (_ holder: Int32?) throws -> Void = { _ in }) throws {
        let lockPath = path + ".lock"
        var told = false
        while true {
            let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw IBKeyError.io("cannot open lock file \(lockPath): \(FileIO.errnoText())") }
            // First without waiting, so that a held lock is said before the wait
            // (once); the blocking call only when that did not take it.
            var locked = false
            if !told {
                if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                    locked = true
                } else {
                    guard errno == EWOULDBLOCK || errno == EINTR else {
                        let e = errno
                        close(fd)
                        throw IBKeyError.io("cannot lock \(lockPath): \(FileIO.errnoText(e))")
                    }
                    told = true
                    do { try ifHeld(Self.holder(fd)) } catch { close(fd); throw error }
                }
            }
            while !locked && flock(fd, LOCK_EX) != 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                throw IBKeyError.io("cannot lock \(lockPath): \(FileIO.errnoText(e))")
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

    /// The process holding an flock on `fd`'s file, from `/proc/locks` (lines
    /// like `1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF`, the device in
    /// hex); nil when it cannot be told.
    static func holder(_ fd: Int32) -> Int32? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let dev = UInt64(st.st_dev)
        let major = ((dev >> 8) & 0xFFF) | ((dev >> 32) & ~UInt64(0xFFF))
        let minor = (dev & 0xFF) | ((dev >> 12) & ~UInt64(0xFF))
        guard let text = procLocks() else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 6, fields[1] == "FLOCK",
                  let i = fields.firstIndex(where: { sameFile(String($0), major: major, minor: minor, inode: UInt64(st.st_ino)) }),
                  i >= 1, let pid = Int32(fields[i - 1]), pid > 0 else { continue }
            return pid
        }
        return nil
    }

    /// `/proc/locks`, read to its end (its size shows as 0, so it is read in
    /// chunks rather than by its size); nil where there is none.
    private static func procLocks() -> String? {
        let fd = open("/proc/locks", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while out.count < 4 << 20 {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            out += chunk.prefix(n)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `field` is `maj:min:inode` naming this file (the numbers
    /// compared, not the text: leading zeros vary).
    private static func sameFile(_ field: String, major: UInt64, minor: UInt64, inode: UInt64) -> Bool {
        let parts = field.split(separator: ":")
        guard parts.count == 3, let a = UInt64(parts[0], radix: 16), let b = UInt64(parts[1], radix: 16), let c = UInt64(parts[2]) else { return false }
        return a == major && b == minor && c == inode
    }
}
