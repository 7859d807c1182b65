/// Registration code v1: what `ibkey enroll` prints for the issuer. It proves
/// the token holds the key (only the key's holder can seal it) and carries the
/// PIN hash the issuer needs for P suites.
///
/// bytes: version(1)=0x01 ‖ suite id(1) ‖ nonce(24) ‖ XChaCha20-Poly1305 ciphertext
/// of the PIN hash (empty for suites without P) with its 16-byte tag.
/// key  = HKDF-SHA256(ikm: token key, salt: "ibkey registration v1", info: user name)
/// aad  = "ibkey-reg-v1" ‖ version ‖ suite id ‖ user name
/// text = base32 in groups of 4, like the activation code.
public struct RegistrationCode {
    /// The version byte this build writes and reads.
    public static let version: UInt8 = 1
    static let salt = Array("ibkey registration v1".utf8)
    static let label = Array("ibkey-reg-v1".utf8)

    /// The suite the code names; `open` checks it is the user's.
    public let suiteID: SuiteID
    /// The PIN hash carried inside; nil for suites without P.
    public let pinHash: SecureBytes?

    static func sealingKey(tokenKey: SecureBytes, user: String) -> SecureBytes {
        HKDF.sha256(key: tokenKey, salt: salt, info: Array(user.utf8), length: 32)
    }

    static func aad(suiteID: SuiteID, user: String) -> [UInt8] {
        label + [version, suiteID.rawValue] + Array(user.utf8)
    }

    /// Makes the text form. `nonce` is random unless a test pins it.
    /// - Parameters:
    ///   - user: the user's name, bound into the sealing key and the associated data.
    ///   - suiteID: the user's suite.
    ///   - tokenKey: the key from the activation code.
    ///   - pinHash: the P input, for suites with P; nil otherwise.
    ///   - nonce: 24 bytes.
    /// - Returns: base32 in groups of 4, for `issuer activate`.
    public static func make(user: String, suiteID: SuiteID, tokenKey: SecureBytes, pinHash: SecureBytes?,
                            nonce: [UInt8] = Random.bytes(XChaCha20Poly1305.nonceBytes)) -> String {
        let key = sealingKey(tokenKey: tokenKey, user: user)
        let sealed = XChaCha20Poly1305.seal(pinHash ?? SecureBytes(count: 0), key: key, nonce: nonce, aad: aad(suiteID: suiteID, user: user))
        let bytes = [version, suiteID.rawValue] + nonce + sealed
        return String(decoding: Base32.grouped(bytes.withUnsafeBytes { Base32.encode($0) }), as: UTF8.self)
    }

    /// Checks a registration code against the issuer's copy of the key.
    /// Mistyped or malformed: `.badRegistrationCode`. Well-formed but
    /// not sealed by this key for this user: `.rejected`.
    /// A code for another suite is `.rejected` too.
    /// - Parameters:
    ///   - text: the code as typed; `-`, spaces and tabs are ignored.
    ///   - user: the name the code must have been made for.
    ///   - expectedSuite: the user's suite.
    ///   - tokenKey: the issuer's copy of the user's key.
    /// - Returns: the code, with the PIN hash it carries.
    /// - Throws: `.badRegistrationCode` or `.rejected`, as above.
    public static func open(_ text: String, user: String, expectedSuite: SuiteID, tokenKey: SecureBytes) throws -> RegistrationCode {
        let chars = Array(text.utf8).filter { $0 != 0x2D && $0 != 0x20 && $0 != 0x09 }
        guard !chars.isEmpty else { throw IBKeyError.badRegistrationCode("no code given") }
        var raw = [UInt8](repeating: 0, count: chars.count * 5 / 8 + 1)
        let n: Int
        do {
            n = try raw.withUnsafeMutableBytes { o in
                try Base32.decode(chars, positions: Array(1...chars.count), into: o)
            }
        } catch let error as Base32.DecodeError {
            switch error {
            case .badCharacter(let c, let p):
                let shown = (0x21..<0x7F).contains(c) ? String(UnicodeScalar(c)) : "\\u{\(String(c, radix: 16))}"
                throw IBKeyError.badRegistrationCode("bad character '\(shown)' at position \(p) (only A–Z and 2–7)")
            case .impossibleLength(let c): throw IBKeyError.badRegistrationCode("wrong length: \(c) characters")
            case .nonCanonicalEnd: throw IBKeyError.badRegistrationCode("the last character is wrong")
            }
        }
        raw = Array(raw.prefix(n))
        guard n >= 2 else { throw IBKeyError.badRegistrationCode("wrong length: \(chars.count) characters") }
        guard raw[0] == version else { throw IBKeyError.badRegistrationCode("unknown version \(raw[0])") }
        guard let suite = SuiteID(rawValue: raw[1]) else { throw IBKeyError.badRegistrationCode("unknown suite id \(raw[1])") }
        let pinLength = suite.suite.pinHash?.digestLength ?? 0
        let expectedBytes = 2 + XChaCha20Poly1305.nonceBytes + pinLength + XChaCha20Poly1305.tagBytes
        guard n == expectedBytes else {
            throw IBKeyError.badRegistrationCode("wrong length: \(chars.count) characters, expected \((expectedBytes * 8 + 4) / 5)")
        }
        guard suite == expectedSuite else {
            throw IBKeyError.rejected("registration code is for suite \(suite.rawValue), but user '\(user)' has suite \(expectedSuite.rawValue)")
        }
        let key = sealingKey(tokenKey: tokenKey, user: user)
        guard let pin = XChaCha20Poly1305.open(raw[(2 + XChaCha20Poly1305.nonceBytes)...], key: key, nonce: raw[2..<(2 + XChaCha20Poly1305.nonceBytes)],
                                    aad: aad(suiteID: suite, user: user)[...]) else {
            throw IBKeyError.rejected("registration code rejected: it was not made with this user's key")
        }
        return RegistrationCode(suiteID: suite, pinHash: pinLength == 0 ? nil : pin)
    }
}
