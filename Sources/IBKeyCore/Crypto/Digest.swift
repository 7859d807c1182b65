/// The digests PSKC's MACs and PBKDF2 may name (RFC 6030 §6.1.1, §6.2).
public enum Digest: String, Sendable, CaseIterable {
    case sha1, sha224, sha256, sha384, sha512

    var openSSLName: String { rawValue.uppercased() }
    /// The digest's length in bytes, and so the length of its HMAC.
    public var length: Int {
        switch self { case .sha1: 20; case .sha224: 28; case .sha256: 32; case .sha384: 48; case .sha512: 64 }
    }

    /// HMAC of one message under `key` (any length); `KeyedHMAC` for several under one key.
    /// - Parameters:
    ///   - key: the MAC key, in guarded memory.
    ///   - message: the bytes to authenticate (a value's IV and ciphertext).
    /// - Returns: `length` bytes; compare them with `ConstantTime.equals`.
    public func hmac(key: SecureBytes, _ message: [UInt8]) -> [UInt8] {
        KeyedHMAC(digest: self, key: key).mac(message)
    }
}
