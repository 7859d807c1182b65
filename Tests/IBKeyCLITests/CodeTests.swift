import Foundation
import Testing

/// `ibkey code` (Docs/CODES.md): codes equal to independent peers (Debian's
/// oathtool, PyPI pyotp) for every hash, digit count and period, at fixed
/// times given both ways; HOTP counters stored before a code is printed;
/// listings, JSON, refusals, lock-out, and the seconds left on a terminal.
@Suite("ibkey code")
struct CodeTests {
    static let hashes = ["SHA1", "SHA256", "SHA512"]
    static let pin = ["IBKEY_PIN": Fixture.pin]

    /// `2026-12-03T15:00:00Z` for a Unix time.
    static func iso(_ t: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
    }

    static func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// The next counter `users --json` shows for each account, by name.
    static func counters(_ s: Sandbox) -> [String: Int] {
        let users = json(s.run(["users", "--json"]).stdout) as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: users.compactMap { u in (u["counter"] as? Int).map { (u["name"] as! String, $0) } })
    }

    static let peers = Peers.oathtool != nil && Peers.hasPyOTP

    @Test("TOTP equals oathtool and pyotp: SHA1/256/512 × 6, 7, 8 digits × periods 1, 30, 60, 300, at many times (Unix and ISO 8601)",
          .enabled(if: peers, "make test-deps installs oathtool (apt) and pyotp (pip)"))
    func totpAgainstPeers() throws {
        var g = SeededGenerator()
        let seed = g.seed
        var accounts: [OTPFixtureAccount] = []
        for hash in Self.hashes {
            for digits in 6...8 {
                for period in [1, 30, 60, 300] {
                    accounts.append(OTPFixtureAccount(name: "t-\(hash)-\(digits)-\(period)", suite: "TOTP-\(hash)-\(digits)-\(period)",
                                                      keyHex: Coding.hex(g.bytes(Int.random(in: 10...64, using: &g)))))
                }
            }
        }
        let s = Sandbox()
        s.addOTPAccounts(accounts)
        let fixed: [Int64] = [0, 1, 29, 59, 60, 299, 300, 1_111_111_109, 1_234_567_890, 1_796_310_000, 2_000_000_000, 4_102_444_799, 253_402_300_799]
        let times = fixed + (0..<5).map { _ in Int64.random(in: 0...4_102_444_800, using: &g) }
        var got: [String] = [], inputs: [OTPPeerInput] = []
        for (i, t) in times.enumerated() {
            let at = i % 2 == 0 ? String(t) : Self.iso(t)
            // Every TOTP account at once (no name: the listing), in JSON.
            let r = s.run(["code", "--at", at, "--json"], env: Self.pin)
            #expect(r.status == 0 && r.stderr.isEmpty, "seed \(seed) --at \(at): \(r.stderr)")
            let listed = try #require(Self.json(r.stdout) as? [[String: Any]], "\(r.stdout)")
            try #require(listed.count == accounts.count, "\(listed.count) codes")
            for (a, item) in zip(accounts, listed) {
                let period = Int64(a.suite.split(separator: "-")[3])!
                #expect(item["user"] as? String == a.name)
                #expect(item["valid_for"] as? Int == Int(period - t % period), "\(a.suite) at \(t): \(item)")
                got.append(item["code"] as? String ?? "?")
                inputs.append(OTPPeerInput(suite: a.suite, keyHex: a.keyHex, time: t))
            }
            // One account by name: the code and a newline, nothing else.
            let k = Int.random(in: 0..<accounts.count, using: &g)
            let one = s.run(["code", accounts[k].name, "--at", at], env: Self.pin)
            #expect(one.status == 0 && one.stderr.isEmpty && one.stdout == (listed[k]["code"] as? String ?? "") + "\n",
                    "seed \(seed): \(one.stdout) \(one.stderr)")
        }
        let oath = Peers.oathtool(s, inputs), py = Peers.pyotp(s, inputs)
        for i in got.indices {
            #expect(got[i] == oath[safe: i] && got[i] == py[safe: i],
                    "seed \(seed): \(inputs[i].hash) \(inputs[i].digits) digits, \(inputs[i].period!) s at \(inputs[i].time!): ibkey \(got[i]), oathtool \(oath[safe: i] ?? "-"), pyotp \(py[safe: i] ?? "-")")
        }
    }

    @Test("HOTP equals pyotp (and oathtool for SHA-1) at several counters; each code stores the next counter, one up",
          .enabled(if: peers, "make test-deps installs oathtool (apt) and pyotp (pip)"))
    func hotpAgainstPeers() throws {
        var g = SeededGenerator()
        let seed = g.seed
        var accounts: [OTPFixtureAccount] = []
        let starts: [UInt64] = [0, 1, 5, 9, 4_294_967_295, 1 << 40, UInt64.max - 10, 123_456_789, 77]
        for (i, (hash, digits)) in Self.hashes.flatMap({ h in (6...8).map { (h, $0) } }).enumerated() {
            accounts.append(OTPFixtureAccount(name: "h-\(hash)-\(digits)", suite: "HOTP-\(hash)-\(digits)",
                                              keyHex: Coding.hex(g.bytes(Int.random(in: 10...64, using: &g))), counter: starts[i]))
        }
        let s = Sandbox()
        s.addOTPAccounts(accounts)
        var got: [String] = [], inputs: [OTPPeerInput] = []
        for round in 0..<3 {
            for a in accounts {
                let args = round == 1 ? ["code", "--user", a.name, "--json"] : ["code", a.name]
                let r = s.run(args, env: Self.pin)
                #expect(r.status == 0 && r.stderr.isEmpty, "seed \(seed) \(a.suite): \(r.stderr)")
                if round == 1 {
                    let o = try #require(Self.json(r.stdout) as? [String: Any], "\(r.stdout)")
                    #expect(Set(o.keys) == ["user", "code", "counter"] && o["user"] as? String == a.name, "\(o)")
                    #expect((o["counter"] as? NSNumber)?.uint64Value == a.counter + 1, "the counter the code was made with: \(o)")
                    got.append(o["code"] as? String ?? "?")
                } else {
                    got.append(r.out)
                }
                inputs.append(OTPPeerInput(suite: a.suite, keyHex: a.keyHex, counter: a.counter + UInt64(round)))
            }
            // Stored: the next counter, one up per code, before anything else reads it.
            let stored = Self.counters(s)
            for a in accounts where a.counter + UInt64(round) + 1 <= UInt64(Int.max) {
                #expect(stored[a.name] == Int(a.counter + UInt64(round) + 1), "seed \(seed) \(a.name) after round \(round): \(stored[a.name] ?? -1)")
            }
        }
        let py = Peers.pyotp(s, inputs)
        #expect(got == py, "seed \(seed)")
        let sha1 = inputs.indices.filter { inputs[$0].hash == "SHA1" }
        let oath = Peers.oathtool(s, sha1.map { inputs[$0] })
        #expect(sha1.map { got[$0] } == oath, "seed \(seed)")
    }

    @Test("RFC 6238 Appendix B through the command line: SHA1, SHA256, SHA512, 8 digits, the listed times")
    func rfc6238() throws {
        let s = Sandbox()
        s.addOTPAccounts(Self.hashes.map {
            OTPFixtureAccount(name: $0.lowercased(), suite: "TOTP-\($0)-8-30", keyHex: OTPFixtureAccount.rfc6238Key($0))
        })
        let table: [(Int64, [String])] = [
            (59, ["94287082", "46119246", "90693936"]),
            (1_111_111_109, ["07081804", "68084774", "25091201"]),
            (1_111_111_111, ["14050471", "67062674", "99943326"]),
            (1_234_567_890, ["89005924", "91819424", "93441116"]),
            (2_000_000_000, ["69279037", "90698825", "38618901"]),
            (20_000_000_000, ["65353130", "77737706", "47863826"]),
        ]
        for (t, codes) in table {
            let r = s.run(["code", "--at", String(t)], env: Self.pin)
            #expect(r.status == 0, "\(r.stderr)")
            // NAME  CODE  N s
            let listed = r.lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            #expect(listed.map { $0[safe: 1] ?? "" } == codes, "at \(t): \(r.stdout)")
            #expect(listed.map(\.first) == ["sha1", "sha256", "sha512"])
        }
        // The ISO form of 1111111109.
        #expect(s.run(["code", "sha256", "--at", "2005-03-18T01:58:29Z"], env: Self.pin).stdout == "68084774\n")
    }

    @Test("several accounts: one unlock, one aligned line per TOTP account (NAME  CODE  N s); HOTP accounts left alone")
    func listing() throws {
        let s = enrolledSandbox(users: ["alice"]) // an OCRA user, not listed
        s.addOTPAccounts([
            OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"), issuer: "GitHub"),
            OTPFixtureAccount(name: "bank", suite: "HOTP-SHA256-8", keyHex: OTPFixtureAccount.rfc6238Key("SHA256"), counter: 7),
            OTPFixtureAccount(name: "a much longer name", suite: "TOTP-SHA256-8-60", keyHex: OTPFixtureAccount.rfc6238Key("SHA256")),
        ])
        let before = Self.counters(s)
        let r = s.run(["code", "--at", "59"], env: Self.pin)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        // 59 s: SHA1 6 digits 287082 (RFC 6238's 94287082), 1 s left; SHA256 8 digits, period 60: step 0.
        let sha256Step0 = s.run(["code", "a much longer name", "--at", "0"], env: Self.pin).out
        #expect(r.stdout == """
            gh                  287082    1 s
            a much longer name  \(sha256Step0)  1 s

            """, "\(r.stdout)")
        #expect(Self.counters(s) == before, "a listing moved a counter")
        let j = try #require(Self.json(s.run(["code", "--json", "--at", "59"], env: Self.pin).stdout) as? [[String: Any]])
        #expect(j.map { Set($0.keys) } == [["user", "code", "valid_for"], ["user", "code", "valid_for"]])
        #expect(j.map { $0["user"] as? String } == ["gh", "a much longer name"] && j[0]["code"] as? String == "287082")
        // Named, HOTP is shown (and moved on); its JSON is one object.
        let b = try #require(Self.json(s.run(["code", "bank", "--json"], env: Self.pin).stdout) as? [String: Any])
        #expect(b["counter"] as? Int == 7 && (b["code"] as? String)?.count == 8 && Self.counters(s)["bank"] == 8, "\(b)")
        // A single TOTP account's JSON: an object.
        let one = try #require(Self.json(s.run(["code", "gh", "--json", "--at", "59"], env: Self.pin).stdout) as? [String: Any])
        #expect(Set(one.keys) == ["user", "code", "valid_for"] && one["valid_for"] as? Int == 1 && one["code"] as? String == "287082")
    }

    @Test("the vault's only account needs no name, whatever OCRA users it holds; HOTP alone too")
    func onlyAccount() {
        let s = enrolledSandbox(users: ["alice", "bob"])
        s.addOTPAccounts([OTPFixtureAccount(name: "dave", suite: "HOTP-SHA1-6", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"), counter: 5)])
        let r = s.run(["code"], env: Self.pin)
        #expect(r.stdout == "254676\n" && r.status == 0, "RFC 4226 counter 5: \(r.stdout) \(r.stderr)")
        #expect(s.run(["code", "--json"], env: Self.pin).stdout == "{\"user\":\"dave\",\"code\":\"287922\",\"counter\":6}\n")
    }

    @Test("code on an OCRA user names respond; respond on a TOTP or HOTP account names code; nothing changes")
    func wrongKind() {
        let s = enrolledSandbox(users: ["alice"])
        // The vault's only user is OCRA: `code` alone says so too.
        expectUnchanged(s, ["code"], env: Self.pin, status: 2, contains: "'alice' is an OCRA user")
        expectUnchanged(s, ["code"], env: Self.pin, status: 2, contains: "hint: use 'ibkey respond --user alice CHALLENGE'")
        s.addOTPAccounts([
            OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1")),
            OTPFixtureAccount(name: "bank", suite: "HOTP-SHA1-6", keyHex: OTPFixtureAccount.rfc6238Key("SHA1")),
        ])
        for args in [["code", "alice"], ["code", "--user", "alice"], ["code", "-u", "alice", "--json"]] {
            expectUnchanged(s, args, env: Self.pin, status: 2, contains: "ibkey respond")
        }
        expectUnchanged(s, ["respond", "--user", "gh", "123456"], env: Self.pin, status: 2,
                        contains: "'gh' is a TOTP account: it gives codes, it answers no challenge\nhint: use 'ibkey code --user gh'")
        expectUnchanged(s, ["respond", "-u", "bank", "123456"], env: Self.pin, status: 2, contains: "'bank' is an HOTP account")
        expectUnchanged(s, ["respond", "-u", "bank", "123456"], env: Self.pin, status: 2, contains: "ibkey code --user bank")
        // With no PIN source at all: refused before any PIN is asked for.
        expectUnchanged(s, ["code", "alice"], env: [:], status: 2, contains: "ibkey respond")
    }

    @Test("refusals: no vault, no such account, no account at all, several HOTP accounts, --at for HOTP, a name given twice")
    func refusals() {
        let none = Sandbox()
        let r = none.run(["code"], env: Self.pin)
        #expect(r.status == 5 && r.stdout.isEmpty && r.stderr.hasPrefix("ibkey: error: no vault at "), "\(r.stderr)")
        let s = enrolledSandbox(users: ["alice", "bob"])
        expectUnchanged(s, ["code"], env: Self.pin, status: 5, contains: "the vault holds no TOTP or HOTP account\nhint: OCRA users answer challenges with 'ibkey respond'")
        s.addOTPAccounts([
            OTPFixtureAccount(name: "h1", suite: "HOTP-SHA1-6", keyHex: OTPFixtureAccount.rfc6238Key("SHA1")),
            OTPFixtureAccount(name: "h2", suite: "HOTP-SHA512-8", keyHex: OTPFixtureAccount.rfc6238Key("SHA512")),
        ])
        expectUnchanged(s, ["code"], env: Self.pin, status: 2, contains: "(h1, h2); choose one with --user NAME")
        expectUnchanged(s, ["code", "carol"], env: Self.pin, status: 5, contains: "no user 'carol'")
        expectUnchanged(s, ["code", "h1", "--at", "59"], env: Self.pin, status: 2, contains: "suite HOTP-SHA1-6 does not use the time\nhint: leave out --at")
        expectUnchanged(s, ["code", "h1", "--user", "h2"], env: Self.pin, status: 2, contains: "give the account once")
        expectUnchanged(s, ["code", "h1", "h2"], env: Self.pin, status: 2)
    }

    @Test("bad --at values: exit 2, one line naming the option and what is wrong, nothing else", arguments: [
        "", "-1", "+5", " 59", "59 ", "1e9", "0x10", "059", "253402300800", "99999999999999", "12345678901234567890",
        "2026-12-03T15:00:00", "2026-12-03 15:00:00Z", "2026-12-03t15:00:00z", "2026-12-03T15:00:00+00:00",
        "2026-12-03T15:00:00.5Z", "2026-02-29T00:00:00Z", "2025-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
        "2026-12-00T00:00:00Z", "2026-04-31T00:00:00Z", "2026-12-03T24:00:00Z", "2026-12-03T15:60:00Z",
        "2026-12-03T15:00:60Z", "1969-12-31T23:59:59Z", "26-12-03T15:00:00Z", "２０２６-12-03T15:00:00Z", "now",
    ])
    func badTimes(_ value: String) {
        let s = Sandbox()
        s.addOTPAccounts([OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        for args in [["code", "--at", value], ["code", "--at=" + value, "gh"], ["respond", "--at", value, "123456"]] {
            let before = s.bytes(s.vault)
            let r = s.run(args, env: Self.pin)
            #expect(r.status == 2 && r.stdout.isEmpty, "\(args): \(r.status) \(r.stdout)")
            #expect(r.stderr.hasPrefix("ibkey: error: ") && r.stderr.split(separator: "\n").count == 2, "\(args): \(r.stderr)")
            // A value that looks like an option is the parser's "missing value".
            if !value.hasPrefix("-") && !value.hasPrefix("+") && !value.isEmpty {
                #expect(r.stderr.contains("is invalid for '--at <time>': "), "\(args): \(r.stderr)")
            }
            #expect(s.bytes(s.vault) == before)
        }
    }

    @Test("good --at values at the edges: 0, the leap day, the last second of 9999")
    func edgeTimes() {
        let s = Sandbox()
        s.addOTPAccounts([OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-8-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        for (a, b) in [("0", "1970-01-01T00:00:00Z"), ("1709164800", "2024-02-29T00:00:00Z"), ("951782400", "2000-02-29T00:00:00Z"),
                       ("253402300799", "9999-12-31T23:59:59Z"), ("59", "1970-01-01T00:00:59Z")] {
            let x = s.run(["code", "--at", a], env: Self.pin), y = s.run(["code", "--at", b], env: Self.pin)
            #expect(x.status == 0 && x.stdout == y.stdout && x.out.count == 8, "\(a) \(b): \(x.stdout) \(y.stdout) \(x.stderr)\(y.stderr)")
        }
        #expect(s.run(["code", "--at", "59"], env: Self.pin).out == "94287082")
    }

    @Test("wrong PIN: exit 3, counted, no code and no counter moved; ten make exit 4, before any PIN is asked")
    func lockout() {
        let s = Sandbox()
        s.addOTPAccounts([OTPFixtureAccount(name: "dave", suite: "HOTP-SHA1-6", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"), counter: 5)])
        for left in (0..<10).reversed() {
            let r = s.run(["code", "dave"], env: ["IBKEY_PIN": "5931-q"])
            #expect(r.status == 3 && r.stdout.isEmpty, "\(r.stderr)")
            #expect(r.stderr.hasPrefix(left > 0 ? "ibkey: error: wrong PIN (\(left) attempt" : "ibkey: error: wrong PIN: the vault is now blocked"), "\(r.stderr)")
        }
        #expect(Self.counters(s)["dave"] == 5)
        expectUnchanged(s, ["code", "dave"], env: Self.pin, status: 4, contains: "vault blocked")
        expectUnchanged(s, ["code"], env: [:], status: 4, contains: "hint: run 'ibkey pin reset'")
    }

    @Test("no PIN source without a terminal: exit 2, saying which options give it")
    func noPINSource() {
        let s = Sandbox()
        s.addOTPAccounts([OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        expectUnchanged(s, ["code"], env: [:], status: 2, contains: "--pin-fd")
        let fd = s.run(["code", "--pin-fd", "3", "--at", "59"], env: [:], fds: [3: Fixture.pin + "\n"])
        #expect(fd.stdout == "287082\n", "\(fd.stderr)")
        let stdin = s.run(["code", "--pin-stdin", "--at", "59"], env: [:], stdin: Fixture.pin + "\n")
        #expect(stdin.stdout == "287082\n", "\(stdin.stderr)")
    }

    @Test("a full disk: HOTP shows no code when its counter cannot be stored (exit 70), and the counter stays")
    func counterStoredBeforeShown() {
        let s = Sandbox()
        s.addOTPAccounts([OTPFixtureAccount(name: "dave", suite: "HOTP-SHA1-6", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"), counter: 5)])
        let r = s.runUnderFileLimit(["code", "dave"], env: Self.pin)
        #expect(r.status == 70 && r.stdout.isEmpty, "\(r.status) \(r.stdout) \(r.stderr)")
        #expect(Self.counters(s)["dave"] == 5)
        #expect(s.run(["code", "dave"], env: Self.pin).stdout == "254676\n")
        #expect(Self.counters(s)["dave"] == 6)
    }

    @Test("on a terminal stderr says how long a TOTP code stays valid; not with --quiet, not for HOTP", .enabled(if: PTY.python != nil),
          arguments: [[], ["--quiet"]])
    func validFor(_ quiet: [String]) throws {
        let s = Sandbox()
        s.addOTPAccounts([
            OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1")),
            OTPFixtureAccount(name: "bank", suite: "HOTP-SHA1-6", keyHex: OTPFixtureAccount.rfc6238Key("SHA1")),
        ])
        let r = try PTY.session(s, args: ["code", "gh", "--at", "50"] + quiet, steps: [], env: Self.pin)
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(r.screen.contains("287082"), "\(r.screen)")
        #expect(r.screen.contains("ibkey: valid for 10 s") == quiet.isEmpty, "\(r.screen)")
        let h = try PTY.session(s, args: ["code", "bank"] + quiet, steps: [], env: Self.pin)
        #expect(h.ok && h.status == 0 && h.screen.contains("755224") && !h.screen.contains("valid for"), "\(h.screen)")
        // The system clock: some 1 to 30 s.
        let now = try PTY.session(s, args: ["code", "gh"] + quiet, steps: [], env: Self.pin)
        if quiet.isEmpty {
            #expect(now.screen.contains(try Regex(#"ibkey: valid for ([1-9]|[12][0-9]|30) s"#)), "\(now.screen)")
        }
    }

    @Test("code --help: each example runs as written (--copy's under an X server: ClipboardTests)")
    func helpExamples() throws {
        let help = Sandbox().run(["code", "--help"]).stdout
        let examples = HelpExamplesTests.exampleLines(help, starting: ["ibkey "])
        #expect(examples.count == 5, "\(examples)")
        let s = try HelpExamplesTests.prepared()
        for line in examples where !line.contains("--copy") {
            let r = HelpExamplesTests.sh(s, TextLine.withoutComment(line))
            let code = line.contains("--json") ? (Self.json(r.stdout) as? [String: Any])?["code"] as? String : r.out
            #expect(r.status == 0 && r.lines.count == 1 && code?.count == 6, "\(line): \(r.stdout) \(r.stderr)")
        }
    }

    @Test("respond with no --user answers the vault's only OCRA user, whatever TOTP and HOTP accounts it holds")
    func respondBesideAccounts() throws {
        let s = enrolledSandbox(users: ["alice"])
        s.addOTPAccounts([OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1")),
                          OTPFixtureAccount(name: "bank", suite: "HOTP-SHA1-6", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        let first = try Reference.response("708362", counter: 1), second = try Reference.response("708362", counter: 2)
        let r = s.run(["respond", "708362"], env: Self.pin)
        #expect(r.status == 0 && r.out == first, "\(r.stderr)")
        #expect(s.run(["respond", "--pin-stdin", "-"], env: [:], stdin: Fixture.pin + "\n708362\n").out == second)
        // Two OCRA users: the choice is theirs, and the list names only them.
        let two = enrolledSandbox(users: ["alice", "bob"])
        two.addOTPAccounts([OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        expectUnchanged(two, ["respond", "123456"], env: Self.pin, status: 2, contains: "several users are enrolled (alice, bob); choose one")
        // No OCRA user at all: the accounts are named, and each refuses with the command to use.
        let none = Sandbox()
        none.addOTPAccounts([OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1")),
                             OTPFixtureAccount(name: "bank", suite: "HOTP-SHA1-6", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        expectUnchanged(none, ["respond", "123456"], env: Self.pin, status: 2, contains: "(gh, bank)")
        let only = Sandbox()
        only.addOTPAccounts([OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        expectUnchanged(only, ["respond", "123456"], env: Self.pin, status: 2, contains: "hint: use 'ibkey code --user gh'")
    }

    @Test("--help: what it prints, --at, --copy and examples")
    func help() {
        let h = Sandbox().run(["code", "--help"])
        #expect(h.status == 0)
        for text in ["--at <time>", "--copy", "EXAMPLES:", "ibkey code github --at 2026-12-03T15:00:00Z", "\"valid_for\"", "IBKEY_CLIP_SECONDS"] {
            #expect(h.stdout.contains(text), "\(text): \(h.stdout)")
        }
        let root = Sandbox().run(["--help"]).stdout
        #expect(root.contains("TOTP/HOTP codes") && root.contains("code"), "\(root)")
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
