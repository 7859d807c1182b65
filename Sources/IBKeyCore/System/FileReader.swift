#if canImport(Glibc)
import Glibc
#endif

/// Whole files read in: ibkey's own files (with what `stat` said of them),
/// the issuer's key file and key files for `import` (into guarded memory).
/// Every open refuses what is not a regular file, and never waits on a FIFO.
public enum FileReader {
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
    /// - Returns: the contents, or nil when nothing is at `path`.
    /// - Throws: `.io` when it cannot be read or is not a regular file.
    public static func read(_ path: String, maxSize: Int) throws -> Contents? {
        guard let (fd, st) = try openRegular(path) else { return nil }
        defer { close(fd) }
        let info = (links: Int(st.st_nlink), mode: UInt32(st.st_mode & 0o7777), modified: Int64(st.st_mtim.tv_sec))
        guard Int(st.st_size) <= maxSize else {
            return Contents(bytes: Array(repeating: 0, count: maxSize + 1), linkCount: info.links, mode: info.mode, modified: info.modified)
        }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        let done = try FileIO.readFully(fd, into: &out, path: path)
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
            throw IBKeyError.io("cannot read \(path): \(FileIO.errnoText())")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { let e = errno; close(fd); throw IBKeyError.io("cannot read \(path): \(FileIO.errnoText(e))") }
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
    /// - Throws: `.unsafeFile` (others can reach it), `.damaged` (wrong size).
    public static func readSecret(_ path: String, size: Int, what: String, file: Damage.File) throws -> SecureBytes? {
        guard let (fd, st) = try openRegular(path) else { return nil }
        defer { close(fd) }
        if st.st_mode & 0o077 != 0 {
            throw IBKeyError.unsafeFile(UnsafeFile(path: path, role: what, problem: .openToOthers))
        }
        guard Int(st.st_size) == size else {
            throw IBKeyError.damaged(Damage(file, "\(st.st_size) bytes, expected \(size)"))
        }
        let secret = SecureBytes(count: size)
        let result = secret.withMutableBytes { b in FileIO.transfer(size) { done in Glibc.read(fd, b.baseAddress! + done, size - done) } }
        guard result.errno == 0 else { throw IBKeyError.io("cannot read \(path): \(FileIO.errnoText(result.errno))") }
        guard result.done == size else { throw IBKeyError.damaged(Damage(file, "the file is truncated")) }
        return secret
    }

    /// All of `fd` (a key file, or standard input) read into guarded memory,
    /// up to `maxSize` bytes.
    /// - Parameters:
    ///   - fd: the descriptor, read to its end.
    ///   - maxSize: the most accepted.
    ///   - source: how messages name it.
    /// - Returns: the bytes, in guarded memory.
    /// - Throws: `.badInput` when there is more than `maxSize`; `.io` when a read fails.
    public static func readAll(_ fd: Int32, maxSize: Int, source: String) throws -> SecureBytes {
        let buffer = SecureBytes(count: maxSize + 1)
        let result = buffer.withMutableBytes { b in
            FileIO.transfer(maxSize + 1) { done in Glibc.read(fd, b.baseAddress! + done, maxSize + 1 - done) }
        }
        guard result.errno == 0 else { throw IBKeyError.io("cannot read \(source): \(FileIO.errnoText(result.errno))") }
        guard result.done <= maxSize else { throw IBKeyError.badInput("\(source) is larger than \(maxSize >> 20) MiB") }
        return SecureBytes(copying: buffer, range: 0..<result.done)
    }

    /// A key file someone hands to `import`, read whole into guarded memory.
    /// - Parameters:
    ///   - path: the file.
    ///   - maxSize: the most accepted (`KeyFileFormat.maxSize`).
    /// - Returns: the bytes, and whether group or others may read the file.
    /// - Throws: `.fileNotFound` (no such file), `.badInput` (not a regular file,
    ///   unreadable, or larger than `maxSize`), `.io`.
    public static func readKeyFile(_ path: String, maxSize: Int) throws -> (bytes: SecureBytes, readableByOthers: Bool) {
        // Non-blocking, so that a FIFO with no writer is refused rather than waited on.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            if errno == ENOENT { throw IBKeyError.fileNotFound(path: path) }
            throw IBKeyError.unreadableFile(path: path, reason: FileIO.errnoText())
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw IBKeyError.io("cannot read \(path): \(FileIO.errnoText())") }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw IBKeyError.notRegularFile(path: path)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (try readAll(fd, maxSize: maxSize, source: path), st.st_mode & 0o044 != 0)
    }
}
