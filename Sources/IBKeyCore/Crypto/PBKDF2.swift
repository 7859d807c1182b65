import COpenSSL

/// PBKDF2 (PKCS #5 v2.0, RFC 8018) from OpenSSL libcrypto: the key PSKC files
/// derive from a password (RFC 6030 §6.2).
public enum PBKDF2 {
    /// Derives `length` bytes into guarded memory.
    /// - Parameters:
    ///   - password: the password, in guarded memory.
    ///   - salt: the file's salt.
    ///   - iterations: the file's iteration count (callers bound it).
    ///   - prf: HMAC with this digest ("SHA1" is PKCS #5's default).
    ///   - length: the key length in bytes (16, 24 or 32 for AES).
    /// - Returns: the key, in guarded memory; nil when OpenSSL fails.
    public static func deriveKey(password: SecureBytes, salt: [UInt8], iterations: UInt32, prf: Digest, length: Int) -> SecureBytes? {
        let out = SecureBytes(count: length)
        let ok = out.withMutableBytes { o in password.withBytes { p in salt.withUnsafeBytes { s in
            ibkey_pbkdf2(prf.openSSLName, p.baseAddress?.assumingMemoryBound(to: UInt8.self), p.count,
                         s.baseAddress?.assumingMemoryBound(to: UInt8.self), s.count, iterations,
                         o.baseAddress!.assumingMemoryBound(to: UInt8.self), length)
        } } }
        return ok == 1 ? out : nil
    }
}
