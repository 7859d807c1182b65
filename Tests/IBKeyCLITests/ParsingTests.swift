import ArgumentParser
import Testing
@testable import IBKeyCLI
import IBKeyCore

/// The first layer: commands parsed in process, for option logic.
@Suite("Argument parsing (in process)")
struct ParsingTests {
    func parse(_ args: [String]) throws -> ParsableCommand { try IBKey.parseAsRoot(args) }

    @Test("respond joins a challenge typed with spaces and reads every secret option")
    func respond() throws {
        let r = try #require(try parse(["respond", "--user", "alice", "123", "456", "--pin-fd", "3", "--json"]) as? Respond)
        #expect(r.user == "alice" && r.challenge == ["123", "456"])
        #expect(r.pin.source.fd == 3 && r.pin.source.file == nil && !r.pin.source.stdin)
        #expect(r.output.json)
        let b = try #require(try parse(["respond", "--pin-stdin", "-"]) as? Respond)
        #expect(b.challenge == ["-"] && b.pin.pinStdin)
    }

    /// The fast path for `respond` must never read a command line differently
    /// from ArgumentParser: whenever it answers, the parser gives the same request.
    /// The lines are drawn from a seeded generator: the seed is printed, and
    /// IBKEY_TEST_SEED=N replays a run.
    @Test("respond's fast parser agrees with ArgumentParser on random command lines")
    func respondFastPath() throws {
        let options = ["--user", "-u", "--vault", "--pin-fd", "--pin-file", "--pin-stdin", "--json", "--session", "--session-hex", "--no-wait", "--keep-going",
                       "--at", "--copy"]
        let pool = options + ["alice", "--user=bob", "/v", "--vault=/w", "3", "--pin-fd=4", "x",
                    "/p", "--pin-file=/q", "123456", "123", "456", "-", "--", "-h",
                    "--help", "help", "--jsonx", "--json=1", "", "=", "--user=", "-5", "--pin-stdin=1", "--version",
                    "--pin", "-u", "-u=x", "--USER", "a=b", "99999999999", "--pin-fd=-1",
                    "txt", "--session=abc", "--session=", "0a0b", "--session-hex=ff", "--session-hex=xyz", "--no-wait=1", "--no-wait", "--keep-going=1",
                    "--at=59", "--at=2026-12-03T15:00:00Z", "--at=2026-02-30T00:00:00Z", "--at=059", "--at=", "1796310000",
                    "2026-12-03T15:00:00Z", "2026-12-03T15:00:00", "253402300800", "--copy=1", "--copy"]
        var random = SeededGenerator()
        let seed = random.seed
        print("respondFastPath seed: \(seed) (IBKEY_TEST_SEED=\(seed) replays it)")
        var answered = 0
        var answeredWith = Set<String>() // options seen in lines the fast path answered
        for _ in 0..<2500 {
            let args = ["respond"] + (0..<Int.random(in: 0...6, using: &random)).map { _ in pool.randomElement(using: &random)! }
            guard let fast = RespondRequest.fastParse(args) else { continue }
            answered += 1
            for a in args { if let o = options.first(where: { a == $0 || a.hasPrefix($0 + "=") }) { answeredWith.insert(o) } }
            guard let r = (try? parse(args)) as? Respond else {
                Issue.record("fast path accepted \(args), ArgumentParser did not (seed \(seed))")
                continue
            }
            #expect(r.request == fast, "\(args) (seed \(seed))")
        }
        #expect(answeredWith == Set(options), "options never answered by the fast path: \(Set(options).subtracting(answeredWith)) (seed \(seed))")
        #expect(answered > 250, "seed \(seed)")
        // The everyday forms do take the fast path.
        for args in [["respond", "123456"], ["respond", "--user", "alice", "123", "456"], ["respond", "-u", "alice", "123456"], ["respond", "--pin-stdin", "-"],
                     ["respond", "--vault=/v", "--json", "--pin-fd", "3", "123456"], ["respond"],
                     ["respond", "--session", "abc", "--no-wait", "12345678"], ["respond", "--keep-going", "--pin-stdin", "-"], ["respond", "--session-hex=0a0b", "1234"],
                     ["respond", "--at", "1796310000", "12345678"], ["respond", "--at=2026-12-03T15:00:00Z", "--copy", "123456"]] {
            #expect(RespondRequest.fastParse(args) != nil, "\(args)")
        }
        // Anything else goes to ArgumentParser.
        for args in [["respond", "--help"], ["respond", "-h"], ["respond", "--json", "--json"], ["users"], [],
                     ["respond", "--user"], ["respond", "--pin-fd", "x"], ["respond", "--", "123456"],
                     ["respond", "--at", "2026-02-30T00:00:00Z", "1"], ["respond", "--at", "x", "1"], ["respond", "--copy=yes", "1"]] {
            #expect(RespondRequest.fastParse(args) == nil, "\(args)")
        }
    }

