#if canImport(Glibc)
import Glibc
#endif

/// A file opened to overwrite a few bytes in place, each write made durable
/// before the next (`fdatasync`: the size never changes, so no metadata needs
/// flushing). It must still be the file that was read: same device and inode.
public final class InPlaceFile {
    private let fd: Int32
    private let path: String
    private let size: Int

    /// Opens `path` for writing without following a link.
    /// - Parameter identity: the device and inode that were read; another file
    ///   now at `path` is never written (nil, a source in memory: always refused).
    /// - Parameter path: the file that was read.
    /// - Throws: `.io` when the file cannot be opened for writing,
    ///   or is no longer the one that was read; nothing is written then.
    public init(_ path: String, expecting identity: (dev: UInt64, ino: UInt64)?) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw IBKeyError.io("cannot write \(path): \(FileIO.errnoText())") }
        var st = stat()
        guard fstat(fd, &st) == 0, let identity, UInt64(st.st_dev) == identity.dev, UInt64(st.st_ino) == identity.ino else {
            close(fd)
            throw IBKeyError.io("cannot write \(path): the file changed while it was open; nothing was written")
        }
        self.fd = fd
        self.path = path
        self.size = Int(st.st_size)
    }

    deinit { close(fd) }

    /// Writes `bytes` at `offset` and, when `durably`, waits until they are on disk.
    /// - Parameter unchanged: what the caller can promise when this write
    ///   fails, for the error message ("the stored counter is unchanged").
    /// - Parameter bytes: the bytes to write (a counter cell).
    /// - Parameter offset: where, inside the file's size at opening.
    /// - Parameter durably: `fdatasync` before returning (a write that must
    ///   be on disk before anything else happens).
    /// - Throws: `.io` when the write or the `fdatasync` fails, or
    ///   the bytes would fall outside the file.
    public func write(_ bytes: [UInt8], at offset: Int, durably: Bool = true, ifFailed unchanged: String) throws {
        guard offset >= 0, offset + bytes.count <= size else {
            throw IBKeyError.io("cannot write \(path): the file changed while it was open; \(unchanged)")
        }
        let failed = FileIO.writeFully(fd, bytes, at: offset)
        guard failed == 0 else { throw IBKeyError.io("cannot write \(path): \(FileIO.errnoText(failed)); \(unchanged)") }
        guard !durably || fdatasync(fd) == 0 else { throw IBKeyError.io("cannot write \(path): \(FileIO.errnoText()); \(unchanged)") }
    }
}
