import CSodium

/// Subkeys of one 32-byte key (`crypto_kdf_derive_from_key`, BLAKE2b-based),
/// so that one data key can serve several purposes without reuse.
public enum Subkey {
    /// The 32-byte subkey number `id` of `key` in `context` (8 characters).
    /// - Parameters:
    ///   - key: 32 bytes (the data key).
    ///   - id: the subkey's number (1: counter cells, 2: the recovery slot's tag).
    ///   - context: 8 ASCII characters naming the purpose (`ibkcells`, `ibkslots`).
    /// - Returns: the subkey, in guarded memory.
    public static func derive(from key: SecureBytes, id: UInt64, context: StaticString) -> SecureBytes {
        requireSodium()
        precondition(key.count == 32 && context.utf8CodeUnitCount == 8)
        let out = SecureBytes(count: 32)
        out.withMutableBytes { o in key.withBytes { k in
            context.withUTF8Buffer { c in
                c.withMemoryRebound(to: CChar.self) { ctx in
                    _ = crypto_kdf_derive_from_key(o.baseAddress!.assumingMemoryBound(to: UInt8.self), 32, id,
                                                   ctx.baseAddress!, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        } }
        return out
    }
}
