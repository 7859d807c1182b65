import Foundation
import Testing

/// Prompts as people meet them, on a pseudo-terminal.
@Suite("Terminal prompts")
struct TerminalTests {
    static let python = PTY.python

    func session(_ s: Sandbox, args: [String], steps: [[String]]) throws -> PTY.Session {
        try PTY.session(s, args: args, steps: steps)
    }

    @Test("enroll and respond by hand: prompts, no PIN echo, the Challenge: prompt works", .enabled(if: python != nil))
    func byHand() throws {
        let s = Sandbox()
        let code = Reference.code()
        let e = try session(s, args: ["enroll", "--user", "alice", "--kdf", "test"], steps: [
            ["expect", "Activation code: "], ["send", code + "\n"],
            ["expect", "New PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "Repeat PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "New recovery PIN: "], ["send", Fixture.recovery + "\n"],
            ["expect", "Repeat recovery PIN: "], ["send", Fixture.recovery + "\n"],
        ])
        #expect(e.ok && e.status == 0, "\(e.screen)")
        #expect(!e.screen.contains(Fixture.pin), "the PIN was echoed: \(e.screen)")
        #expect(!e.screen.contains(Fixture.recovery), "the recovery PIN was echoed")
        let r = try session(s, args: ["respond"], steps: [
            ["expect", "Challenge: "], ["send", "708362\n"],
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
        ])
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(r.screen.contains(try Reference.response("708362", counter: 1)), "\(r.screen)")
        #expect(!r.screen.contains(Fixture.pin))
        // While the KDF runs, a status line that is then erased (blanks, then a carriage return).
        #expect(r.screen.contains("ibkey: unlocking…\r" + String(repeating: " ", count: "ibkey: unlocking…".count) + "\r"), "\(r.screen)")
    }

    @Test("a too-easy PIN or a repeat that differs is asked again, three tries in all", .enabled(if: python != nil))
    func retries() throws {
        let s = Sandbox()
        let e = try session(s, args: ["enroll", "--user", "alice", "--kdf", "test", Reference.code()], steps: [
            ["expect", "New PIN: "], ["send", "1234\n"],
            ["expect", "too easy to guess"], ["expect", "New PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "Repeat PIN: "], ["send", "9999-1\n"],
            ["expect", "differ"], ["expect", "New PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "Repeat PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "resets a forgotten PIN"], ["expect", "New recovery PIN: "], ["send", Fixture.recovery + "\n"],
            ["expect", "Repeat recovery PIN: "], ["send", Fixture.recovery + "\n"],
        ])
        #expect(e.ok && e.status == 0, "\(e.screen)")
        #expect(FileManager.default.fileExists(atPath: s.vault))
    }

    @Test("three refused tries end the command with exit 2 and change nothing", .enabled(if: python != nil))
    func threeStrikes() throws {
        let s = Sandbox()
        let e = try session(s, args: ["enroll", "--user", "alice", "--kdf", "test", Reference.code()], steps: [
            ["expect", "New PIN: "], ["send", "1234\n"],
            ["expect", "New PIN: "], ["send", "0000\n"],
            ["expect", "New PIN: "], ["send", Fixture.pin + "\n"], ["expect", "Repeat PIN: "], ["send", "nope-9\n"],
        ])
        #expect(e.status == 2, "\(e.screen)")
        #expect(e.screen.contains("differ"))
        #expect(!FileManager.default.fileExists(atPath: s.vault))
    }
}
