/// A known-answer vector for TOTP (RFC 6238 Appendix B), checked by `ibkey
/// selftest` through the engine `ibkey code` uses (`OTPGenerator`).
public struct TOTPVector: Sendable {
    /// The HMAC's hash.
    public let hash: HashAlgorithm
    /// The key, in hex: RFC 6238's ASCII "1234567890" repeated to 20, 32 or 64 bytes.
    public let keyHex: String
    /// The moment, Unix seconds.
    public let time: Int64
    /// The time step T (30-second periods since 1970).
    public let step: UInt64
    /// The published 8-digit code.
    public let expected: String

    /// What `selftest` calls it.
    public var name: String { "RFC 6238 TOTP-\(hash.rawValue)-8-30 at \(time)" }
}

extension KnownAnswers {
    /// RFC 6238 Appendix B: 8 digits, a 30-second period, SHA1, SHA256 and
    /// SHA512 with keys of 20, 32 and 64 bytes, at the six listed times.
    public static let rfc6238: [TOTPVector] = {
        let table: [(Int64, UInt64, String, String, String)] = [
            (59, 0x1, "94287082", "46119246", "90693936"),
            (1_111_111_109, 0x23523EC, "07081804", "68084774", "25091201"),
            (1_111_111_111, 0x23523ED, "14050471", "67062674", "99943326"),
            (1_234_567_890, 0x273EF07, "89005924", "91819424", "93441116"),
            (2_000_000_000, 0x3F940AA, "69279037", "90698825", "38618901"),
            (20_000_000_000, 0x27BC86AA, "65353130", "77737706", "47863826"),
        ]
        return table.flatMap { t, step, sha1, sha256, sha512 in
            [TOTPVector(hash: .sha1, keyHex: k20, time: t, step: step, expected: sha1),
             TOTPVector(hash: .sha256, keyHex: k32, time: t, step: step, expected: sha256),
             TOTPVector(hash: .sha512, keyHex: k64, time: t, step: step, expected: sha512)]
        }
    }()
}
