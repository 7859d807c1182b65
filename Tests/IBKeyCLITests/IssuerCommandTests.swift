import Foundation
import Testing
import IBKeyCore

/// `ibkey issuer …`: the whole flow as a CI smoke test runs it, and the
/// issuer's rules (window, lockout, expiry), spawning the binary.
@Suite("issuer")
struct IssuerCommandTests {
    @Test("add-user → enroll → activate → challenge → respond → verify, for every suite", arguments: 1...4)
    func flow(_ suite: Int) {
        let s = Sandbox()
        #expect(s.run(["issuer", "init"]).status == 0)
        #expect(s.run(["issuer", "init"]).status == 7)
        let add = s.run(["issuer", "add-user", "alice", "--suite", String(suite)])
        #expect(add.status == 0 && add.lines.count == 1, "\(add.stderr)")
        let reg = s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf, env: s.secrets, stdin: add.out + "\n")
        #expect(reg.status == 0, "\(reg.stderr)")
        let act = s.run(["issuer", "activate", "alice", reg.out])
        #expect(act.status == 0, "\(act.stderr)")
        #expect(s.run(["issuer", "activate", "alice", reg.out]).status == 7)
        let q = s.run(["issuer", "challenge", "alice"])
        #expect(q.status == 0 && q.out.count == 6 && q.out.allSatisfy(\.isNumber))
        let resp = s.run(["respond", q.out], env: s.secrets)
        #expect(resp.status == 0 && resp.out.count == 8, "\(resp.stderr)")
        let ok = s.run(["issuer", "verify", "alice", resp.out])
        #expect(ok.status == 0, "\(ok.stderr)")
        let replay = s.run(["issuer", "verify", "alice", resp.out, "--challenge", q.out])
        #expect(replay.status == 1, "\(replay.stderr)")
        let users = json(s.run(["issuer", "users", "--json"]).stdout) as? [[String: Any]]
        #expect(users?.first?["state"] as? String == "active")
        #expect(users?.first?["suite_id"] as? Int == suite)
    }

    @Test("responses never verified still verify within the window; beyond it they do not")
    func window() {
        let s = Sandbox()
        s.enrollActive("alice", suite: 1)
        for _ in 0..<20 { #expect(s.run(["respond", "000000"], env: s.secrets).status == 0) }
        var q = s.run(["issuer", "challenge", "alice"]).out
        #expect(s.run(["issuer", "verify", "alice", s.run(["respond", q], env: s.secrets).out]).status == 0)
        let batch = s.run(["respond", "--pin-stdin", "-"], stdin: Fixture.pin + "\n" + String(repeating: "000000\n", count: 21))
        #expect(batch.lines.count == 21)
        q = s.run(["issuer", "challenge", "alice"]).out
        #expect(s.run(["issuer", "verify", "alice", s.run(["respond", q], env: s.secrets).out]).status == 1)
        // A wider window resynchronises.
        q = s.run(["issuer", "challenge", "alice"]).out
        #expect(s.run(["issuer", "verify", "alice", "--window", "40", s.run(["respond", q], env: s.secrets).out]).status == 0)
    }

    @Test("10 bad responses block (exit 4 even for a good one); 24 hours later it works")
    func lockout() {
        let s = Sandbox()
        s.enrollActive("alice", suite: 4)
        let t0 = 1_900_000_000
        let at = { (t: Int) in ["IBKEY_TEST_NOW": String(t)] }
        for i in 0..<10 {
            _ = s.run(["issuer", "challenge", "alice"], env: at(t0 + i))
            #expect(s.run(["issuer", "verify", "alice", "00000000"], env: at(t0 + i)).status == 1)
        }
        let blocked = s.run(["issuer", "challenge", "alice"], env: at(t0 + 20))
        #expect(blocked.status == 4, "\(blocked.stderr)")
        let q = s.run(["issuer", "challenge", "alice"], env: at(t0 + 24 * 3600 + 20))
        #expect(q.status == 0)
        let good = s.run(["respond", q.out], env: s.secrets)
        let again = s.run(["issuer", "verify", "alice", good.out], env: at(t0 + 24 * 3600 + 21))
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test("eleventh try with a good response while blocked: exit 4")
    func blockedGood() {
        let s = Sandbox()
        s.enrollActive("alice", suite: 4)
        let now = ["IBKEY_TEST_NOW": "1900000000"]
        let q = s.run(["issuer", "challenge", "alice"], env: now).out
        let good = s.run(["respond", q], env: s.secrets).out
        for _ in 0..<10 {
            _ = s.run(["issuer", "challenge", "alice"], env: now)
            _ = s.run(["issuer", "verify", "alice", "00000000"], env: now)
        }
        #expect(s.run(["issuer", "verify", "alice", good, "--challenge", q], env: now).status == 4)
    }

    @Test("verify takes the response in words as people type it; a mistyped one (exit 2) uses up nothing", arguments: [1, 4])
    func responseForm(_ suite: Int) throws {
        let s = Sandbox()
        s.enrollActive("alice", suite: suite)
        let q = s.run(["issuer", "challenge", "alice"]).out
        let response = s.run(["respond", q], env: s.secrets).out
        try #require(response.count == 8)
        for bad in [[String(response.dropLast())], [response + "1"], [String(response.prefix(4)), "52x2"], ["12345678a"]] {
            let r = s.run(["issuer", "verify", "alice"] + bad)
            #expect(r.status == 2, "\(bad): \(r.status) \(r.stderr)")
            #expect(r.stderr.hasPrefix("ibkey: error: the response must be 8 digits, got "), "\(r.stderr)")
            #expect(r.stderr.contains("hint: nothing was used up"), "\(r.stderr)")
        }
        let users = json(s.run(["issuer", "users", "--json"]).stdout) as? [[String: Any]]
        #expect(users?.first?["failures"] as? Int == 0 && users?.first?["open_challenges"] as? Int == 1, "\(String(describing: users))")
        // The same challenge, answered right, in two words as `respond` shows a long number to a person.
        let ok = s.run(["issuer", "verify", "alice", String(response.prefix(4)), String(response.suffix(4))])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test("expired challenges are rejected")
    func expired() {
        let s = Sandbox()
        s.enrollActive("alice", suite: 4)
        let q = s.run(["issuer", "challenge", "alice", "--ttl", "60"], env: ["IBKEY_TEST_NOW": "1900000000"]).out
        let r = s.run(["respond", q], env: s.secrets).out
        let v = s.run(["issuer", "verify", "alice", r], env: ["IBKEY_TEST_NOW": "1900000061"])
        #expect(v.status == 1 && v.stderr.contains("expired"), "\(v.stderr)")
    }

    @Test("bad input on the issuer side")
    func badInput() throws {
        let s = Sandbox()
        #expect(s.run(["issuer", "add-user", "x"]).status == 5) // no store
        s.enrollActive("alice")
        #expect(s.run(["issuer", "add-user", "alice"]).status == 7)
        #expect(s.run(["issuer", "challenge", "nobody"]).status == 5)
        #expect(s.run(["issuer", "verify", "nobody", "12345678"]).status == 5)
        let add = s.run(["issuer", "add-user", "bob"])
        #expect(s.run(["issuer", "challenge", "bob"]).status == 2) // pending
        for bad in ["", "AAAA", "AEAQ-0AAA", "not a code"] {
            let r = s.run(["issuer", "activate", "bob", bad])
            #expect(r.status == 2, "'\(bad)': \(r.status) \(r.stderr)")
        }
        // A well-formed registration code made with another key: rejected (1).
        let other = s.run(["enroll", "--user", "bob", "-"], env: s.secrets, stdin: Reference.code(.ibKeySHA1, counter: 0, keyHex: String(repeating: "77", count: 20)) + "\n")
        #expect(s.run(["issuer", "activate", "bob", other.out]).status == 1)
        _ = add
        // A damaged store: exit 6.
        let store = s.env["IBKEY_ISSUER_STORE"]!
        var b = s.bytes(store); b[b.count / 2] ^= 1
        try Data(b).write(to: URL(fileURLWithPath: store))
        let r = s.run(["issuer", "users"])
        #expect(r.status == 6 && r.stderr.contains("damaged"), "\(r.stderr)")
    }

    @Test("--qr without a terminal: the code alone on stdout, a note on stderr; --json stays one JSON document")
    func qrWithoutTerminal() throws {
        let s = Sandbox()
        _ = s.run(["issuer", "init"])
        let r = s.run(["issuer", "add-user", "alice", "--qr"])
        #expect(r.status == 0)
        #expect(r.lines.count == 1 && r.lines[0].hasPrefix("AEAQ-"), "\(r.stdout)")
        #expect(r.stderr.contains("no QR code: standard output is not a terminal"), "\(r.stderr)")
        let j = s.run(["issuer", "add-user", "bob", "--qr", "--json"])
        #expect(j.status == 0)
        #expect(json(j.stdout) as? [String: Any] != nil, "\(j.stdout)")
    }

    @Test("--qr on a terminal: black on white forced, dark modules where the code has them (finder patterns, quiet zone)",
          .enabled(if: PTY.python != nil))
    func qrOnTerminal() throws {
        let s = Sandbox()
        _ = s.run(["issuer", "init"])
        let r = try PTY.session(s, args: ["issuer", "add-user", "alice", "--qr"], steps: [["expect", "AEAQ-"]])
        #expect(r.status == 0, "\(r.screen)")
        let rows = r.screen.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("\u{1B}[30;47m") }
        #expect(rows.count >= 14, "\(r.screen)")
        // Back to modules: each character holds two, top and bottom.
        var grid: [[Bool]] = []
        for row in rows {
            let cells = Array(row.dropFirst("\u{1B}[30;47m".count).prefix { $0 != "\u{1B}" })
            grid.append(cells.map { $0 == "▀" || $0 == "█" })
            grid.append(cells.map { $0 == "▄" || $0 == "█" })
        }
        let size = grid[0].count
        #expect(grid.allSatisfy { $0.count == size })
        // Quiet zone: 4 light modules on every side.
        #expect(grid.prefix(4).allSatisfy { !$0.contains(true) })
        #expect(grid.allSatisfy { !$0.prefix(4).contains(true) && !$0.suffix(4).contains(true) })
        // Finder pattern at the top left: a dark 7×7 ring, a light ring, a dark 3×3 core.
        for y in 0..<7 {
            for x in 0..<7 {
                let ring = y == 0 || y == 6 || x == 0 || x == 6, core = (2...4).contains(x) && (2...4).contains(y)
                #expect(grid[4 + y][4 + x] == (ring || core), "module (\(x), \(y))")
            }
        }
    }
}
