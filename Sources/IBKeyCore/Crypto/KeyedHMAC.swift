import COpenSSL

/// An HMAC keyed once and reused for many messages. OpenSSL keeps the key
/// schedule, so each MAC skips the digest fetch and the key padding that the
/// one-shot `HMAC()` redoes on every call. Not thread-safe: one per thread.
public final class KeyedHMAC {
    /// The length of each MAC: the digest's length.
    public let macLength: Int
    private let ctx: OpaquePointer

    /// Keyed from a whole guarded buffer.
    /// - Parameters:
    ///   - algorithm: the hash to build the HMAC on.
    ///   - key: the key, of any length; OpenSSL keeps its own copy.
    public convenience init(algorithm: HashAlgorithm, key: SecureBytes) {
        self.init(algorithm: algorithm, key: SecretRef(key))
    }

    /// Keyed from a range of a guarded buffer; OpenSSL keeps its own copy.
    /// Traps if OpenSSL cannot make the context (nothing a caller could fix).
    /// - Parameters:
    ///   - algorithm: the hash to build the HMAC on.
    ///   - key: the key, read in place (a vault record's, without a copy).
    public convenience init(algorithm: HashAlgorithm, key: SecretRef) {
        self.init(openSSLName: algorithm.rawValue, macLength: algorithm.digestLength, key: key)
    }

    /// Keyed for one of the digests PSKC files may name (which include SHA-224
    /// and SHA-384, never OCRA suites' hashes).
    /// - Parameters:
    ///   - digest: the hash to build the HMAC on.
    ///   - key: the MAC key, of any length.
    public convenience init(digest: Digest, key: SecureBytes) {
        self.init(openSSLName: digest.openSSLName, macLength: digest.length, key: SecretRef(key))
    }

    private init(openSSLName: String, macLength: Int, key: SecretRef) {
        self.macLength = macLength
        let made = key.storage.withBytes { k in
            ibkey_hmac_new(openSSLName, k.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + key.range.lowerBound }, key.count)
        }
        guard let made else { fatalError("OpenSSL could not create an HMAC-\(openSSLName) context") }
        self.ctx = made
    }

    deinit { EVP_MAC_CTX_free(ctx) } // frees and cleanses OpenSSL's copy of the key

    /// MAC of `message` into `out` (at least `macLength` bytes).
    /// No allocation: `OCRA` calls this once per response.
    /// - Parameters:
    ///   - message: the bytes to authenticate.
    ///   - out: where the MAC goes.
    @inline(__always)
    public func mac(_ message: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        var outLen = 0
        let ok = ibkey_hmac_compute(ctx, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count,
                                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), out.count, &outLen)
        precondition(ok == 1 && outLen == macLength, "OpenSSL HMAC failed")
    }

    /// MAC of `message`, in a new array.
    /// - Parameter message: the bytes to authenticate.
    /// - Returns: `macLength` bytes.
    public func mac(_ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: macLength)
        message.withUnsafeBytes { m in out.withUnsafeMutableBytes { o in mac(m, into: o) } }
        return out
    }
}
