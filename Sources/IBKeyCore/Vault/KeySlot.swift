/// One key slot (Docs/VAULT.md, "Key slot"): how a PIN reaches the data key.
///
/// Two forms. `wrap` (the PIN slot, and the recovery slot of files written
/// before format 3): the data key wrapped under the key-encryption key (KEK)
/// Argon2id derives from the PIN. `publicKey` (the recovery slot from format
/// 3 on): the KEK wraps an X25519 secret key, and the data key is sealed to
/// its public key. A new data key can then be sealed for the recovery PIN
/// without knowing it, which is what lets `pin change` give the vault a new
/// data key (an old copy's PIN slot opens nothing written afterwards).
public struct KeySlot: Sendable, Equatable {
    /// `wrap`: the KEK wraps the data key. `publicKey`: the KEK wraps an
    /// X25519 secret key, and the data key is sealed to its public key.
    public enum Form: Sendable, Equatable { case wrap, publicKey }

    /// Whose slot this is: the PIN's or the recovery PIN's.
    public var pinKind: PINKind
    /// How the slot reaches the data key.
    public var form: Form
    /// The Argon2id cost: exactly one level's, and part of the associated data.
    public var kdf: KDFParameters
    /// 16 random bytes, new for each PIN set.
    public var salt: [UInt8]
    /// 24 random bytes, new for each wrap.
    public var nonce: [UInt8]
    /// `wrap`: the data key; `publicKey`: the recovery secret key; sealed with its tag.
    public var wrapped: [UInt8]
    /// `publicKey` only: the recovery public key, the data key sealed to it,
    /// and a tag over the public key under the data key (so that nobody who
    /// lacks the data key can substitute their own public key).
    public var publicKey: [UInt8] = []
    /// `publicKey` only: the data key sealed to `publicKey` (32 + 48 bytes).
    public var sealedDataKey: [UInt8] = []
    /// `publicKey` only: BLAKE2b-128 of the magic and `publicKey`, keyed with a
    /// subkey of the data key; checked on opening and before a new data key is sealed.
    public var publicKeyTag: [UInt8] = []

    static let argon2id13: UInt8 = 2
    static let wrappedSize = VaultLayout.keySize + VaultLayout.tagSize
    static let sealedDataKeySize = VaultLayout.keySize + SealedBox.overhead
    static let publicKeyTagSize = 16
    /// kind, algorithm, opslimit, memlimit, salt, nonce, wrapped key.
    static let wrapSize = 1 + 1 + 4 + 4 + Argon2id.saltBytes + VaultLayout.nonceSize + wrappedSize
    /// The same, then public key, sealed data key, public-key tag.
    static let publicKeySize = wrapSize + SealedBox.publicKeyBytes + sealedDataKeySize + publicKeyTagSize

    /// The kind byte: 1 PIN, 2 recovery PIN (wrap), 3 recovery PIN (public key).
    var kindByte: UInt8 {
        switch (pinKind, form) {
        case (.pin, _): 1
        case (.recoveryPIN, .wrap): 2
        case (.recoveryPIN, .publicKey): 3
        }
    }

    var encodedSize: Int { form == .wrap ? Self.wrapSize : Self.publicKeySize }

    /// The version field of the wrap's associated data: 1 for the `wrap` form
    /// in every format (so slots are copied unchanged when an older file is
    /// upgraded, which `respond` does with the PIN alone), 3 for `publicKey`.
    var aadVersion: UInt16 { form == .wrap ? 1 : 3 }

    /// The associated data of the wrap: format identity and everything the KDF
    /// depends on, so that a slot edited to a cheaper KDF does not open.
    func associatedData(_ container: ContainerKind) -> [UInt8] {
        var w = ByteWriter()
        w.raw(container.magic); w.u16(aadVersion)
        w.u8(kindByte); w.u8(Self.argon2id13); w.u32(UInt32(kdf.opsLimit)); w.u32(kdf.memLimitKiB); w.raw(salt)
        return w.bytes
    }

