import COpenSSL

/// The digests PSKC's MACs and PBKDF2 may name (RFC 6030 §6.1.1, §6.2).
public enum Digest: String, Sendable, CaseIterable {
    case sha1, sha224, sha256, sha384, sha512

    var openSSLName: String { rawValue.uppercased() }
    /// The digest's length in bytes, and so the length of its HMAC.
    public var length: Int {
        switch self { case .sha1: 20; case .sha224: 28; case .sha256: 32; case .sha384: 48; case .sha512: 64 }
    }

    /// HMAC of `message` under `key` (any length), one shot.
    /// - Parameters:
    ///   - key: the MAC key, in guarded memory.
    ///   - message: the bytes to authenticate (a value's IV and ciphertext).
    /// - Returns: `length` bytes; compare them with `ConstantTime.equals`.
    public func hmac(key: SecureBytes, _ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        var n = 0
        let ok = out.withUnsafeMutableBytes { o in key.withBytes { k in message.withUnsafeBytes { m in
            ibkey_hmac_oneshot(openSSLName, k.baseAddress?.assumingMemoryBound(to: UInt8.self), k.count,
                               m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count,
                               o.baseAddress!.assumingMemoryBound(to: UInt8.self), o.count, &n)
        } } }
        precondition(ok == 1 && n == length, "OpenSSL HMAC-\(rawValue) failed")
        return Array(out.prefix(n))
    }
}
