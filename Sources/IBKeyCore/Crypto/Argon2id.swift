import CSodium

/// Argon2id v1.3 (`crypto_pwhash`): the memory-hard derivation that turns a
/// PIN into a key-encryption key.
public enum Argon2id {
    /// Salt length (16 bytes).
    public static let saltBytes = Int(crypto_pwhash_SALTBYTES)

    /// Derives a 32-byte key from `password` into guarded memory.
    /// - Parameters:
    ///   - password: the PIN, in guarded memory.
    ///   - salt: `saltBytes` random bytes, stored beside the wrapped key.
    ///   - opsLimit: passes over the memory.
    ///   - memLimitBytes: memory used, in bytes.
    /// - Returns: the key-encryption key, 32 bytes in guarded memory.
    /// - Throws: `IBKeyError.io` when the memory cannot be allocated.
    public static func deriveKey(password: SecureBytes, salt: [UInt8], opsLimit: UInt64, memLimitBytes: Int) throws -> SecureBytes {
        requireSodium()
        precondition(salt.count == saltBytes)
        let out = SecureBytes(count: 32)
        let rc = out.withMutableBytes { o in
            password.withBytes { p in
                salt.withUnsafeBytes { s in
                    crypto_pwhash(o.baseAddress!.assumingMemoryBound(to: UInt8.self), 32,
                                  p.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(p.count),
                                  s.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                  opsLimit, memLimitBytes, crypto_pwhash_ALG_ARGON2ID13)
                }
            }
        }
        if rc != 0 { throw IBKeyError.io("not enough memory for the key derivation (\(memLimitBytes / 1_048_576) MiB)") }
        return out
    }
}
