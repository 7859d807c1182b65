import Foundation
import Testing
import IBKeyCore

/// The commands that read or remove without changing secrets: `users`,
/// `status`, `remove`, `reset`.
@Suite("users, status, remove, reset")
struct UsersStatusTests {
    @Test("users, --json, status and remove")
    func usersStatusRemove() throws {
        let s = enrolledSandbox(users: ["alice", "bob"])
        let u = s.run(["users"])
        #expect(u.status == 0 && u.stdout.contains("alice") && u.stdout.contains("bob"))
        let uj = json(s.run(["users", "--json"]).stdout) as? [[String: Any]]
        #expect(uj?.map { $0["name"] as? String } == ["alice", "bob"])
        #expect(uj?.first?["suite"] as? String == "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1")
        #expect(uj?.first?.keys.contains("key") == false)
        let st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(st?["exists"] as? Bool == true && st?["users"] as? Int == 2)
        #expect(st?["failed_pin_attempts"] as? Int == 0 && st?["blocked"] as? Bool == false)
        #expect(st?["kdf_level"] as? String == "test" && st?["format_version"] as? Int == 4)
        let rm = s.run(["remove", "--user", "bob"], env: s.secrets)
        #expect(rm.status == 0, "\(rm.stderr)")
        #expect(json(s.run(["users", "--json"]).stdout).map { ($0 as? [Any])?.count } == 1)
        // With one user left, --user may be omitted.
        #expect(s.run(["respond", "123456"], env: s.secrets).status == 0)
    }

    @Test("status of a missing vault; reset --yes deletes the vault")
    func statusAndReset() {
        let s = enrolledSandbox()
        #expect(s.run(["reset"]).status == 2) // no terminal, no --yes
        #expect(FileManager.default.fileExists(atPath: s.vault))
        #expect(s.run(["reset", "--yes"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: s.vault))
        let st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(st?["exists"] as? Bool == false)
        #expect(s.run(["reset", "--yes"]).status == 5)
    }

    /// A table as `users` and `issuer users` print it: its header's words, and
    /// each row's cells cut at the header's column starts (so a misaligned or
    /// tab-separated table fails).
    static func table(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> (header: [String], rows: [[String]]) {
        let lines = text.split(separator: "\n").map(String.init)
        #expect(!text.contains("\t") && lines.allSatisfy { !$0.hasSuffix(" ") }, "\(text.debugDescription)", sourceLocation: sourceLocation)
        guard let head = lines.first else { return ([], []) }
        let chars = Array(head)
        let starts = chars.indices.filter { $0 == 0 || (chars[$0] != " " && chars[$0 - 1] == " ") }
        let header = head.split(separator: " ").map(String.init)
        let rows = lines.dropFirst().map { line -> [String] in
            let l = Array(line)
            return starts.indices.map { k in
                let from = min(starts[k], l.count), to = min(k + 1 < starts.count ? starts[k + 1] : l.count, l.count)
                #expect(from == 0 || from >= l.count || l[from - 1] == " ", "cell \(k) of '\(line)' is not under its header", sourceLocation: sourceLocation)
                return String(l[from..<to]).trimmingCharacters(in: .whitespaces)
            }
        }
        return (header, rows)
    }

    @Test("users and issuer users: one table look, the same JSON keys, the same next counter")
    func sameLook() throws {
        let s = Sandbox()
        s.enrollActive("alice", suite: 1)
        s.enrollActive("bob", suite: 4)
        for _ in 0..<2 {
            let q = s.run(["issuer", "challenge", "alice"]).out
            #expect(s.run(["issuer", "verify", "alice", s.run(["respond", "-u", "alice", q], env: s.secrets).out]).status == 0)
        }
        let vault = Self.table(s.run(["users"]).stdout)
        #expect(vault.header == ["NAME", "SUITE", "ISSUER", "ENROLLED", "NEXT"])
        #expect(vault.rows.map { [$0[0], $0[1], $0[2], $0[4]] } == [["alice", "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1", "", "2"],
                                                                  ["bob", "OCRA-1:HOTP-SHA256-8:QN06", "", ""]], "\(vault.rows)")
        let issuer = Self.table(s.run(["issuer", "users"]).stdout)
        #expect(issuer.header == ["NAME", "SUITE", "STATE", "FAILURES", "BLOCKED", "NEXT"])
        #expect(issuer.rows == [["alice", "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1", "active", "0", "no", "2"],
                                ["bob", "OCRA-1:HOTP-SHA256-8:QN06", "active", "0", "no", ""]], "\(issuer.rows)")
        let vj = try #require(json(s.run(["users", "--json"]).stdout) as? [[String: Any]])
        let ij = try #require(json(s.run(["issuer", "users", "--json"]).stdout) as? [[String: Any]])
        for (v, i) in zip(vj, ij) {
            for key in ["name", "suite", "suite_id"] { #expect("\(v[key]!)" == "\(i[key]!)", "\(key): \(v) \(i)") }
            #expect("\(v["counter"]!)" == "\(i["counter"]!)", "counter: \(v) \(i)")
        }
        #expect(vj[0]["counter"] as? Int == 2 && vj[1]["counter"] is NSNull && ij[1]["counter"] is NSNull)
        #expect(vj[0]["enrolled"] is String)
    }

    @Test("users shows the stored counter without a PIN: it moves with respond and reads the counter cells")
    func storedCounter() throws {
        let s = enrolledSandbox()
        let before = try #require((json(s.run(["users", "--json"], env: ["IBKEY_PIN": ""]).stdout) as? [[String: Any]])?.first?["counter"] as? Int)
        #expect(s.run(["respond", "--pin-stdin", "-"], stdin: Fixture.pin + "\n111111\n222222\n333333\n").lines.count == 3)
        let after = Self.table(s.run(["users"], env: ["IBKEY_PIN": ""]).stdout)
        #expect(after.rows.first?.last == String(before + 3), "\(after.rows)")
        let help = s.run(["users", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("as the file stores it; it is read without the key, so it is checked only when a PIN opens the vault"), "\(help)")
    }
}

