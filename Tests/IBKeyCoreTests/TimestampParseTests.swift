import Testing
@testable import IBKeyCore

/// `Timestamp.parse`, what `--at` reads: Unix seconds or ISO 8601 in UTC,
/// strictly, within the dates every file holds.
@Suite("Timestamp.parse (--at)")
struct TimestampParseTests {
    @Test("both forms, at the edges: 1970, leap days, the end of 9999")
    func good() throws {
        for (text, value) in [("0", Int64(0)), ("59", 59), ("1796310000", 1_796_310_000), ("253402300799", 253_402_300_799),
                              ("1970-01-01T00:00:00Z", 0), ("2026-12-03T15:00:00Z", 1_796_310_000), ("2005-03-18T01:58:29Z", 1_111_111_109),
                              ("2000-02-29T00:00:00Z", 951_782_400), ("2024-02-29T23:59:59Z", 1_709_251_199),
                              ("9999-12-31T23:59:59Z", 253_402_300_799), ("2100-03-01T00:00:00Z", 4_107_542_400)] {
            #expect(try Timestamp.parse(text) == value, "\(text)")
        }
    }

    @Test("property: every time round-trips through iso8601 and back, and its Unix form")
    func roundTrip() throws {
        for _ in 0..<2000 {
            let t = Int64.random(in: Timestamp.validRange)
            #expect(try Timestamp.parse(Timestamp.iso8601(t)) == t)
            #expect(try Timestamp.parse(String(t)) == t)
        }
    }

    @Test("refused: signs, spaces, leading zeros, past 9999, other shapes, impossible dates and times", arguments: [
        "", "-1", "+1", " 1", "1 ", "01", "253402300800", "1234567890123", "1e9", "0x1F",
        "2026-12-03", "2026-12-03T15:00Z", "2026-12-03T15:00:00", "2026-12-03T15:00:00z", "2026-12-03t15:00:00Z",
        "2026-12-03 15:00:00Z", "2026-12-03T15:00:00+00:00", "2026-12-03T15:00:00.0Z", "+2026-12-03T15:00:00Z",
        "1969-12-31T23:59:59Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z",
        "٢٠٢٦-01-01T00:00:00Z", "2026-01-01T00:00:00Z\n",
    ])
    func bad(_ text: String) {
        expectRefusal(.usage) { _ = try Timestamp.parse(text) }
    }
}
