import Foundation
import Testing
import IBKeyCore

@Suite("Concurrency and crash safety", .serialized)
struct ConcurrencyTests {
    @Test("50 parallel responds use 50 distinct counters; the counter ends at start + 50")
    func parallelRespond() throws {
        let s = enrolledSandbox()
        let pids = (0..<50).map { _ in s.spawn(["respond", "--json", "246810"], env: s.secrets) }
        let runs = pids.map { s.wait($0) }
        for r in runs { #expect(r.status == 0, "\(r.stderr)") }
        let counters = runs.compactMap { (json($0.stdout) as? [String: Any])?["counter"] as? Int }
        #expect(Set(counters) == Set(1...50))
        for r in runs {
            let o = json(r.stdout) as? [String: Any]
            let c = try #require(o?["counter"] as? Int)
            #expect(o?["response"] as? String == (try Reference.response("246810", counter: UInt64(c))))
        }
        let next = s.run(["respond", "--json", "246810"], env: s.secrets)
        #expect((json(next.stdout) as? [String: Any])?["counter"] as? Int == 51)
    }

    @Test("20 parallel enrollments of different users all land")
    func parallelEnroll() {
        let s = enrolledSandbox()
        let names = (0..<20).map { "user\($0)" }
        let pids = names.enumerated().map { i, n in
            s.spawn(["enroll", "--user", n, "-"], env: s.secrets,
                    stdin: Reference.code(.sha256NoCounter, counter: 0, keyHex: String(repeating: String(format: "%02x", i), count: 32)) + "\n")
        }
        for p in pids { let r = s.wait(p); #expect(r.status == 0, "\(r.stderr)") }
        let users = (json(s.run(["users", "--json"]).stdout) as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(Set(users) == Set(names + ["alice"]))
    }

    /// SIGKILL at random instants during enroll, remove and respond. After
    /// every kill the vault opens with the PIN and holds the old or the new
    /// state, and every counter printed is above every counter printed before.
    @Test("1 000 kills at random instants never leave a broken or mixed vault, nor show a counter twice")
    func killLoop() throws {
        let s = enrolledSandbox()
        var rng = SystemRandomNumberGenerator()
        var lastCounter = 0 // the enrolled counter is 1: nothing shown yet
        var known: Set<String> = ["alice"]
        for i in 0..<1000 {
            let op = i % 3
            let args: [String]
            var stdin: String?
            let name = "k\(i)"
            switch op {
            case 0:
                args = ["enroll", "--user", name, "-"]
                stdin = Reference.code(.sha256NoCounter, counter: 0, keyHex: String(repeating: "cd", count: 32)) + "\n"
            case 1: args = ["remove", "--user", known.filter { $0 != "alice" }.randomElement() ?? "nobody"]
            default: args = ["respond", "--user", "alice", "--json", "135790"]
            }
            let pid = s.spawn(args, env: s.secrets, stdin: stdin)
            usleep(UInt32.random(in: 0...30_000, using: &rng))
            kill(pid, SIGKILL)
            let r = s.wait(pid)
            // The vault opens and is consistent.
            let u = s.run(["users", "--json"])
            #expect(u.status == 0, "after kill \(i): \(u.stderr)")
            let names = Set(((json(u.stdout) as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
            switch op {
            case 0:
                // The old users or the new ones, never a mix; an enroll that said so did enroll.
                #expect(names == known || names == known.union([name]), "kill \(i) enroll: \(names) after \(known)")
                if r.status == 0 { #expect(names.contains(name), "kill \(i): enroll reported success, yet '\(name)' is missing") }
            case 1:
                // At most the one user gone; a remove that said so did remove.
                #expect(names.isSubset(of: known) && known.subtracting(names).count <= 1, "kill \(i) remove: \(names) after \(known)")
                if r.status == 0, let removed = args.last { #expect(!names.contains(removed), "kill \(i): '\(removed)' is still there") }
            default:
                #expect(names == known, "kill \(i): respond changed the users: \(names) after \(known)")
                if r.status == 0, let c = (json(r.stdout) as? [String: Any])?["counter"] as? Int {
                    #expect(c > lastCounter, "kill \(i): counter \(c) shown after \(lastCounter)")
                    lastCounter = c
                }
            }
            known = names
            // Leftover temp files are harmless, but none may replace the vault.
        }
        // The counter never went backwards: the next response uses a fresh value.
        let next = s.run(["respond", "--user", "alice", "--json", "135790"], env: s.secrets)
        #expect(next.status == 0, "\(next.stderr)")
        let c = (json(next.stdout) as? [String: Any])?["counter"] as? Int ?? 0
        #expect(c > lastCounter)
    }
}