    /// What an unlock yields: the data key, and the KEK, which the unlocked
    /// vault keeps so that it can rewrap without deriving again.
    struct Opened {
        let dataKey: SecureBytes
        let kek: SecureBytes
    }

    // MARK: making

    /// A slot for `kek` (derived from a PIN with `salt` at `kdf`).
    /// - Parameters:
    ///   - pinKind: whose slot this is.
    ///   - form: `publicKey` is for the recovery PIN only.
    ///   - dataKey: the key the slot gives access to.
    static func make(_ pinKind: PINKind, form: Form, kdf: KDFParameters, salt: [UInt8], kek: SecureBytes,
                     dataKey: SecureBytes, container: ContainerKind) -> KeySlot {
        precondition(form == .wrap || pinKind == .recoveryPIN)
        var slot = KeySlot(pinKind: pinKind, form: form, kdf: kdf, salt: salt,
                           nonce: Random.bytes(VaultLayout.nonceSize), wrapped: [])
        switch form {
        case .wrap:
            slot.wrapped = XChaCha20Poly1305.seal(dataKey, key: kek, nonce: slot.nonce, aad: slot.associatedData(container))
        case .publicKey:
            let pair = SealedBox.keyPair()
            slot.wrapped = XChaCha20Poly1305.seal(pair.secretKey, key: kek, nonce: slot.nonce, aad: slot.associatedData(container))
            slot.publicKey = pair.publicKey
            slot.sealTo(dataKey: dataKey, container: container)
        }
        return slot
    }

    /// A new slot for `pin`: a fresh salt and one key derivation.
    static func make(_ pinKind: PINKind, form: Form, kdf: KDFParameters, pin: SecureBytes,
                     dataKey: SecureBytes, container: ContainerKind) throws -> (slot: KeySlot, kek: SecureBytes) {
        let salt = Random.bytes(Argon2id.saltBytes)
        let kek = try kdf.deriveKey(from: pin, salt: salt)
        return (make(pinKind, form: form, kdf: kdf, salt: salt, kek: kek, dataKey: dataKey, container: container), kek)
    }

    /// `publicKey` form: seals `dataKey` to the slot's public key and tags the key with it.
    private mutating func sealTo(dataKey: SecureBytes, container: ContainerKind) {
        sealedDataKey = SealedBox.seal(dataKey, to: publicKey)
        publicKeyTag = Self.tag(publicKey, dataKey: dataKey, container: container)
    }

    static func tag(_ publicKey: [UInt8], dataKey: SecureBytes, container: ContainerKind) -> [UInt8] {
        let key = Subkey.derive(from: dataKey, id: 2, context: "ibkslots")
        return BLAKE2b.hash(container.magic + publicKey, key: key, length: publicKeyTagSize)
    }

    /// The same `publicKey` slot giving access to `newDataKey` instead, made
    /// without the recovery PIN. The public key must carry a valid tag under
    /// `currentDataKey`, or the file was altered (`.damaged`).
    func resealed(from currentDataKey: SecureBytes, to newDataKey: SecureBytes, container: ContainerKind) throws -> KeySlot {
        precondition(form == .publicKey)
        guard ConstantTime.equals(Self.tag(publicKey, dataKey: currentDataKey, container: container), publicKeyTag) else {
            throw IBKeyError.damaged(Damage(container.file, "the recovery key slot does not authenticate"))
        }
        var slot = self
        slot.sealTo(dataKey: newDataKey, container: container)
        return slot
    }

    // MARK: opening

