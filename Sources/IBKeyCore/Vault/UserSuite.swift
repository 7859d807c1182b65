/// What one vault entry answers with (Docs/VAULT.md, "Directory"): an OCRA
/// suite (`respond`: a response to a challenge) or the parameters of a TOTP
/// or HOTP account (`code`: a one-time password). Stored once per distinct
/// value in the directory's suite table, as its text, and parsed once when
/// the directory is read; every later step takes this typed value.
public enum UserSuite: Hashable, Sendable, CustomStringConvertible {
    /// An OCRA user (RFC 6287): `OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1`.
    case ocra(OCRASuite)
    /// A TOTP or HOTP account (RFC 6238, RFC 4226): `TOTP-SHA1-6-30`.
    case otp(OTPSuite)

    /// Parses the text a directory stores: an OCRA suite (`OCRA-1:…`) or a
    /// TOTP/HOTP suite (`TOTP-…`, `HOTP-…`); the prefixes never collide.
    /// - Parameter text: the suite text.
    /// - Throws: `.badSuite` or `.badInput` from the parser the prefix picks.
    public init(text: String) throws {
        if text.hasPrefix("TOTP-") || text.hasPrefix("HOTP-") {
            self = .otp(try OTPSuite(text))
        } else {
            self = .ocra(try OCRASuite(text))
        }
    }

    /// The text the directory stores and `users` shows.
    public var text: String {
        switch self {
        case .ocra(let s): s.text
        case .otp(let s): s.text
        }
    }

    /// The text, for messages.
    public var description: String { text }

    /// The OCRA suite, or nil for a TOTP/HOTP account.
    public var ocra: OCRASuite? { if case .ocra(let s) = self { s } else { nil } }

    /// The TOTP/HOTP suite, or nil for an OCRA user.
    public var otp: OTPSuite? { if case .otp(let s) = self { s } else { nil } }

    /// Each answer uses the next stored counter (OCRA with C, HOTP), which
    /// the vault's counter cells keep and store before a code is shown.
    public var usesCounter: Bool {
        switch self {
        case .ocra(let s): s.usesCounter
        case .otp(let s): s.usesCounter
        }
    }

    /// The hash of the P input an OCRA suite with P takes; nil otherwise.
    public var pinHash: HashAlgorithm? { ocra?.pinHash }

    /// The key sizes an entry of this suite holds: OCRA 16 to 128 bytes
    /// (RFC 4226's minimum), TOTP and HOTP 10 to 128 (many services issue 10).
    public var keySizes: ClosedRange<Int> {
        switch self {
        case .ocra: VaultLayout.ocraKeySizes
        case .otp: OTPSuite.keySizes
        }
    }

    /// Whether files of `version` may hold this suite: TOTP and HOTP came
    /// with format 4; a format-1 to -3 file that names one was altered.
    func fits(formatVersion version: UInt16) -> Bool {
        if case .otp = self { return version >= 4 }
        return true
    }
}
