import COpenSSL

/// AES-CBC from OpenSSL libcrypto, as PSKC files (RFC 6030 §6, XML
/// Encryption) use it: the IV is the first 16 bytes of the value, and the
/// plaintext is padded to whole blocks.
public enum AESCBC {
    /// The AES block size, and so the IV length: 16 bytes.
    public static let blockSize = 16

    /// Decrypts `iv ‖ ciphertext` under `key` (16, 24 or 32 bytes) into guarded
    /// memory and removes the padding: the last byte n (1…16) says how many bytes
    /// to drop (XML Encryption; PKCS #7 padding is a case of it). Nil when the
    /// sizes or the padding are wrong (a wrong key, most likely).
    /// - Parameters:
    ///   - value: the IV then the ciphertext, as a `CipherValue` holds them.
    ///   - key: the file's key, in guarded memory.
    /// - Returns: the plaintext in guarded memory, or nil.
    public static func decrypt(_ value: [UInt8], key: SecureBytes) -> SecureBytes? {
        guard value.count >= 2 * blockSize, value.count % blockSize == 0, [16, 24, 32].contains(key.count) else { return nil }
        let padded = SecureBytes(count: value.count - blockSize)
        let ok = padded.withMutableBytes { o in key.withBytes { k in value.withUnsafeBytes { v in
            ibkey_aes_cbc(0, k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count,
                          v.baseAddress!.assumingMemoryBound(to: UInt8.self),
                          v.baseAddress!.assumingMemoryBound(to: UInt8.self) + blockSize, v.count - blockSize,
                          o.baseAddress!.assumingMemoryBound(to: UInt8.self))
        } } }
        guard ok == 1 else { return nil }
        let pad = Int(padded[padded.count - 1])
        guard pad >= 1, pad <= blockSize else { return nil }
        return SecureBytes(copying: padded, range: 0..<(padded.count - pad))
    }

    /// `iv ‖ AES-CBC(key, iv, plaintext with PKCS #7 padding)`, a fresh random IV.
    /// - Parameters:
    ///   - plaintext: the secret to encrypt, in guarded memory.
    ///   - key: 16, 24 or 32 bytes (anything else traps).
    /// - Returns: the value as a `CipherValue` carries it (not secret).
    public static func encrypt(_ plaintext: SecureBytes, key: SecureBytes) -> [UInt8] {
        precondition([16, 24, 32].contains(key.count))
        let pad = blockSize - plaintext.count % blockSize
        let padded = SecureBytes(count: plaintext.count + pad)
        padded.withMutableBytes { p in
            plaintext.withBytes { if $0.count > 0 { p.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
            for i in plaintext.count..<p.count { p[i] = UInt8(pad) }
        }
        let iv = Random.bytes(blockSize)
        var out = iv + [UInt8](repeating: 0, count: padded.count)
        let ok = out.withUnsafeMutableBytes { o in key.withBytes { k in padded.withBytes { p in
            ibkey_aes_cbc(1, k.baseAddress!.assumingMemoryBound(to: UInt8.self), k.count,
                          o.baseAddress!.assumingMemoryBound(to: UInt8.self),
                          p.baseAddress!.assumingMemoryBound(to: UInt8.self), p.count,
                          o.baseAddress!.assumingMemoryBound(to: UInt8.self) + blockSize)
        } } }
        precondition(ok == 1, "OpenSSL AES-CBC failed")
        return out
    }
}
