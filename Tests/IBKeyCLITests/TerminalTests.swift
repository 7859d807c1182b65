import Foundation
import Testing

/// Runs ibkey on a pseudo-terminal (Python's pty module) and reads the screen.
@Suite("Terminal prompts")
struct TerminalTests {
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    func session(_ s: Sandbox, args: [String], steps: [[String]]) throws -> (ok: Bool, status: Int, screen: String) {
        let script = s.file("pty.json", String(decoding: try JSONSerialization.data(withJSONObject: [
            "args": args, "env": s.env.merging(["TERM": "dumb"]) { $1 }, "steps": steps,
        ]), as: UTF8.self))
        let helper = try #require(Bundle.module.url(forResource: "pty_session", withExtension: "py", subdirectory: "Fixtures")).path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.python!)
        p.arguments = [helper, Binary.path, script]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (obj["ok"] as? Bool ?? false, obj["status"] as? Int ?? -1, obj["screen"] as? String ?? "")
    }

    @Test("enroll and respond by hand: prompts, no PIN echo, CHALLNG> works", .enabled(if: python != nil))
    func byHand() throws {
        let s = Sandbox()
        let code = Reference.code()
        let e = try session(s, args: ["enroll", "--user", "alice", "--kdf", "test"], steps: [
            ["expect", "ACTIVATION CODE>"], ["send", code + "\n"],
            ["expect", "New PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "Repeat PIN: "], ["send", Fixture.pin + "\n"],
            ["expect", "New recovery PIN: "], ["send", Fixture.recovery + "\n"],
            ["expect", "Repeat recovery PIN: "], ["send", Fixture.recovery + "\n"],
        ])
        #expect(e.ok && e.status == 0, "\(e.screen)")
        #expect(!e.screen.contains(Fixture.pin), "the PIN was echoed: \(e.screen)")
        #expect(!e.screen.contains(Fixture.recovery), "the recovery PIN was echoed")
        let r = try session(s, args: ["respond"], steps: [
            ["expect", "CHALLNG>"], ["send", "708362\n"],
            ["expect", "PIN: "], ["send", Fixture.pin + "\n"],
        ])
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(r.screen.contains(try Reference.response("708362", counter: 1)), "\(r.screen)")
        #expect(!r.screen.contains(Fixture.pin))
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
