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

    static var dataHome: String {
        if let x = value("XDG_DATA_HOME"), !x.isEmpty { return x }
        return (value("HOME") ?? ".") + "/.local/share"
    }

    /// The times `IBKEY_TEST_NOW` may pin: dates every file format can hold
    /// (`Timestamp.validRange`, to the end of 9999), less two days, so that
    /// the latest time the issuer stores (now + a TTL of at most a day, or
    /// now + a 24-hour block) is one the store can read back.
    static let testTimes: ClosedRange<Int64> = 0...(Timestamp.validRange.upperBound - 2 * 86_400)

    /// Seconds since the epoch; `IBKEY_TEST_NOW` pins it for tests of expiry and
    /// lockout. Values outside `testTimes` are ignored.
    static var now: Int64 {
        if let s = value("IBKEY_TEST_NOW"), let v = Int64(s), testTimes.contains(v) { return v }
        return Int64(time(nil))
    }
}
