/// One key slot (Docs/VAULT.md, "Key slot"): how a PIN reaches the data key.
///
/// `wrap` (the PIN slot, and the recovery slot of files written before
/// format 3): the data key wrapped under the key-encryption key (KEK) Argon2id
/// derives from the PIN.
///
/// `proven` (the recovery slot from format 4 on): the KEK wraps an X25519
/// secret key and a recovery authentication key; the data key is sealed to
/// the public key, so that `pin change` can give the vault a new data key
/// without the recovery PIN (an old copy's PIN slot then opens nothing written
/// afterwards). The sealed data key carries a MAC under the authentication
/// key, which only a holder of the recovery PIN (inside the wrap) or of the
/// PIN (a copy sealed under the data key) can read: so nobody can seal a data
/// key of their own to the victim's public key and have the recovery PIN
/// open it (Docs/THREAT-MODEL.md, "Forged backups").
///
/// `publicKey` (format 3, ibkey 0.3): the same without the authentication
/// key, its tag keyed with the data key it vouches for — which anyone can
/// forge. Still read, never written: it is replaced by a `proven` slot as soon
/// as the recovery PIN is given, and `restore` and `pin reset` say that such a
/// file cannot prove who made it.
public struct KeySlot: Sendable, Equatable {
    /// How the slot reaches the data key (above).
    public enum Form: Sendable, Equatable { case wrap, publicKey, proven }

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
    /// `wrap`: the data key; `publicKey`: the recovery secret key; `proven`:
    /// the recovery secret key and the authentication key; sealed with its tag.
    public var wrapped: [UInt8]
    /// `publicKey`, `proven`: the recovery public key.
    public var publicKey: [UInt8] = []
    /// `publicKey`, `proven`: the data key sealed to `publicKey` (32 + 48 bytes).
    public var sealedDataKey: [UInt8] = []
    /// `publicKey`: BLAKE2b-128 of the magic and `publicKey`, keyed with a
    /// subkey of the data key. `proven`: BLAKE2b-256 of the magic, `publicKey`
    /// and `sealedDataKey`, keyed with the authentication key.
    public var publicKeyTag: [UInt8] = []
    /// `proven`: the nonce of `authKeyBox`.
    public var authKeyNonce: [UInt8] = []
    /// `proven`: the authentication key sealed under a subkey of the data key
    /// (XChaCha20-Poly1305, associated data the magic and `publicKey`), so that
    /// a PIN holder can vouch for a new data key.
    public var authKeyBox: [UInt8] = []

    static let argon2id13: UInt8 = 2
    static let wrappedSize = VaultLayout.keySize + VaultLayout.tagSize
    static let provenWrappedSize = 2 * VaultLayout.keySize + VaultLayout.tagSize
    static let sealedDataKeySize = VaultLayout.keySize + SealedBox.overhead
    static let publicKeyTagSize = 16
    static let provenTagSize = 32
    static let authKeyBoxSize = VaultLayout.keySize + VaultLayout.tagSize
    /// kind, algorithm, opslimit, memlimit, salt, nonce, wrapped key.
    static let wrapSize = 1 + 1 + 4 + 4 + Argon2id.saltBytes + VaultLayout.nonceSize + wrappedSize
    /// The same, then public key, sealed data key, public-key tag.
    static let publicKeySize = wrapSize + SealedBox.publicKeyBytes + sealedDataKeySize + publicKeyTagSize
    /// kind … nonce, wrapped secret key and authentication key, public key,
    /// sealed data key, authentication-key nonce and box, tag.
    static let provenSize = 1 + 1 + 4 + 4 + Argon2id.saltBytes + VaultLayout.nonceSize + provenWrappedSize
        + SealedBox.publicKeyBytes + sealedDataKeySize + VaultLayout.nonceSize + authKeyBoxSize + provenTagSize

