/// One key slot: the data key wrapped under a key derived from a PIN.
public struct KeySlot: Sendable, Equatable {
    public static let argon2id13: UInt8 = 2
    /// Docs/VAULT.md, "Key slot": kind, algorithm, opslimit, memlimit, salt,
    /// nonce, wrapped data key.
    public static let encodedSize = 1 + 1 + 4 + 4 + Argon2id.saltBytes + VaultLayout.nonceSize + wrappedKeySize
    static let wrappedKeySize = VaultLayout.keySize + VaultLayout.tagSize
    /// The version field inside the slot AAD. It stays 1 in format 2, so a
    /// format-1 vault is upgraded by copying its slots (the recovery PIN is
    /// not at hand when `respond` upgrades a vault).
    static let aadVersion: UInt16 = 1

    public var kind: PINKind
    public var kdf: KDFParameters
    public var salt: [UInt8]
    public var nonce: [UInt8]
    public var wrappedKey: [UInt8]

    /// The associated data of the wrap: format identity and everything the KDF
    /// depends on, so a file edited to a cheaper KDF cannot be unwrapped.
    func associatedData(kind container: ContainerKind) -> [UInt8] {
        var w = ByteWriter()
        w.raw(container.magic); w.u16(Self.aadVersion)
        w.u8(kind.slotCode); w.u8(Self.argon2id13); w.u32(UInt32(kdf.opsLimit)); w.u32(kdf.memLimitKiB); w.raw(salt)
        return w.bytes
    }

    /// Wraps `dataKey` under a key derived from `pin`.
    static func make(kind: PINKind, kdf: KDFParameters, pin: SecureBytes, dataKey: SecureBytes, container: ContainerKind) throws -> KeySlot {
        var slot = KeySlot(kind: kind, kdf: kdf, salt: Random.bytes(Argon2id.saltBytes),
                           nonce: Random.bytes(XChaCha20Poly1305.nonceBytes), wrappedKey: [])
        let kek = try kdf.deriveKey(from: pin, salt: slot.salt)
        slot.wrappedKey = XChaCha20Poly1305.seal(dataKey, key: kek, nonce: slot.nonce, aad: slot.associatedData(kind: container))
        return slot
    }

    /// The data key, or nil when the PIN is wrong.
    func unwrap(pin: SecureBytes, container: ContainerKind) throws -> SecureBytes? {
        let kek = try kdf.deriveKey(from: pin, salt: salt)
        return XChaCha20Poly1305.open(wrappedKey[...], key: kek, nonce: nonce[...], aad: associatedData(kind: container)[...])
    }

    func write(to w: inout ByteWriter) {
        w.u8(kind.slotCode); w.u8(Self.argon2id13)
        w.u32(UInt32(kdf.opsLimit)); w.u32(kdf.memLimitKiB)
        w.raw(salt); w.raw(nonce); w.raw(wrappedKey)
    }

    /// Reads `count` slots (both formats lay them out the same way).
    static func readAll(_ count: Int, from r: inout ByteReader, damaged: (String) -> IBKeyError) throws -> [KeySlot] {
        var slots: [KeySlot] = []
        for _ in 0..<count {
            guard let kind = PINKind(slotCode: try r.u8()) else { throw damaged("unknown key slot kind") }
            guard try r.u8() == argon2id13 else { throw damaged("unknown key derivation") }
            let kdf = KDFParameters(opsLimit: UInt64(try r.u32()), memLimitKiB: try r.u32())
            guard kdf.isWithinBounds else { throw damaged("key derivation cost out of bounds") }
            slots.append(KeySlot(kind: kind, kdf: kdf, salt: Array(try r.take(Argon2id.saltBytes)),
                                 nonce: Array(try r.take(VaultLayout.nonceSize)), wrappedKey: Array(try r.take(wrappedKeySize))))
        }
        guard Set(slots.map(\.kind.slotCode)).count == slots.count else { throw damaged("duplicate key slot") }
        return slots
    }
}
