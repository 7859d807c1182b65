import Foundation
import Testing

/// Guessable mistakes get a pointer to what was meant (Docs/README.md,
/// "Prompts and waiting").
@Suite("Guessable mistakes")
struct MistakeTests {
    @Test("a mistyped command suggests the closest one; an unknown one points at --help",
          arguments: [(["respnd", "123456"], "did you mean 'ibkey respond'?"),
                      (["issuer", "chalenge", "alice"], "did you mean 'ibkey issuer challenge'?"),
                      (["enrol", "--user", "a"], "did you mean 'ibkey enroll'?"),
                      (["frobnicate"], "see 'ibkey --help' for the commands")])
    func typo(args: [String], hint: String) {
        let r = Sandbox().run(args)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("ibkey: error: unknown command '\(args[args.count > 2 && args[0] == "issuer" ? 1 : 0])'"), "\(r.stderr)")
        #expect(r.stderr.contains("hint: \(hint)"), "\(r.stderr)")
    }

    @Test("'ibkey respond alice 123456' points at --user alice, before any PIN is asked for")
    func userAsWord() {
        let s = enrolledSandbox(users: ["alice", "bob"])
        let before = s.bytes(s.vault)
        let r = s.run(["respond", "alice", "123456"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("'alice' is a user, not part of the challenge"), "\(r.stderr)")
        #expect(r.stderr.contains("hint: name the user with --user: ibkey respond --user alice 123456"), "\(r.stderr)")
        #expect(s.bytes(s.vault) == before)
    }

    @Test("the issuer side takes --user as the vault side does, and refuses both forms at once")
    func issuerUser() {
        let s = Sandbox()
        #expect(s.run(["issuer", "init"]).status == 0)
        let code = s.run(["issuer", "add-user", "--user", "alice"])
        #expect(code.status == 0 && code.out.hasPrefix("AEAQ-"), "\(code.stderr)")
        let enroll = s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf, env: s.secrets, stdin: code.out + "\n")
        #expect(s.run(["issuer", "activate", "--user", "alice", enroll.out]).status == 0)
        let q = s.run(["issuer", "challenge", "--user", "alice"])
        #expect(q.status == 0 && q.out.count == 6)
        let response = s.run(["respond", q.out], env: s.secrets).out
        #expect(s.run(["issuer", "verify", "--user", "alice", response]).status == 0)
        let both = s.run(["issuer", "challenge", "alice", "--user", "alice"])
        #expect(both.status == 2 && both.stderr.contains("already given by --user"), "\(both.stderr)")
        #expect(s.run(["issuer", "challenge"]).status == 2)
        #expect(s.run(["issuer", "remove", "--user", "alice"]).status == 0)
    }

    @Test("'ibkey remove bob' and 'ibkey export alice' take the name as 'issuer remove bob' does; -u is --user")
    func userAsWordOnTheVaultSide() throws {
        let s = enrolledSandbox(users: ["alice", "bob", "carol"])
        let rm = s.run(["remove", "bob"], env: s.secrets)
        #expect(rm.status == 0 && rm.stderr.isEmpty, "\(rm.stderr)") // the note is for a terminal
        let rmShort = s.run(["remove", "-u", "carol"], env: s.secrets)
        #expect(rmShort.status == 0, "\(rmShort.stderr)")
        #expect(json(s.run(["users", "--json"]).stdout).map { ($0 as? [[String: Any]])?.map { $0["name"] as? String } } == ["alice"])
        let out = s.path("alice.pskc")
        let ex = s.run(["export", "alice", "-o", out], env: s.secrets.merging(["IBKEY_EXPORT_PASSWORD": "correct horse"]) { $1 })
        #expect(ex.status == 0 && FileManager.default.fileExists(atPath: out), "\(ex.stderr)")
        #expect(s.run(["respond", "-u", "alice", "123456"], env: s.secrets).out.count == 8)
        let both = s.run(["remove", "alice", "--user", "alice"], env: s.secrets)
        #expect(both.status == 2 && both.stderr.contains("already given by --user"), "\(both.stderr)")
        let neither = s.run(["remove"], env: s.secrets)
        #expect(neither.status == 2 && neither.stderr.contains("give the user's name, as NAME or --user NAME"), "\(neither.stderr)")
    }

    @Test("a mistyped option: the option meant when it is near, and the command's own help",
          arguments: [(["respond", "--usr", "alice", "1"], "--usr", "did you mean '--user'? see 'ibkey respond --help'"),
                      (["respond", "-user", "alice", "1"], "-user", "did you mean '--user'? see 'ibkey respond --help'"),
                      (["users", "--jsn"], "--jsn", "did you mean '--json'? see 'ibkey users --help'"),
                      (["issuer", "verify", "--windw", "3", "alice", "1"], "--windw", "did you mean '--window'? see 'ibkey issuer verify --help'"),
                      (["respond", "--quit"], "--quit", "did you mean '--quiet'? see 'ibkey respond --help'"),
                      (["respond", "--foo"], "--foo", "see 'ibkey respond --help'"),
                      (["enroll", "--kd", "test"], "--kd", "did you mean '--kdf'? see 'ibkey enroll --help'"),
                      (["backup", "--xyz"], "--xyz", "see 'ibkey backup --help'")])
    func optionTypo(args: [String], word: String, hint: String) {
        let r = Sandbox().run(args)
        #expect(r.status == 2)
        #expect(r.stderr == "ibkey: error: unknown option '\(word)'\nhint: \(hint)\n", "\(r.stderr)")
    }

    @Test("other parser errors point at the command's own help")
    func commandHelp() {
        let r = Sandbox().run(["enroll", "--kdf", "extreme", "-u", "a"])
        #expect(r.status == 2 && r.stderr.hasSuffix("\nhint: see 'ibkey enroll --help'\n"), "\(r.stderr)")
        let issuer = Sandbox().run(["issuer", "verify"])
        #expect(issuer.status == 2 && issuer.stderr.hasSuffix("\nhint: see 'ibkey issuer verify --help'\n"), "\(issuer.stderr)")
    }

    @Test("a secret typed as an option's value: why not, and which options give it; the value never shown",
          arguments: [(["respond", "--pin", "8642", "123456"], "--pin", "a PIN", "--pin-fd N, --pin-file PATH, --pin-stdin, IBKEY_PIN"),
                      (["respond", "--pin=8642"], "--pin", "a PIN", "--pin-fd N, --pin-file PATH, --pin-stdin, IBKEY_PIN"),
                      (["enroll", "-u", "a", "--recovery-pin", "8642"], "--recovery-pin", "a recovery PIN",
                       "--recovery-pin-fd N, --recovery-pin-file PATH, IBKEY_RECOVERY_PIN"),
                      (["pin", "change", "--new-pin", "8642"], "--new-pin", "a new PIN", "--new-pin-fd N, --new-pin-file PATH, IBKEY_NEW_PIN"),
                      (["import", "--user", "bob", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--secret", "8642"], "--secret", "a secret",
                       "--secret-fd N, --secret-file PATH, IBKEY_SECRET"),
                      (["import", "--password", "8642", "f.pskc"], "--password", "a password",
                       "--password-fd N, --password-file PATH, IBKEY_IMPORT_PASSWORD"),
                      (["export", "alice", "--password=8642"], "--password", "a password",
                       "--password-fd N, --password-file PATH, IBKEY_EXPORT_PASSWORD"),
                      (["enroll", "-u", "a", "--token-pin=8642"], "--token-pin", "a token PIN",
                       "--token-pin-fd N, --token-pin-file PATH, IBKEY_TOKEN_PIN")])
    func secretAsValue(args: [String], option: String, what: String, sources: String) {
        let s = Sandbox()
        let r = s.run(args)
        #expect(r.status == 2 && r.stdout.isEmpty)
        #expect(r.stderr == "ibkey: error: \(option) is not an option: \(what) never goes on the command line, where other users can read it (ps)\n"
            + "hint: give it with \(sources), or type it at the prompt\n", "\(r.stderr)")
        #expect(!r.stderr.contains("8642"))
    }
}
