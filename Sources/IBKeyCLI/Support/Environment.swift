#if canImport(Glibc)
import Glibc
#endif

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

    /// Seconds since the epoch; `IBKEY_TEST_NOW` pins it for tests of expiry and
    /// lockout. Values outside 0…2^40 are ignored, so that the issuer's time
    /// arithmetic (now + TTL, now + 24 h) can never overflow.
    static var now: Int64 {
        if let s = value("IBKEY_TEST_NOW"), let v = Int64(s), (0...(Int64(1) << 40)).contains(v) { return v }
        return Int64(time(nil))
    }
}
