import Foundation
import Testing

/// Ctrl-Z and Ctrl-C at prompts, on a pseudo-terminal (Docs/README.md,
/// "Prompts"): after Ctrl-Z and `fg` the PIN is hidden again; Ctrl-C at any
/// prompt restores the terminal and ends with one line and exit 130.
@Suite("Signals at prompts")
struct TerminalSignalTests {
    static let python = PTY.python

    @Test("Ctrl-Z at the PIN prompt, then fg: the prompt again, and the PIN still not echoed", .enabled(if: python != nil))
    func suspendAndResume() throws {
        let s = enrolledSandbox()
        let r = try PTY.session(s, args: ["respond", "708362"], steps: [
            ["expect", "PIN: "], ["send", "25"], ["send", "\u{1A}"],
            ["stopped", ""], ["fg", ""],
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
        ])
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(r.screen.contains(try Reference.response("708362", counter: 1)), "\(r.screen)")
        #expect(!r.screen.contains(Fixture.pin), "the PIN was echoed after fg: \(r.screen)")
        #expect(!r.screen.contains("25"), "input from before the stop was shown: \(r.screen)")
        #expect(r.echo == true, "the terminal was left without echo")
    }

    @Test("Ctrl-C at each prompt: terminal restored, one line, exit 130, nothing written",
          .enabled(if: python != nil), arguments: [
              (["respond", "708362"], "PIN: "),
              (["respond"], "Challenge: "),
              (["enroll", "--user", "bob"], "Activation code: "),
              (["pin", "change"], "PIN: "),
          ])
    func interrupt(args: [String], prompt: String) throws {
        let s = enrolledSandbox()
        let before = s.bytes(s.vault)
        let r = try PTY.session(s, args: args, steps: [["expect", prompt], ["send", "12"], ["send", "\u{03}"]],
                                env: ["IBKEY_PIN": ""])
        #expect(r.status == 130, "\(r.screen)")
        #expect(r.echo == true, "the terminal was left without echo")
        let lines = r.screen.replacingOccurrences(of: "\r", with: "").split(separator: "\n").filter { $0.hasPrefix("ibkey:") }
        #expect(lines == ["ibkey: error: interrupted"], "\(r.screen)")
        #expect(s.bytes(s.vault) == before)
    }
}
