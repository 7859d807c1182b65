#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a sealed vault's bytes come from: a whole file already in memory
/// (tests, backups, the fuzzer) or an open vault file read piece by piece, so
/// that `respond` on a vault of 10 000 users reads the directory, one record
/// and one pair of counter cells, not the whole file.
public final class VaultSource: @unchecked Sendable {
    private enum Backing {
        case memory([UInt8])
        case file(fd: Int32, path: String)
    }

    private let backing: Backing
    /// The file's size when it was opened (the whole array for memory).
    public let size: Int
    /// Hard links to the file when it was opened (1 for memory).
    public let linkCount: Int
    /// Permission bits when it was opened (0o600 for memory).
    public let mode: UInt32

    /// A whole file already in memory; nothing to open or close.
    /// - Parameter bytes: the file's bytes.
    public init(bytes: [UInt8]) {
        backing = .memory(bytes)
        size = bytes.count
        linkCount = 1
        mode = 0o600
    }

    /// Opens `path` read-only; nil when it does not exist.
    /// A symbolic link is not followed.
    /// - Parameter path: the vault file.
    /// - Returns: the open file, with its size, links and mode at opening.
    /// - Throws: `.io` (exit 70) when it cannot be opened or is not a regular file.
    public static func open(path: String) throws -> VaultSource? {
        // O_NONBLOCK: a FIFO put at the vault's path is refused below rather
        // than waited on (it changes nothing for a regular file).
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw IBKeyError.io("cannot read \(path): \(SecureFile.errnoText())")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno; close(fd)
            throw IBKeyError.io("cannot read \(path): \(SecureFile.errnoText(e))")
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw IBKeyError.io("\(path) is not a regular file")
        }
        return VaultSource(fd: fd, path: path, size: Int(st.st_size), linkCount: Int(st.st_nlink), mode: UInt32(st.st_mode & 0o7777))
    }

    private init(fd: Int32, path: String, size: Int, linkCount: Int, mode: UInt32) {
        backing = .file(fd: fd, path: path)
        self.size = size
        self.linkCount = linkCount
        self.mode = mode
    }

    deinit {
        if case .file(let fd, _) = backing { close(fd) }
    }

    /// Bytes `offset ..< offset + count`; fewer when the file ends first
    /// (the parser turns that into "truncated").
    /// - Parameters:
    ///   - offset: the first byte.
    ///   - count: how many bytes.
    /// - Returns: the bytes, possibly fewer than `count`; none when `offset` is past the end.
    /// - Throws: `.io` (exit 70) when a read fails.
    public func read(_ offset: Int, _ count: Int) throws -> [UInt8] {
        let end = min(size, offset + count)
        guard offset >= 0, count >= 0, offset < end else { return [] }
        switch backing {
        case .memory(let bytes):
            return Array(bytes[offset..<end])
        case .file(let fd, let path):
            var out = [UInt8](repeating: 0, count: end - offset)
            let done = try SecureFile.readFully(fd, into: &out, at: offset, path: path)
            return done == out.count ? out : Array(out.prefix(done))
        }
    }

    /// The whole file.
    /// - Returns: `size` bytes, or fewer if the file shrank.
    /// - Throws: `.io` (exit 70) when a read fails.
    public func readAll() throws -> [UInt8] {
        if case .memory(let bytes) = backing { return bytes }
        return try read(0, size)
    }

    /// Device and inode of the open file, to make sure an in-place write goes
    /// to the file that was read.
    var identity: (dev: UInt64, ino: UInt64)? {
        guard case .file(let fd, _) = backing else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }
}
