/// Where a moment falls on a TOTP clock (RFC 6238 §4.2): the counter
/// T = floor(t / period) that the code at `t` is computed from, and how many
/// seconds that code has left.
public struct TOTPTimeStep: Hashable, Sendable {
    /// T, the HOTP counter of the code at this moment.
    public let counter: UInt64
    /// Seconds until the next step, 1 to the period: period − (t mod period).
    public let secondsLeft: Int

    /// The step of a Unix time. A time before 1970 is refused rather than
    /// clamped to 0: it means a clock that is wrong, and a code computed from
    /// it would be refused by the server anyway, so the user had better be
    /// told why (`Responder` clamps for OCRA, whose T suites are rare; for
    /// TOTP the clock is the whole input).
    /// - Parameters:
    ///   - unixTime: seconds since 1970-01-01T00:00:00Z, 0 or more.
    ///   - period: the suite's period, in `OTPSuite.periods` (traps otherwise:
    ///     a suite's period always is).
    /// - Throws: `.badInput` for a negative time.
    public init(unixTime: Int64, period: Int) throws {
        precondition(OTPSuite.periods.contains(period), "a TOTP period is 1 to 300 seconds")
        guard unixTime >= 0 else {
            throw IBKeyError.badInput("the clock reads \(unixTime), before 1970: TOTP codes need the current time")
        }
        counter = UInt64(unixTime) / UInt64(period)
        secondsLeft = period - Int(unixTime % Int64(period))
    }
}
