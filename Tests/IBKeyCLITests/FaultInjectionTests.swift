import Foundation
import Testing
import IBKeyCore

/// Write failures, kills during every write path, and concurrent writers:
/// after each fault the file opens and holds the old or the new state.
@Suite("Fault injection", .serialized)
struct FaultInjectionTests {
    func diskFull(_ s: Sandbox, _ args: [String], env: [String: String], stdin: String? = nil) -> Run {
        s.runUnderFileLimit(args, env: env, stdin: stdin)
    }

    func tempFiles(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.contains(".tmp.") }
    }

    @Test("a full disk: clear error, exit 70, old files intact, no temp file left")
    func fullDisk() throws {
        let s = enrolledSandbox()
        _ = s.run(["issuer", "init"])
        let vaultBefore = s.bytes(s.vault)
        let store = s.env["IBKEY_ISSUER_STORE"]!
        let storeBefore = s.bytes(store)
        let cases: [([String], String?)] = [
            (["respond", "123456"], nil),
            (["enroll", "--user", "bob", "-"], Reference.code(.sha256, counter: 0) + "\n"),
            (["remove", "--user", "alice"], nil),
            (["issuer", "add-user", "bob"], nil),
        ]
        for (args, stdin) in cases {
            let r = diskFull(s, args, env: s.secrets, stdin: stdin)
            #expect(r.status == 70, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("cannot write") && r.stderr.contains("unchanged"), "\(r.stderr)")
            #expect(r.stdout.isEmpty, "\(args) printed \(r.stdout)") // no response without a stored counter
        }
        #expect(s.bytes(s.vault) == vaultBefore)
        #expect(s.bytes(store) == storeBefore)
        #expect(tempFiles((s.vault as NSString).deletingLastPathComponent).isEmpty)
        let backup = diskFull(s, ["backup", "--output", s.path("b.bak"), "--kdf", "test"], env: s.secrets)
        #expect(backup.status == 70 && !FileManager.default.fileExists(atPath: s.path("b.bak")))
        // And afterwards everything works.
        #expect(s.run(["respond", "123456"], env: s.secrets).status == 0)
    }

    /// Whole writes need the folder (temp file and rename); respond's counter
    /// update needs only the file (one cell overwritten in place).
    @Test("a read-only folder refuses whole writes, a read-only vault file refuses respond; nothing changes", .enabled(if: getuid() != 0))
    func readOnlyFolder() {
        let s = enrolledSandbox()
        let dir = (s.vault as NSString).deletingLastPathComponent
        let before = s.bytes(s.vault)
        chmod(dir, 0o500)
        let enroll = s.run(["enroll", "--user", "bob", "-"], env: s.secrets, stdin: Reference.code(.sha256, counter: 0) + "\n")
        #expect(enroll.status == 70 && enroll.stdout.isEmpty, "\(enroll.status) \(enroll.stderr)")
        #expect(s.bytes(s.vault) == before)
        let ok = s.run(["respond", "123456"], env: s.secrets)
        #expect(ok.status == 0, "\(ok.stderr)")
        chmod(dir, 0o700)
        let after = s.bytes(s.vault)
        chmod(s.vault, 0o400)
        defer { chmod(s.vault, 0o600) }
        let r = s.run(["respond", "123456"], env: s.secrets)
        #expect(r.status == 70 && r.stdout.isEmpty, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("cannot write"), "\(r.stderr)")
        #expect(s.bytes(s.vault) == after)
    }

    @Test("a vanished folder is 'no vault' (5); enroll recreates it")
    func vanishedFolder() throws {
        let s = enrolledSandbox()
        try FileManager.default.removeItem(atPath: (s.vault as NSString).deletingLastPathComponent)
        #expect(s.run(["respond", "123456"], env: s.secrets).status == 5)
        #expect(s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf, env: s.secrets, stdin: Reference.code() + "\n").status == 0)
    }

    @Test("kills during backup and issuer writes leave the old or the new file")
    func killOtherWriters() throws {
        let s = enrolledSandbox()
        _ = s.run(["issuer", "init"])
        let store = s.env["IBKEY_ISSUER_STORE"]!
        var rng = SystemRandomNumberGenerator()
        var issuerUsers = Set<String>()
        for i in 0..<40 {
            let pid = i % 2 == 0
                ? s.spawn(["backup", "--output", s.path("b.bak"), "--force", "--kdf", "test"], env: s.secrets)
                : s.spawn(["issuer", "add-user", "u\(i)"])
            usleep(UInt32.random(in: 0...20_000, using: &rng))
            kill(pid, SIGKILL)
            _ = s.wait(pid)
            if FileManager.default.fileExists(atPath: s.path("b.bak")) {
                let fresh = Sandbox()
                let r = fresh.run(["restore", s.path("b.bak"), "--kdf", "test"],
                                  env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"])
                #expect(r.status == 0, "backup after kill \(i): \(r.stderr)")
            }
            let u = s.run(["issuer", "users", "--json"])
            #expect(u.status == 0, "store after kill \(i): \(u.stderr)")
            let names = Set(((json(u.stdout) as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
            #expect(names == issuerUsers || names == issuerUsers.union(["u\(i)"]))
            issuerUsers = names
        }
        _ = store
    }

    @Test("concurrent writers across commands lose nothing")
    func mixedConcurrency() throws {
        let s = enrolledSandbox()
        _ = s.run(["issuer", "init"])
        var pids: [(String, pid_t)] = []
        for _ in 0..<10 { pids.append(("respond", s.spawn(["respond", "--user", "alice", "--json", "111111"], env: s.secrets))) }
        for i in 0..<6 {
            pids.append(("enroll", s.spawn(["enroll", "--user", "m\(i)", "-"], env: s.secrets,
                                          stdin: Reference.code(.sha256NoCounter, counter: 0, keyHex: String(repeating: "e\(i)", count: 32)) + "\n")))
        }
        for i in 0..<6 { pids.append(("issuer", s.spawn(["issuer", "add-user", "i\(i)"]))) }
        for _ in 0..<4 { pids.append(("read", s.spawn(["users", "--json"]))) }
        pids.append(("backup", s.spawn(["backup", "--output", s.path("mix.bak"), "--kdf", "test"], env: s.secrets)))
        var counters: [Int] = []
        for (what, pid) in pids {
            let r = s.wait(pid)
            #expect(r.status == 0, "\(what): \(r.stderr)")
            if what == "respond", let c = (json(r.stdout) as? [String: Any])?["counter"] as? Int { counters.append(c) }
        }
        #expect(Set(counters).count == 10)
        let users = Set(((json(s.run(["users", "--json"]).stdout) as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
        #expect(users == Set(["alice"] + (0..<6).map { "m\($0)" }))
        let issuer = (json(s.run(["issuer", "users", "--json"]).stdout) as? [Any])?.count
        #expect(issuer == 6)
    }
}
