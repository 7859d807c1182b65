import CSodium

/// libsodium must be initialised once before any other call; this is idempotent
/// and thread-safe (a Swift global is initialised exactly once).
let sodiumReady: Bool = sodium_init() >= 0

@inline(__always) func requireSodium() {
    precondition(sodiumReady, "libsodium failed to initialise")
}

/// A secret held in libsodium guarded memory (`sodium_malloc`): guard pages on
/// both sides, `mlock`ed where the system allows, and wiped (`sodium_free`
/// zeroes it) when the last reference goes away. Keys, PINs, the data key and
/// decrypted vault bodies live only in these.
public final class SecureBytes: @unchecked Sendable {
    public let count: Int
    private let base: UnsafeMutableRawPointer

    /// A zero-filled buffer of `count` bytes.
    public init(count: Int) {
        requireSodium()
        precondition(count >= 0)
        self.count = count
        // sodium_malloc(0) may return NULL; keep one byte so `base` is always valid.
        guard let p = sodium_malloc(Swift.max(count, 1)) else {
            fatalError("out of guarded memory")
        }
        self.base = p
        sodium_memzero(p, Swift.max(count, 1))
    }

    /// Copies `bytes` in. The caller stays responsible for its own copy.
    public convenience init<C: Collection>(copying bytes: C) where C.Element == UInt8 {
        self.init(count: bytes.count)
        var i = 0
        for b in bytes { base.storeBytes(of: b, toByteOffset: i, as: UInt8.self); i += 1 }
    }

    /// Copies raw bytes in (non-generic: no runtime witness lookup, one memcpy).
    public convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(count: bytes.count)
        if let src = bytes.baseAddress, bytes.count > 0 {
            base.copyMemory(from: src, byteCount: bytes.count)
        }
    }

    /// Copies `range` of another secret.
    public convenience init(copying other: SecureBytes, range: Range<Int>) {
        self.init(count: range.count)
        other.withBytes { src in
            base.copyMemory(from: src.baseAddress!.advanced(by: range.lowerBound), byteCount: range.count)
        }
    }

    deinit { sodium_free(base) }

    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    public func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: base, count: count))
    }

    public subscript(i: Int) -> UInt8 {
        precondition(i >= 0 && i < count)
        return base.load(fromByteOffset: i, as: UInt8.self)
    }

    /// Constant-time equality (`sodium_memcmp`); lengths are not secret.
    public func constantTimeEquals(_ other: SecureBytes) -> Bool {
        guard count == other.count else { return false }
        if count == 0 { return true }
        return other.withBytes { o in sodium_memcmp(base, o.baseAddress!, count) == 0 }
    }

    /// A copy of the bytes in ordinary memory. Only for values that stop being
    /// secret (a response) or for tests; never for keys in the product.
    public func unprotectedCopy() -> [UInt8] {
        withBytes { Array($0) }
    }
}

/// A range of a guarded buffer: lets several secrets share one decrypted
/// buffer instead of one guarded allocation (and its guard pages) each.
public struct SecretRef {
    public let storage: SecureBytes
    public let range: Range<Int>

    public init(_ storage: SecureBytes, _ range: Range<Int>) { self.storage = storage; self.range = range }
    public init(_ whole: SecureBytes) { self.init(whole, 0..<whole.count) }

    public var count: Int { range.count }

    /// A guarded buffer holding exactly these bytes.
    public func materialize() -> SecureBytes {
        range == 0..<storage.count ? storage : SecureBytes(copying: storage, range: range)
    }
}

