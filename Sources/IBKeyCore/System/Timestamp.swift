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

extension Timestamp {
    /// A moment as a person or script names it on a command line (`--at`):
    /// Unix seconds (`1796310000`: ASCII digits, no sign, no leading zero) or
    /// ISO 8601 in UTC to the second (`2026-12-03T15:00:00Z`: exactly that
    /// shape, upper-case `T` and `Z`, no fraction, no offset, a real date).
    /// Either way within `validRange`. Nothing looser is guessed at: a
    /// time read wrong gives a code that is wrong without a word.
    /// - Parameter text: the value as typed.
    /// - Returns: Unix seconds.
    /// - Throws: `.badInput` saying what is wrong (without the text, which
    ///   the caller quotes as it names the option).
    public static func parse(_ text: String) throws -> Int64 {
        let b = Array(text.utf8)
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        if !b.isEmpty, b.count <= 12, b.allSatisfy(isDigit) {
            guard b.count == 1 || b[0] != 0x30 else { throw badTime("Unix seconds are written without leading zeros") }
            let v = b.reduce(Int64(0)) { $0 * 10 + Int64($1 - 0x30) }
            guard validRange.contains(v) else { throw badTime("times end at 9999-12-31T23:59:59Z (\(validRange.upperBound))") }
            return v
        }
        // YYYY-MM-DDTHH:MM:SSZ, position by position.
        let shape = Array("dddd-dd-ddTdd:dd:ddZ".utf8)
        guard b.count == shape.count, zip(b, shape).allSatisfy({ $1 == UInt8(ascii: "d") ? isDigit($0) : $0 == $1 }) else {
            throw badTime("expected Unix seconds (1796310000) or an ISO 8601 time in UTC (2026-12-03T15:00:00Z)")
        }
        func field(_ at: Int, _ n: Int) -> Int64 { b[at..<at + n].reduce(Int64(0)) { $0 * 10 + Int64($1 - 0x30) } }
        let (year, month, day) = (field(0, 4), field(5, 2), field(8, 2))
        let (hour, minute, second) = (field(11, 2), field(14, 2), field(17, 2))
        guard year >= 1970 else { throw badTime("times start at 1970-01-01T00:00:00Z") }
        guard (1...12).contains(month) else { throw badTime("there is no month \(month)") }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...days[Int(month) - 1]).contains(day) else { throw badTime("month \(month) of \(year) has no day \(day)") }
        guard hour < 24, minute < 60, second < 60 else { throw badTime("the time of day runs from 00:00:00 to 23:59:59") }
        return daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// Days since 1970-01-01 of a date in the proleptic Gregorian calendar
    /// (Howard Hinnant's algorithm, the inverse of the one `iso8601` uses).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func badTime(_ why: String) -> IBKeyError { .badInput(why) }
}
