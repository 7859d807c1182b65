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
        let again = s.run(["backup", "--output", backup, "--kdf", "test"], env: s.secrets)
        #expect(again.status == 7 && again.stderr == "ibkey: error: \(backup) already exists; ibkey does not overwrite it\n"
            + "hint: choose another --output, or pass --force to replace it\n", "\(again.stderr)")
        #expect(s.run(["backup", "--output", backup, "--kdf", "test", "--force"], env: s.secrets).status == 0)
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

    @Test("backup -o - writes the backup to stdout (a pipe), which restores; restore says which counters came back")
    func toStandardOutput() throws {
        let s = enrolledSandbox()
        _ = s.run(["respond", "123456"], env: s.secrets) // counter 1 → 2
        let b = s.run(["-c", "\"$0\" backup -o - --kdf test > \(s.path("piped.backup"))", Binary.path], env: s.secrets, executable: "/bin/sh")
        #expect(b.status == 0, "\(b.stderr)")
        #expect(s.bytes(s.path("piped.backup")).starts(with: Array("IBKEYBAK".utf8)))
        let fresh = Sandbox()
        try FileManager.default.copyItem(atPath: s.path("piped.backup"), toPath: fresh.path("b"))
        let r = fresh.run(["restore", fresh.path("b"), "--kdf", "test"], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("counters are back where the backup"), "\(r.stderr)")
        #expect(r.stderr.contains("alice 2"), "\(r.stderr)")
        #expect(r.stderr.contains("ibkey:   yes 000000 | head -n N | ibkey respond --user alice - > /dev/null"), "\(r.stderr)")
    }

    @Test("restore says an HOTP account's counter came back, and how to skip its codes; a TOTP account has none")
    func hotpCounterAdvice() throws {
        let s = Sandbox()
        s.addOTPAccounts([OTPFixtureAccount(name: "vpn", suite: "HOTP-SHA1-6", keyHex: OTPFixtureAccount.rfc6238Key("SHA1")),
                          OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        let b = s.run(["backup", "--output", s.path("b.backup"), "--kdf", "test"], env: s.secrets)
        #expect(b.status == 0, "\(b.stderr)")
        // Three codes after the backup: the restored vault is three behind.
        for _ in 0..<3 { #expect(s.run(["code", "vpn"], env: s.secrets).status == 0) }
        let fresh = Sandbox()
        try FileManager.default.copyItem(atPath: s.path("b.backup"), toPath: fresh.path("b"))
        let r = fresh.run(["restore", fresh.path("b"), "--kdf", "test"], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("left them: vpn 0; if N responses or HOTP codes were made since"), "\(r.stderr)")
        #expect(r.stderr.contains("ibkey:   for i in $(seq N); do ibkey code vpn > /dev/null; done"), "\(r.stderr)")
        #expect(!r.stderr.contains("gh"), "\(r.stderr)")
        // The advice, followed with N = 3, gives the code the original vault gives next.
        let skip = fresh.run(["-c", "for i in $(seq 3); do \"$0\" code vpn > /dev/null; done", Binary.path],
                             env: ["IBKEY_PIN": "6081-x"], executable: "/bin/sh")
        #expect(skip.status == 0, "\(skip.stderr)")
        #expect(fresh.run(["code", "vpn"], env: ["IBKEY_PIN": "6081-x"]).stdout == s.run(["code", "vpn"], env: s.secrets).stdout)
    }

    @Test("backup -o - and export refuse a terminal (exit 2) alike, and write nothing there", .enabled(if: PTY.python != nil))
    func refusesTerminal() throws {
        let s = enrolledSandbox()
        let r = try PTY.session(s, args: ["backup", "-o", "-", "--kdf", "test"], steps: [], env: s.secrets)
        #expect(r.status == 2, "\(r.screen)")
        #expect(r.screen.contains("ibkey: error: refusing to write a backup to a terminal\r\n"
            + "hint: give -o FILE (written 0600), or redirect it: (umask 077; ibkey backup -o - > FILE)"), "\(r.screen)")
        #expect(!r.screen.contains("IBKEYBAK"))
        let e = try PTY.session(s, args: ["export", "alice"], steps: [], env: s.secrets.merging(["IBKEY_EXPORT_PASSWORD": "correct horse"]) { $1 })
        #expect(e.status == 2, "\(e.screen)")
        #expect(e.screen.contains("ibkey: error: refusing to write an export to a terminal\r\n"
            + "hint: give -o FILE (written 0600), or redirect it: (umask 077; ibkey export alice -o - > FILE)"), "\(e.screen)")
        #expect(!e.screen.contains("KeyContainer") && !e.screen.contains("PIN:"))
    }
}
