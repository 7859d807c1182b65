/// Argon2id parameters as stored in a slot. Only the four levels' exact
/// parameters are accepted from a file (`KDFLevel(parameters:)`), so a hostile
/// file can neither make `ibkey` allocate more than the `sensitive` level's
/// 1 GiB or spin for minutes, nor turn an edited slot into a "wrong PIN".
public struct KDFParameters: Sendable, Equatable {
    /// Passes over the memory.
    public let opsLimit: UInt64
    /// Memory, in KiB.
    public let memLimitKiB: UInt32

    /// Parameters as a slot stores them; only `KDFLevel`'s are ever accepted from a file.
    /// - Parameters:
    ///   - opsLimit: passes over the memory.
    ///   - memLimitKiB: memory, in KiB.
    public init(opsLimit: UInt64, memLimitKiB: UInt32) {
        self.opsLimit = opsLimit
        self.memLimitKiB = memLimitKiB
    }

    /// Memory, in bytes.
    public var memLimitBytes: Int { Int(memLimitKiB) * 1024 }

    /// Derives a 32-byte key-encryption key from a PIN.
    /// - Parameters:
    ///   - pin: the PIN or recovery PIN, in guarded memory.
    ///   - salt: the slot's salt.
    /// - Returns: the KEK, 32 bytes in guarded memory.
    /// - Throws: `.io` when the memory cannot be allocated.
    public func deriveKey(from pin: SecureBytes, salt: [UInt8]) throws -> SecureBytes {
        try Argon2id.deriveKey(password: pin, salt: salt, opsLimit: opsLimit, memLimitBytes: memLimitBytes)
    }
}
