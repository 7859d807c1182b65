#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations with the guarantees the vault, backups and the issuer store
/// need: atomic replacement (temp file, fsync, rename, fsync of the folder),
/// owner-only permissions, and refusal of files or folders others can write.
public enum SecureFile {
    /// A string describing the last system error.
    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// The folder part of a path ("." when none).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// Creates `path` and its missing parents with mode 0700.
    public static func makeDirectories(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw IBKeyError.io("\(path) is not a folder") }
            return
        }
        let parent = directory(of: path)
        if parent != path && parent != "." && parent != "/" { try makeDirectories(parent) }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw IBKeyError.io("cannot create folder \(path): \(errnoText())")
        }
    }

    /// Refuses a file or folder that someone other than its owner can write,
    /// or that belongs to another user: either would let them swap the vault.
    public static func checkNotWritableByOthers(_ path: String, what: String) throws {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        if st.st_mode & 0o022 != 0 {
            throw IBKeyError.insecureFile("\(what) \(path) is writable by other users",
                                          hint: "run 'chmod go-w \(path)'")
        }
        if st.st_uid != geteuid() && st.st_uid != 0 {
            throw IBKeyError.insecureFile("\(what) \(path) belongs to another user",
                                          hint: "use a \(what) of your own (--vault PATH)")
        }
    }

    /// Refuses a path whose last component is a symbolic link. Whole writes
    /// replace the path by rename (which would turn the link into a file) and
    /// in-place writes refuse to follow links, so a linked vault is refused
    /// up front, with the fix, instead of half-working.
    public static func checkNotSymlink(_ path: String, what: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return }
        throw IBKeyError.symbolicLink(what: what, path: path)
    }

    /// Moves `count` bytes by repeating `step(done)` (one read or write of the
    /// rest, `done` bytes in), retrying interrupted and short transfers. Stops
    /// early when a step moves nothing (end of file). Returns the bytes moved,
    /// or the errno of the step that failed.
    private static func transfer(_ count: Int, _ step: (Int) -> Int) -> (done: Int, errno: Int32) {
        var done = 0
        while done < count {
            let n = step(done)
            if n < 0 {
                if errno == EINTR { continue }
                return (done, errno)
            }
            if n == 0 { break }
            done += n
        }
        return (done, 0)
    }

    /// Fills `buffer` from `fd` (with `pread` from `offset`, else from the file
    /// position); stops early only at end of file. Returns how many bytes were read.
    static func readFully(_ fd: Int32, into buffer: inout [UInt8], at offset: Int? = nil, path: String) throws -> Int {
        let result = buffer.withUnsafeMutableBytes { b in
            transfer(b.count) { done in
                offset.map { pread(fd, b.baseAddress! + done, b.count - done, off_t($0 + done)) }
                    ?? Glibc.read(fd, b.baseAddress! + done, b.count - done)
            }
        }
        if result.errno != 0 { throw IBKeyError.io("cannot read \(path): \(errnoText(result.errno))") }
        return result.done
    }

    /// Writes all of `bytes` to `fd` (with `pwrite` at `offset`, else at the
    /// file position). Returns 0, or the errno of the write that failed (the
    /// caller says what is unchanged).
    static func writeFully(_ fd: Int32, _ bytes: [UInt8], at offset: Int? = nil) -> Int32 {
        let result = bytes.withUnsafeBytes { b in
            transfer(b.count) { done in
                offset.map { pwrite(fd, b.baseAddress! + done, b.count - done, off_t($0 + done)) }
                    ?? Glibc.write(fd, b.baseAddress! + done, b.count - done)
            }
        }
        if result.errno != 0 { return result.errno }
        return result.done == bytes.count ? 0 : EIO
    }

    /// Reads a whole file; nil if it does not exist.
    public static func read(_ path: String, maxSize: Int) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw IBKeyError.io("cannot read \(path): \(errnoText())")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw IBKeyError.io("cannot read \(path): \(errnoText())") }
        guard st.st_mode & S_IFMT == S_IFREG else { throw IBKeyError.io("\(path) is not a regular file") }
        guard Int(st.st_size) <= maxSize else { return Array(repeating: 0, count: maxSize + 1) }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        let done = try readFully(fd, into: &out, path: path)
        return done == out.count ? out : Array(out.prefix(done))
    }

    /// Replaces `path` atomically with `bytes` (mode 0600): a crash at any
    /// instant leaves either the old file or the new one, never a mix.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8]) throws {
        let dir = directory(of: path)
        // A random name in the same folder (so rename is atomic), created
        // exclusively and owner-only from the first instant.
        let suffix = Random.bytes(6).map { String($0, radix: 16) }.joined()
        let tmpPath = "\(path).tmp.\(suffix)"
        let fd = open(tmpPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw IBKeyError.io("cannot write in \(dir): \(errnoText())") }
        var ok = false
        defer { if !ok { unlink(tmpPath) } }
        defer { if fd >= 0 { close(fd) } }
        guard fchmod(fd, 0o600) == 0 else { throw IBKeyError.io("cannot set permissions on \(tmpPath): \(errnoText())") }
        let failed = writeFully(fd, bytes)
        guard failed == 0 else { throw IBKeyError.io("cannot write \(path): \(errnoText(failed)); the old file is unchanged") }
        guard fsync(fd) == 0 else { throw IBKeyError.io("cannot write \(path): \(errnoText()); the old file is unchanged") }
        guard rename(tmpPath, path) == 0 else {
            throw IBKeyError.io("cannot replace \(path): \(errnoText()); the old file is unchanged")
        }
        ok = true
        syncDirectory(dir)
    }

    /// Overwrites `bytes` at `offset` inside an existing file and makes it
    /// durable (`fdatasync`: the size does not change, so no metadata must be
    /// flushed). `expecting` is the device and inode that were read: a file
    /// replaced in between is never written.
    public static func overwriteInPlace(_ path: String, at offset: Int, with bytes: [UInt8],
                                        expecting identity: (dev: UInt64, ino: UInt64)?) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw IBKeyError.io("cannot write \(path): \(errnoText())") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, let identity, UInt64(st.st_dev) == identity.dev, UInt64(st.st_ino) == identity.ino,
              offset >= 0, offset + bytes.count <= Int(st.st_size) else {
            throw IBKeyError.io("cannot write \(path): the file changed while it was open; nothing was written")
        }
        let failed = writeFully(fd, bytes, at: offset)
        guard failed == 0 else {
            // A cell written in part is invalid and its twin holds the old value.
            throw IBKeyError.io("cannot write \(path): \(errnoText(failed)); the stored counter is unchanged")
        }
        guard fdatasync(fd) == 0 else {
            throw IBKeyError.io("cannot write \(path): \(errnoText()); the counter may or may not have advanced, and no response was shown")
        }
    }

    /// fsync of a folder makes a rename or unlink in it durable.
    public static func syncDirectory(_ dir: String) {
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    public static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw IBKeyError.io("cannot delete \(path): \(errnoText())")
        }
        syncDirectory(directory(of: path))
    }
}
