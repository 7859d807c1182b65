import Foundation
import Testing

/// `--token-pin`: a token PIN of its own, typed at the prompt (twice), so the
/// issuer does not learn the vault PIN; refused where there is no terminal.
@Suite("--token-pin")
struct TokenPINPromptTests {
    static let tokenPIN = "4711-t"

    @Test("enroll --token-pin: asked twice, hidden; the P input is the token PIN's, and the note says so",
          .enabled(if: PTY.python != nil))
    func enrollAsks() throws {
        let s = Sandbox()
        let r = try PTY.session(s, args: ["enroll", "--user", "alice", "--kdf", "test", "--token-pin"], steps: [
            ["expect", "Activation code: "], ["send", Reference.code() + "\n"],
            ["expect", "Token PIN (the PIN the issuer learns): "], ["send", Fixture.pin + "\n"],
            ["expect", "must differ from the vault PIN"],
            ["expect", "Token PIN (the PIN the issuer learns): "], ["send", Self.tokenPIN + "\n"],
            ["expect", "Repeat token PIN: "], ["send", Self.tokenPIN + "\n"],
        ], env: s.secrets)
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(!r.screen.contains(Self.tokenPIN), "the token PIN was echoed: \(r.screen)")
        #expect(r.screen.contains("SHA1 of the token PIN, not of your vault PIN"), "\(r.screen)")
        let answer = s.run(["respond", "--json", "708362"], env: s.secrets)
        let expected = try Reference.response("708362", counter: 1, pin: Self.tokenPIN)
        #expect((json(answer.stdout) as? [String: Any])?["response"] as? String == expected, "\(answer.stderr)")
    }

    @Test("without --token-pin the note names it, and --help explains it", .enabled(if: PTY.python != nil))
    func named() throws {
        let s = Sandbox()
        let r = try PTY.session(s, args: ["enroll", "--user", "alice", "--kdf", "test", Reference.code()], steps: [], env: s.secrets)
        #expect(r.status == 0 && r.screen.contains("a token PIN of its own (--token-pin, --token-pin-fd"), "\(r.screen)")
        for command in [["enroll"], ["import"]] {
            let help = s.run(command + ["--help"]).stdout
            #expect(help.contains("--token-pin ") && help.contains("--token-pin-fd"), "\(command): \(help)")
        }
    }

    @Test("--token-pin without a terminal: refused before anything is read, naming the other sources",
          arguments: [["enroll", "--user", "alice", "--token-pin", "-"],
                      ["import", "--user", "dana", "--suite", "OCRA-1:HOTP-SHA1-8:C-QN08-PSHA1", "--token-pin"]])
    func refusedWithoutTerminal(args: [String]) {
        let s = Sandbox()
        let r = s.run(args + Fixture.kdf, env: s.secrets.merging(["IBKEY_SECRET": String(repeating: "3132", count: 10)]) { $1 },
                      stdin: Reference.code() + "\n")
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr == "ibkey: error: --token-pin asks at the terminal, and there is none\n"
                + "hint: pass --token-pin-fd N, --token-pin-file PATH or set IBKEY_TOKEN_PIN\n", "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.vault))
    }

    @Test("--token-pin with another source of the token PIN: refused (exit 2)")
    func oneSource() {
        let s = Sandbox()
        let file = s.file("token", Self.tokenPIN + "\n")
        let both = s.run(["enroll", "--user", "alice", "--token-pin", "--token-pin-file", file, "-"] + Fixture.kdf,
                         env: s.secrets, stdin: Reference.code() + "\n")
        #expect(both.status == 2 && both.stderr.contains("leave out --token-pin-fd and --token-pin-file"), "\(both.stderr)")
        let env = s.run(["enroll", "--user", "alice", "--token-pin", "-"] + Fixture.kdf,
                        env: s.secrets.merging(["IBKEY_TOKEN_PIN": Self.tokenPIN]) { $1 }, stdin: Reference.code() + "\n")
        #expect(env.status == 2 && env.stderr.contains("IBKEY_TOKEN_PIN is set too"), "\(env.stderr)")
    }
}
