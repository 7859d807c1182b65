import Foundation
import Testing
import IBKeyCore

/// `ibkey backup` and `ibkey restore`.
@Suite("backup and restore")
struct BackupRestoreTests {
    @Test("backup, then restore on an empty machine gives working responses")
    func backupRestore() throws {
        let s = enrolledSandbox()
        _ = s.run(["respond", "123456"], env: s.secrets) // counter 1 → 2
        let backup = s.path("vault.backup")
        let b = s.run(["backup", "--output", backup, "--kdf", "test"], env: s.secrets)
        #expect(b.status == 0, "\(b.stderr)")
        var st = stat(); stat(backup, &st)
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(s.run(["backup", "--output", backup, "--kdf", "test"], env: s.secrets).status == 2) // exists
        let fresh = Sandbox()
        try FileManager.default.copyItem(atPath: backup, toPath: fresh.path("vault.backup"))
        let restore = fresh.run(["restore", fresh.path("vault.backup"), "--kdf", "test"],
                                env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"])
        #expect(restore.status == 0, "\(restore.stderr)")
        let r = fresh.run(["respond", "708362"], env: ["IBKEY_PIN": "6081-x"])
        #expect(r.out == (try Reference.response("708362", counter: 2)))
        // Refuses to overwrite without --force; wrong recovery PIN: 3.
        #expect(fresh.run(["restore", fresh.path("vault.backup")], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"]).status == 7)
        let other = Sandbox()
        try FileManager.default.copyItem(atPath: backup, toPath: other.path("b"))
        #expect(other.run(["restore", other.path("b"), "--kdf", "test"], env: ["IBKEY_RECOVERY_PIN": "zz9#q", "IBKEY_NEW_PIN": "6081-x"]).status == 3)
        // Damaged backup: 6.
        var bytes = other.bytes(other.path("b")); bytes[bytes.count - 40] ^= 4
        try Data(bytes).write(to: URL(fileURLWithPath: other.path("b")))
        #expect(other.run(["restore", other.path("b"), "--kdf", "test"], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"]).status == 6)
        #expect(!FileManager.default.fileExists(atPath: other.vault))
        // A vault is not a backup.
        #expect(other.run(["restore", s.vault, "--kdf", "test"], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"]).status == 6)
    }
}
