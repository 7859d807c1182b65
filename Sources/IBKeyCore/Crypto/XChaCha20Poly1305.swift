import CSodium

/// XChaCha20-Poly1305 (`crypto_aead_xchacha20poly1305_ietf`): every secret at
/// rest (key slots, user records, registration codes, the issuer store).
public enum XChaCha20Poly1305 {
    /// Nonce length: 24 bytes, random per message.
    public static let nonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    /// Authentication tag length: 16 bytes, appended to the ciphertext.
    public static let tagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    /// Encrypts a secret; the ciphertext (with its tag) is not secret.
    /// - Parameters:
    ///   - plaintext: the secret, in guarded memory.
    ///   - key: 32 bytes.
    ///   - nonce: `nonceBytes` bytes, never reused with this key.
    ///   - aad: associated data, authenticated but not encrypted.
    /// - Returns: the ciphertext, then its 16-byte tag.
    public static func seal(_ plaintext: SecureBytes, key: SecureBytes, nonce: [UInt8], aad: [UInt8]) -> [UInt8] {
        requireSodium()
        precondition(key.count == 32 && nonce.count == nonceBytes)
        var out = [UInt8](repeating: 0, count: plaintext.count + tagBytes)
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

    /// Decrypts into guarded memory; nil when the tag does not verify (wrong
    /// key, or the ciphertext, nonce or associated data were altered).
    /// - Parameters:
    ///   - ciphertext: the ciphertext, then its tag.
    ///   - key: 32 bytes.
    ///   - nonce: the nonce it was sealed with.
    ///   - aad: the associated data it was sealed with.
    /// - Returns: the plaintext, or nil.
    public static func open(_ ciphertext: ArraySlice<UInt8>, key: SecureBytes, nonce: ArraySlice<UInt8>, aad: ArraySlice<UInt8>) -> SecureBytes? {
        requireSodium()
        guard ciphertext.count >= tagBytes, key.count == 32, nonce.count == nonceBytes else { return nil }
        let out = SecureBytes(count: ciphertext.count - tagBytes)
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
