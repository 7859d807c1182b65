#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// Standard output carries only data a script captures; everything else goes
/// to standard error. Writes are unbuffered so that a response is on its way
/// before the next challenge is read. Nothing is written raw: every character
/// of Unicode categories Cc, Cf, Zl and Zp but newline and tab is escaped
/// (`TerminalText`), and messages stay one line each.
enum Console {
    static func out(_ text: String) { write(1, text) }
    static func err(_ text: String) { write(2, text) }

    /// `ibkey: error: …` and an optional `hint: …` line.
    static func error(_ message: String, hint: String? = nil) {
        var text = "ibkey: error: \(line(message))\n"
        if let hint { text += "hint: \(line(hint))\n" }
        err(text)
    }

    /// Something to act on, or input that had no effect: always said.
    /// `details` follow as lines of their own (`ibkey:   …`), such as commands to run.
    static func warning(_ message: String, details: [String] = []) {
        err("ibkey: warning: \(line(message))\n" + details.map { "ibkey:   \(line($0))\n" }.joined())
    }

    /// What was done, and advice (`ibkey: enrolled 'alice'…`, `ibkey: note: your
    /// PIN has…`): for a person, so said only when stderr is a terminal, and
    /// not with `--quiet`. Logs keep no PIN figures.
    static func note(_ message: String) {
        guard showsNotes else { return }
        err("ibkey: \(line(message))\n")
    }

    /// Set by `--quiet` (`QuietOption`).
    nonisolated(unsafe) static var quiet = false
    /// Whether stderr is a terminal (IBKEY_NO_TTY: as if not), asked once.
    static let stderrIsTerminal = isatty(2) == 1 && getenv("IBKEY_NO_TTY") == nil
    static var showsNotes: Bool { !quiet && stderrIsTerminal }

    /// A message as one line: a newline or tab inside it is escaped too.
    private static func line(_ s: String) -> String { TerminalText.escaped(s, keepLines: false) }

    static func write(_ fd: Int32, _ text: String) {
        var t = TerminalText.escaped(text, keepLines: true)
        t.withUTF8 { _ = FileIO.writeFully(fd, UnsafeRawBufferPointer($0)) } // nothing to do if it fails
    }

    /// Binary data (a backup to standard output), written whole, unescaped.
    /// - Throws: `.io` when the write fails (a closed pipe, a full disk).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], what: String) throws {
        try bytes.withUnsafeBytes { try writeAll(fd, $0, what: what) }
    }

    /// A secret (an otpauth URI) written whole from guarded memory, unescaped.
    /// - Throws: `.io` when the write fails.
    static func writeAll(_ fd: Int32, secret: SecureBytes, what: String) throws {
        try secret.withBytes { try writeAll(fd, $0, what: what) }
    }

    /// `secret` and a newline, in guarded memory: a line to write with `writeAll(_:secret:what:)`.
    static func line(_ secret: SecureBytes) -> SecureBytes {
        let out = SecureBytes(count: secret.count + 1)
        out.withMutableBytes { o in
            secret.withBytes { o.copyMemory(from: $0) }
            o[secret.count] = 0x0A
        }
        return out
    }

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, what: String) throws {
        let failed = FileIO.writeFully(fd, bytes)
        if failed != 0 { throw IBKeyError.io("cannot write to \(what): \(FileIO.errnoText(failed))") }
    }
}
