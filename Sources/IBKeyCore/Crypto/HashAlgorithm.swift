import COpenSSL

/// The hash functions RFC 6287 allows, for HMAC and for the P (PIN hash) input.
public enum HashAlgorithm: String, Sendable, CaseIterable, Codable {
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha512 = "SHA512"

    /// Bytes of a digest: 20, 32 or 64. Also the length of a P input hashed
    /// with this algorithm.
    public var digestLength: Int {
        switch self { case .sha1: 20; case .sha256: 32; case .sha512: 64 }
    }

    /// One-shot digest through OpenSSL libcrypto.
    /// - Parameter bytes: the bytes to hash, read in place.
    /// - Returns: `digestLength` bytes.
    public func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        var len: UInt32 = 0
        let ok = out.withUnsafeMutableBytes { o in
            ibkey_digest(rawValue, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count,
                         o.baseAddress!.assumingMemoryBound(to: UInt8.self), &len)
        }
        precondition(ok == 1 && Int(len) == digestLength, "OpenSSL digest \(rawValue) failed")
        return Array(out.prefix(Int(len)))
    }

    /// One-shot digest of bytes that are not secret.
    /// - Parameter bytes: the bytes to hash.
    /// - Returns: `digestLength` bytes.
    public func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// Digest of a secret into guarded memory (the PIN hash for the P input).
    /// - Parameter secret: the secret to hash (a PIN).
    /// - Returns: `digestLength` bytes, in guarded memory.
    public func hash(_ secret: SecureBytes) -> SecureBytes {
        let out = SecureBytes(count: 64)
        var len: UInt32 = 0
        let ok = out.withMutableBytes { o in
            secret.withBytes { s in
                ibkey_digest(rawValue, s.baseAddress?.assumingMemoryBound(to: UInt8.self), s.count,
                             o.baseAddress!.assumingMemoryBound(to: UInt8.self), &len)
            }
        }
        precondition(ok == 1 && Int(len) == digestLength, "OpenSSL digest \(rawValue) failed")
        return SecureBytes(copying: out, range: 0..<Int(len))
    }
}
