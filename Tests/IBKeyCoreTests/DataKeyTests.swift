import Foundation
import Testing
@testable import IBKeyCore

/// Docs/VAULT.md, "New data keys": every PIN change, PIN reset, recovery-PIN
/// change and restore seals everything under a new data key, so an older
/// copy's slots open nothing written afterwards.
@Suite("Data keys")
struct DataKeyTests {
    let pin = SecureBytes(copying: Array("9137".utf8))
    let recovery = SecureBytes(copying: Array("r7#Kq".utf8))
    let newPIN = SecureBytes(copying: Array("6081-x".utf8))
    let newRecovery = SecureBytes(copying: Array("k3%Wp".utf8))

    func vault() throws -> UnlockedVault {
        let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: recovery)
        try v.addUser(UserEntry(name: "ann", suite: SuiteID.ibKeySHA1.suite, enrolledAt: 1),
                      secret: UserSecret(counter: 9, key: SecretRef(Random.secret(20)), pinHash: SecretRef(Random.secret(20))))
        return v
    }

    func parse(_ v: UnlockedVault) throws -> SealedVault { try SealedVault.parse(try v.serialized(), as: .vault) }

    /// The file `current` with the slot bytes of `old` grafted in (both files'
    /// slots have the same sizes), checksum fixed, as a forger would.
    func grafted(slot index: Int, from old: [UInt8], into current: [UInt8]) -> [UInt8] {
        let start = 15 + (index == 0 ? 0 : 98), size = index == 0 ? KeySlot.wrapSize : KeySlot.provenSize
        var b = current
        b.replaceSubrange(start..<(start + size), with: old[start..<(start + size)])
        return Forging.rechecksummed(b)
    }

    /// A user added after the change does not open with the old slot.
    func addLateUser(_ v: UnlockedVault) throws -> [UInt8] {
        try v.addUser(UserEntry(name: "late", suite: SuiteID.sha256NoCounter.suite, enrolledAt: 2),
                      secret: UserSecret(counter: 0, key: SecretRef(Random.secret(32)), pinHash: nil))
        return try v.serialized()
    }

    @Test("after a PIN change the old PIN slot, grafted into the new file, opens nothing written since")
    func pinChange() throws {
        let before = try vault()
        let old = try before.serialized()
        let opened = try #require(try SealedVault.parse(old, as: .vault).tryUnlock(.pin, pin: pin))
        let changed = try opened.rotated(newPIN: newPIN, newRecoveryPIN: nil)
        #expect(!changed.dataKey.constantTimeEquals(before.dataKey))
        let current = try addLateUser(changed)
        let graft = try SealedVault.parse(grafted(slot: 0, from: old, into: current), as: .vault)
        let withOldPIN = try #require(try graft.tryUnlock(.pin, pin: pin)) // the old slot opens: the old data key
        for i in 0..<2 { #expect(throws: IBKeyError.self) { _ = try withOldPIN.secret(at: i) } }
        // The new file itself works with the new PIN and, through its public key, the recovery PIN.
        let sealed = try SealedVault.parse(current, as: .vault)
        #expect(try sealed.tryUnlock(.pin, pin: pin) == nil)
        #expect(try #require(try sealed.tryUnlock(.pin, pin: newPIN)).secret(at: 1).key.count == 32)
        #expect(try #require(try sealed.tryUnlock(.recoveryPIN, pin: recovery)).secret(at: 0).counter == 9)
    }

    @Test("after a recovery-PIN change and a PIN reset, older recovery slots open nothing written since")
    func recoveryChanges() throws {
        let old = try vault().serialized()
        let both = try #require(try SealedVault.parse(old, as: .vault).tryUnlock(.pin, pin: pin))
        both.remember(try #require(try SealedVault.parse(old, as: .vault).openSlot(.recoveryPIN, pin: recovery)).kek, for: .recoveryPIN)
        let changed = try both.rotated(newPIN: nil, newRecoveryPIN: newRecovery)
        let current = try addLateUser(changed)
        let graft = try #require(try SealedVault.parse(grafted(slot: 1, from: old, into: current), as: .vault).tryUnlock(.recoveryPIN, pin: recovery))
        for i in 0..<2 { #expect(throws: IBKeyError.self) { _ = try graft.secret(at: i) } }
        #expect(try SealedVault.parse(current, as: .vault).tryUnlock(.recoveryPIN, pin: recovery) == nil)
        // A PIN reset with the new recovery PIN: a new key again, the old PIN dead.
        let reset = try #require(try SealedVault.parse(current, as: .vault).tryUnlock(.recoveryPIN, pin: newRecovery))
        let afterReset = try reset.rotated(newPIN: newPIN, newRecoveryPIN: nil)
        #expect(!afterReset.dataKey.constantTimeEquals(changed.dataKey))
        let final = try SealedVault.parse(try afterReset.serialized(), as: .vault)
        #expect(try final.tryUnlock(.pin, pin: pin) == nil)
        #expect(try #require(try final.tryUnlock(.pin, pin: newPIN)).secret(at: 1).counter == 0)
        #expect(try #require(try final.tryUnlock(.recoveryPIN, pin: newRecovery)).secret(at: 0).counter == 9)
    }

    /// Someone who can write the file swaps in a public key of their own (and
    /// seals a key of their own to it). A PIN change must refuse to seal the
    /// new data key to it: the tag under the current data key does not match.
    @Test("a substituted recovery public key is damage, and nothing is sealed to it")
    func substitutedPublicKey() throws {
        let bytes = try vault().serialized()
        let attacker = SealedBox.keyPair()
        var b = bytes
        // After the PIN slot: the recovery slot's kind … nonce (50 bytes) and its wrapped keys (80).
        let pk = Forging.recoverySlot + 50 + KeySlot.provenWrappedSize
        b.replaceSubrange(pk..<(pk + 32), with: attacker.publicKey)
        b.replaceSubrange((pk + 32)..<(pk + 112), with: SealedBox.seal(Random.secret(32), to: attacker.publicKey))
        b = Forging.rechecksummed(b)
        let sealed = try SealedVault.parse(b, as: .vault)
        let opened = try #require(try sealed.tryUnlock(.pin, pin: pin))
        #expect(throws: IBKeyError.damaged(Damage(.vault, "the recovery key slot does not authenticate"))) {
            _ = try opened.rotated(newPIN: newPIN, newRecoveryPIN: nil)
        }
        // And the recovery PIN does not open the altered slot as a wrong PIN: it is damage.
        #expect(throws: IBKeyError.damaged(Damage(.vault, "the recovery key slot does not authenticate"))) {
            _ = try sealed.tryUnlock(.recoveryPIN, pin: recovery)
        }
    }

    @Test("a recovery slot from before format 4 needs the recovery PIN once, then becomes a proven slot")
    func legacyRecoverySlot() throws {
        let url = try #require(Bundle.module.url(forResource: "vault-v2", withExtension: "ibkey", subdirectory: "Fixtures"))
        let sealed = try SealedVault.parse([UInt8](try Data(contentsOf: url)), as: .vault)
        #expect(sealed.recoverySlotNeedsUpgrade)
        let pinOnly = try #require(try sealed.tryUnlock(.pin, pin: pin))
        #expect(throws: IBKeyError.self) { _ = try pinOnly.rotated(newPIN: newPIN, newRecoveryPIN: nil) }
        pinOnly.remember(try #require(try sealed.openSlot(.recoveryPIN, pin: recovery)).kek, for: .recoveryPIN)
        let changed = try SealedVault.parse(try pinOnly.rotated(newPIN: newPIN, newRecoveryPIN: nil).serialized(), as: .vault)
        #expect(changed.version == RecordFormat.written && !changed.recoverySlotNeedsUpgrade)
        #expect(try #require(try changed.tryUnlock(.recoveryPIN, pin: recovery)).secret(at: 0).counter == 1)
        #expect(try changed.tryUnlock(.pin, pin: newPIN) != nil)
    }

    @Test("a backup and a vault restored from it each have a data key of their own")
    func backupRestore() throws {
        let v = try vault()
        let backup = try v.converted(to: .backup, level: .test, pin: nil, recoveryPIN: recovery)
        let restored = try backup.converted(to: .vault, level: .test, pin: newPIN, recoveryPIN: recovery)
        #expect(!backup.dataKey.constantTimeEquals(v.dataKey) && !restored.dataKey.constantTimeEquals(backup.dataKey))
        let sealedBackup = try SealedVault.parse(try backup.serialized(), as: .backup)
        #expect(sealedBackup.slots.map(\.form) == [.proven])
        #expect(try #require(try sealedBackup.tryUnlock(.recoveryPIN, pin: recovery)).secret(at: 0).counter == 9)
    }
}
