import CSodium

/// Anonymous public-key encryption (`crypto_box_seal`: X25519, then
/// XSalsa20-Poly1305 under an ephemeral key). The vault's recovery slot uses
/// it so that a new data key can be sealed for the recovery PIN without the
/// recovery PIN (Docs/VAULT.md, "Keys").
public enum SealedBox {
    /// X25519 public key length: 32 bytes, stored in the recovery slot.
    public static let publicKeyBytes = Int(crypto_box_publickeybytes())
    /// X25519 secret key length: 32 bytes, wrapped under the recovery PIN's KEK.
    public static let secretKeyBytes = Int(crypto_box_secretkeybytes())
    /// Bytes a sealed message adds: the ephemeral public key and the tag.
    public static let overhead = Int(crypto_box_sealbytes())

    /// A new key pair; the secret key is born in guarded memory.
    /// - Returns: the public key (stored in the clear) and the secret key.
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
    /// Opening a recovery slot checks it against the stored public key.
    /// - Parameter secretKey: `secretKeyBytes` bytes.
    /// - Returns: `publicKeyBytes` bytes.
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
    /// - Parameters:
    ///   - message: the secret to seal (a data key).
    ///   - publicKey: `publicKeyBytes` bytes.
    /// - Returns: `message.count + overhead` bytes, not secret.
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
    /// - Parameters:
    ///   - sealed: what `seal` returned.
    ///   - publicKey: the pair's public key.
    ///   - secretKey: the pair's secret key.
    /// - Returns: the message, or nil.
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
