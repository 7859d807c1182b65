import Foundation
import Testing

/// Echo stays off for as long as a secret may be typed (Docs/README.md,
/// "Prompts and waiting"), on a pseudo-terminal: through the unlocking after
/// a PIN, from a new PIN to its repeat, and when `--pin-stdin` or `--pin-fd 0`
/// reads a terminal.
@Suite("Terminal: echo off while secrets are typed")
struct TerminalEchoTests {
    static let python = PTY.python
    static let newPIN = "7193-k"

    /// A vault whose PIN takes a real key derivation to check (moderate:
    /// 256 MiB, tenths of a second), so that typing ahead lands during it.
    func slowVault() -> Sandbox {
        let s = Sandbox()
        let r = s.run(["enroll", "--user", "alice", "--kdf", "moderate", "-"], env: s.secrets, stdin: Reference.code() + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        return s
    }

    @Test("pin change: a new PIN and its repeat typed while the old PIN is checked are never echoed, and are used",
          .enabled(if: python != nil))
    func typedAheadDuringUnlock() throws {
        let s = slowVault()
        let r = try PTY.session(s, args: ["pin", "change"], steps: [
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
            // Typed while the key is derived: before "New PIN:" is even shown.
            ["expect", "ibkey: unlocking…"], ["send", Self.newPIN + "\n" + Self.newPIN + "\n"],
            ["expect", "PIN changed"],
        ])
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(!r.screen.contains(Self.newPIN), "the new PIN was echoed: \(r.screen)")
        #expect(!r.screen.contains(Fixture.pin), "the PIN was echoed: \(r.screen)")
        #expect(r.echo == true, "the terminal was left without echo")
        #expect(s.run(["respond", "708362"], env: ["IBKEY_PIN": Self.newPIN]).status == 0)
    }

    @Test("a repeat typed at once after the new PIN is not echoed; the check between them says 'checking…'",
          .enabled(if: python != nil))
    func repeatTypedAtOnce() throws {
        let s = enrolledSandbox()
        let r = try PTY.session(s, args: ["pin", "change"], steps: [
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "New PIN: "], ["send", Self.newPIN + "\n" + Self.newPIN + "\n"],
            ["expect", "PIN changed"],
        ])
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(!r.screen.contains(Self.newPIN), "the new PIN was echoed: \(r.screen)")
        #expect(r.screen.contains("ibkey: checking…"), "\(r.screen)")
        #expect(r.echo == true, "the terminal was left without echo")
        #expect(s.run(["respond", "708362"], env: ["IBKEY_PIN": Self.newPIN]).status == 0)
    }

    @Test("Ctrl-Z between two hidden prompts, then fg: the terminal echoes while stopped, and the PIN is still hidden after",
          .enabled(if: python != nil))
    func suspendBetweenPrompts() throws {
        let s = enrolledSandbox()
        let r = try PTY.session(s, args: ["pin", "change"], steps: [
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "New PIN: "], ["send", "\u{1A}"], ["stopped", ""], ["fg", ""],
            ["expect", "New PIN: "], ["send", Self.newPIN + "\n"],
            ["expect", "Repeat PIN: "], ["send", Self.newPIN + "\n"],
        ])
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(!r.screen.contains(Self.newPIN) && !r.screen.contains(Fixture.pin), "a PIN was echoed: \(r.screen)")
        #expect(r.echo == true, "the terminal was left without echo")
    }

    @Test("Ctrl-C while the PIN is checked, echo held off and no prompt up: the terminal echoes again, only the attempt counted",
          .enabled(if: python != nil))
    func interruptDuringUnlock() throws {
        let s = slowVault()
        let before = s.bytes(s.vault)
        let r = try PTY.session(s, args: ["pin", "change"], steps: [
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "ibkey: unlocking…"], ["send", "\u{03}"],
        ])
        #expect(r.status == 130, "\(r.screen)")
        #expect(r.echo == true, "the terminal was left without echo")
        #expect(!r.screen.contains("New PIN"), "\(r.screen)")
        // The PIN was being tried: its attempt was counted before the key
        // derivation began (Docs/VAULT.md, "Failed attempts"), and stays
        // counted when the check is cut off. Nothing else changed.
        let after = s.bytes(s.vault)
        let cells = (Crafting.be(before, 10, 4) + 32)..<(Crafting.be(before, 10, 4) + 96)
        #expect(after.count == before.count && after.indices.allSatisfy { cells.contains($0) || after[$0] == before[$0] })
        let st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(st?["failed_pin_attempts"] as? Int == 1, "\(String(describing: st))")
    }

    @Test("--pin-stdin and --pin-fd 0 on a terminal: asked with echo off, the newline given back",
          .enabled(if: python != nil), arguments: [["--pin-stdin"], ["--pin-fd", "0"]])
    func pinFromTerminalInput(option: [String]) throws {
        let s = enrolledSandbox()
        let r = try PTY.session(s, args: ["respond"] + option + ["708362"], steps: [
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
        ])
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(!r.screen.contains(Fixture.pin), "the PIN was echoed: \(r.screen)")
        let response = try Reference.response("708362", counter: 1)
        #expect(r.screen.contains("PIN: \r\n") && r.screen.contains(response), "\(r.screen)")
        #expect(r.echo == true, "the terminal was left without echo")
    }

    @Test("respond --pin-stdin - on a terminal: the PIN hidden, the challenges after it echoed as typed",
          .enabled(if: python != nil))
    func batchAfterHiddenPIN() throws {
        let s = enrolledSandbox()
        let r = try PTY.session(s, args: ["respond", "--pin-stdin", "-"], steps: [
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
            // Once the unlocking line is erased, the vault is open and typing shows again.
            ["expect", "ibkey: unlocking…\r" + String(repeating: " ", count: "ibkey: unlocking…".count) + "\r"],
            ["send", "708362\n"], ["expect", try Reference.response("708362", counter: 1)], ["send", "\u{04}"],
        ])
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(!r.screen.contains(Fixture.pin), "the PIN was echoed: \(r.screen)")
        #expect(r.screen.contains("708362"), "the challenge was not echoed: \(r.screen)")
    }
}
