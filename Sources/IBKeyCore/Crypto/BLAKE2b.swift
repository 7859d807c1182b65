import CSodium

/// BLAKE2b (`crypto_generichash`): unkeyed, the vault's damage checksums;
/// keyed, the counter-cell tags.
public enum BLAKE2b {
    /// Unkeyed hash of `data`, `length` bytes (32 by default).
    /// - Parameters:
    ///   - data: the bytes to hash, read in place (a file's header, say).
    ///   - length: the digest length, 16 to 64 bytes.
    /// - Returns: the digest.
    public static func hash(_ data: UnsafeRawBufferPointer, length: Int = 32) -> [UInt8] {
        requireSodium()
        var out = [UInt8](repeating: 0, count: length)
        out.withUnsafeMutableBytes { o in
            _ = crypto_generichash(o.baseAddress!.assumingMemoryBound(to: UInt8.self), length,
                                   data.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(data.count), nil, 0)
        }
        return out
    }

    /// Unkeyed hash of `data`, `length` bytes (32 by default).
    /// - Parameters:
    ///   - data: the bytes to hash.
    ///   - length: the digest length, 16 to 64 bytes.
    /// - Returns: the digest.
    public static func hash(_ data: [UInt8], length: Int = 32) -> [UInt8] {
        data.withUnsafeBytes { hash($0, length: length) }
    }

    /// Keyed hash (a MAC) of `data` under `key`, `length` bytes.
    /// - Parameters:
    ///   - data: the bytes to authenticate.
    ///   - key: 16 to 64 bytes, in guarded memory (a subkey of the data key).
    ///   - length: the tag length, 16 to 64 bytes (the vault's tags use 16).
    /// - Returns: the tag; compare it with `ConstantTime.equals`.
    public static func hash(_ data: [UInt8], key: SecureBytes, length: Int) -> [UInt8] {
        requireSodium()
        var out = [UInt8](repeating: 0, count: length)
        out.withUnsafeMutableBytes { o in data.withUnsafeBytes { d in key.withBytes { k in
            _ = crypto_generichash(o.baseAddress!.assumingMemoryBound(to: UInt8.self), length,
                                   d.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(d.count),
                                   k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count)
        } } }
        return out
    }
}
