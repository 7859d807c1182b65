import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Security round 3, finding 1: ibkey 0.2 wrote one counter cell per respond,
/// so its pairs at rest are (n, n−1), which only format 2's rule (+20 when one
/// cell is spoiled) reads safely. Copied as they were into a newer file, one
/// cell spoiled later brought back a counter already shown (0.3 repeated
/// counter 1 here). Every command that upgrades the file must rewrite each
/// pair as its safe reading. The fixture was written by ibkey 0.2.0 itself
/// (Tests/IBKeyCoreTests/Fixtures/README.md): alice's cells hold (1, 2).
@Suite("Counters across an upgrade from format 2")
struct UpgradeCounterTests {
    static let fixture = VaultFormatCLITests.fixtures.appendingPathComponent("vault-v2-after-0.2-respond.ibkey").path
    static let pins = ["IBKEY_PIN": "9137", "IBKEY_RECOVERY_PIN": "r7#Kq"]

    func sandbox() throws -> Sandbox {
        let s = Sandbox()
        try FileManager.default.createDirectory(atPath: (s.vault as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        _ = FileManager.default.createFile(atPath: s.vault, contents: Data(s.bytes(Self.fixture)))
        chmod(s.vault, 0o600)
        return s
    }

    /// Each command that writes the file whole without giving it a new data
    /// key, and the format it leaves (a wrong PIN is counted by a whole write
    /// in the file's own format: no key, so no upgrade, and the format-2 rule still reads it).
    static let upgrades: [(name: String, args: [String], stdin: String?, pin: String, format: Int)] = [
        ("enroll", ["enroll", "--user", "carol", "-"], Reference.code(.sha256NoCounter, counter: 0) + "\n", "9137", 4),
        ("import", ["import", "--user", "carol", "--suite", "OCRA-1:HOTP-SHA1-6:QN08"], nil, "9137", 4),
        ("remove", ["remove", "--user", "bob"], nil, "9137", 4),
        ("a wrong PIN for another user", ["respond", "--user", "bob", "123456"], nil, "0000-x", 2),
    ]

    @Test("after any upgrading command, a spoiled cell never brings back a counter 0.2 showed", arguments: 0..<4)
    func upgradeKeepsTheCounter(_ i: Int) throws {
        let s = try sandbox()
        let (name, args, stdin, pin, format) = Self.upgrades[i]
        let env = Self.pins.merging(["IBKEY_SECRET": String(repeating: "ab", count: 20), "IBKEY_PIN": pin]) { $1 }
        let r = s.run(args, env: env, stdin: stdin)
        #expect(r.status == (pin == "9137" ? 0 : 3), "\(name): \(r.stderr)")
        let status = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(status?["format_version"] as? Int == format, "\(name): \(String(describing: status))")
        // alice is the first user: spoil the cell 0.2 wrote last (her second, which held 2).
        var b = s.bytes(s.vault)
        let users = status?["users"] as? Int ?? 0
        let cell = b.count - 64 * users + 32
        b[cell + 3] ^= 1
        _ = FileManager.default.createFile(atPath: s.vault, contents: Data(b))
        let next = s.run(["respond", "--user", "alice", "--json", "708362"], env: ["IBKEY_PIN": "9137"])
        #expect(next.status == 0, "\(name): \(next.stderr)")
        let answer = json(next.stdout) as? [String: Any]
        let shown = answer?["counter"] as? Int ?? -1, response = answer?["response"] as? String
        // 0.2 showed counter 1 (15632646); the next is 2 at the least, never 1 again.
        #expect(shown >= 2 && response != "15632646", "\(name): counter \(shown) shown again after the upgrade")
        #expect(response == (try Reference.response("708362", counter: UInt64(max(shown, 0)), pin: "1234")), "\(name): \(next.stdout)")
    }
}
