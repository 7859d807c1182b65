import Foundation
@testable import IBKeyCore

/// The forgery of security round 3, finding 3: someone who holds one copy of
/// a victim's vault or backup, and no PIN, seals a data key of their own (and
/// users of their own) to the victim's recovery public key. With ibkey 0.3's
/// kind-3 slot the tag was keyed with that very data key, so the victim's
/// recovery PIN opened the forgery; a kind-4 slot's tag needs the
/// authentication key inside the victim's wrap.
enum Forgery {
    static let forgerPIN = SecureBytes(copying: Array("5791-m".utf8))
    static let forgerRecovery = SecureBytes(copying: Array("m4!Zq".utf8))

    /// The forger's own file of `container`, holding one user `mallory`
    /// (the IB Key suite, the reference key), under a data key of their own.
    static func forgersFile(_ container: ContainerKind) throws -> UnlockedVault {
        let v = try UnlockedVault.create(level: .test, pin: forgerPIN, recoveryPIN: forgerRecovery)
        try v.addUser(UserEntry(name: "mallory", suite: SuiteID.sha256NoCounter.suite, enrolledAt: 1_800_000_000),
                      secret: UserSecret(counter: 0, key: SecretRef(SecureBytes(copying: [UInt8](repeating: 0x66, count: 32))), pinHash: nil))
        return container == .vault ? v : try v.converted(to: .backup, level: .test, pin: nil, recoveryPIN: forgerRecovery)
    }

    /// The victim's recovery slot (as read from `victim`), its sealed data key
    /// replaced by the forger's and "vouched for" as well as the forger can:
    /// kind 3 with the legacy tag under the forger's key; kind 4 with a box and
    /// tag under an authentication key of the forger's (the victim's stays
    /// inside the wrap, out of reach).
    static func graftedSlot(from victim: SealedVault, dataKey: SecureBytes, container: ContainerKind) throws -> KeySlot {
        var slot = try victim.slot(.recoveryPIN).orThrow()
        slot.sealedDataKey = SealedBox.seal(dataKey, to: slot.publicKey)
        switch slot.form {
        case .publicKey:
            slot.publicKeyTag = KeySlot.legacyTag(slot.publicKey, dataKey: dataKey, container: container)
        case .proven:
            let authKey = Random.secret(32)
            slot.authKeyNonce = Random.bytes(24)
            slot.authKeyBox = XChaCha20Poly1305.seal(authKey, key: KeySlot.authKeyBoxKey(dataKey), nonce: slot.authKeyNonce,
                                                     aad: container.magic + slot.publicKey)
            slot.publicKeyTag = KeySlot.provenTag(slot.publicKey, slot.sealedDataKey, authKey: authKey, container: container)
        case .wrap:
            throw IBKeyError.internalError("a kind-2 slot wraps the data key under the recovery PIN: nothing to graft")
        }
        return slot
    }

    /// A forged file of `container` that the victim's recovery PIN opens (if
    /// the slot cannot vouch for its key) into the forger's users: format 4
    /// when the victim's slot is of kind 4, else format 3 (as ibkey 0.3 wrote).
    static func forge(victim bytes: [UInt8], as container: ContainerKind) throws -> [UInt8] {
        let victim = try SealedVault.parse(bytes, as: container)
        let forger = try forgersFile(container)
        var slots = forger.slots
        let recovery = try graftedSlot(from: victim, dataKey: forger.dataKey, container: container)
        slots[slots.count - 1] = recovery
        forger.slots = slots
        forger.recoveryKEK = nil // keep the grafted slot as it is
        let v4 = try forger.serialized()
        return recovery.form == .proven ? v4 : try formatThree(v4, container: container)
    }

    /// The same file in format 3 (Docs/VAULT.md, "Format 3"): the attempt
    /// counts in the header, no attempt cells, entries without an issuer.
    static func formatThree(_ b: [UInt8], container: ContainerKind) throws -> [UInt8] {
        let f = Crafting.be(b, 10, 4)
        let users = Crafting.be(b, f - 76, 4)
        let recordsLength = Crafting.be(b, f - 68, 4)
        let directory = Array(b[(f + 96)..<(f + 96 + Crafting.be(b, f - 72, 4))])
        let rest = Array(b[(f + 96 + directory.count)...]) // records, padding, cells
        // Drop each entry's issuer length byte (0: no issuer).
        var d = Array(directory.prefix(1)), o = 1
        for _ in 0..<Int(directory[0]) { let n = Int(directory[o]); d += directory[o...(o + n)]; o += 1 + n }
        for _ in 0..<users {
            let n = Int(directory[o])
            d += directory[o..<(o + 12 + n)]
            precondition(directory[o + 12 + n] == 0, "format 3 has no issuer")
            o += 13 + n
        }
        var w = ByteWriter()
        w.raw(container.magic); w.u16(3)
        let slotsAndCount = Array(b[14..<(f - 76)])
        let header = 14 + slotsAndCount.count + 4 + 76
        w.u32(UInt32(header)); w.raw(slotsAndCount)
        w.u16(0); w.u16(0)
        w.u32(UInt32(users)); w.u32(UInt32(d.count)); w.u32(UInt32(recordsLength))
        w.raw(BLAKE2b.hash(d)); w.raw(Array(b[(f - 32)..<f]))
        w.raw(BLAKE2b.hash(w.bytes))
        w.raw(d)
        let records = Array(rest.prefix(recordsLength))
        w.raw(records)
        w.raw([UInt8](repeating: 0, count: VaultLayout.alignToCell(w.bytes.count) - w.bytes.count))
        w.raw(Array(rest.suffix(64 * users)))
        // A kind-4 slot would not be allowed in format 3; kind 3 (226 bytes) and kind 1 are.
        return w.bytes
    }
}

extension Optional {
    func orThrow() throws -> Wrapped {
        guard let v = self else { throw IBKeyError.internalError("missing value") }
        return v
    }
}
