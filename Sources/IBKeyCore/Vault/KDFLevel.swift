import CSodium

/// Argon2id cost levels. `test` is the cheapest setting libsodium accepts and
/// exists only so that test suites and benchmarks run quickly; `ibkey` warns
/// whenever it is used.
public enum KDFLevel: String, Sendable, CaseIterable {
    case test, interactive, moderate, sensitive

    public var code: UInt8 {
        switch self { case .test: 0; case .interactive: 1; case .moderate: 2; case .sensitive: 3 }
    }

    public init?(code: UInt8) {
        guard let l = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = l
    }

    public var parameters: KDFParameters {
        switch self {
        case .test: KDFParameters(opsLimit: UInt64(crypto_pwhash_OPSLIMIT_MIN), memLimitKiB: UInt32(crypto_pwhash_MEMLIMIT_MIN / 1024))
        case .interactive: KDFParameters(opsLimit: UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE), memLimitKiB: UInt32(crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024))
        case .moderate: KDFParameters(opsLimit: UInt64(crypto_pwhash_OPSLIMIT_MODERATE), memLimitKiB: UInt32(crypto_pwhash_MEMLIMIT_MODERATE / 1024))
        case .sensitive: KDFParameters(opsLimit: UInt64(crypto_pwhash_OPSLIMIT_SENSITIVE), memLimitKiB: UInt32(crypto_pwhash_MEMLIMIT_SENSITIVE / 1024))
        }
    }
}
