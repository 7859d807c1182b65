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
}
