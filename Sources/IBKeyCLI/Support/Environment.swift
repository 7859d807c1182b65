#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// The process environment, read without Foundation.
enum Environment {
    static func value(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(cString: p)
    }

    /// `$XDG_DATA_HOME`, else `<home>/.local/share`. No default depends on the
    /// working folder: a relative XDG_DATA_HOME is ignored (as the XDG spec
    /// says), and the home is `$HOME` when absolute, else the password
    /// database's; with neither, the command stops (exit 2).
    static var dataHome: String {
        get throws {
            if let x = value("XDG_DATA_HOME"), x.hasPrefix("/") { return x }
            return try home() + "/.local/share"
        }
    }

    /// The home folder: `$HOME` when it is an absolute path, else the
    /// password database's entry for this user.
    static func home() throws -> String {
        if let h = value("HOME"), h.hasPrefix("/") { return h }
        if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir, dir.pointee == UInt8(ascii: "/") {
            return String(cString: dir)
        }
        throw UsageError("no home folder: HOME is unset and the password database names none",
                         hint: "set HOME or XDG_DATA_HOME, or pass --vault PATH (--store PATH for the issuer)")
    }

    /// The times `IBKEY_TEST_NOW` may pin: dates every file format can hold
    /// (`Timestamp.validRange`, to the end of 9999), less two days, so that
    /// the latest time the issuer stores (now + a TTL of at most a day, or
    /// now + a 24-hour block) is one the store can read back.
    static let testTimes: ClosedRange<Int64> = 0...(Timestamp.validRange.upperBound - 2 * 86_400)

    /// The issuer's clock (and the date stamped on a user when it is enrolled
    /// or imported), in seconds since the epoch; `IBKEY_TEST_NOW` pins it for
    /// tests of expiry and lockout. Values outside `testTimes` are ignored.
    /// Never a token's clock: `respond` and `code` read `TokenClock`, which
    /// no variable moves.
    static var now: Int64 {
        if let s = value("IBKEY_TEST_NOW"), let v = Int64(s), testTimes.contains(v) { return v }
        return Int64(time(nil))
    }
}
