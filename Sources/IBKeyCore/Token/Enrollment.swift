/// A user made from an activation code, ready to be added to the vault, and
/// the registration code that goes back to the issuer. No I/O.
public struct Enrollment {
    /// The user's directory entry: name, suite text, enrollment time.
    public let entry: UserEntry
    /// The key (the code's, referenced), the PIN hash for P suites, and the
    /// code's counter as the next counter.
    public let secret: UserSecret
    /// Text form, for `ibkey issuer activate`.
    public let registrationCode: String

    /// For P suites the PIN hash is taken now, from the PIN in force at
    /// enrollment (Docs/PROTOCOL.md, "The IB Key profile").
    /// - Parameters:
    ///   - name: the user's name in the vault (already validated).
    ///   - code: the parsed activation code; its key is referenced, not copied.
    ///   - pin: the PIN whose hash becomes the P input.
    ///   - now: enrollment time, Unix seconds.
    public init(name: String, code: ActivationCode, pin: SecureBytes, now: Int64) {
        let suite = code.suiteID.suite
        let pinHash = suite.pinHash.map { $0.hash(pin) }
        entry = UserEntry(name: name, suite: suite, enrolledAt: now)
        secret = UserSecret(counter: UInt64(code.counter), key: SecretRef(code.key),
                            pinHash: pinHash.map { SecretRef($0) })
        registrationCode = RegistrationCode.make(user: name, suiteID: code.suiteID, tokenKey: code.key, pinHash: pinHash)
    }
}
