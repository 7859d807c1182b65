#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// Line-oriented reading from a file descriptor through a guarded buffer, so
/// that a PIN read from a pipe never sits in ordinary memory. Used for stdin
/// (PIN first line, activation code, batch challenges), PIN files and fds.
final class LineReader {
    static let maxLine = 4096
    let fd: Int32
    /// Names the input in errors ("input", "PIN file /x", …).
    let source: String
    private let buffer: SecureBytes
    private var start = 0
    private var end = 0
    private(set) var atEOF = false
    /// Lines handed out so far, so that a batch numbers its lines as lines of
    /// the input (a PIN read first from standard input is line 1).
    private(set) var linesRead = 0
    /// Asked when a read is interrupted by a signal: true stops the read with
    /// `Interrupted` (a prompt that Ctrl-C or Ctrl-Z broke off); else it retries.
    var stopWhenInterrupted: () -> Bool = { false }

    /// A read broken off by a signal the reader was told to stop for.
    struct Interrupted: Error {}

    init(fd: Int32, bufferSize: Int = 1 << 16, source: String = "input") {
        self.fd = fd
        self.source = source
        self.buffer = SecureBytes(count: bufferSize)
    }

    /// The process-wide reader of standard input (one buffer, shared by the
    /// PIN line and what follows it).
    nonisolated(unsafe) static let standardInput = LineReader(fd: 0)

    /// Reads more bytes; false at end of input.
    private func fill() throws -> Bool {
        if atEOF { return false }
        if start > 0 {
            // Compact, wiping what moved.
            buffer.withMutableBytes { b in
                if end > start { b.baseAddress!.copyMemory(from: b.baseAddress! + start, byteCount: end - start) }
                (b.baseAddress! + (end - start)).initializeMemory(as: UInt8.self, repeating: 0, count: start)
            }
            end -= start; start = 0
        }
        guard end < buffer.count else { throw UsageError("input line longer than \(LineReader.maxLine) bytes") }
        while true {
            let n = buffer.withMutableBytes { b in Glibc.read(fd, b.baseAddress! + end, b.count - end) }
            if n < 0 {
                if errno == EINTR {
                    if stopWhenInterrupted() { throw Interrupted() }
                    continue
                }
                throw IBKeyError.io("cannot read \(source): \(String(cString: strerror(errno)))")
            }
            if n == 0 { atEOF = true; return false }
            end += n
            return true
        }
    }

    /// Index of the next newline in the buffered bytes, if any.
    private func newline() -> Int? {
        buffer.withBytes { b in
            var i = start
            while i < end { if b[i] == 0x0A { return i }; i += 1 }
            return nil
        }
    }

    /// The next line as a secret (without "\n" or "\r\n"); nil at end of input.
    /// The bytes are wiped from the buffer once copied.
    func readSecretLine() throws -> SecureBytes? {
        while true {
            if let nl = newline() { return take(upTo: nl, consumed: nl + 1) }
            if end - start > LineReader.maxLine { throw UsageError("input line longer than \(LineReader.maxLine) bytes") }
            if try !fill() {
                if end > start { return take(upTo: end, consumed: end) }
                return nil
            }
        }
    }

    private func take(upTo stop: Int, consumed: Int) -> SecureBytes {
        var last = stop
        if last > start && buffer[last - 1] == 0x0D { last -= 1 }
        let out = SecureBytes(copying: buffer, range: start..<last)
        linesRead += 1
        buffer.withMutableBytes { b in
            _ = (b.baseAddress! + start).initializeMemory(as: UInt8.self, repeating: 0, count: consumed - start)
        }
        start = consumed
        return out
    }

    /// The next line as text (not secret); nil at end of input.
    func readLine() throws -> String? {
        guard let s = try readSecretLine() else { return nil }
        return s.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Every complete line now buffered, reading once more only if none is:
    /// how `respond -` batches a pipe without waiting for more than it has.
    func readAvailableLines(limit: Int) throws -> [String] {
        var lines: [String] = []
        while lines.isEmpty {
            while lines.count < limit, let nl = newline() {
                lines.append(text(start..<nl)); start = nl + 1
            }
            if !lines.isEmpty { break }
            if try !fill() {
                if end > start { lines.append(text(start..<end)); start = end }
                break
            }
        }
        linesRead += lines.count
        return lines
    }

    private func text(_ r: Range<Int>) -> String {
        buffer.withBytes { b in
            var slice = UnsafeRawBufferPointer(rebasing: b[r])
            if let last = slice.last, last == 0x0D { slice = UnsafeRawBufferPointer(rebasing: slice.dropLast()) }
            return String(decoding: slice, as: UTF8.self)
        }
    }
}