/// Crypto primitives from libsodium, wrapped once.
public enum Sodium {
    /// Fills a new array with random bytes (`randombytes_buf`). Not for secrets.
    public static func randomBytes(_ n: Int) -> [UInt8] {
        requireSodium()
        var out = [UInt8](repeating: 0, count: n)
        out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, n) }
        return out
    }

    /// A new random secret.
    public static func randomSecret(_ n: Int) -> SecureBytes {
        let s = SecureBytes(count: n)
        s.withMutableBytes { randombytes_buf($0.baseAddress!, n) }
        return s
    }

    /// Uniform random integer in 0..<upperBound, without modulo bias.
    public static func uniform(_ upperBound: UInt32) -> UInt32 {
        requireSodium()
        return randombytes_uniform(upperBound)
    }

    /// Constant-time comparison of two byte arrays.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in
            sodium_memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 } }
    }

    /// Unkeyed BLAKE2b (`crypto_generichash`), 32 bytes: the vault's checksum.
    public static func blake2b(_ data: UnsafeRawBufferPointer, length: Int = 32) -> [UInt8] {
        requireSodium()
        var out = [UInt8](repeating: 0, count: length)
        out.withUnsafeMutableBytes { o in
            _ = crypto_generichash(o.baseAddress!.assumingMemoryBound(to: UInt8.self), length,
                                   data.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(data.count), nil, 0)
        }
        return out
    }

    public static func blake2b(_ data: [UInt8], length: Int = 32) -> [UInt8] {
        data.withUnsafeBytes { blake2b($0, length: length) }
    }

    /// Keyed BLAKE2b (`crypto_generichash` with a key): the vault's counter-cell tags.
    public static func blake2b(_ data: [UInt8], key: SecureBytes, length: Int) -> [UInt8] {
        requireSodium()
        var out = [UInt8](repeating: 0, count: length)
        out.withUnsafeMutableBytes { o in data.withUnsafeBytes { d in key.withBytes { k in
            _ = crypto_generichash(o.baseAddress!.assumingMemoryBound(to: UInt8.self), length,
                                   d.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(d.count),
                                   k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count)
        } } }
        return out
    }

    /// A 32-byte subkey of a 32-byte key (`crypto_kdf_derive_from_key`), so
    /// one data key can serve several purposes without reuse. `context` is 8 characters.
    public static func subkey(of key: SecureBytes, id: UInt64, context: StaticString) -> SecureBytes {
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

    /// SHA-256 (`crypto_hash_sha256`), used for the activation code check.
    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        requireSodium()
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { o in
            data.withUnsafeBytes { d in
                _ = crypto_hash_sha256(o.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                       d.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(data.count))
            }
        }
        return out
    }

    // MARK: Argon2id

    public static let saltBytes = Int(crypto_pwhash_SALTBYTES)

    /// Argon2id13 (`crypto_pwhash`) of a secret into a new 32-byte secret.
    public static func argon2id(password: SecureBytes, salt: [UInt8], opsLimit: UInt64, memLimitBytes: Int) throws -> SecureBytes {
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

    // MARK: XChaCha20-Poly1305

    public static let aeadNonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    public static let aeadTagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    /// Encrypts a secret; the ciphertext is not secret.
    public static func seal(_ plaintext: SecureBytes, key: SecureBytes, nonce: [UInt8], aad: [UInt8]) -> [UInt8] {
        requireSodium()
        precondition(key.count == 32 && nonce.count == aeadNonceBytes)
        var out = [UInt8](repeating: 0, count: plaintext.count + aeadTagBytes)
        var outLen: UInt64 = 0
        out.withUnsafeMutableBytes { o in
            plaintext.withBytes { m in key.withBytes { k in nonce.withUnsafeBytes { n in aad.withUnsafeBytes { a in
                _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                    o.baseAddress!.assumingMemoryBound(to: UInt8.self), &outLen,
                    m.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(m.count),
                    a.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(a.count), nil,
                    n.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    k.baseAddress!.assumingMemoryBound(to: UInt8.self))
            } } } }
        }
        return out
    }

    /// Decrypts into guarded memory; nil when the tag does not verify.
    public static func open(_ ciphertext: ArraySlice<UInt8>, key: SecureBytes, nonce: ArraySlice<UInt8>, aad: ArraySlice<UInt8>) -> SecureBytes? {
        requireSodium()
        guard ciphertext.count >= aeadTagBytes, key.count == 32, nonce.count == aeadNonceBytes else { return nil }
        let out = SecureBytes(count: ciphertext.count - aeadTagBytes)
        var outLen: UInt64 = 0
        let rc = out.withMutableBytes { o in
            key.withBytes { k in ciphertext.withUnsafeBytes { c in nonce.withUnsafeBytes { n in aad.withUnsafeBytes { a in
                crypto_aead_xchacha20poly1305_ietf_decrypt(
                    o.baseAddress!.assumingMemoryBound(to: UInt8.self), &outLen, nil,
                    c.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(c.count),
                    a.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(a.count),
                    n.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    k.baseAddress!.assumingMemoryBound(to: UInt8.self))
            } } } }
        }
        return rc == 0 ? out : nil
    }
}
