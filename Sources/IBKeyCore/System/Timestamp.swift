/// Times as files store them (Unix seconds) and as `ibkey` prints them, without
/// Foundation's calendar machinery.
public enum Timestamp {
    /// The times a file may hold: 1970-01-01 to 9999-12-31T23:59:59Z. Anything
    /// outside is damage (Docs/VAULT.md, "Directory"; Docs/ISSUER.md), so every
    /// date `ibkey` computes or prints stays far from integer overflow.
    public static let validRange: ClosedRange<Int64> = 0...253_402_300_799

    /// `2026-11-24T13:05:09Z`; a time outside `validRange` (which no parsed
    /// file holds) prints as "invalid time" rather than trapping.
    /// - Parameter unix: Unix seconds.
    /// - Returns: the time in UTC, to the second.
    public static func iso8601(_ unix: Int64) -> String {
        guard validRange.contains(unix) else { return "invalid time" }
        // Civil-from-days (Howard Hinnant's algorithm), UTC.
        let days = unix / 86400
        let secs = unix - days * 86400
        let z = days + 719468
        let era = z / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let year = m <= 2 ? y + 1 : y
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60))Z"
    }
}
