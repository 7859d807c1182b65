import Foundation
import Testing

/// A PIN mistyped at the prompt is asked for again, as `sudo` does: three
/// tries, each wrong one counted on disk; a PIN from any other source is
/// tried once (Docs/README.md, "Prompts and waiting").
@Suite("Terminal: a wrong PIN at the prompt is asked again")
struct TerminalRetryTests {
    static let python = PTY.python

    func failedAttempts(_ s: Sandbox, _ field: String = "failed_pin_attempts") -> Int? {
        (json(s.run(["status", "--json"]).stdout) as? [String: Any])?[field] as? Int
    }

    @Test("wrong, then right: the response, and the count back at 0", .enabled(if: python != nil))
    func wrongThenRight() throws {
        let s = enrolledSandbox()
        let r = try PTY.session(s, args: ["respond", "708362"], steps: [
            ["expect", "PIN: "], ["send", "5931-q\n"],
            ["expect", "ibkey: wrong PIN (9 attempts left before the vault is blocked); try again"],
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
        ])
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(r.screen.contains(try Reference.response("708362", counter: 1)), "\(r.screen)")
        #expect(!r.screen.contains("error"), "\(r.screen)")
        #expect(failedAttempts(s) == 0)
    }

    @Test("three wrong: exit 3 with the usual message, three attempts counted", .enabled(if: python != nil))
    func threeWrong() throws {
        let s = enrolledSandbox()
        let before = s.bytes(s.vault)
        let r = try PTY.session(s, args: ["respond", "708362"], steps: TerminalOrderTests.threeWrong)
        #expect(r.status == 3, "\(r.screen)")
        #expect(r.screen.components(separatedBy: "try again").count - 1 == 2, "\(r.screen)")
        #expect(r.screen.contains("ibkey: error: wrong PIN (7 attempts left before the vault is blocked)"), "\(r.screen)")
        #expect(failedAttempts(s) == 3)
        #expect(s.bytes(s.vault) != before) // the counts, written at each try
        #expect(r.echo == true, "the terminal was left without echo")
    }

    @Test("asking stops once the vault is blocked", .enabled(if: python != nil))
    func stopsWhenBlocked() throws {
        let s = enrolledSandbox()
        for _ in 0..<8 { #expect(s.run(["respond", "708362"], env: ["IBKEY_PIN": "7777-x"]).status == 3) }
        let r = try PTY.session(s, args: ["respond", "708362"], steps: [
            ["expect", "PIN: "], ["send", "5931-q\n"], ["expect", "1 attempt left"],
            ["expect", "PIN: "], ["send", "5931-r\n"],
        ])
        #expect(r.status == 3, "\(r.screen)")
        #expect(r.screen.contains("ibkey: error: wrong PIN: the vault is now blocked"), "\(r.screen)")
        #expect(r.screen.components(separatedBy: "PIN: \r\n").count - 1 == 2, "asked again after the block: \(r.screen)")
        #expect(failedAttempts(s) == 10)
    }

    @Test("a PIN from the environment is tried once, even on a terminal", .enabled(if: python != nil))
    func environmentTriedOnce() throws {
        let s = enrolledSandbox()
        let r = try PTY.session(s, args: ["respond", "708362"], steps: [], env: ["IBKEY_PIN": "5931-q"])
        #expect(r.status == 3, "\(r.screen)")
        #expect(!r.screen.contains("try again") && !r.screen.contains("PIN: "), "\(r.screen)")
        #expect(failedAttempts(s) == 1)
    }

    @Test("the recovery PIN too: pin reset, wrong then right", .enabled(if: python != nil))
    func recoveryWrongThenRight() throws {
        let s = enrolledSandbox()
        let r = try PTY.session(s, args: ["pin", "reset"], steps: [
            ["expect", "Recovery PIN: "], ["send", "zz9#q\n"],
            ["expect", "wrong recovery PIN (9 attempts left before recovery is blocked); try again"],
            ["expect", "Recovery PIN: "], ["send", Fixture.recovery + "\n"],
            ["expect", "New PIN: "], ["send", "6081-x\n"], ["expect", "Repeat PIN: "], ["send", "6081-x\n"],
        ])
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(failedAttempts(s, "failed_recovery_attempts") == 0)
        #expect(s.run(["respond", "708362"], env: ["IBKEY_PIN": "6081-x"]).status == 0)
    }

    @Test("enroll into an existing vault: a wrong PIN at the prompt is asked again; the P input is the right PIN's",
          .enabled(if: python != nil))
    func enrollRetry() throws {
        let s = enrolledSandbox()
        let key = String(repeating: "3c", count: 20)
        let r = try PTY.session(s, args: ["enroll", "--user", "bob", Reference.code(counter: 5, keyHex: key)], steps: [
            ["expect", "PIN: "], ["send", "5931-q\n"],
            ["expect", "try again"], ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
        ], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery])
        #expect(r.ok && r.status == 0, "\(r.screen)")
        let answer = s.run(["respond", "--user", "bob", "--json", "708362"], env: s.secrets)
        #expect((json(answer.stdout) as? [String: Any])?["response"] as? String
                == (try Reference.response("708362", counter: 5, keyHex: key)), "\(answer.stderr)")
    }

    @Test("restore: a wrong recovery PIN for the backup is asked again", .enabled(if: python != nil))
    func restoreRetry() throws {
        let s = enrolledSandbox()
        let backup = s.path("backup.ibkey")
        #expect(s.run(["backup", "-o", backup, "--kdf", "test"], env: s.secrets).status == 0)
        let other = s.path("other/vault.ibkey")
        let r = try PTY.session(s, args: ["restore", backup, "--vault", other, "--kdf", "test"], steps: [
            ["expect", "Recovery PIN: "], ["send", "zz9#q\n"],
            ["expect", "ibkey: wrong recovery PIN; try again"],
            ["expect", "Recovery PIN: "], ["send", Fixture.recovery + "\n"],
            ["expect", "New PIN: "], ["send", "6081-x\n"], ["expect", "Repeat PIN: "], ["send", "6081-x\n"],
        ])
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(FileManager.default.fileExists(atPath: other))
    }

    @Test("pin change and recovery-pin change to the same value: said, and asked again", .enabled(if: python != nil))
    func sameAsOldAtPrompt() throws {
        let s = enrolledSandbox()
        let pin = try PTY.session(s, args: ["pin", "change"], steps: [
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "New PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "ibkey: the new PIN is the same as the old one; try again"],
            ["expect", "New PIN: "], ["send", "7193-k\n"], ["expect", "Repeat PIN: "], ["send", "7193-k\n"],
        ])
        #expect(pin.ok && pin.status == 0, "\(pin.screen)")
        let recovery = try PTY.session(s, args: ["recovery-pin", "change"], steps: [
            ["expect", "PIN: "], ["send", "7193-k\n"], ["expect", "Recovery PIN: "], ["send", Fixture.recovery + "\n"],
            ["expect", "New recovery PIN: "], ["send", Fixture.recovery + "\n"],
            ["expect", "ibkey: the new recovery PIN is the same as the old one; try again"],
            ["expect", "New recovery PIN: "], ["send", "q8!Zt\n"], ["expect", "Repeat recovery PIN: "], ["send", "q8!Zt\n"],
        ])
        #expect(recovery.ok && recovery.status == 0, "\(recovery.screen)")
    }
}
