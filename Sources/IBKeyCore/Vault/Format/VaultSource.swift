#if canImport(Glibc)
import Glibc
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
    /// Device and inode of the open file (nil for memory), to make sure an
    /// in-place write goes to the file that was read.
    let identity: (dev: UInt64, ino: UInt64)?

    /// A whole file already in memory; nothing to open or close.
    /// - Parameter bytes: the file's bytes.
    public init(bytes: [UInt8]) {
        backing = .memory(bytes)
        size = bytes.count
        linkCount = 1
        mode = 0o600
        identity = nil
    }

    /// Opens `path` read-only; nil when it does not exist.
    /// A symbolic link is not followed.
    /// - Parameter path: the vault file.
    /// - Returns: the open file, with its size, links and mode at opening.
    /// - Throws: `.io` when it cannot be opened or is not a regular file.
    public static func open(path: String) throws -> VaultSource? {
        // A FIFO put at the vault's path is refused, not waited on (FileReader.openRegular).
        guard let (fd, st) = try FileReader.openRegular(path, extraFlags: O_NOFOLLOW) else { return nil }
        return VaultSource(fd: fd, path: path, status: st)
    }

    private init(fd: Int32, path: String, status st: stat) {
        backing = .file(fd: fd, path: path)
        size = Int(st.st_size)
        linkCount = Int(st.st_nlink)
        mode = UInt32(st.st_mode & 0o7777)
        identity = (UInt64(st.st_dev), UInt64(st.st_ino))
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
    /// - Throws: `.io` when a read fails.
    public func read(_ offset: Int, _ count: Int) throws -> [UInt8] {
        let end = min(size, offset + count)
        guard offset >= 0, count >= 0, offset < end else { return [] }
        switch backing {
        case .memory(let bytes):
            return Array(bytes[offset..<end])
        case .file(let fd, let path):
            var out = [UInt8](repeating: 0, count: end - offset)
            let done = try FileIO.readFully(fd, into: &out, at: offset, path: path)
            return done == out.count ? out : Array(out.prefix(done))
        }
    }

    /// The whole file.
    /// - Returns: `size` bytes, or fewer if the file shrank.
    /// - Throws: `.io` when a read fails.
    public func readAll() throws -> [UInt8] {
        if case .memory(let bytes) = backing { return bytes }
        return try read(0, size)
    }

}