    /// The kind byte: 1 PIN, 2 recovery PIN (wrap), 3 recovery PIN (public
    /// key, format 3), 4 recovery PIN (proven, format 4).
    var kindByte: UInt8 {
        switch (pinKind, form) {
        case (.pin, _): 1
        case (.recoveryPIN, .wrap): 2
        case (.recoveryPIN, .publicKey): 3
        case (.recoveryPIN, .proven): 4
        }
    }

    var encodedSize: Int {
        switch form {
        case .wrap: Self.wrapSize
        case .publicKey: Self.publicKeySize
        case .proven: Self.provenSize
        }
    }

    /// The version field of the wrap's associated data: 1 for the `wrap` form
    /// in every format (so slots are copied unchanged when an older file is
    /// upgraded, which `respond` does with the PIN alone), 3 for `publicKey`, 4 for `proven`.
    var aadVersion: UInt16 {
        switch form {
        case .wrap: 1
        case .publicKey: 3
        case .proven: 4
        }
    }

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

    /// A slot for `kek` (derived from a PIN with `salt` at `kdf`): `wrap` for
    /// the PIN, `proven` for the recovery PIN (the only forms written).
    /// - Parameters:
    ///   - pinKind: whose slot this is.
    ///   - dataKey: the key the slot gives access to.
    static func make(_ pinKind: PINKind, kdf: KDFParameters, salt: [UInt8], kek: SecureBytes,
                     dataKey: SecureBytes, container: ContainerKind) -> KeySlot {
        var slot = KeySlot(pinKind: pinKind, form: pinKind == .pin ? .wrap : .proven, kdf: kdf, salt: salt,
                           nonce: Random.bytes(VaultLayout.nonceSize), wrapped: [])
        let aad = slot.associatedData(container)
        switch slot.form {
        case .wrap:
            slot.wrapped = XChaCha20Poly1305.seal(dataKey, key: kek, nonce: slot.nonce, aad: aad)
        case .proven, .publicKey:
            let pair = SealedBox.keyPair()
            let authKey = Random.secret(VaultLayout.keySize)
            let inner = SecureBytes(count: 2 * VaultLayout.keySize)
            inner.withMutableBytes { i in
                pair.secretKey.withBytes { i.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: VaultLayout.keySize) }
                authKey.withBytes { (i.baseAddress! + VaultLayout.keySize).copyMemory(from: $0.baseAddress!, byteCount: VaultLayout.keySize) }
            }
            slot.wrapped = XChaCha20Poly1305.seal(inner, key: kek, nonce: slot.nonce, aad: aad)
            slot.publicKey = pair.publicKey
            slot.seal(dataKey: dataKey, authKey: authKey, container: container)
        }
        return slot
    }

    /// A new slot for `pin`: a fresh salt and one key derivation.
    static func make(_ pinKind: PINKind, kdf: KDFParameters, pin: SecureBytes,
                     dataKey: SecureBytes, container: ContainerKind) throws -> (slot: KeySlot, kek: SecureBytes) {
        let salt = Random.bytes(Argon2id.saltBytes)
        let kek = try kdf.deriveKey(from: pin, salt: salt)
        return (make(pinKind, kdf: kdf, salt: salt, kek: kek, dataKey: dataKey, container: container), kek)
    }

    /// `proven` form: seals `dataKey` to the public key, keeps `authKey`
    /// under the data key, and tags the sealed key with `authKey`.
    private mutating func seal(dataKey: SecureBytes, authKey: SecureBytes, container: ContainerKind) {
        sealedDataKey = SealedBox.seal(dataKey, to: publicKey)
        authKeyNonce = Random.bytes(VaultLayout.nonceSize)
        authKeyBox = XChaCha20Poly1305.seal(authKey, key: Self.authKeyBoxKey(dataKey), nonce: authKeyNonce,
                                            aad: container.magic + publicKey)
        publicKeyTag = Self.provenTag(publicKey, sealedDataKey, authKey: authKey, container: container)
    }

    static func authKeyBoxKey(_ dataKey: SecureBytes) -> SecureBytes { Subkey.derive(from: dataKey, id: 3, context: "ibkslots") }

    static func provenTag(_ publicKey: [UInt8], _ sealedDataKey: [UInt8], authKey: SecureBytes, container: ContainerKind) -> [UInt8] {
        BLAKE2b.hash(container.magic + publicKey + sealedDataKey, key: authKey, length: provenTagSize)
    }

    /// The format-3 tag: keyed with the very data key it vouches for (which is
    /// why it proves nothing).
    static func legacyTag(_ publicKey: [UInt8], dataKey: SecureBytes, container: ContainerKind) -> [UInt8] {
        let key = Subkey.derive(from: dataKey, id: 2, context: "ibkslots")
        return BLAKE2b.hash(container.magic + publicKey, key: key, length: publicKeyTagSize)
    }

    /// The same `proven` slot giving access to `newDataKey` instead, made
    /// without the recovery PIN: the authentication key is read with the
    /// current data key, and must verify the current tag, or the file was
    /// altered (`.damaged`).
    func resealed(from currentDataKey: SecureBytes, to newDataKey: SecureBytes, container: ContainerKind) throws -> KeySlot {
        precondition(form == .proven)
        func damaged() -> IBKeyError { .damaged(Damage(container.file, "the recovery key slot does not authenticate")) }
        guard let authKey = XChaCha20Poly1305.open(authKeyBox[...], key: Self.authKeyBoxKey(currentDataKey), nonce: authKeyNonce[...],
                                                   aad: (container.magic + publicKey)[...]),
              authKey.count == VaultLayout.keySize,
              ConstantTime.equals(Self.provenTag(publicKey, sealedDataKey, authKey: authKey, container: container), publicKeyTag) else {
            throw damaged()
        }
        var slot = self
        slot.seal(dataKey: newDataKey, authKey: authKey, container: container)
        return slot
    }

    // MARK: opening

    /// The data key (and the KEK), or nil when the PIN is wrong. A `publicKey`
    /// or `proven` slot whose parts do not fit together is damage, not a wrong PIN.
    func open(pin: SecureBytes, container: ContainerKind) throws -> Opened? {
        try open(kek: try kdf.deriveKey(from: pin, salt: salt), container: container)
    }

    /// As `open(pin:container:)`, with the KEK already derived.
    func open(kek: SecureBytes, container: ContainerKind) throws -> Opened? {
        guard let inner = XChaCha20Poly1305.open(wrapped[...], key: kek, nonce: nonce[...], aad: associatedData(container)[...]) else {
            return nil
        }
        func damaged() -> IBKeyError { .damaged(Damage(container.file, "the recovery key slot does not authenticate")) }
        switch form {
        case .wrap:
            return Opened(dataKey: inner, kek: kek)
        case .publicKey:
            guard inner.count == SealedBox.secretKeyBytes, ConstantTime.equals(SealedBox.publicKey(of: inner), publicKey),
                  let dataKey = SealedBox.open(sealedDataKey, publicKey: publicKey, secretKey: inner),
                  dataKey.count == VaultLayout.keySize,
                  ConstantTime.equals(Self.legacyTag(publicKey, dataKey: dataKey, container: container), publicKeyTag) else {
                throw damaged()
            }
            return Opened(dataKey: dataKey, kek: kek)
        case .proven:
            guard inner.count == 2 * VaultLayout.keySize else { throw damaged() }
            let secretKey = SecureBytes(copying: inner, range: 0..<VaultLayout.keySize)
            let authKey = SecureBytes(copying: inner, range: VaultLayout.keySize..<(2 * VaultLayout.keySize))
            // The tag first: a data key sealed by anyone else is refused before it is even opened.
            guard ConstantTime.equals(SealedBox.publicKey(of: secretKey), publicKey),
                  ConstantTime.equals(Self.provenTag(publicKey, sealedDataKey, authKey: authKey, container: container), publicKeyTag),
                  let dataKey = SealedBox.open(sealedDataKey, publicKey: publicKey, secretKey: secretKey),
                  dataKey.count == VaultLayout.keySize,
                  let boxed = XChaCha20Poly1305.open(authKeyBox[...], key: Self.authKeyBoxKey(dataKey), nonce: authKeyNonce[...],
                                                     aad: (container.magic + publicKey)[...]),
                  boxed.constantTimeEquals(authKey) else {
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
        switch form {
        case .wrap: break
        case .publicKey: w.raw(publicKey); w.raw(sealedDataKey); w.raw(publicKeyTag)
        case .proven: w.raw(publicKey); w.raw(sealedDataKey); w.raw(authKeyNonce); w.raw(authKeyBox); w.raw(publicKeyTag)
        }
    }

    /// Reads one slot. Formats 1 and 2 have only kinds 1 and 2, format 3 adds
    /// kind 3, format 4 kind 4 (`version`).
    static func read(from r: inout ByteReader, version: UInt16, damaged: (String) -> IBKeyError) throws -> KeySlot {
        let (pinKind, form): (PINKind, Form)
        switch try r.u8() {
        case 1: (pinKind, form) = (.pin, .wrap)
        case 2: (pinKind, form) = (.recoveryPIN, .wrap)
        case 3 where version >= 3: (pinKind, form) = (.recoveryPIN, .publicKey)
        case 4 where version >= 4: (pinKind, form) = (.recoveryPIN, .proven)
        default: throw damaged("unknown key slot kind")
        }
        guard try r.u8() == argon2id13 else { throw damaged("unknown key derivation") }
        let kdf = KDFParameters(opsLimit: UInt64(try r.u32()), memLimitKiB: try r.u32())
        // Only the levels' exact parameters: anything else is an edited file, and
        // is refused before any memory is allocated for the derivation.
        guard KDFLevel(parameters: kdf) != nil else { throw damaged("key derivation parameters are not one of the known levels") }
        var slot = KeySlot(pinKind: pinKind, form: form, kdf: kdf, salt: Array(try r.take(Argon2id.saltBytes)),
                           nonce: Array(try r.take(VaultLayout.nonceSize)),
                           wrapped: Array(try r.take(form == .proven ? provenWrappedSize : wrappedSize)))
        switch form {
        case .wrap: break
        case .publicKey:
            slot.publicKey = Array(try r.take(SealedBox.publicKeyBytes))
            slot.sealedDataKey = Array(try r.take(sealedDataKeySize))
            slot.publicKeyTag = Array(try r.take(publicKeyTagSize))
        case .proven:
            slot.publicKey = Array(try r.take(SealedBox.publicKeyBytes))
            slot.sealedDataKey = Array(try r.take(sealedDataKeySize))
            slot.authKeyNonce = Array(try r.take(VaultLayout.nonceSize))
            slot.authKeyBox = Array(try r.take(authKeyBoxSize))
            slot.publicKeyTag = Array(try r.take(provenTagSize))
        }
        return slot
    }

    /// Reads the slots of a file: exactly one PIN slot (vaults only) and one
    /// recovery slot, all at the same level. Returns the slots and that level.
    static func readAll(_ count: Int, from r: inout ByteReader, container: ContainerKind, version: UInt16,
                        damaged: (String) -> IBKeyError) throws -> (slots: [KeySlot], level: KDFLevel) {
        guard count == VaultLayout.slotCount(container) else { throw damaged("wrong number of key slots") }
        var slots: [KeySlot] = []
        for _ in 0..<count { slots.append(try read(from: &r, version: version, damaged: damaged)) }
        let kinds = slots.map { $0.pinKind } // a closure: a key path here costs respond the key-path runtime at every start
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
