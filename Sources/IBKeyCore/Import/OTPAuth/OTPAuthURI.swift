/// The Key Uri Format of Google Authenticator, which Yubico, KeePassXC,
/// pyotp and most services follow:
/// `otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=…&digits=…&period=…`,
/// `otpauth://hotp/…?secret=…&counter=N…`. The URI holds the key, so it is
/// read from guarded memory and written into it.
///
/// Reading, where the format leaves room:
/// - scheme, type and parameter names in either case; white space around the link ignored;
/// - `algorithm` SHA1, SHA256 or SHA512 (either case), `digits` 6 to 8,
///   `period` 1 to 300 (`OTPSuite`), `counter` 0 to 2^64 − 2; each checked
///   when present, even where the type does not use it (a broken value means
///   a broken link);
/// - an HOTP URI without `counter` is refused, not read as 0: the format
///   requires it, and a guessed counter is the one value that silently
///   desynchronises a token;
/// - unknown parameters (`image`, `color`…) are ignored, a known one given twice is refused;
/// - in query values `+` is a space (form encoding), in the label a `+`;
/// - the label is `Issuer:account` or `account`; see `OTPLabel` for which issuer wins.
public enum OTPAuthURI {
    /// The longest URI read, in bytes (checked first).
    public static let maxBytes = OTPLink.maxBytes

    static let parameterNames: Set<String> = ["secret", "issuer", "algorithm", "digits", "period", "counter"]

    /// Reads one account from a URI.
    /// - Parameter uri: the URI's bytes, in guarded memory.
    /// - Returns: the account; its secret decoded straight into guarded memory.
    /// - Throws: `OTPAuthError`: `.tooLong`, `.wrongScheme`, `.malformed`;
    ///   `.invalid(parameter:)` for a type other than totp/hotp ("type"), a
    ///   bad label ("label"), secret, issuer, algorithm, digits, period or
    ///   counter; `.missing` for the secret, or the counter of an HOTP URI;
    ///   `.duplicate`; and what `OTPAccount.init` throws (a secret that is not
    ///   10 to 128 bytes, control characters in the name or issuer).
    public static func parse(_ uri: SecureBytes) throws -> OTPAccount {
        let link = try OTPLink(uri, scheme: "otpauth", known: parameterNames)
        let hotp: Bool
        switch link.host {
        case "totp": hotp = false
        case "hotp": hotp = true
        default: throw OTPAuthError.invalid(parameter: "type", reason: "must be totp or hotp")
        }
        guard let secretText = link.parameters["secret"] else { throw OTPAuthError.missing(parameter: "secret") }
        let p = link.parameters
        let hash = try p["algorithm"].map { try algorithm(link, $0) } ?? .sha1
        let digits = try p["digits"].map { try number(link, $0, "digits", in: OTPSuite.digitCounts, "must be 6, 7 or 8") } ?? 6
        let period = try p["period"].map { try number(link, $0, "period", in: OTPSuite.periods, "must be 1 to 300 seconds") }
            ?? OTPSuite.defaultPeriod
        let counter = try p["counter"].map { r -> UInt64 in
            guard let c = link.number(r) else {
                throw OTPAuthError.invalid(parameter: "counter", reason: "must be a whole number from 0 to 2^64 − 2")
            }
            return c
        }
        if hotp && counter == nil { throw OTPAuthError.missing(parameter: "counter") }
        let suite = try OTPSuite(kind: hotp ? .hotp : .totp(period: period), hash: hash, digits: digits)
        let issuerParameter = try p["issuer"].map { try link.text($0, parameter: "issuer", plusIsSpace: true) }
        let (issuer, name) = try label(link, issuer: issuerParameter)
        let secret = try OTPSecretText.decode(try link.secret(secretText, parameter: "secret"))
        return try OTPAccount(suite: suite, secret: secret, counter: hotp ? counter : nil, name: name, issuer: issuer)
    }

    private static func algorithm(_ link: OTPLink, _ range: Range<Int>) throws -> HashAlgorithm {
        let text = try link.text(range, parameter: "algorithm", plusIsSpace: true)
        guard let hash = HashAlgorithm(rawValue: text.uppercased()) else {
            throw OTPAuthError.invalid(parameter: "algorithm", reason: "must be SHA1, SHA256 or SHA512")
        }
        return hash
    }

    private static func number(_ link: OTPLink, _ range: Range<Int>, _ name: String, in allowed: ClosedRange<Int>, _ rule: String) throws -> Int {
        guard let n = link.number(range) else { throw OTPAuthError.invalid(parameter: name, reason: rule) }
        guard n <= UInt64(allowed.upperBound), allowed.contains(Int(n)) else {
            throw OTPAuthError.invalid(parameter: name, reason: "\(rule), got \(n)")
        }
        return Int(n)
    }

    /// Issuer and account name from the label and the issuer parameter.
    private static func label(_ link: OTPLink, issuer: String?) throws -> (issuer: String?, name: String) {
        let whole = try link.text(link.path, parameter: "label", plusIsSpace: false)
        if let issuer, !issuer.isEmpty, let account = OTPLabel.account(after: issuer, in: whole) { return (issuer, account) }
        guard let (prefix, rest) = link.labelSeparator() else { return OTPLabel.resolve(prefix: nil, account: whole, issuer: issuer) }
        return OTPLabel.resolve(prefix: try link.text(prefix, parameter: "label", plusIsSpace: false),
                                account: try link.text(rest, parameter: "label", plusIsSpace: false), issuer: issuer)
    }
}