    @Test("--at is parsed once, strictly, into Unix seconds: the fast path and ArgumentParser read it alike")
    func atValues() throws {
        for (text, seconds) in [("1796310000", Int64(1_796_310_000)), ("2026-12-03T15:00:00Z", 1_796_310_000), ("0", 0),
                                ("1970-01-01T00:00:00Z", 0), ("9999-12-31T23:59:59Z", 253_402_300_799)] {
            let r = try #require(try parse(["respond", "--at", text, "123456"]) as? Respond)
            #expect(r.at == seconds && RespondRequest.fastParse(["respond", "--at", text, "123456"])?.at == seconds, "\(text)")
            let c = try #require(try parse(["code", "--at", text]) as? Code)
            #expect(c.request.at == seconds)
        }
        #expect(throws: (any Error).self) { _ = try parse(["code", "--at", "2026-12-03"]) }
        let c = try #require(try parse(["code", "gh", "--json", "--copy", "--pin-fd", "3"]) as? Code)
        #expect(c.request == CodeRequest(user: "gh", vaultPath: nil, pinFD: 3, pinFile: nil, pinStdin: false, json: true, copy: true))
        #expect((try parse(["code", "-u", "gh"]) as? Code)?.request.user == "gh")
        #expect((try parse(["code"]) as? Code)?.request.user == nil)
        #expect(throws: (any Error).self) { _ = try parse(["code", "gh", "--user", "gh"]) }
    }

    @Test("remove and export take NAME or --user NAME (-u NAME), not both, not neither; -u wherever --user is")
    func userNames() throws {
        for args in [["remove", "bob"], ["remove", "--user", "bob"], ["remove", "-u", "bob", "--pin-fd", "3"]] {
            #expect((try parse(args) as? Remove)?.user == "bob", "\(args)")
        }
        for args in [["export", "bob", "-o", "f"], ["export", "--user", "bob"], ["export", "-o", "f", "-u", "bob"]] {
            #expect((try parse(args) as? Export)?.user == "bob", "\(args)")
        }
        for args in [["remove"], ["remove", "bob", "--user", "bob"], ["export", "a", "b"], ["export", "-o", "f"]] {
            #expect(throws: (any Error).self, "\(args)") { _ = try parse(args) }
        }
        #expect((try parse(["respond", "-u", "alice", "123456"]) as? Respond)?.user == "alice")
        #expect((try parse(["enroll", "-u", "alice", "-"]) as? Enroll)?.user == "alice")
        #expect((try parse(["import", "-u", "alice", "f.pskc"]) as? Import)?.user == "alice")
        #expect((try parse(["issuer", "challenge", "-u", "alice"]) as? Issuer.Challenge)?.name == "alice")
        #expect((try parse(["issuer", "verify", "-u", "alice", "12345678"]) as? Issuer.Verify)?.who.user == "alice")
    }

    @Test("enroll: --kdf levels, default moderate; bad names are refused in validate()")
    func enroll() throws {
        let e = try #require(try parse(["enroll", "--user", "bob", "-"]) as? Enroll)
        #expect(e.kdf == .moderate && e.code == ["-"])
        let t = try #require(try parse(["enroll", "--user", "bob", "--kdf", "test"]) as? Enroll)
        #expect(t.kdf == .test && t.code.isEmpty)
        #expect(throws: (any Error).self) { _ = try parse(["enroll", "--user", "bob", "--kdf", "extreme"]) }
        #expect(throws: (any Error).self) { _ = try parse(["enroll", "--user", ""]) }
        #expect(throws: (any Error).self) { _ = try parse(["enroll"]) } // --user is required
    }

    @Test("no option takes a secret as its value")
    func noSecretOptions() throws {
        for args in [["respond", "--pin", "1234"], ["enroll", "--user", "a", "--recovery-pin", "1"], ["pin", "change", "--new-pin", "5"]] {
            #expect(throws: (any Error).self) { _ = try parse(args) }
        }
    }

    @Test("secret sources: --X-fd and --X-file for each secret")
    func sources() throws {
        let c = try #require(try parse(["recovery-pin", "change", "--pin-file", "/p", "--recovery-pin-fd", "4", "--new-pin-file", "/n"]) as? RecoveryPIN.Change)
        #expect(c.pins.pin.source.file == "/p" && c.pins.recovery.source.fd == 4 && c.newPIN.source.file == "/n")
        #expect(c.pins.recovery.source.kind == .recoveryPIN && c.newPIN.source.kind == .newPIN)
    }

    @Test("issuer options and their validation")
    func issuer() throws {
        let a = try #require(try parse(["issuer", "add-user", "alice", "--suite", "3", "--qr", "--store", "/s"]) as? Issuer.AddUser)
        #expect(a.suite == 3 && a.qr)
        #expect(try a.options.storePath == "/s" && a.options.keyPath == "/s.key")
        #expect(throws: (any Error).self) { _ = try parse(["issuer", "add-user", "alice", "--suite", "5"]) }
        let v = try #require(try parse(["issuer", "verify", "alice", "12345678", "--challenge", "123456", "--window", "5"]) as? Issuer.Verify)
        #expect(v.window == 5 && v.challenge == "123456")
        #expect(throws: (any Error).self) { _ = try parse(["issuer", "verify", "alice", "1", "--window", "100000"]) }
        #expect(throws: (any Error).self) { _ = try parse(["issuer", "challenge", "alice", "--ttl", "0"]) }
    }
}

