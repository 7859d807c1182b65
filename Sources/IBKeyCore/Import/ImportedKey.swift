/// A key on its way into the vault, from a PSKC file, an IB Key data file or
/// a raw secret (Docs/IMPORT.md): checked, but not yet named for good or added.
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
    /// The suite, already parsed.
    public let suite: OCRASuite
    /// The key, 16 to 128 bytes, in guarded memory.
    public let secret: SecureBytes
    /// The next counter to use (0 for suites without C).
    public let counter: UInt64
    /// The P input the source carries, if any.
    public let pInput: PInput?

    /// Checks what every source shares: a key of 16 to 128 bytes, a counter
    /// below 2^64 − 1 (the last value can never be used).
    /// - Parameters:
    ///   - defaultName: the name the key gets without `--user` (empty when the source names none).
    ///   - keyID: the PSKC `Key/@Id`, named in errors; nil for other sources.
    ///   - suite: the key's suite.
    ///   - secret: the key.
    ///   - counter: the next counter; stored as 0 for suites without C.
    ///   - pInput: the P input the source carries, if any; a hash must be the
    ///     suite's P hash length.
    /// - Throws: `.badInput` naming the key.
    public init(defaultName: String, keyID: String?, suite: OCRASuite, secret: SecureBytes, counter: UInt64, pInput: PInput?) throws {
        let what = keyID.map { "key \($0.oneLine)" } ?? "the key"
        guard Self.keySizes.contains(secret.count) else {
            throw IBKeyError.badInput("\(what) is \(secret.count) bytes; ibkey holds keys of \(Self.keySizes.lowerBound) to \(Self.keySizes.upperBound) bytes")
        }
        guard counter < UInt64.max else { throw IBKeyError.badInput("the counter of \(what) is out of range") }
        if case .hash(let h)? = pInput, let hash = suite.pinHash, h.count != hash.digestLength {
            throw IBKeyError.badInput("the P input of \(what) is \(h.count) bytes; suite \(suite) wants a \(hash.rawValue) hash of \(hash.digestLength)")
        }
        self.defaultName = defaultName; self.keyID = keyID; self.suite = suite
        self.secret = secret; self.counter = suite.usesCounter ? counter : 0; self.pInput = pInput
    }

    /// The key sizes a vault holds (Docs/VAULT.md, "Record").
    public static let keySizes = VaultLayout.ocraKeySizes

    /// The entry and record for the vault, under `name`.
    /// - Parameters:
    ///   - name: the user's name in the vault (already validated).
    ///   - tokenPIN: the P input's PIN when the source carries none (needed then for P suites).
    ///   - now: Unix seconds, the enrollment time shown by `users`.
    /// - Returns: what `UnlockedVault.addUser` takes; the P input is hashed now when it is a PIN.
    /// - Throws: `.badInput` when the suite needs P and nothing gives it.
    public func record(name: String, tokenPIN: SecureBytes?, now: Int64) throws -> (UserEntry, UserSecret) {
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
        return (UserEntry(name: name, suite: suite, enrolledAt: now),
                UserSecret(counter: counter, key: SecretRef(secret), pinHash: pinHash.map { SecretRef($0) }))
    }

    /// True when this key takes its P input from a token PIN (`--token-pin-*`).
    public var needsTokenPIN: Bool { suite.pinHash != nil && pInput == nil }
}
