import Foundation
import Testing
@testable import IBKeyCore
import IBKeyCLI

/// `ibkey issuer` with TOTP and HOTP users, spawning the binary with the
/// issuer's clock pinned by IBKEY_TEST_NOW: the otpauth URI pyotp reads, the
/// TOTP window and replay rule, the HOTP look-ahead, the shared lock-out,
/// refusals that leave the store as it was, and a format-2 store upgraded.
@Suite("issuer: TOTP and HOTP users")
struct IssuerOTPCommandTests {
    static let t0: Int64 = 1_900_000_020
    static func at(_ t: Int64) -> [String: String] { ["IBKEY_TEST_NOW": String(t)] }

    /// A sandbox with an issuer store.
    static func store() -> Sandbox {
        let s = Sandbox()
        let r = s.run(["issuer", "init"])
        #expect(r.status == 0, "\(r.stderr)")
        return s
    }

    /// `issuer add-user NAME ARGS`: the URI it printed, as ibkey's own reader takes it.
    static func add(_ s: Sandbox, _ name: String, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> (uri: String, account: OTPAccount) {
        let r = s.run(["issuer", "add-user", name] + args)
        #expect(r.status == 0 && r.lines.count == 1, "\(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
        return (r.out, try OTPAuthURI.parse(SecureBytes(copying: Array(r.out.utf8))))
    }

    /// The store file, which refusals must leave byte for byte as it was.
    static func storeBytes(_ s: Sandbox) -> [UInt8] { s.bytes(s.env["IBKEY_ISSUER_STORE"]!) }

    /// A refused issuer command: its exit code, nothing on stdout, one error
    /// line (and at most a hint), the store unchanged byte for byte.
    static func expectRefused(_ s: Sandbox, _ args: [String], env: [String: String] = [:], status: Int32, contains: String? = nil,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let before = storeBytes(s)
        let r = s.run(args, env: env)
        #expect(r.status == status, "\(args): exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, "\(args): stdout \(r.stdout)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n")
        #expect(r.stderr.hasPrefix("ibkey: error: ") && (lines.count == 1 || (lines.count == 2 && lines[1].hasPrefix("hint: "))),
                "\(args): \(r.stderr)", sourceLocation: sourceLocation)
        if let contains { #expect(r.stderr.contains(contains), "\(args): \(r.stderr)", sourceLocation: sourceLocation) }
        #expect(storeBytes(s) == before, "\(args) changed the store", sourceLocation: sourceLocation)
    }

    /// A code of the right length that none of `counters` (steps or counters) gives: a wrong code, certainly.
    static func wrongCode(_ gen: OTPGenerator, _ counters: ClosedRange<UInt64>) -> String {
        let codes = Set(counters.map { gen.code(counter: $0) })
        return (0...9).map { String(repeating: String($0), count: gen.suite.digits) }.first { !codes.contains($0) }!
    }

    static func users(_ s: Sandbox, env: [String: String] = [:]) -> [[String: Any]] {
        json(s.run(["issuer", "users", "--json"], env: env).stdout) as? [[String: Any]] ?? []
    }

    @Test("add-user --totp/--hotp: pyotp reads the URI as the parameters given, and its codes are OTPGenerator's", arguments: [
        ([String](), "TOTP-SHA1-6-30", "ibkey"),
        (["--algorithm", "SHA256", "--digits", "8", "--period", "60", "--issuer", "Example Bank"], "TOTP-SHA256-8-60", "Example Bank"),
        (["--algorithm", "sha512", "--digits", "7", "--period", "1"], "TOTP-SHA512-7-1", "ibkey"),
        (["--period", "120", "--issuer", "ü & =?"], "TOTP-SHA1-6-120", "ü & =?"), // pyotp refuses periods over 120 s
        (["--hotp"], "HOTP-SHA1-6", "ibkey"),
        (["--hotp", "--algorithm", "SHA256", "--digits", "8", "--issuer", "Acme"], "HOTP-SHA256-8", "Acme"),
        (["--hotp", "--algorithm", "SHA512"], "HOTP-SHA512-6", "ibkey"),
    ])
    func addUser(_ args: [String], _ suite: String, _ issuer: String) throws {
        let s = Self.store()
        let hotp = suite.hasPrefix("HOTP")
        let (uri, account) = try Self.add(s, "alice w", (hotp ? [] : ["--totp"]) + args)
        #expect(uri.hasPrefix(hotp ? "otpauth://hotp/" : "otpauth://totp/"), "\(uri)")
        #expect(account.suite.text == suite && account.issuer == issuer && account.name == "alice w")
        let times: [Int64] = [0, 59, Self.t0, 2_000_000_000]
        let counters: [UInt64] = [0, 1, 19, 1 << 33]
        let py = try #require(OTPPeer.read(s, [uri], times: times, counters: counters).first)
        #expect(py.error == nil, "\(py.error ?? "")")
        let parsed = try OTPSuite(suite)
        #expect(py.type == (hotp ? "hotp" : "totp"))
        #expect(py.digest == parsed.hash.rawValue.lowercased() && py.digits == parsed.digits)
        #expect(py.issuer == issuer && py.name == "alice w")
        #expect(py.secretHex.map { $0.count / 2 } == parsed.hash.digestLength, "a key of the hash's length")
        if hotp {
            #expect(py.initialCount == 0)
            #expect(py.atCounters == (try OTPPeer.ownCodes(py, suite: suite, counters: counters)))
        } else {
            #expect(py.interval == parsed.period)
            #expect(py.atTimes == (try OTPPeer.ownCodes(py, suite: suite, times: times)))
        }
        // Listed with its kind, active, and (HOTP) its next counter.
        let listed = try #require(Self.users(s).first)
        #expect(listed["suite"] as? String == suite && listed["state"] as? String == "active")
        #expect(listed["suite_id"] is NSNull && (listed["counter"] as? Int == (hotp ? 0 : nil)))
        let table = s.run(["issuer", "users"])
        #expect(table.stdout.contains(suite), "\(table.stdout)")
    }

    @Test("add-user --json: one object with the URI, as the activation code's has its code")
    func addUserJSON() throws {
        let s = Self.store()
        let r = s.run(["issuer", "add-user", "bob", "--hotp", "--issuer", "Acme", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(json(r.stdout) as? [String: Any], "\(r.stdout)")
        #expect(object["user"] as? String == "bob" && object["suite"] as? String == "HOTP-SHA1-6" && object["issuer"] as? String == "Acme")
        #expect(object["suite_id"] is NSNull)
        let uri = try #require(object["otpauth_uri"] as? String)
        #expect(try OTPAuthURI.parse(SecureBytes(copying: Array(uri.utf8))).label == "Acme:bob")
        #expect(r.stdout.hasSuffix("}\n") && r.lines.count == 1)
    }

    @Test("TOTP: the codes of the step before, the current one and the next verify (each on a fresh user); two steps away do not",
          arguments: [-2, -1, 0, 1, 2] as [Int64])
    func totpWindow(_ offset: Int64) throws {
        let s = Self.store()
        let (_, account) = try Self.add(s, "bob", ["--totp"])
        let gen = OTPGenerator(suite: account.suite, key: account.secret)
        let code = try gen.code(at: Self.t0 + 30 * offset)
        let r = s.run(["issuer", "verify", "bob", code, "--json"], env: Self.at(Self.t0))
        let accepted = abs(offset) <= 1
        #expect(r.status == (accepted ? 0 : 1), "offset \(offset): \(r.stderr)")
        let out = try #require(json(r.stdout) as? [String: Any], "\(r.stdout)")
        #expect(out["accepted"] as? Bool == accepted && out["user"] as? String == "bob")
        if accepted {
            #expect((out["time_step"] as? NSNumber)?.int64Value == (Self.t0 / 30) + offset && out["counter"] is NSNull)
        } else {
            #expect(r.stderr == "ibkey: error: code rejected\n", "\(r.stderr)")
            #expect(Self.users(s, env: Self.at(Self.t0)).first?["failures"] as? Int == 1)
        }
    }

    @Test("TOTP replay: the same code again, and a code of an earlier step in the window, are refused (exit 1) and counted")
    func totpReplay() throws {
        let s = Self.store()
        let (_, account) = try Self.add(s, "bob", ["--totp", "--algorithm", "SHA256", "--digits", "8"])
        let gen = OTPGenerator(suite: account.suite, key: account.secret)
        let now = try gen.code(at: Self.t0), before = try gen.code(at: Self.t0 - 30)
        #expect(s.run(["issuer", "verify", "bob", now], env: Self.at(Self.t0)).status == 0)
        for (code, t) in [(now, Self.t0 + 1), (before, Self.t0 + 2), (now, Self.t0 + 29 - Self.t0 % 30)] {
            let r = s.run(["issuer", "verify", "bob", code], env: Self.at(t))
            #expect(r.status == 1 && r.stdout.isEmpty, "\(r.stderr)")
            #expect(r.stderr.hasPrefix("ibkey: error: code rejected: it was already used"), "\(r.stderr)")
            #expect(r.stderr.contains("hint: wait for the authenticator's next code"), "\(r.stderr)")
        }
        #expect(Self.users(s, env: Self.at(Self.t0 + 3)).first?["failures"] as? Int == 3)
        // The next step's code still verifies, and a success clears the failures.
        let next = s.run(["issuer", "verify", "bob", try gen.code(at: Self.t0 + 30)], env: Self.at(Self.t0 + 30))
        #expect(next.status == 0, "\(next.stderr)")
        #expect(Self.users(s, env: Self.at(Self.t0 + 30)).first?["failures"] as? Int == 0)
    }

    @Test("HOTP: the code of the 20th counter ahead verifies, the 21st does not; the counter moves past the one used")
    func hotpLookAhead() throws {
        let s = Self.store()
        let (_, account) = try Self.add(s, "dave", ["--hotp", "--digits", "8"])
        let gen = OTPGenerator(suite: account.suite, key: account.secret)
        let far = s.run(["issuer", "verify", "dave", gen.code(counter: 20)])
        #expect(far.status == 1 && far.stderr == "ibkey: error: code rejected\n", "\(far.stderr)")
        let ok = s.run(["issuer", "verify", "dave", gen.code(counter: 19), "--json"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect((json(ok.stdout) as? [String: Any])?["counter"] as? Int == 19, "\(ok.stdout)")
        #expect(Self.users(s).first?["counter"] as? Int == 20)
        let replay = s.run(["issuer", "verify", "dave", gen.code(counter: 19)])
        #expect(replay.status == 1 && replay.stderr.contains("already used"), "\(replay.stderr)")
        #expect(s.run(["issuer", "verify", "dave", gen.code(counter: 40)]).status == 1)
        #expect(s.run(["issuer", "verify", "dave", gen.code(counter: 39)]).status == 0)
        #expect(Self.users(s).first?["counter"] as? Int == 40)
    }

    @Test("10 failed codes within 24 hours block the user (exit 4 even for a good code); 24 hours later it verifies", arguments: ["--totp", "--hotp"])
    func lockout(_ kind: String) throws {
        let s = Self.store()
        let (_, account) = try Self.add(s, "bob", [kind])
        let gen = OTPGenerator(suite: account.suite, key: account.secret)
        let step = UInt64(Self.t0 / 30)
        let wrong = Self.wrongCode(gen, account.suite.usesCounter ? 0...19 : (step - 1)...(step + 1))
        for i in 0..<10 {
            let r = s.run(["issuer", "verify", "bob", wrong], env: Self.at(Self.t0 + Int64(i)))
            #expect(r.status == 1, "try \(i): \(r.stderr)")
        }
        let good = account.suite.usesCounter ? gen.code(counter: 0) : try gen.code(at: Self.t0 + 20)
        Self.expectRefused(s, ["issuer", "verify", "bob", good], env: Self.at(Self.t0 + 20), status: 4, contains: "blocked")
        let later = Self.t0 + 9 + 86_400
        let again = account.suite.usesCounter ? good : try gen.code(at: later)
        let r = s.run(["issuer", "verify", "bob", again], env: Self.at(later))
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test("a code of the wrong length or not digits: exit 2, nothing used up or counted; the right code then verifies",
          arguments: ["--totp", "--hotp"])
    func wrongLength(_ kind: String) throws {
        let s = Self.store()
        let (_, account) = try Self.add(s, "bob", [kind, "--digits", "7"])
        let gen = OTPGenerator(suite: account.suite, key: account.secret)
        let good = account.suite.usesCounter ? gen.code(counter: 0) : try gen.code(at: Self.t0)
        for bad in [[String(good.dropLast())], [good + "1"], ["12345x7"], ["123", "45678"]] {
            Self.expectRefused(s, ["issuer", "verify", "bob"] + bad, env: Self.at(Self.t0), status: 2, contains: "the code must be 7 digits")
        }
        #expect(Self.users(s, env: Self.at(Self.t0)).first?["failures"] as? Int == 0)
        // Typed in words, as a person reads it off a phone.
        let r = s.run(["issuer", "verify", "bob", String(good.prefix(3)), String(good.dropFirst(3))], env: Self.at(Self.t0))
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test("OCRA-only options and commands on OTP users, and OTP options without --totp/--hotp: exit 2, the store unchanged")
    func refusals() throws {
        let s = Self.store()
        _ = try Self.add(s, "bob", ["--totp"])
        _ = try Self.add(s, "dave", ["--hotp"])
        s.enrollActive("alice")
        Self.expectRefused(s, ["issuer", "verify", "bob", "123456", "--challenge", "123456"], status: 2,
                           contains: "--challenge is for OCRA users; 'bob' is a TOTP user (TOTP-SHA1-6-30)")
        Self.expectRefused(s, ["issuer", "verify", "dave", "123456", "--window", "5"], status: 2, contains: "--window is for OCRA users")
        Self.expectRefused(s, ["issuer", "verify", "dave", "123456", "--window", "5", "--challenge", "1"], status: 2,
                           contains: "--challenge and --window are for OCRA users")
        for name in ["bob", "dave"] {
            Self.expectRefused(s, ["issuer", "challenge", name], status: 2, contains: "its codes answer no challenge")
            let r = s.run(["issuer", "challenge", name])
            #expect(r.stderr.contains("hint: check a code from the user's authenticator app with 'ibkey issuer verify \(name) CODE'"), "\(r.stderr)")
            Self.expectRefused(s, ["issuer", "activate", name, "AAAA"], status: 7, contains: "already active")
        }
        let cases: [([String], String)] = [
            (["--totp", "--hotp"], "--totp and --hotp exclude each other"),
            (["--totp", "--suite", "1"], "--suite names an OCRA suite"),
            (["--hotp", "--period", "30"], "--period is for --totp accounts"),
            (["--period", "30"], "--period is for TOTP accounts; add --totp"),
            (["--digits", "8"], "--digits is for TOTP and HOTP accounts"),
            (["--algorithm", "SHA256"], "--algorithm is for TOTP and HOTP accounts"),
            (["--issuer", "Acme"], "--issuer is for TOTP and HOTP accounts"),
            (["--totp", "--digits", "5"], "--digits must be 6, 7 or 8, got 5"),
            (["--totp", "--digits", "9"], "--digits must be 6, 7 or 8"),
            (["--totp", "--period", "0"], "--period must be 1 to 300 seconds, got 0"),
            (["--totp", "--period", "301"], "--period must be 1 to 300 seconds"),
            (["--totp", "--algorithm", "MD5"], "--algorithm must be SHA1, SHA256 or SHA512, got 'MD5'"),
            (["--totp", "--algorithm", "SHA-256"], "--algorithm must be SHA1, SHA256 or SHA512"),
            (["--hotp", "--issuer", "a:b"], "issuer must not contain ':'"),
            (["--hotp", "--issuer", ""], "issuer must be 1 to 64 bytes"),
            (["--hotp", "--issuer", "a\u{202E}b"], "issuer must not contain control, format"),
            (["--totp", "--issuer", String(repeating: "x", count: 65)], "issuer must be 1 to 64 bytes"),
        ]
        for (args, message) in cases {
            Self.expectRefused(s, ["issuer", "add-user", "carol"] + args, status: 2, contains: message)
        }
        Self.expectRefused(s, ["issuer", "add-user", "bob", "--totp"], status: 7, contains: "already enrolled")
        Self.expectRefused(s, ["issuer", "add-user", "a\u{7}b", "--totp"], status: 2)
        Self.expectRefused(s, ["issuer", "verify", "nobody", "123456"], status: 5)
        #expect(Self.users(s).map { $0["name"] as? String } == ["bob", "dave", "alice"])
    }

    @Test("issuer remove deletes a TOTP or HOTP user; the others stay")
    func remove() throws {
        let s = Self.store()
        _ = try Self.add(s, "bob", ["--totp"])
        _ = try Self.add(s, "dave", ["--hotp"])
        #expect(s.run(["issuer", "remove", "bob"]).status == 0)
        #expect(Self.users(s).map { $0["name"] as? String } == ["dave"])
        #expect(s.run(["issuer", "remove", "dave"]).status == 0)
        #expect(Self.users(s).isEmpty)
        Self.expectRefused(s, ["issuer", "remove", "dave"], status: 5)
    }

    @Test("the store is format 3 once written, and reads back every kind of user with its state")
    func formatThree() throws {
        let s = Self.store()
        #expect(Self.storeBytes(s)[9] == 3, "a new store is format 3")
        s.enrollActive("alice")
        let (_, bob) = try Self.add(s, "bob", ["--totp", "--period", "45"])
        let (_, dave) = try Self.add(s, "dave", ["--hotp", "--algorithm", "SHA512"])
        #expect(s.run(["issuer", "verify", "bob", try OTPGenerator(suite: bob.suite, key: bob.secret).code(at: Self.t0)],
                      env: Self.at(Self.t0)).status == 0)
        #expect(s.run(["issuer", "verify", "dave", OTPGenerator(suite: dave.suite, key: dave.secret).code(counter: 3)]).status == 0)
        #expect(s.run(["issuer", "verify", "dave", Self.wrongCode(OTPGenerator(suite: dave.suite, key: dave.secret), 0...30)],
                      env: Self.at(Self.t0)).status == 1)
        let store = s.env["IBKEY_ISSUER_STORE"]!
        let state = try IssuerStoreCodec.decode(s.bytes(store), key: SecureBytes(copying: s.bytes(store + ".key")))
        #expect(state.users.map(\.name) == ["alice", "bob", "dave"])
        #expect(state.users[1].kind == .otp(try OTPSuite("TOTP-SHA1-6-45")) && state.users[1].counter == UInt64(Self.t0 / 45) + 1)
        #expect(state.users[1].key.constantTimeEquals(bob.secret))
        #expect(state.users[2].kind == .otp(try OTPSuite("HOTP-SHA512-6")) && state.users[2].counter == 4)
        #expect(state.users[2].failureTimes == [Self.t0])
        let table = s.run(["issuer", "users"], env: Self.at(Self.t0)).stdout
        #expect(table.contains("TOTP-SHA1-6-45") && table.contains("HOTP-SHA512-6"), "\(table)")
    }

    @Test("a format-2 store written before TOTP users existed opens, gains TOTP and HOTP users, and its OCRA users still verify")
    func upgradeFromFormatTwo() throws {
        let s = Sandbox()
        let store = s.env["IBKEY_ISSUER_STORE"]!
        try FileManager.default.createDirectory(atPath: (store as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        for (from, to) in [("issuer-v2.store", store), ("issuer-v2.store.key", store + ".key")] {
            try Data(s.bytes(VaultFormatCLITests.fixtures.appendingPathComponent(from).path)).write(to: URL(fileURLWithPath: to))
            chmod(to, 0o600)
        }
        let now = Self.at(1_800_000_400)
        let before = Self.users(s, env: now)
        #expect(before.map { $0["name"] as? String } == ["alice", "bob"])
        #expect(before.first?["counter"] as? Int == 1 && before.first?["failures"] as? Int == 1 && before.first?["open_challenges"] as? Int == 1)
        #expect(Self.storeBytes(s)[9] == 2, "reading does not rewrite it")
        let (_, carol) = try Self.add(s, "carol", ["--totp"])
        _ = try Self.add(s, "dave", ["--hotp"])
        #expect(Self.storeBytes(s)[9] == 3, "the first write upgrades it")
        // alice's token, enrolled again from the fixture's activation code with the same PIN:
        // its first response (counter 0) was verified when the fixture was made.
        let code = "AEAQ-AAAA-ADUG-NO7D-CTVO-PIHQ-E5DO-7GF5-PJRV-CRSF-SLJ6-MJ3K"
        #expect(s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf, env: s.secrets, stdin: code + "\n").status == 0)
        #expect(s.run(["respond", "000000"], env: s.secrets).status == 0)
        // The challenge the fixture left open, answered at counter 1.
        let response = s.run(["respond", "439924"], env: s.secrets)
        let v = s.run(["issuer", "verify", "alice", response.out, "--challenge", "439924"], env: now)
        #expect(v.status == 0, "\(v.stderr)")
        let t = Int64(1_800_000_400)
        #expect(s.run(["issuer", "verify", "carol", try OTPGenerator(suite: carol.suite, key: carol.secret).code(at: t)], env: now).status == 0)
        let after = Self.users(s, env: now)
        #expect(after.map { $0["name"] as? String } == ["alice", "bob", "carol", "dave"])
        #expect(after[0]["counter"] as? Int == 2 && after[1]["state"] as? String == "pending")
    }

    @Test("crafted integers in every field of a format-3 body with TOTP and HOTP users: damage or a valid store, never a crash; the CLI gives a documented exit")
    func craftedFields() throws {
        let s = Self.store()
        let (_, bob) = try Self.add(s, "bob", ["--totp"])
        let (_, dave) = try Self.add(s, "dave", ["--hotp", "--algorithm", "SHA256"])
        _ = s.run(["issuer", "verify", "bob", try OTPGenerator(suite: bob.suite, key: bob.secret).code(at: Self.t0)], env: Self.at(Self.t0))
        _ = s.run(["issuer", "verify", "dave", Self.wrongCode(OTPGenerator(suite: dave.suite, key: dave.secret), 0...19)], env: Self.at(Self.t0))
        let store = s.env["IBKEY_ISSUER_STORE"]!
        let key = SecureBytes(copying: s.bytes(store + ".key"))
        let body = try Crafting.issuerBody(s.bytes(store), key: key)
        let fields = Crafting.issuerBodyFields(body)
        #expect(fields.contains { $0.name == "user 0 suite text length" } && fields.contains { $0.name == "user 1 failure 0" })
        #expect(fields.last?.name == "user 1 challenges", "the fields end where the body does: \(fields.last?.description ?? "")")
        // Every field, in process: what `issuer users` prints and what `verify` does with it.
        for field in fields {
            for value in Crafting.extremes(field.width) {
                var b = body
                Crafting.set(&b, field, value)
                let file = Crafting.issuerFile(body: b, key: key)
                do {
                    let state = try IssuerStoreCodec.decode(file, key: key)
                    #expect(PrintingPaths.issuerStore(file, key: key, now: Self.t0 + 60) != nil)
                    for name in ["bob", "dave"] { _ = try? state.verifyCode(name, code: "123456", now: Self.t0 + 60) }
                } catch let e as IBKeyError {
                    switch e {
                    case .damaged, .unsupportedVersion: break
                    default: Issue.record("\(field) = \(value): \(e)")
                    }
                }
            }
        }
        // The fields format 3 added, through the binary.
        for field in fields where ["suite", "suite text length", "state", "counter"].contains(where: { field.name.hasSuffix(" " + $0) }) {
            for value in Crafting.extremes(field.width) {
                var b = body
                Crafting.set(&b, field, value)
                try Data(Crafting.issuerFile(body: b, key: key)).write(to: URL(fileURLWithPath: store))
                chmod(store, 0o600)
                for args in [["issuer", "users", "--json"], ["issuer", "verify", field.name.hasPrefix("user 0") ? "bob" : "dave", "123456"]] {
                    let r = s.run(args, env: Self.at(Self.t0 + 60))
                    #expect([0, 1, 2, 4, 5, 6].contains(r.status), "\(field) = \(value): \(args) exit \(r.status): \(r.stderr)")
                    if r.status > 1 {
                        #expect(r.stderr.hasPrefix("ibkey: error: ") && r.stderr.split(separator: "\n").count <= 2, "\(r.stderr)")
                    }
                    if args.last == "--json" && r.status == 0 { #expect(json(r.stdout) != nil, "\(r.stdout)") }
                }
            }
        }
    }

    @Test("the fuzz seeds of format 3 are stores the decoder takes whole, so the fuzzer starts past the checks")
    func fuzzSeeds() throws {
        let corpus = FuzzRegressionTests.root.appendingPathComponent("Fuzz/corpus")
        let key = SecureBytes(copying: [UInt8](repeating: 7, count: 32)) // the fuzz targets' store key
        let body = [UInt8](try Data(contentsOf: corpus.appendingPathComponent("print-issuer/otp-users-body-v3")))
        let state = try IssuerStoreCodec.decode(Crafting.issuerFile(body: body, key: key), key: key)
        #expect(state.users.map(\.kind.text) == ["TOTP-SHA256-8-60", "HOTP-SHA1-6", "OCRA-1:HOTP-SHA256-8:QN06"])
        let file = [UInt8](try Data(contentsOf: corpus.appendingPathComponent("issuer-store/four-users-v3")))
        #expect(try IssuerStoreCodec.decode(file, key: key).users.compactMap(\.otpSuite).count == 2)
    }

    @Test("CI smoke test: add-user --totp, the code from the URI's secret at IBKEY_TEST_NOW verifies, its replay does not")
    func smoke() throws {
        let s = Self.store()
        let uri = s.run(["issuer", "add-user", "ci", "--totp"])
        #expect(uri.status == 0, "\(uri.stderr)")
        let py = try #require(OTPPeer.read(s, [uri.out], times: [Self.t0]).first)
        let code = try #require(py.atTimes?.first, "\(py.error ?? "")")
        #expect(try OTPPeer.ownCodes(py, suite: "TOTP-SHA1-6-30", times: [Self.t0]) == [code])
        #expect(s.run(["issuer", "verify", "ci", code], env: Self.at(Self.t0)).status == 0)
        let replay = s.run(["issuer", "verify", "ci", code], env: Self.at(Self.t0))
        #expect(replay.status == 1 && replay.stderr.contains("already used"), "\(replay.stderr)")
    }

    @Test("issuer --help's TOTP smoke test (oathtool as the app) runs as written, and Docs/ISSUER.md holds the same",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/oathtool")))
    func totpSmokeScript() throws {
        let help = Sandbox().run(["issuer", "--help"]).stdout
        let script = try HelpExamplesTests.smokeScript(in: help, after: "The same for a TOTP login", docSection: "## A TOTP smoke test")
        #expect(script.count == 7 && script.last?.hasPrefix("! ibkey issuer verify") == true, "\(script)")
        // Verbatim, on the real clock.
        let s = Sandbox()
        let r = HelpExamplesTests.runVerbatim(script, in: s)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stderr.contains("ibkey: error: code rejected: it was already used"), "the replay was refused: \(r.stderr)")
        // Without the `!`, the script fails at the replay: the last line is what passes it.
        let unguarded = script.dropLast() + [String(script.last!.dropFirst(2))]
        let failed = s.run(["-e", "-c", "cd \(s.dir) && rm -rf t && " + unguarded.joined(separator: "\n")], executable: "/bin/sh")
        #expect(failed.status == 1, "\(failed.stderr)")
    }

    @Test("on a terminal, add-user --totp prints the URI and then draws it as a QR code after saying what it is",
          .enabled(if: TerminalQR.available))
    func qrOnTerminal() throws {
        let s = Self.store()
        let r = try PTY.session(s, args: ["issuer", "add-user", "alice", "--totp"], steps: [["expect", "scan"]])
        #expect(r.status == 0, "\(r.screen)")
        let screen = r.screen.replacingOccurrences(of: "\r", with: "")
        let uri = try #require(screen.split(separator: "\n").first { $0.hasPrefix("otpauth://totp/ibkey:alice?secret=") }.map(String.init), "\(screen)")
        let caption = try #require(screen.range(of: "ibkey: the otpauth URI of 'alice' as a QR code, for an authenticator app to scan"))
        let drawing = try #require(screen.range(of: TerminalQR.colours))
        #expect(caption.upperBound <= drawing.lowerBound, "the caption comes first")
        let grid = TerminalQR.grid(screen)
        #expect(grid.count >= 25 && grid == TerminalQR.expected(s, uri), "the QR code holds exactly the URI")
        // --quiet: no note and no QR code; --quiet --qr: the QR code.
        let quiet = try PTY.session(s, args: ["issuer", "add-user", "bob", "--totp", "--quiet"], steps: [])
        #expect(quiet.status == 0 && !quiet.screen.contains(TerminalQR.colours) && !quiet.screen.contains("ibkey: "), "\(quiet.screen)")
        let asked = try PTY.session(s, args: ["issuer", "add-user", "carol", "--totp", "--quiet", "--qr"], steps: [["expect", "scan"]])
        #expect(asked.status == 0 && asked.screen.contains(TerminalQR.colours), "\(asked.screen)")
    }

    @Test("add-user --totp --qr without a terminal: the URI alone on stdout, a warning on stderr")
    func qrWithoutTerminal() throws {
        let s = Self.store()
        let r = s.run(["issuer", "add-user", "alice", "--totp", "--qr"])
        #expect(r.status == 0 && r.lines.count == 1 && r.out.hasPrefix("otpauth://totp/"), "\(r.stdout)")
        #expect(r.stderr == "ibkey: warning: no QR code: standard error is not a terminal\n", "\(r.stderr)")
        let plain = s.run(["issuer", "add-user", "bob", "--totp"])
        #expect(plain.status == 0 && plain.stderr.isEmpty, "no QR code and no note for a script: \(plain.stderr)")
    }
}
