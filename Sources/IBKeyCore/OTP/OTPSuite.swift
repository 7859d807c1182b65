/// The parameters of a TOTP (RFC 6238) or HOTP (RFC 4226) account: what an
/// authenticator app needs besides the key. Its text form, `TOTP-SHA1-6-30`
/// or `HOTP-SHA256-8` (kind-hash-digits[-period]), is what users see and what
/// the vault stores beside OCRA suites (which start with `OCRA-1:`, so the
/// two never collide). Every value is valid: both initializers check.
public struct OTPSuite: Hashable, Sendable, CustomStringConvertible {
    /// Whether codes follow the clock or a counter.
    public enum Kind: Hashable, Sendable {
        /// RFC 6238: the counter is the Unix time divided by `period` seconds.
        case totp(period: Int)
        /// RFC 4226: the counter is stored and moves on with each code.
        case hotp
    }

    /// TOTP or HOTP, and the TOTP period.
    public let kind: Kind
    /// The HMAC's hash: SHA1, SHA256 or SHA512.
    public let hash: HashAlgorithm
    /// Decimal digits of a code, 6 to 8.
    public let digits: Int

    /// The period of TOTP accounts that name none (RFC 6238 §5.2, and every app's default).
    public static let defaultPeriod = 30
    /// TOTP periods accepted, in seconds. Services use 30 or 60; above five
    /// minutes a code would outlive any login form.
    public static let periods = 1...300
    /// Code lengths accepted. RFC 4226 asks for at least 6; apps show at most 8.
    public static let digitCounts = 6...8
    /// Key sizes accepted, in bytes. RFC 4226 §4 asks for 16 (128 bits) and
    /// recommends 20, but many services issue 10 (80 bits), so refusing those
    /// would refuse real accounts; 128 bytes is the vault's limit for any key.
    public static let keySizes = 10...128

    /// A suite from its parts, checked.
    /// - Parameters:
    ///   - kind: TOTP with its period (in `periods`), or HOTP.
    ///   - hash: the HMAC's hash.
    ///   - digits: the code length, in `digitCounts`.
    /// - Throws: `.badInput` naming the part out of range.
    public init(kind: Kind = .totp(period: OTPSuite.defaultPeriod), hash: HashAlgorithm = .sha1, digits: Int = 6) throws {
        guard Self.digitCounts.contains(digits) else {
            throw Self.invalid("\(kind == .hotp ? "HOTP" : "TOTP")-\(hash.rawValue)-\(digits)", "digits must be 6, 7 or 8, got \(digits)")
        }
        if case .totp(let period) = kind, !Self.periods.contains(period) {
            throw Self.invalid("TOTP-\(hash.rawValue)-\(digits)-\(period)", "the period must be 1 to 300 seconds, got \(period)")
        }
        self.kind = kind
        self.hash = hash
        self.digits = digits
    }

    /// Parses the canonical text strictly: upper case, no leading zeros, a
    /// period for TOTP and none for HOTP, so each suite has exactly one text.
    /// - Parameter text: such as `TOTP-SHA1-6-30` or `HOTP-SHA256-8`.
    /// - Throws: `.badInput` naming the part that is wrong.
    public init(_ text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first == "TOTP" || first == "HOTP" else {
            throw Self.invalid(text, "expected TOTP-<hash>-<digits>-<period> or HOTP-<hash>-<digits>")
        }
        let totp = first == "TOTP"
        guard parts.count == (totp ? 4 : 3) else {
            throw Self.invalid(text, totp ? "expected TOTP-<hash>-<digits>-<period>" : "expected HOTP-<hash>-<digits>")
        }
        guard let hash = HashAlgorithm(rawValue: String(parts[1])) else {
            throw Self.invalid(text, "the hash must be SHA1, SHA256 or SHA512")
        }
        guard let digits = Self.decimal(parts[2]), Self.digitCounts.contains(digits) else {
            throw Self.invalid(text, "digits must be 6, 7 or 8")
        }
        var kind = Kind.hotp
        if totp {
            guard let period = Self.decimal(parts[3]), Self.periods.contains(period) else {
                throw Self.invalid(text, "the period must be 1 to 300 seconds, without leading zeros")
            }
            kind = .totp(period: period)
        }
        try self.init(kind: kind, hash: hash, digits: digits)
    }

    /// The canonical text: `TOTP-SHA1-6-30`, `HOTP-SHA256-8`.
    public var text: String {
        switch kind {
        case .totp(let period): "TOTP-\(hash.rawValue)-\(digits)-\(period)"
        case .hotp: "HOTP-\(hash.rawValue)-\(digits)"
        }
    }

    /// The canonical text, for messages.
    public var description: String { text }

    /// HOTP: each code uses the next counter, which the vault must store.
    public var usesCounter: Bool { kind == .hotp }

    /// The TOTP period in seconds; nil for HOTP.
    public var period: Int? {
        if case .totp(let period) = kind { return period }
        return nil
    }

    /// Strict decimal: 1 to 3 ASCII digits, no leading zero.
    private static func decimal(_ s: Substring) -> Int? {
        guard (1...3).contains(s.utf8.count), s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), s.utf8.first != 0x30 else { return nil }
        return Int(s)
    }

    /// The refusal, quoting the text escaped and cut: it may come from anywhere.
    private static func invalid(_ text: String, _ why: String) -> IBKeyError {
        .badInput("invalid TOTP/HOTP suite '\(text.oneLine(limit: 40))': \(why)")
    }
}
