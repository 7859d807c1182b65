#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// A status line on the terminal during slow work (key derivation: 0.4 s at
/// `moderate`, seconds at `sensitive`), so that a person is not left before
/// silence: `ibkey: unlocking…`, erased once done. Only when stderr is a
/// terminal: scripts and logs see nothing.
enum Busy {
    static func during<R>(_ what: String, _ body: () throws -> R) rethrows -> R {
        guard Console.stderrIsTerminal else { return try body() }
        let line = "ibkey: \(what)…"
        show(line)
        defer { show("\r" + String(repeating: " ", count: line.count) + "\r") }
        return try body()
    }

    /// Written raw: carriage returns and spaces only, no escape sequences.
    private static func show(_ text: String) {
        var t = text
        t.withUTF8 { _ = FileIO.writeFully(2, UnsafeRawBufferPointer($0)) }
    }
}
