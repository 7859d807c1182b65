import ArgumentParser
import IBKeyCore

/// `--algorithm`, `--digits` and `--period` of a TOTP or HOTP account, as
/// `import --totp|--hotp` and `issuer add-user --totp|--hotp` take them:
/// checked and made into the suite in one place (Docs/CODES.md, "The accounts").
enum OTPSuiteChoice {
    /// The suite the options give; SHA1, 6 digits and 30 s where left out.
    /// - Throws: `ValidationError` naming the option and the values it takes.
    static func suite(hotp: Bool, algorithm: String?, digits: Int?, period: Int?) throws -> OTPSuite {
        var hash = HashAlgorithm.sha1
        if let algorithm {
            guard let h = HashAlgorithm(rawValue: algorithm.uppercased()) else {
                throw ValidationError("--algorithm must be SHA1, SHA256 or SHA512, got '\(algorithm.oneLine(limit: 24))'")
            }
            hash = h
        }
        if let digits, !OTPSuite.digitCounts.contains(digits) { throw ValidationError("--digits must be 6, 7 or 8, got \(digits)") }
        if let period, !OTPSuite.periods.contains(period) { throw ValidationError("--period must be 1 to 300 seconds, got \(period)") }
        do {
            return try OTPSuite(kind: hotp ? .hotp : .totp(period: period ?? OTPSuite.defaultPeriod), hash: hash, digits: digits ?? 6)
        } catch let e as IBKeyError {
            throw ValidationError(e.message)
        }
    }
}