    /// The data key (and the KEK), or nil when the PIN is wrong. A `publicKey`
    /// slot whose parts do not fit together is damage, not a wrong PIN.
    func open(pin: SecureBytes, container: ContainerKind) throws -> Opened? {
        let kek = try kdf.deriveKey(from: pin, salt: salt)
        guard let inner = XChaCha20Poly1305.open(wrapped[...], key: kek, nonce: nonce[...], aad: associatedData(container)[...]) else {
            return nil
        }
        switch form {
        case .wrap:
            return Opened(dataKey: inner, kek: kek)
        case .publicKey:
            func damaged() -> IBKeyError { .damaged(Damage(container.file, "the recovery key slot does not authenticate")) }
            guard inner.count == SealedBox.secretKeyBytes, ConstantTime.equals(SealedBox.publicKey(of: inner), publicKey),
                  let dataKey = SealedBox.open(sealedDataKey, publicKey: publicKey, secretKey: inner),
                  dataKey.count == VaultLayout.keySize,
                  ConstantTime.equals(Self.tag(publicKey, dataKey: dataKey, container: container), publicKeyTag) else {
                throw damaged()
            }
            return Opened(dataKey: dataKey, kek: kek)
        }
    }

    // MARK: coding

    func write(to w: inout ByteWriter) {
        w.u8(kindByte); w.u8(Self.argon2id13)
        w.u32(UInt32(kdf.opsLimit)); w.u32(kdf.memLimitKiB)
        w.raw(salt); w.raw(nonce); w.raw(wrapped)
        if form == .publicKey { w.raw(publicKey); w.raw(sealedDataKey); w.raw(publicKeyTag) }
    }

    /// Reads one slot. Formats 1 and 2 have only kinds 1 and 2 (`allowPublicKey` false).
    static func read(from r: inout ByteReader, allowPublicKey: Bool, damaged: (String) -> IBKeyError) throws -> KeySlot {
        let (pinKind, form): (PINKind, Form)
        switch try r.u8() {
        case 1: (pinKind, form) = (.pin, .wrap)
        case 2: (pinKind, form) = (.recoveryPIN, .wrap)
        case 3 where allowPublicKey: (pinKind, form) = (.recoveryPIN, .publicKey)
        default: throw damaged("unknown key slot kind")
        }
        guard try r.u8() == argon2id13 else { throw damaged("unknown key derivation") }
        let kdf = KDFParameters(opsLimit: UInt64(try r.u32()), memLimitKiB: try r.u32())
        // Only the levels' exact parameters: anything else is an edited file, and
        // is refused before any memory is allocated for the derivation.
        guard KDFLevel(parameters: kdf) != nil else { throw damaged("key derivation parameters are not one of the known levels") }
        var slot = KeySlot(pinKind: pinKind, form: form, kdf: kdf, salt: Array(try r.take(Argon2id.saltBytes)),
                           nonce: Array(try r.take(VaultLayout.nonceSize)), wrapped: Array(try r.take(wrappedSize)))
        if form == .publicKey {
            slot.publicKey = Array(try r.take(SealedBox.publicKeyBytes))
            slot.sealedDataKey = Array(try r.take(sealedDataKeySize))
            slot.publicKeyTag = Array(try r.take(publicKeyTagSize))
        }
        return slot
    }

    /// Reads the slots of a file: exactly one PIN slot (vaults only) and one
    /// recovery slot, all at the same level. Returns the slots and that level.
    static func readAll(_ count: Int, from r: inout ByteReader, container: ContainerKind, allowPublicKey: Bool,
                        damaged: (String) -> IBKeyError) throws -> (slots: [KeySlot], level: KDFLevel) {
        guard count == VaultLayout.slotCount(container) else { throw damaged("wrong number of key slots") }
        var slots: [KeySlot] = []
        for _ in 0..<count { slots.append(try read(from: &r, allowPublicKey: allowPublicKey, damaged: damaged)) }
        let kinds = slots.map(\.pinKind)
        guard kinds == (container == .vault ? [.pin, .recoveryPIN] : [.recoveryPIN]) else {
            throw damaged(Set(kinds.map(\.label)).count < kinds.count ? "duplicate key slot" : "key slots missing or out of order")
        }
        // Both slots are made at one level; a mismatch is an edited file.
        guard let level = KDFLevel(parameters: slots[0].kdf), slots.allSatisfy({ $0.kdf == slots[0].kdf }) else {
            throw damaged("the key slots disagree on the key derivation cost")
        }
        return (slots, level)
    }
}
