/// Argon2id cost levels (Docs/VAULT.md, "Key slot"). `test` is the cheapest
/// setting libsodium accepts and exists only so that test suites and
/// benchmarks run quickly; `ibkey` warns whenever it is used. `interactive`
/// is `--kdf interactive`, `moderate` the default for vaults, `sensitive`
/// what backups use.
///
/// A slot's parameters must be exactly one level's: anything else in a file is
/// damage, never a wrong PIN. The values are written out rather than taken from
/// libsodium's macros, so that files stay readable whatever a later libsodium
/// chooses as its defaults (these are libsodium 1.0.18's).
public enum KDFLevel: String, Sendable, CaseIterable {
    case test, interactive, moderate, sensitive

    /// The level byte of formats 1 and 2 (informational; format 3 has none).
    var code: UInt8 {
        switch self { case .test: 0; case .interactive: 1; case .moderate: 2; case .sensitive: 3 }
    }

    init?(code: UInt8) {
        guard let l = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = l
    }

    /// Passes and memory of this level.
    public var parameters: KDFParameters {
        switch self {
        case .test: KDFParameters(opsLimit: 1, memLimitKiB: 8)                  // OPSLIMIT_MIN, MEMLIMIT_MIN
        case .interactive: KDFParameters(opsLimit: 2, memLimitKiB: 64 << 10)    // 64 MiB
        case .moderate: KDFParameters(opsLimit: 3, memLimitKiB: 256 << 10)      // 256 MiB
        case .sensitive: KDFParameters(opsLimit: 4, memLimitKiB: 1 << 20)       // 1 GiB
        }
    }

    /// The level whose parameters these are exactly, or nil.
    /// - Parameter parameters: a slot's parameters, as read from a file.
    public init?(parameters: KDFParameters) {
        guard let l = Self.allCases.first(where: { $0.parameters == parameters }) else { return nil }
        self = l
    }
}
