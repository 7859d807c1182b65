#if canImport(Glibc)
import Glibc
#endif

/// Whole transfers on an open descriptor, retrying interrupted and short
/// reads and writes: the one place `read`, `pread`, `write` and `pwrite` are called.
public enum FileIO {
    /// A string describing a system error.
    /// - Parameter code: the errno value (by default the last one).
    /// - Returns: `strerror`'s text.
    public static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// Moves `count` bytes by repeating `step(done)` (one read or write of the
    /// rest, `done` bytes in), retrying interrupted and short transfers. Stops
    /// early when a step moves nothing (end of file). Returns the bytes moved,
    /// or the errno of the step that failed.
    static func transfer(_ count: Int, _ step: (Int) -> Int) -> (done: Int, errno: Int32) {
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
}
