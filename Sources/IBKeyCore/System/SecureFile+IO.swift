#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing whole files, retrying interrupted and short transfers.
extension SecureFile {
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
        bytes.withUnsafeBytes { writeFully(fd, $0, at: offset) }
    }

    /// Writes all of `b` to `fd`, retrying interrupted and short writes (with
    /// `pwrite` at `offset`, else at the file position).
    /// - Parameters:
    ///   - fd: an open descriptor (a file, a pipe, the terminal).
    ///   - b: the bytes.
    ///   - offset: where in the file, or nil for the file position.
    /// - Returns: 0, or the errno of the write that failed (EIO when one wrote nothing).
    public static func writeFully(_ fd: Int32, _ b: UnsafeRawBufferPointer, at offset: Int? = nil) -> Int32 {
        guard b.count > 0 else { return 0 }
        let result = transfer(b.count) { done in
            offset.map { pwrite(fd, b.baseAddress! + done, b.count - done, off_t($0 + done)) }
                ?? Glibc.write(fd, b.baseAddress! + done, b.count - done)
        }
        if result.errno != 0 { return result.errno }
        return result.done == b.count ? 0 : EIO
    }

    /// A file's bytes, and what `stat` said about it when it was opened.
    public struct Contents {
        /// The bytes; `maxSize + 1` zero bytes for a file that is too large.
        public let bytes: [UInt8]
        /// Hard links to the file: a vault or store with more than one is refused.
        public let linkCount: Int
        /// Permission bits.
        public let mode: UInt32
        /// When the file was last written, Unix seconds.
        public var modified: Int64 = 0
    }

    /// Reads a whole file; nil if it does not exist. A file larger than
    /// `maxSize` reads as `maxSize + 1` zero bytes (callers refuse that size).
    /// - Parameters:
    ///   - path: the file.
    ///   - maxSize: the largest size read.
    /// - Returns: the bytes, or nil.
    /// - Throws: `.io` (exit 70) when it cannot be read or is not a regular file.
    public static func read(_ path: String, maxSize: Int) throws -> [UInt8]? {
        try readWithInfo(path, maxSize: maxSize)?.bytes
    }

    /// `read`, with the link count and permission bits of the file read.
    /// - Parameters:
    ///   - path: the file.
    ///   - maxSize: the largest size read.
    /// - Returns: the contents, or nil when nothing is at `path`.
    /// - Throws: `.io` (exit 70), as `read`.
    public static func readWithInfo(_ path: String, maxSize: Int) throws -> Contents? {
        guard let (fd, st) = try openRegular(path) else { return nil }
        defer { close(fd) }
        let info = (links: Int(st.st_nlink), mode: UInt32(st.st_mode & 0o7777), modified: Int64(st.st_mtim.tv_sec))
        guard Int(st.st_size) <= maxSize else {
            return Contents(bytes: Array(repeating: 0, count: maxSize + 1), linkCount: info.links, mode: info.mode, modified: info.modified)
        }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        let done = try readFully(fd, into: &out, path: path)
        return Contents(bytes: done == out.count ? out : Array(out.prefix(done)), linkCount: info.links, mode: info.mode, modified: info.modified)
    }

    /// `path` opened for reading, with its status; nil if it does not exist.
    /// The caller closes the descriptor.
    /// - Parameter extraFlags: more `open` flags (`O_NOFOLLOW` for the vault).
    /// - Throws: `.io` when it cannot be opened, or is not a regular file.
    static func openRegular(_ path: String, extraFlags: Int32 = 0) throws -> (Int32, stat)? {
        // O_NONBLOCK: a FIFO is refused below rather than waited on (it
        // changes nothing for the regular file that is then read).
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | extraFlags)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw IBKeyError.io("cannot read \(path): \(errnoText())")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { let e = errno; close(fd); throw IBKeyError.io("cannot read \(path): \(errnoText(e))") }
        guard st.st_mode & S_IFMT == S_IFREG else { close(fd); throw IBKeyError.io("\(path) is not a regular file") }
        return (fd, st)
    }

    /// A secret file of exactly `size` bytes (the issuer's key file), read
    /// straight into guarded memory; nil if it does not exist. A file that
    /// others can read or write is refused: it would hand out every key.
    /// - Parameters:
    ///   - path: the file.
    ///   - size: the only size accepted.
    ///   - what: how messages name it ("issuer key file").
    /// - Returns: the secret, or nil.
    /// - Throws: `.insecureFile` (others can reach it), `.damaged` (wrong size).
    public static func readSecret(_ path: String, size: Int, what: String) throws -> SecureBytes? {
        guard let (fd, st) = try openRegular(path) else { return nil }
        defer { close(fd) }
        if st.st_mode & 0o077 != 0 {
            throw IBKeyError.insecureFile("\(what) \(path) can be read or written by other users", hint: "run 'chmod 600 \(path)'")
        }
        guard Int(st.st_size) == size else {
            throw IBKeyError.damaged("\(what) \(path) damaged: \(st.st_size) bytes, expected \(size)")
        }
        let secret = SecureBytes(count: size)
        let result = secret.withMutableBytes { b in transfer(size) { done in Glibc.read(fd, b.baseAddress! + done, size - done) } }
        guard result.errno == 0 else { throw IBKeyError.io("cannot read \(path): \(errnoText(result.errno))") }
        guard result.done == size else { throw IBKeyError.damaged("\(what) \(path) damaged: the file is truncated") }
        return secret
    }

    /// Replaces `path` atomically with `bytes` (mode 0600): a crash at any
    /// instant leaves either the old file or the new one, never a mix.
    /// Call under the file's lock.
    /// - Parameters:
    ///   - path: the file to replace (or create).
    ///   - bytes: its new contents.
    /// - Throws: `.io` (exit 70); the old file is then unchanged.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try writeAtomically(path, $0) }
    }

    /// `writeAtomically` of a secret, written from guarded memory.
    /// - Parameters:
    ///   - path: the file to replace (or create).
    ///   - secret: its new contents (a key file).
    /// - Throws: `.io` (exit 70).
    public static func writeAtomically(_ path: String, secret: SecureBytes) throws {
        try secret.withBytes { try writeAtomically(path, $0) }
    }

    /// `writeAtomically`, then the temp files of killed earlier writes of
    /// `path` removed (`removeStrays`), with one folder sync for
    /// both. Call under the lock that guards `path`.
    /// - Parameters:
    ///   - path: the file to replace (or create).
    ///   - bytes: its new contents.
    /// - Throws: `.io` (exit 70); the old file is then unchanged.
    public static func replaceUnderLock(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try writeAtomically(path, $0, removingStrays: true) }
    }

    static func writeAtomically(_ path: String, _ bytes: UnsafeRawBufferPointer, removingStrays: Bool = false) throws {
        try writeThroughTemporary(path, bytes) { tmpPath in
            guard rename(tmpPath, path) == 0 else {
                throw IBKeyError.io("cannot replace \(path): \(errnoText()); the old file is unchanged")
            }
            if removingStrays { removeStrays(of: path) }
        }
    }

    /// Writes a new file at `path` (mode 0600), whole or not at all, and never
    /// over an existing one: the data goes to a temporary file that is then
    /// hard-linked to `path`, which fails if anything is already there.
    /// - Parameters:
    ///   - path: the new file (an export).
    ///   - bytes: its contents.
    /// - Throws: `.usage` when `path` exists; `.io` when the write fails.
    public static func writeNew(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { b in
            try writeThroughTemporary(path, b) { tmpPath in
                guard link(tmpPath, path) == 0 else {
                    if errno == EEXIST { throw IBKeyError.usage("\(path) already exists; ibkey does not overwrite it") }
                    throw IBKeyError.io("cannot write \(path): \(errnoText())")
                }
                unlink(tmpPath)
            }
        }
    }

    /// Writes `bytes` durably to a fresh owner-only file beside `path`, then
    /// lets `install` put it in place; the temporary file goes on failure.
    private static func writeThroughTemporary(_ path: String, _ bytes: UnsafeRawBufferPointer,
                                              install: (String) throws -> Void) throws {
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
        try install(tmpPath)
        ok = true
        syncDirectory(dir)
    }

    /// All of `fd` (a key file, or standard input) read into guarded memory,
    /// up to `maxSize` bytes.
    /// - Parameters:
    ///   - fd: the descriptor, read to its end.
    ///   - maxSize: the most accepted.
    ///   - source: how messages name it.
    /// - Returns: the bytes, in guarded memory.
    /// - Throws: `.usage` when there is more than `maxSize`; `.io` when a read fails.
    public static func readAllSecret(_ fd: Int32, maxSize: Int, source: String) throws -> SecureBytes {
        let buffer = SecureBytes(count: maxSize + 1)
        let result = buffer.withMutableBytes { b in
            transfer(maxSize + 1) { done in Glibc.read(fd, b.baseAddress! + done, maxSize + 1 - done) }
        }
        guard result.errno == 0 else { throw IBKeyError.io("cannot read \(source): \(errnoText(result.errno))") }
        guard result.done <= maxSize else { throw IBKeyError.usage("\(source) is larger than \(maxSize >> 20) MiB") }
        return SecureBytes(copying: buffer, range: 0..<result.done)
    }

    /// A key file someone hands to `import`, read whole into guarded memory.
    /// - Parameters:
    ///   - path: the file.
    ///   - maxSize: the most accepted (`KeyFileFormat.maxSize`).
    /// - Returns: the bytes, and whether group or others may read the file.
    /// - Throws: `.fileNotFound` (no such file), `.usage` (not a regular file,
    ///   unreadable, or larger than `maxSize`), `.io`.
    public static func readKeyFile(_ path: String, maxSize: Int) throws -> (bytes: SecureBytes, readableByOthers: Bool) {
        // Non-blocking, so that a FIFO with no writer is refused rather than waited on.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            if errno == ENOENT { throw IBKeyError.fileNotFound(path: path) }
            throw IBKeyError.usage("cannot read \(path): \(errnoText())")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw IBKeyError.io("cannot read \(path): \(errnoText())") }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw IBKeyError.usage("\(path) is not a regular file", hint: "to read a key file from a pipe, give '-' and send it on standard input")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (try readAllSecret(fd, maxSize: maxSize, source: path), st.st_mode & 0o044 != 0)
    }
}
