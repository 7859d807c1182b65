import Foundation
import Testing
@testable import IBKeyCore
#if canImport(Glibc)
import Glibc
#endif

/// Security round 3, finding 3 (Docs/THREAT-MODEL.md, "Forged backups"):
/// only someone who holds a PIN or the recovery PIN of a vault can make a file
/// its recovery PIN opens; and when a command is given both PINs, both slots
/// must lead to the same data key. On ibkey 0.3 the forged backup below
/// restored into the forger's user with exit 0.
@Suite("Forged recovery slots")
struct ForgedRecoveryTests {
    func write(_ s: Sandbox, _ name: String, _ bytes: [UInt8]) -> String {
        let p = s.path(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        chmod(p, 0o600)
        return p
    }

    @Test("a backup forged from the victim's own backup is damage: restore writes nothing")
    func forgedBackup() throws {
        let s = enrolledSandbox()
        #expect(s.run(["backup", "--output", s.path("b.bak"), "--kdf", "test"], env: s.secrets).status == 0)
        let forged = write(s, "forged.bak", try Forgery.forge(victim: s.bytes(s.path("b.bak")), as: .backup))
        let elsewhere = s.path("restored/vault.ibkey")
        let r = s.run(["restore", "--vault", elsewhere, forged, "--kdf", "test"],
                      env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"])
        #expect(r.status == 6 && r.stderr.contains("recovery key slot does not authenticate"), "\(r.status) \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: elsewhere))
        // The genuine backup still restores.
        let ok = s.run(["restore", "--vault", elsewhere, s.path("b.bak"), "--kdf", "test"],
                       env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test("a vault forged from a copy of the victim's vault is damage: pin reset changes nothing")
    func forgedVault() throws {
        let s = enrolledSandbox()
        let forged = try Forgery.forge(victim: s.bytes(s.vault), as: .vault)
        _ = FileManager.default.createFile(atPath: s.vault, contents: Data(forged))
        let r = s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"])
        #expect(r.status == 6 && r.stderr.contains("recovery key slot does not authenticate"), "\(r.status) \(r.stderr)")
        #expect(s.bytes(s.vault) == forged)
    }

    /// ibkey 0.3's files cannot prove who made them: they are still read (a
    /// vault or backup of 0.3 keeps working), and restore and pin reset say so.
    @Test("a format-3 backup or vault still opens with the recovery PIN, with a warning that it proves nothing")
    func formatThreeWarns() throws {
        let s = Sandbox()
        let backup = write(s, "v3.bak", s.bytes(VaultFormatCLITests.fixtures.appendingPathComponent("backup-v3.ibkey").path))
        let r = s.run(["restore", backup, "--kdf", "test"], env: ["IBKEY_RECOVERY_PIN": "r7#Kq", "IBKEY_NEW_PIN": "6081-x"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("cannot prove who made the file") && r.stderr.contains("take a new backup now"), "\(r.stderr)")
        // A forgery of that backup opens too: the window the warning names (Docs/THREAT-MODEL.md).
        let forged = write(s, "forged-v3.bak", try Forgery.forge(victim: s.bytes(backup), as: .backup))
        let f = s.run(["restore", "--vault", s.path("other/vault.ibkey"), forged, "--kdf", "test"],
                      env: ["IBKEY_RECOVERY_PIN": "r7#Kq", "IBKEY_NEW_PIN": "6081-x"])
        #expect(f.status == 0 && f.stderr.contains("cannot prove who made the file"), "\(f.stderr)")
        #expect(s.run(["users", "--vault", s.path("other/vault.ibkey")]).stdout.contains("mallory"))
        // pin reset on a vault still holding 0.3's recovery slot warns likewise.
        try FileManager.default.removeItem(atPath: s.vault)
        _ = FileManager.default.createFile(atPath: s.vault, contents: Data(s.bytes(VaultFormatCLITests.fixtures.appendingPathComponent("vault-v3.ibkey").path)))
        chmod(s.vault, 0o600)
        // status says so in its text form too, until the recovery PIN is given.
        let before = s.run(["status"])
        #expect(before.stdout.contains("\nrecovery: public key, unproven (ibkey 0.3;"), "\(before.stdout)")
        let reset = s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": "r7#Kq", "IBKEY_NEW_PIN": "6081-x"])
        #expect(reset.status == 0 && reset.stderr.contains("cannot prove who made the file"), "\(reset.stderr)")
        // The reset gave the recovery PIN: the slot is now proven, and the warning is gone.
        let status = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(status?["recovery_slot"] as? String == "proven", "\(String(describing: status))")
        #expect(!s.run(["status"]).stdout.contains("recovery:"), "a proven slot needs no line")
    }

    /// A PIN slot kept from before a recovery-PIN change (the same PIN, the old
    /// data key), grafted into the current file: each slot opens, to different keys.
    @Test("when both PINs are given, both slots must lead to the same data key")
    func slotsAgree() throws {
        let s = enrolledSandbox()
        let before = s.bytes(s.vault)
        let change = s.run(["recovery-pin", "change"], env: s.secrets.merging(["IBKEY_NEW_PIN": "k3%Wp"]) { $1 })
        #expect(change.status == 0, "\(change.stderr)")
        var b = s.bytes(s.vault)
        b.replaceSubrange(15..<(15 + KeySlot.wrapSize), with: before[15..<(15 + KeySlot.wrapSize)])
        Crafting.fixRecordFormatChecksums(&b)
        _ = FileManager.default.createFile(atPath: s.vault, contents: Data(b))
        let r = s.run(["backup", "--output", s.path("b.bak"), "--kdf", "test"],
                      env: ["IBKEY_PIN": Fixture.pin, "IBKEY_RECOVERY_PIN": "k3%Wp"])
        #expect(r.status == 6 && r.stderr.contains("lead to different keys"), "\(r.status) \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.path("b.bak")))
    }
}
