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

    static func warning(_ message: String) { err("ibkey: warning: \(line(message))\n") }
    static func note(_ message: String) { err("ibkey: \(line(message))\n") }

    /// A message as one line: a newline or tab inside it is escaped too.
    private static func line(_ s: String) -> String { TerminalText.escaped(s, keepLines: false) }

    static func write(_ fd: Int32, _ text: String) {
        var t = TerminalText.escaped(text, keepLines: true)
        t.withUTF8 { _ = FileIO.writeFully(fd, UnsafeRawBufferPointer($0)) } // nothing to do if it fails
    }

    /// Binary data (a backup to standard output), written whole, unescaped.
    /// - Throws: `.io` when the write fails (a closed pipe, a full disk).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], what: String) throws {
        let failed = bytes.withUnsafeBytes { FileIO.writeFully(fd, $0) }
        if failed != 0 { throw IBKeyError.io("cannot write to \(what): \(FileIO.errnoText(failed))") }
    }
}
