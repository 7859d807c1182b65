#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import IBKeyCore

/// The token's clock: the moment `respond` answers suites with T for and
/// `code` shows TOTP codes for. The system clock, or the moment `--at`
/// names; nothing else moves it. `IBKEY_TEST_NOW` is the issuer's test hook
/// (`Environment.now`, the issuer's clock) and never reaches a token: a
/// token whose codes followed a variable in its environment would show
/// codes for another time without a word.
enum TokenClock {
    /// Unix seconds by the system clock. `--at` is applied by the plans
    /// (`ResponsePlan.time`, `CodePlan.time`), not here.
    static func now() -> Int64 { Int64(time(nil)) }

    /// `--at TIME`, parsed once (`Timestamp.parse`: Unix seconds or
    /// `2026-12-03T15:00:00Z`), for ArgumentParser's `transform:`; the
    /// parser says "the value '…' is invalid for '--at <time>': <why>".
    static func parse(_ text: String) throws -> Int64 {
        do { return try Timestamp.parse(text) } catch let error as IBKeyError { throw ValidationError(error.message) }
    }

    /// `--at`'s help, shared by `respond` and `code`.
    static func help(_ what: String) -> ArgumentHelp {
        ArgumentHelp("\(what) for this moment instead of now: Unix seconds or ISO 8601 in UTC (2026-12-03T15:00:00Z).", valueName: "time")
    }
}
