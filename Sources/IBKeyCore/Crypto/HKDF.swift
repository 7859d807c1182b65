import COpenSSL

/// HKDF (RFC 5869) from OpenSSL libcrypto.
public enum HKDF {
    /// HKDF-SHA256 (RFC 5869) from OpenSSL, into guarded memory.
    /// - Parameters:
    ///   - key: the input keying material (a token key).
    ///   - salt: the salt, not secret.
    ///   - info: the context the key is bound to (a user name).
    ///   - length: the bytes to derive.
    /// - Returns: the derived key, in guarded memory.
    public static func sha256(key: SecureBytes, salt: [UInt8], info: [UInt8], length: Int) -> SecureBytes {
        let out = SecureBytes(count: length)
        let ok = out.withMutableBytes { o in
            key.withBytes { k in salt.withUnsafeBytes { s in info.withUnsafeBytes { i in
                ibkey_hkdf_sha256(k.baseAddress?.assumingMemoryBound(to: UInt8.self), k.count,
                                  s.baseAddress?.assumingMemoryBound(to: UInt8.self), s.count,
                                  i.baseAddress?.assumingMemoryBound(to: UInt8.self), i.count,
                                  o.baseAddress!.assumingMemoryBound(to: UInt8.self), length)
            } } }
        }
        precondition(ok == 1, "OpenSSL HKDF failed")
        return out
    }
}
