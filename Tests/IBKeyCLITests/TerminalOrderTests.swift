import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What is asked, in which order, and what is said meanwhile, on a
/// pseudo-terminal (Docs/README.md, "Prompts and waiting"): the current PIN
/// is checked before anything new is asked; new secrets are asked again when
/// refused; slow work and waiting for the lock are said on the screen.
@Suite("Terminal: order of prompts, retries, waiting")
struct TerminalOrderTests {
    static let python = PTY.python
    static let newPIN = "7193-k"

    /// Three wrong tries at the prompt, each asked again, then the command's end.
    static let threeWrong: [[String]] = [
        ["expect", "PIN: "], ["send", "5931-q\n"], ["expect", "try again"],
        ["expect", "PIN: "], ["send", "5931-r\n"], ["expect", "try again"],
        ["expect", "PIN: "], ["send", "5931-s\n"],
    ]
    static let threeWrongRecovery: [[String]] = [
        ["expect", "Recovery PIN: "], ["send", "zz9#q\n"], ["expect", "try again"],
        ["expect", "Recovery PIN: "], ["send", "zz9#r\n"], ["expect", "try again"],
        ["expect", "Recovery PIN: "], ["send", "zz9#s\n"],
    ]

    @Test("pin change: a wrong PIN ends it before a new PIN is asked; then a refused new PIN is asked again",
          .enabled(if: python != nil))
    func pinChange() throws {
        let s = enrolledSandbox()
        let wrong = try PTY.session(s, args: ["pin", "change"], steps: Self.threeWrong)
        #expect(wrong.status == 3 && wrong.screen.contains("wrong PIN"), "\(wrong.screen)")
        #expect(!wrong.screen.contains("New PIN"), "a new PIN was asked for first: \(wrong.screen)")
        let right = try PTY.session(s, args: ["pin", "change"], steps: [
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "New PIN: "], ["send", "1234\n"],
            ["expect", "try again"], ["expect", "New PIN: "], ["send", Self.newPIN + "\n"],
            ["expect", "Repeat PIN: "], ["send", Self.newPIN + "\n"],
        ])
        #expect(right.ok && right.status == 0, "\(right.screen)")
        #expect(s.run(["respond", "708362"], env: ["IBKEY_PIN": Self.newPIN]).status == 0)
    }

    @Test("pin reset and restore: a wrong recovery PIN ends them before a new PIN is asked", .enabled(if: python != nil))
    func recoveryFirst() throws {
        let s = enrolledSandbox()
        let reset = try PTY.session(s, args: ["pin", "reset"], steps: Self.threeWrongRecovery)
        #expect(reset.status == 3 && reset.screen.contains("wrong recovery PIN"), "\(reset.screen)")
        #expect(!reset.screen.contains("New PIN"), "\(reset.screen)")
        let backup = s.path("backup.ibkey")
        #expect(s.run(["backup", "-o", backup, "--kdf", "test"], env: s.secrets).status == 0)
        let restore = try PTY.session(s, args: ["restore", backup, "--vault", s.path("other/vault.ibkey"), "--kdf", "test"],
                                      steps: Self.threeWrongRecovery)
        #expect(restore.status == 3 && restore.screen.contains("wrong recovery PIN"), "\(restore.screen)")
        #expect(!restore.screen.contains("New PIN"), "\(restore.screen)")
        #expect(!FileManager.default.fileExists(atPath: s.path("other/vault.ibkey")))
    }

    @Test("export: the PIN is checked before the export password is asked; a short password is asked again",
          .enabled(if: python != nil))
    func exportOrder() throws {
        let s = enrolledSandbox()
        let out = s.path("alice.pskc")
        let wrong = try PTY.session(s, args: ["export", "--user", "alice", "-o", out], steps: Self.threeWrong,
                                    env: ["IBKEY_RECOVERY_PIN": Fixture.recovery])
        #expect(wrong.status == 3 && wrong.screen.contains("wrong PIN"), "\(wrong.screen)")
        #expect(!wrong.screen.contains("password"), "the password was asked for first: \(wrong.screen)")
        let right = try PTY.session(s, args: ["export", "--user", "alice", "-o", out], steps: [
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "Export password: "], ["send", "short\n"],
            ["expect", "at least 8"], ["expect", "Export password: "], ["send", "correct horse\n"],
            ["expect", "Repeat export password: "], ["send", "correct horse\n"],
        ], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery])
        #expect(right.ok && right.status == 0, "\(right.screen)")
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test("import: the token PIN is asked twice, and again when the two differ", .enabled(if: python != nil))
    func tokenPINTwice() throws {
        let s = Sandbox()
        let r = try PTY.session(s, args: ["import", "--user", "dana", "--suite", "OCRA-1:HOTP-SHA1-8:C-QN08-PSHA1", "--kdf", "test"], steps: [
            ["expect", "Token PIN (the PIN the verifier knows): "], ["send", "4711-t\n"],
            ["expect", "Repeat token PIN: "], ["send", "4711-x\n"],
            ["expect", "differ; try again"],
            ["expect", "Token PIN (the PIN the verifier knows): "], ["send", "4711-t\n"],
            ["expect", "Repeat token PIN: "], ["send", "4711-t\n"],
        ], env: s.secrets.merging(["IBKEY_SECRET": String(repeating: "3132", count: 10)]) { $1 })
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(s.run(["users"]).stdout.contains("dana"))
    }

    @Test("three refused tries: the first two say 'try again', the third is the command's one error (exit 2)",
          .enabled(if: python != nil))
    func lastTry() throws {
        let s = Sandbox()
        let e = try PTY.session(s, args: ["enroll", "--user", "alice", "--kdf", "test", Reference.code()], steps: [
            ["expect", "New PIN: "], ["send", "1234\n"],
            ["expect", "New PIN: "], ["send", "0000\n"],
            ["expect", "New PIN: "], ["send", "1111\n"],
        ])
        #expect(e.status == 2, "\(e.screen)")
        #expect(e.screen.components(separatedBy: "try again").count - 1 == 2, "\(e.screen)")
        #expect(e.screen.contains("ibkey: error: "), "\(e.screen)")
        #expect(!FileManager.default.fileExists(atPath: s.vault))
    }

    @Test("a mistyped activation code or challenge at the prompt is said and asked again; the third ends it",
          .enabled(if: python != nil))
    func retypeAtPrompts() throws {
        let s = Sandbox()
        let code = Reference.code()
        // One character changed: the check characters catch it.
        let typo = String(code.prefix(5)) + (code.dropFirst(5).first == "A" ? "B" : "A") + String(code.dropFirst(6))
        let e = try PTY.session(s, args: ["enroll", "--user", "alice", "--kdf", "test"], steps: [
            ["expect", "Activation code: "], ["send", typo + "\n"],
            ["expect", "try again"], ["expect", "Activation code: "], ["send", code + "\n"],
        ], env: s.secrets)
        #expect(e.ok && e.status == 0, "\(e.screen)")
        let r = try PTY.session(s, args: ["respond"], steps: [
            ["expect", "Challenge: "], ["send", "70836\n"],
            ["expect", "try again"], ["expect", "Challenge: "], ["send", "708362\n"],
        ], env: s.secrets)
        let expected = try Reference.response("708362", counter: 1)
        #expect(r.ok && r.status == 0 && r.screen.contains(expected), "\(r.screen)")
        let three = try PTY.session(s, args: ["respond"], steps: [
            ["expect", "Challenge: "], ["send", "1\n"], ["expect", "Challenge: "], ["send", "12\n"], ["expect", "Challenge: "], ["send", "123\n"],
        ], env: s.secrets)
        #expect(three.status == 2 && three.screen.components(separatedBy: "try again").count - 1 == 2, "\(three.screen)")
    }

    @Test("a command that waits for the lock says so on the screen, and answers once it is free", .enabled(if: python != nil))
    func waitsOnScreen() throws {
        let s = enrolledSandbox()
        let holder = try s.batchHoldingLock()
        let r = try PTY.session(s, args: ["respond", "708362"], steps: [
            ["expect", "waiting for the vault, in use by process \(holder)…"],
            ["kill", String(holder)],
        ], env: s.secrets)
        _ = s.wait(holder)
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(r.screen.contains(try Reference.response("708362", counter: 1)), "\(r.screen)")
    }

    @Test("backup says what it is doing while the KDF runs", .enabled(if: python != nil))
    func backupProgress() throws {
        let s = enrolledSandbox()
        let r = try PTY.session(s, args: ["backup", "-o", s.path("b.ibkey"), "--kdf", "test"], steps: [], env: s.secrets)
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(r.screen.contains("encrypting the backup…"), "\(r.screen)")
    }
}
