import CSodium

/// Argon2id parameters as stored in a slot.
public struct KDFParameters: Sendable, Equatable {
    public let opsLimit: UInt64
    public let memLimitKiB: UInt32

    /// What a file may ask for. Anything outside is refused as damaged before
    /// any memory is allocated, so a hostile file cannot make ibkey allocate
    /// more than the `sensitive` level's 1 GiB or spin for minutes.
    public static let maxOpsLimit: UInt64 = 16
    public static let maxMemLimitKiB: UInt32 = 1 << 20 // 1 GiB
    public static let minMemLimitKiB: UInt32 = UInt32(crypto_pwhash_MEMLIMIT_MIN / 1024)

    public init(opsLimit: UInt64, memLimitKiB: UInt32) {
        self.opsLimit = opsLimit
        self.memLimitKiB = memLimitKiB
    }

    public var isWithinBounds: Bool {
        opsLimit >= UInt64(crypto_pwhash_OPSLIMIT_MIN) && opsLimit <= Self.maxOpsLimit
            && memLimitKiB >= Self.minMemLimitKiB && memLimitKiB <= Self.maxMemLimitKiB
    }

    public var memLimitBytes: Int { Int(memLimitKiB) * 1024 }

    /// Derives a 32-byte key-encryption key from a PIN.
    public func deriveKey(from pin: SecureBytes, salt: [UInt8]) throws -> SecureBytes {
        try Argon2id.deriveKey(password: pin, salt: salt, opsLimit: opsLimit, memLimitBytes: memLimitBytes)
    }
}
