#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// The controlling terminal (`/dev/tty`), used for prompts only. Prompts never
/// touch stdout, so `ibkey respond > file` still prompts on the screen.
final class Terminal {
    private let fd: Int32

    /// The saved settings, restored by the signal handler if the user presses
    /// Ctrl-C while echo is off. Only touched from the main thread and the handler.
    nonisolated(unsafe) static var savedSettings: termios?
    nonisolated(unsafe) static var savedFD: Int32 = -1

    /// nil when the process has no controlling terminal (CI, cron, pipes).
    static func open() -> Terminal? {
        if let forced = getenv("IBKEY_NO_TTY"), forced.pointee != 0 { return nil }
        let fd = Glibc.open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard isatty(fd) == 1 else { close(fd); return nil }
        return Terminal(fd: fd)
    }

    private init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }

    func write(_ text: String) { Console.write(fd, text) }

    /// Reads one line; with `echo: false` the typed characters are not shown.
    /// The line is returned in guarded memory, without its newline.
    func readLine(prompt: String, echo: Bool) throws -> SecureBytes {
        write(prompt)
        var old = termios()
        let haveSettings = tcgetattr(fd, &old) == 0
        if !echo && haveSettings {
            var quiet = old
            quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
            quiet.c_lflag |= tcflag_t(ICANON)
            Terminal.savedSettings = old
            Terminal.savedFD = fd
            installRestoreOnSignal()
            _ = tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer {
            if !echo && haveSettings {
                _ = tcsetattr(fd, TCSAFLUSH, &old)
                Terminal.savedSettings = nil
                write("\n")
            }
        }
        let line = LineReader(fd: fd, bufferSize: 1024)
        guard let result = try line.readSecretLine() else {
            throw IBKeyError.usage("no input on the terminal")
        }
        return result
    }

    private func installRestoreOnSignal() {
        let handler: @convention(c) (Int32) -> Void = { sig in
            if var s = Terminal.savedSettings { _ = tcsetattr(Terminal.savedFD, TCSAFLUSH, &s) }
            _ = Glibc.write(Terminal.savedFD, "\n", 1)
            _exit(128 + sig)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        signal(SIGHUP, handler)
    }
}

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
        guard end < buffer.count else { throw IBKeyError.usage("input line longer than \(LineReader.maxLine) bytes") }
        while true {
            let n = buffer.withMutableBytes { b in Glibc.read(fd, b.baseAddress! + end, b.count - end) }
            if n < 0 {
                if errno == EINTR { continue }
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
            if end - start > LineReader.maxLine { throw IBKeyError.usage("input line longer than \(LineReader.maxLine) bytes") }
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
        buffer.withMutableBytes { b in
            (b.baseAddress! + start).initializeMemory(as: UInt8.self, repeating: 0, count: consumed - start)
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
