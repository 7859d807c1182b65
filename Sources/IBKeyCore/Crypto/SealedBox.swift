import CSodium

/// Anonymous public-key encryption (`crypto_box_seal`: X25519, then
/// XSalsa20-Poly1305 under an ephemeral key). The vault's recovery slot uses
/// it so that a new data key can be sealed for the recovery PIN without the
/// recovery PIN (Docs/VAULT.md, "Keys").
public enum SealedBox {
    public static let publicKeyBytes = Int(crypto_box_publickeybytes())
    public static let secretKeyBytes = Int(crypto_box_secretkeybytes())
    /// Bytes a sealed message adds: the ephemeral public key and the tag.
    public static let overhead = Int(crypto_box_sealbytes())

    /// A new key pair; the secret key is born in guarded memory.
    public static func keyPair() -> (publicKey: [UInt8], secretKey: SecureBytes) {
        requireSodium()
        var publicKey = [UInt8](repeating: 0, count: publicKeyBytes)
        let secretKey = SecureBytes(count: secretKeyBytes)
        publicKey.withUnsafeMutableBytes { p in secretKey.withMutableBytes { s in
            _ = crypto_box_keypair(p.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                   s.baseAddress!.assumingMemoryBound(to: UInt8.self))
        } }
        return (publicKey, secretKey)
    }

    /// The public key that belongs to `secretKey` (`crypto_scalarmult_base`).
    public static func publicKey(of secretKey: SecureBytes) -> [UInt8] {
        requireSodium()
        precondition(secretKey.count == secretKeyBytes)
        var publicKey = [UInt8](repeating: 0, count: publicKeyBytes)
        publicKey.withUnsafeMutableBytes { p in secretKey.withBytes { s in
            _ = crypto_scalarmult_base(p.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                       s.baseAddress!.assumingMemoryBound(to: UInt8.self))
        } }
        return publicKey
    }

    /// Seals `message` so that only the holder of `publicKey`'s secret key can open it.
    public static func seal(_ message: SecureBytes, to publicKey: [UInt8]) -> [UInt8] {
        requireSodium()
        precondition(publicKey.count == publicKeyBytes)
        var out = [UInt8](repeating: 0, count: message.count + overhead)
        out.withUnsafeMutableBytes { o in message.withBytes { m in publicKey.withUnsafeBytes { p in
            _ = crypto_box_seal(o.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                m.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(m.count),
                                p.baseAddress!.assumingMemoryBound(to: UInt8.self))
        } } }
        return out
    }

    /// Opens a sealed message into guarded memory; nil when it was not sealed
    /// to this key pair or was altered.
    public static func open(_ sealed: [UInt8], publicKey: [UInt8], secretKey: SecureBytes) -> SecureBytes? {
        requireSodium()
        guard sealed.count >= overhead, publicKey.count == publicKeyBytes, secretKey.count == secretKeyBytes else { return nil }
        let out = SecureBytes(count: sealed.count - overhead)
        let rc = out.withMutableBytes { o in sealed.withUnsafeBytes { c in publicKey.withUnsafeBytes { p in secretKey.withBytes { s in
            crypto_box_seal_open(o.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                 c.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(c.count),
                                 p.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                 s.baseAddress!.assumingMemoryBound(to: UInt8.self))
        } } } }
        return rc == 0 ? out : nil
    }
}