@Suite("users and status: kinds and issuers")
struct OTPAccountListingTests {
    func sandbox() -> Sandbox {
        let s = enrolledSandbox(users: ["alice"])
        s.addOTPAccounts([
            OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"), issuer: "GitHub"),
            OTPFixtureAccount(name: "bank", suite: "HOTP-SHA256-8", keyHex: OTPFixtureAccount.rfc6238Key("SHA256"), counter: 7),
            OTPFixtureAccount(name: "ibkr", suite: "TOTP-SHA256-8-60", keyHex: OTPFixtureAccount.rfc6238Key("SHA256"), issuer: "Interactive Brokers"),
        ])
        return s
    }

    @Test("users: the kind in SUITE and JSON kind, the issuer in ISSUER and JSON issuer (null when none); the old keys kept")
    func users() throws {
        let s = sandbox()
        let t = UsersStatusTests.table(s.run(["users"]).stdout)
        #expect(t.header == ["NAME", "SUITE", "ISSUER", "ENROLLED", "NEXT"])
        #expect(t.rows.map { [$0[0], $0[1], $0[2], $0[4]] } == [
            ["alice", "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1", "", "1"],
            ["gh", "TOTP-SHA1-6-30", "GitHub", ""],
            ["bank", "HOTP-SHA256-8", "", "7"],
            ["ibkr", "TOTP-SHA256-8-60", "Interactive Brokers", ""],
        ], "\(t.rows)")
        let j = try #require(json(s.run(["users", "--json"]).stdout) as? [[String: Any]])
        #expect(j.map { Set($0.keys) } == Array(repeating: ["name", "suite", "kind", "issuer", "suite_id", "enrolled", "counter"], count: 4))
        #expect(j.map { $0["kind"] as? String } == ["ocra", "totp", "hotp", "totp"])
        #expect(j.map { $0["issuer"] as? String } == [nil, "GitHub", nil, "Interactive Brokers"])
        #expect(j[0]["issuer"] is NSNull && j[2]["issuer"] is NSNull)
        #expect(j[2]["counter"] as? Int == 7 && j[1]["counter"] is NSNull && j[1]["suite_id"] is NSNull)
    }

    @Test("status: the summary says how many of each kind")
    func status() throws {
        let s = sandbox()
        let st = s.run(["status"])
        #expect(st.stdout.contains("\nusers:    4 (1 OCRA, 2 TOTP, 1 HOTP)\n"), "\(st.stdout)")
        let j = try #require(json(s.run(["status", "--json"]).stdout) as? [String: Any])
        #expect(j["users"] as? Int == 4)
        #expect(j["kinds"] as? [String: Int] == ["ocra": 1, "totp": 2, "hotp": 1], "\(j)")
        let only = enrolledSandbox()
        #expect(only.run(["status"]).stdout.contains("\nusers:    1 (1 OCRA)\n"))
    }
}
