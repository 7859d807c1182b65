/// The codes of one TOTP or HOTP account, keyed once, as `OCRA` is: the HMAC
/// context keeps the key schedule, so many codes (a window of counters a
/// verifier checks, say) cost one HMAC each. Not thread-safe: one per thread.
public final class OTPGenerator {
    /// The account's parameters: hash, digits, and TOTP or HOTP.
    public let suite: OTPSuite
    private let hmac: KeyedHMAC

    /// Keyed from a whole guarded buffer.
    /// - Parameters:
    ///   - suite: the account's suite.
    ///   - key: the shared secret (its size is checked where it comes in:
    ///     `OTPAccount`; HMAC itself takes any length).
    public convenience init(suite: OTPSuite, key: SecureBytes) {
        self.init(suite: suite, key: SecretRef(key))
    }

    /// Keyed from a range of a guarded buffer (a vault record's), without a copy.
    /// - Parameters:
    ///   - suite: the account's suite.
    ///   - key: the shared secret, read in place.
    public init(suite: OTPSuite, key: SecretRef) {
        self.suite = suite
        self.hmac = KeyedHMAC(algorithm: suite.hash, key: key)
    }

    /// The HOTP value (RFC 4226 §5.3): HMAC of the counter as 8 big-endian
    /// bytes, dynamically truncated, its low `digits` decimal digits. TOTP
    /// codes are this with the time step as the counter (RFC 6238 §4).
    /// - Parameter counter: the moving factor: HOTP's counter, or TOTP's T.
    /// - Returns: `suite.digits` decimal digits, zero-padded.
    public func code(counter: UInt64) -> String {
        var message = counter.bigEndian
        var mac: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeBytes(of: &message) { m in
            withUnsafeMutableBytes(of: &mac) { out in
                hmac.mac(m, into: out)
                let text = OCRA.truncate(UnsafeRawBufferPointer(rebasing: out[0..<suite.hash.digestLength]), digits: suite.digits)
                out.initializeMemory(as: UInt8.self, repeating: 0) // the whole MAC says more than the code shown
                return text
            }
        }
    }

    /// The TOTP time step of a moment, and the seconds its code has left.
    /// - Parameter unixTime: seconds since 1970, 0 or more.
    /// - Returns: the step, from the suite's period.
    /// - Throws: `.badInput` for an HOTP suite (it has no clock) or a
    ///   time before 1970 (`TOTPTimeStep`).
    public func timeStep(at unixTime: Int64) throws -> TOTPTimeStep {
        guard let period = suite.period else {
            throw IBKeyError.badInput("suite \(suite) counts uses, not time: it has no code for a time")
        }
        return try TOTPTimeStep(unixTime: unixTime, period: period)
    }

    /// The TOTP code shown at a moment.
    /// - Parameter unixTime: seconds since 1970, 0 or more.
    /// - Returns: `code(counter:)` of the moment's time step.
    /// - Throws: as `timeStep(at:)`.
    public func code(at unixTime: Int64) throws -> String {
        code(counter: try timeStep(at: unixTime).counter)
    }
}
