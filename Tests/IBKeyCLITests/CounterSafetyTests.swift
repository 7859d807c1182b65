import Foundation
import Testing
import IBKeyCore

/// "No counter value is ever shown twice" (Docs/VAULT.md, "Counter cells"),
/// from the command line: after damage to either cell, after single and batch
/// responds, through hard links and through two paths to one vault.
@Suite("Counters never repeat", .serialized)
struct CounterSafetyTests {
    func counter(_ r: Run) -> Int? { (json(r.stdout) as? [String: Any])?["counter"] as? Int }

    /// Counters `respond -` showed, from its JSON lines.
    func counters(_ r: Run) -> [Int] { r.lines.compactMap { (json($0) as? [String: Any])?["counter"] as? Int } }

    @Test("a flipped byte in either cell after a single or a batch respond never brings a shown counter back",
          arguments: [1, 50])
    func flipAfterRespond(batch: Int) throws {
        for cell in 0..<2 {
            for byte in [2, 7, 12, 27] {
                let s = enrolledSandbox()
                _ = s.run(["respond", "123456"], env: s.secrets)
                let r = s.run(["respond", "--json", "--pin-stdin", "-"],
                              stdin: Fixture.pin + "\n" + String(repeating: "123456\n", count: batch))
                let shown = counters(r)
                #expect(r.status == 0 && shown.count == batch, "\(r.stderr)")
                var b = s.bytes(s.vault)
                b[b.count - 64 + 32 * cell + byte] ^= 0x08
                try Data(b).write(to: URL(fileURLWithPath: s.vault))
                let next = s.run(["respond", "--json", "123456"], env: s.secrets)
                #expect(next.status == 0, "\(next.stderr)")
                #expect((counter(next) ?? 0) > (shown.max() ?? .max), "cell \(cell) byte \(byte): \(next.stdout) after \(shown.max() ?? -1)")
            }
        }
    }

    @Test("a vault with a second hard link is refused by every command, and nothing is written")
    func hardLinks() throws {
        let s = enrolledSandbox()
        let other = s.path("elsewhere")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        #expect(link(s.vault, other + "/vault.ibkey") == 0)
        let before = s.bytes(s.vault)
        for args in [["respond", "123456"], ["users"], ["status"], ["remove", "--user", "alice"], ["pin", "change"],
                     ["respond", "--vault", other + "/vault.ibkey", "123456"]] {
            let r = s.run(args, env: s.secrets.merging(["IBKEY_NEW_PIN": "6081-x"]) { $1 })
            #expect(r.status == 2 && r.stderr.contains("hard links"), "\(args): \(r.status) \(r.stderr)")
        }
        #expect(s.bytes(s.vault) == before)
        // With one name again, it works.
        unlink(other + "/vault.ibkey")
        #expect(s.run(["respond", "123456"], env: s.secrets).status == 0)
    }

    /// Two paths to one folder (a link to the folder, `..`) share the lock:
    /// parallel responds through both see distinct counters.
    @Test("parallel responds through two paths to one vault use distinct counters")
    func twoPaths() throws {
        let s = enrolledSandbox()
        let folder = (s.vault as NSString).deletingLastPathComponent
        #expect(symlink(folder, s.path("linked")) == 0)
        let paths = [s.vault, s.path("linked/vault.ibkey"), folder + "/../ibkey/vault.ibkey"]
        let pids = (0..<24).map { i in
            s.spawn(["respond", "--json", "--vault", paths[i % 3], "123456"], env: s.secrets)
        }
        let results = pids.map { s.wait($0) }
        let seen = results.compactMap(counter)
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
        #expect(Set(seen).count == 24 && seen.count == 24, "\(seen.sorted())")
    }

    @Test("a format-2 vault with one spoiled cell skips 20 counters ahead, then is upgraded")
    func formatTwoSkip() throws {
        let s = Sandbox()
        try FileManager.default.createDirectory(atPath: (s.vault as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var b = s.bytes(VaultFormatCLITests.fixtures.appendingPathComponent("vault-v2.ibkey").path)
        // alice is user 0 of 2: her first cell is the first of the last 128 bytes.
        b[b.count - 128 + 3] ^= 1
        try Data(b).write(to: URL(fileURLWithPath: s.vault))
        chmod(s.vault, 0o600)
        let r = s.run(["respond", "--user", "alice", "--json", "708362"], env: ["IBKEY_PIN": "9137"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(counter(r) == 1 + 20) // the fixture's alice was at counter 1
        let st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(st?["format_version"] as? Int == 4)
        #expect(counter(s.run(["respond", "--user", "alice", "--json", "708362"], env: ["IBKEY_PIN": "9137"])) == 22)
    }
}
