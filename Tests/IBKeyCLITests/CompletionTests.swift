import Foundation
import Testing

/// Shell completion as people meet it: commands, options, files, and the
/// names the vault and the issuer store hold, each in the shell itself: bash
/// through its completion function (Fixtures/bash_complete.sh plays TAB), zsh
/// and fish interactive on a pseudo-terminal (Fixtures/shell_complete.py types
/// the line and presses TAB).
@Suite("Completions")
struct CompletionTests {
    func complete(_ s: Sandbox, _ line: String) throws -> [String] {
        let helper = try #require(Bundle.module.url(forResource: "bash_complete", withExtension: "sh", subdirectory: "Fixtures")).path
        let r = s.run([helper, Binary.path, line], executable: "/bin/bash")
        #expect(r.status == 0, "\(r.stderr)")
        return r.lines
    }

    @Test("bash: commands, subcommands, options, files, and enrolled and issuer user names")
    func bash() throws {
        let s = enrolledSandbox(users: ["alice", "bob"])
        #expect(s.run(["issuer", "init"]).status == 0)
        #expect(s.run(["issuer", "add-user", "carol"]).status == 0)
        s.file("backup-1.ibkey", "x")
        #expect(try complete(s, "ibkey resp") == ["respond"])
        #expect(try complete(s, "ibkey issuer chal") == ["challenge"])
        #expect(try complete(s, "ibkey respond --no-").contains("--no-wait"))
        #expect(Set(try complete(s, "ibkey respond --user ")) == ["alice", "bob"])
        #expect(try complete(s, "ibkey export --user a") == ["alice"])
        #expect(try complete(s, "ibkey remove --user b") == ["bob"])
        #expect(try complete(s, "ibkey remove b") == ["bob"])
        #expect(Set(try complete(s, "ibkey respond -u ")) == ["alice", "bob"])
        #expect(try complete(s, "ibkey issuer challenge ") == ["carol"])
        #expect(try complete(s, "ibkey issuer verify --user c") == ["carol"])
        // Files.
        #expect(try complete(s, "ibkey restore \(s.dir)/backup-") == ["\(s.dir)/backup-1.ibkey"])
        #expect(try complete(s, "ibkey respond --pin-file \(s.dir)/backup-") == ["\(s.dir)/backup-1.ibkey"])
        #expect(try complete(s, "ibkey import \(s.dir)/backup-") == ["\(s.dir)/backup-1.ibkey"])
    }

    @Test("bash: code completes the vault's TOTP and HOTP accounts, never its OCRA users")
    func codeAccounts() throws {
        let s = enrolledSandbox(users: ["alice", "bob"])
        s.addOTPAccounts([
            OTPFixtureAccount(name: "github", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"), issuer: "GitHub"),
            OTPFixtureAccount(name: "bank", suite: "HOTP-SHA1-6", keyHex: OTPFixtureAccount.rfc6238Key("SHA1")),
        ])
        #expect(Set(try complete(s, "ibkey code --user ")) == ["github", "bank"])
        #expect(Set(try complete(s, "ibkey code -u ")) == ["github", "bank"])
        #expect(Set(try complete(s, "ibkey code ")).isSuperset(of: ["github", "bank"]))
        #expect(!(try complete(s, "ibkey code ")).contains("alice"))
        #expect(try complete(s, "ibkey code b") == ["bank"])
        #expect(try complete(s, "ibkey code --user a") == [])
        #expect(try complete(s, "ibkey code --vault \(s.vault) --user g") == ["github"])
        // respond keeps completing every user.
        #expect(Set(try complete(s, "ibkey respond --user ")) == ["alice", "bob", "github", "bank"])
        #expect(try complete(s, "ibkey co") == ["code"])
    }

    static func installed(_ shell: String) -> Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/\(shell)") }

    @Test("bash: no vault, no names, and no error on the screen")
    func noVault() throws {
        let s = Sandbox()
        #expect(try complete(s, "ibkey respond --user ") == [])
    }

    @Test("zsh and fish, interactive on a pty: commands, options, files, and enrolled and issuer user names",
          .enabled(if: Self.installed("zsh") && Self.installed("fish"), "make test-deps installs zsh and fish"),
          arguments: ["zsh", "fish"])
    func otherShells(_ shell: String) throws {
        let s = enrolledSandbox(users: ["alice", "bob"])
        #expect(s.run(["issuer", "init"]).status == 0)
        #expect(s.run(["issuer", "add-user", "carol"]).status == 0)
        s.addOTPAccounts([OTPFixtureAccount(name: "github", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        s.file("backup-1.ibkey", "x")
        let cases: [(typed: String, becomes: String)] = [
            ("ibkey code --user g", "ibkey code --user github"),
            ("ibkey code g", "ibkey code github"),
            ("ibkey resp", "ibkey respond"),
            ("ibkey issuer chal", "ibkey issuer challenge"),
            ("ibkey users --no-w", "ibkey users --no-wait"),
            ("ibkey respond --user a", "ibkey respond --user alice"),
            ("ibkey remove --user b", "ibkey remove --user bob"),
            ("ibkey remove b", "ibkey remove bob"),
            ("ibkey respond -u a", "ibkey respond -u alice"),
            ("ibkey issuer challenge ", "ibkey issuer challenge carol"),
            ("ibkey issuer verify --user c", "ibkey issuer verify --user carol"),
            ("ibkey restore \(s.dir)/backup-", "ibkey restore \(s.dir)/backup-1.ibkey"),
            ("ibkey respond --pin-file \(s.dir)/backup-", "ibkey respond --pin-file \(s.dir)/backup-1.ibkey"),
        ]
        let helper = try #require(Bundle.module.url(forResource: "shell_complete", withExtension: "py", subdirectory: "Fixtures")).path
        let r = s.run([helper, shell, Binary.path] + cases.map(\.typed), executable: Python.path)
        #expect(r.status == 0, "\(r.stderr)")
        let got = r.lines
        try #require(got.count == cases.count, "\(shell): \(r.stdout) \(r.stderr)")
        for (c, line) in zip(cases, got) {
            #expect(line == c.becomes.split(separator: " ").joined(separator: "|"), "\(shell): '\(c.typed)' + TAB gave \(line)")
        }
    }
}
