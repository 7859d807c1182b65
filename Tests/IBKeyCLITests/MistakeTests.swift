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
        #expect(rm.status == 0 && rm.stderr == "ibkey: removed 'bob'\n", "\(rm.stderr)")
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
}
