/// One TOTP or HOTP account as authenticator apps exchange it: what an
/// `otpauth://` URI holds, and each entry of a Google Authenticator migration
/// link. Checked, but not yet named or stored by the vault.
public struct OTPAccount: Sendable, Equatable {
    /// Kind, hash, digits, period.
    public let suite: OTPSuite
    /// The shared secret, `OTPSuite.keySizes` bytes, in guarded memory.
    public let secret: SecureBytes
    /// HOTP: the counter of the next code, below 2^64 − 1 (the last value could
    /// never be followed). Nil for TOTP, whose counter is the clock.
    public let counter: UInt64?
    /// The account at the issuer (`alice@example.com`): no leading spaces, no
    /// control or format characters; empty only when `issuer` is set.
    public let name: String
    /// The service (`Example`); nil when the source names none, never empty.
    public let issuer: String?

    /// An account, checked. Leading spaces of `name` are dropped and an empty
    /// issuer is none, as the Key Uri Format reads a label; so readers and
    /// callers get one form, and a URI written from it reads back equal.
    /// - Parameters:
    ///   - suite: the account's suite.
    ///   - secret: the key, 10 to 128 bytes.
    ///   - counter: the next HOTP counter; nil for TOTP.
    ///   - name: the account name.
    ///   - issuer: the service, or nil.
    /// - Throws: `OTPAuthError`: `.invalid` for a secret of another size, a
    ///   counter of 2^64 − 1 or one given for TOTP, a name or issuer with
    ///   control or format characters (Unicode Cc, Cf, Zl, Zp); `.missing` for
    ///   an HOTP account without a counter, or neither a name nor an issuer.
    public init(suite: OTPSuite, secret: SecureBytes, counter: UInt64?, name: String, issuer: String?) throws {
        guard OTPSuite.keySizes.contains(secret.count) else {
            throw OTPAuthError.invalid(parameter: "secret",
                                       reason: "is \(secret.count) bytes; \(OTPSuite.keySizes.lowerBound) to \(OTPSuite.keySizes.upperBound) are accepted")
        }
        if suite.usesCounter {
            guard let counter else { throw OTPAuthError.missing(parameter: "counter") }
            guard counter < UInt64.max else { throw OTPAuthError.invalid(parameter: "counter", reason: "must be below 2^64 − 1") }
        } else if counter != nil {
            throw OTPAuthError.invalid(parameter: "counter", reason: "is for hotp accounts only")
        }
        let name = String(name.drop(while: { $0 == " " }))
        let issuer = issuer?.isEmpty == false ? issuer : nil
        for (what, text) in [("name", name), ("issuer", issuer ?? "")]
        where text.unicodeScalars.contains(where: UnicodeClass.isControlOrFormat) {
            throw OTPAuthError.invalid(parameter: what, reason: "contains a control or format character")
        }
        guard !name.isEmpty || issuer != nil else { throw OTPAuthError.missing(parameter: "account name") }
        self.suite = suite
        self.secret = secret
        self.counter = counter
        self.name = name
        self.issuer = issuer
    }

    /// `Issuer:name`, or the name alone: how apps list the account.
    public var label: String { issuer.map { "\($0):\(name)" } ?? name }

    /// Equal suites, counters, names and issuers, and the same secret
    /// (compared in constant time).
    /// - Parameters:
    ///   - a: an account.
    ///   - b: another.
    /// - Returns: whether they are the same account.
    public static func == (a: OTPAccount, b: OTPAccount) -> Bool {
        a.suite == b.suite && a.counter == b.counter && a.name == b.name && a.issuer == b.issuer
            && a.secret.constantTimeEquals(b.secret)
    }
}
