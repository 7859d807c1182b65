import COpenSSL

/// The hash functions RFC 6287 allows, for HMAC and for the P (PIN hash) input.
public enum HashAlgorithm: String, Sendable, CaseIterable, Codable {
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha512 = "SHA512"

    public var digestLength: Int {
        switch self { case .sha1: 20; case .sha256: 32; case .sha512: 64 }
    }

    /// One-shot digest through OpenSSL libcrypto.
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

    public func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// Digest of a secret into guarded memory (the PIN hash for the P input).
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

/// An HMAC keyed once and reused for many messages. OpenSSL keeps the key
/// schedule, so each MAC skips the digest fetch and the key padding that the
/// one-shot `HMAC()` redoes on every call. Not thread-safe: one per thread.
public final class KeyedHMAC {
    public let algorithm: HashAlgorithm
    private let ctx: OpaquePointer

    public convenience init(algorithm: HashAlgorithm, key: SecureBytes) {
        self.init(algorithm: algorithm, key: SecretRef(key))
    }

    /// Keyed from a range of a guarded buffer; OpenSSL keeps its own copy.
    public init(algorithm: HashAlgorithm, key: SecretRef) {
        self.algorithm = algorithm
        let made = key.storage.withBytes { k in
            ibkey_hmac_new(algorithm.rawValue, k.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + key.range.lowerBound }, key.count)
        }
        guard let made else { fatalError("OpenSSL could not create an HMAC-\(algorithm.rawValue) context") }
        self.ctx = made
    }

    deinit { EVP_MAC_CTX_free(ctx) } // frees and cleanses OpenSSL's copy of the key

    /// MAC of `message` into `out` (at least `algorithm.digestLength` bytes).
    @inline(__always)
    public func mac(_ message: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        var outLen = 0
        let ok = ibkey_hmac_compute(ctx, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count,
                                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), out.count, &outLen)
        precondition(ok == 1 && outLen == algorithm.digestLength, "OpenSSL HMAC failed")
    }

    public func mac(_ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: algorithm.digestLength)
        message.withUnsafeBytes { m in out.withUnsafeMutableBytes { o in mac(m, into: o) } }
        return out
    }
}

public enum HKDF {
    /// HKDF-SHA256 (RFC 5869) from OpenSSL, into guarded memory.
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
