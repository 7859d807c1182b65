/// A key on its way into the vault, from a PSKC file, an IB Key data file,
/// otpauth links (a file, standard input, a QR code) or a raw secret
/// (Docs/IMPORT.md): checked, but not yet named for good or added.
public struct ImportedKey {
    /// Where the P input of a PIN suite comes from.
    public enum PInput {
        /// A PIN the verifier knows: P is its hash under the suite's P hash.
        case pin(SecureBytes)
        /// P itself (already the hash), as an ibkey export or a multiOTP file carries it.
        case hash(SecureBytes)
    }

    /// The name the key would get without `--user`.
    public let defaultName: String
    /// The `Key/@Id` of a PSKC key, for `--key-id`; nil for other sources.
    public let keyID: String?
    /// How messages name the key: `key K1` (PSKC), `line 2`, `line 1, account 3`, `the key`.
    public let origin: String
    /// An OCRA suite, or the parameters of a TOTP or HOTP account; already parsed.
    public let suite: UserSuite
    /// The service a TOTP or HOTP account belongs to, as the source named it
    /// (not yet checked against the vault's rules); nil when it names none.
    public let issuer: String?
    /// The key, `suite.keySizes` bytes (OCRA 16 to 128, TOTP/HOTP 10 to 128), in guarded memory.
    public let secret: SecureBytes
    /// The next counter to use (0 for suites without one: OCRA without C, TOTP).
    public let counter: UInt64
    /// The P input the source carries, if any (OCRA suites with P only).
    public let pInput: PInput?

    /// Checks what every source shares: a key of the suite's sizes, a counter
    /// below 2^64 − 1 (the last value can never be used), a P input only
    /// where the suite has one.
    /// - Parameters:
    ///   - defaultName: the name the key gets without `--user` (empty when the source names none).
    ///   - keyID: the PSKC `Key/@Id`, for `--key-id`; nil for other sources.
    ///   - origin: how messages name the key; nil: `key <keyID>`, or `the key`.
    ///   - suite: the key's suite.
    ///   - issuer: a TOTP or HOTP account's service; nil for none (and for OCRA keys).
    ///   - secret: the key.
    ///   - counter: the next counter; stored as 0 for suites without one.
    ///   - pInput: the P input the source carries, if any; a hash must be the
    ///     suite's P hash length. Dropped for TOTP and HOTP, which have none.
    /// - Throws: `.badInput` naming the key.
    public init(defaultName: String, keyID: String?, origin: String? = nil, suite: UserSuite, issuer: String? = nil,
                secret: SecureBytes, counter: UInt64, pInput: PInput?) throws {
        let what = origin ?? keyID.map { "key \($0.oneLine)" } ?? "the key"
        let sizes = suite.keySizes
        guard sizes.contains(secret.count) else {
            throw IBKeyError.badInput("\(what) is \(secret.count) bytes; ibkey holds \(suite.ocra == nil ? "TOTP and HOTP" : "OCRA") keys of \(sizes.lowerBound) to \(sizes.upperBound) bytes")
        }
        guard counter < UInt64.max else { throw IBKeyError.badInput("the counter of \(what) is out of range") }
        if case .hash(let h)? = pInput, let hash = suite.pinHash, h.count != hash.digestLength {
            throw IBKeyError.badInput("the P input of \(what) is \(h.count) bytes; suite \(suite) wants a \(hash.rawValue) hash of \(hash.digestLength)")
        }
        self.defaultName = defaultName; self.keyID = keyID; self.origin = what; self.suite = suite
        self.issuer = suite.otp != nil && issuer?.isEmpty == false ? issuer : nil
        self.secret = secret; self.counter = suite.usesCounter ? counter : 0
        self.pInput = suite.ocra != nil ? pInput : nil
    }

    /// An OCRA key (the sources of Docs/IMPORT.md before TOTP and HOTP).
    /// - Throws: `.badInput` naming the key.
    public init(defaultName: String, keyID: String?, suite: OCRASuite, secret: SecureBytes, counter: UInt64, pInput: PInput?) throws {
        try self.init(defaultName: defaultName, keyID: keyID, suite: .ocra(suite), secret: secret, counter: counter, pInput: pInput)
    }

    /// A TOTP or HOTP account read from an otpauth link (or built from a raw
    /// secret). Its default name is the account name, or the issuer for an
    /// account that has only an issuer (the Key Uri Format allows `Issuer:`).
    /// - Parameters:
    ///   - account: the account, checked by `OTPAccount`.
    ///   - origin: how messages name it (`line 2`); nil: `the account`.
    /// - Throws: `.badInput` (not reached: `OTPAccount` checks the same bounds).
    public init(account: OTPAccount, origin: String?) throws {
        try self.init(defaultName: account.name.isEmpty ? account.issuer ?? "" : account.name, keyID: nil,
                      origin: origin ?? "the account", suite: .otp(account.suite), issuer: account.issuer,
                      secret: account.secret, counter: account.counter ?? 0, pInput: nil)
    }

    /// The key sizes an OCRA user's record holds (Docs/VAULT.md, "Record");
    /// `suite.keySizes` gives each suite's.
    public static let keySizes = VaultLayout.ocraKeySizes

    /// The entry and record for the vault, under `name`.
    /// - Parameters:
    ///   - name: the user's name in the vault (already validated).
    ///   - issuer: the issuer to store (already validated); nil for none.
    ///   - tokenPIN: the P input's PIN when the source carries none (needed then for P suites).
    ///   - now: Unix seconds, the enrollment time shown by `users`.
    /// - Returns: what `UnlockedVault.addUser` takes; the P input is hashed now when it is a PIN.
    /// - Throws: `.badInput` when the suite needs P and nothing gives it.
    public func record(name: String, issuer: String? = nil, tokenPIN: SecureBytes?, now: Int64) throws -> (UserEntry, UserSecret) {
        var pinHash: SecureBytes?
        if let hash = suite.pinHash {
            switch pInput {
            case .hash(let h)?: pinHash = h
            case .pin(let pin)?: pinHash = hash.hash(pin)
            case nil:
                guard let tokenPIN else {
                    throw IBKeyError.suiteInput(.tokenPINMissing(suite: suite.text, user: name))
                }
                pinHash = hash.hash(tokenPIN)
            }
        }
        return (UserEntry(name: name, suite: suite, enrolledAt: now, issuer: issuer),
                UserSecret(counter: counter, key: SecretRef(secret), pinHash: pinHash.map { SecretRef($0) }))
    }

    /// True when this key takes its P input from a token PIN (`--token-pin-*`).
    public var needsTokenPIN: Bool { suite.pinHash != nil && pInput == nil }
}
