import Foundation
import Testing
@testable import IBKeyCore

/// The issuer's TOTP and HOTP users (Docs/ISSUER.md, "Rules"), as state
/// transitions with a moved clock, and store format 3 (Docs/ISSUER.md,
/// "Store format"): what it writes reads back, what it must refuse is
/// damage, and a format-2 store written before it still opens.
@Suite("issuer: TOTP and HOTP users, store format 3")
struct IssuerOTPTests {
    static let t0: Int64 = 1_900_000_000

    /// A state with one OTP user; the generator that computes its codes
    /// independently of the issuer (from the key the URI carries).
    static func user(_ suite: String, name: String = "bob") throws -> (IssuerState, OTPGenerator, OTPSuite) {
        let state = IssuerState()
        let s = try OTPSuite(suite)
        let account = try state.addOTPUser(name, suite: s, issuer: "ibkey", now: 0)
        #expect(account.issuer == "ibkey" && account.name == name && account.suite == s)
        #expect(account.secret.count == s.hash.digestLength)
        #expect(account.counter == (s.usesCounter ? 0 : nil))
        return (state, OTPGenerator(suite: s, key: account.secret), s)
    }

    @Test("TOTP: the step before, the current one and the next verify; two away do not", arguments: [-1, 0, 1])
    func totpWindow(_ offset: Int64) throws {
        let (state, gen, _) = try Self.user("TOTP-SHA1-6-30")
        let step = UInt64(Self.t0 / 30)
        for far in [Int64(-2), 2] {
            let code = gen.code(counter: UInt64(Int64(step) + far))
            #expect(try state.verifyCode("bob", code: code, now: Self.t0) == .rejected(.wrongCode), "step \(far)")
        }
        let used = UInt64(Int64(step) + offset)
        #expect(try state.verifyCode("bob", code: gen.code(counter: used), now: Self.t0) == .accepted(counter: used))
        #expect(try state.user("bob").counter == used + 1)
        #expect(try state.user("bob").recentFailures(now: Self.t0) == 0, "a success clears the failures")
    }

    @Test("TOTP: a step once accepted, and every earlier one, never verifies again, even within the window")
    func totpReplay() throws {
        let (state, gen, _) = try Self.user("TOTP-SHA256-8-60")
        let step = UInt64(Self.t0 / 60)
        #expect(try state.verifyCode("bob", code: gen.code(counter: step), now: Self.t0) == .accepted(counter: step))
        #expect(try state.verifyCode("bob", code: gen.code(counter: step), now: Self.t0 + 1) == .rejected(.codeAlreadyUsed))
        #expect(try state.verifyCode("bob", code: gen.code(counter: step - 1), now: Self.t0 + 2) == .rejected(.codeAlreadyUsed))
        #expect(try state.user("bob").recentFailures(now: Self.t0 + 2) == 2, "replays count as failures")
        // The next step's code still verifies; then the current one is dead too.
        #expect(try state.verifyCode("bob", code: gen.code(counter: step + 1), now: Self.t0 + 3) == .accepted(counter: step + 1))
        #expect(try state.verifyCode("bob", code: gen.code(counter: step), now: Self.t0 + 4) == .rejected(.codeAlreadyUsed))
        #expect(try state.user("bob").recentFailures(now: Self.t0 + 4) == 1, "counted since the last success")
    }

    @Test("HOTP: the next 20 counters verify and the counter moves past the one used; the 21st does not")
    func hotpLookAhead() throws {
        let (state, gen, _) = try Self.user("HOTP-SHA512-7")
        #expect(try state.verifyCode("bob", code: gen.code(counter: 20), now: Self.t0) == .rejected(.wrongCode))
        #expect(try state.verifyCode("bob", code: gen.code(counter: 19), now: Self.t0) == .accepted(counter: 19))
        #expect(try state.user("bob").counter == 20)
        #expect(try state.verifyCode("bob", code: gen.code(counter: 19), now: Self.t0) == .rejected(.codeAlreadyUsed))
        #expect(try state.verifyCode("bob", code: gen.code(counter: 40), now: Self.t0) == .rejected(.wrongCode))
        #expect(try state.verifyCode("bob", code: gen.code(counter: 20), now: Self.t0) == .accepted(counter: 20))
    }

    @Test("HOTP at the top of the counter range: the last storable counter verifies, then nothing does")
    func hotpTop() throws {
        let (state, gen, _) = try Self.user("HOTP-SHA1-6")
        let stored = try IssuerStoreCodec.decode(IssuerStoreCodec.encode(state, key: Self.key), key: Self.key)
        var u = try stored.user("bob")
        u.counter = .max - 1
        let top = IssuerState(users: [u])
        #expect(try top.verifyCode("bob", code: gen.code(counter: .max - 1), now: Self.t0) == .accepted(counter: .max - 1))
        #expect(try top.verifyCode("bob", code: gen.code(counter: .max), now: Self.t0) == .rejected(.wrongCode))
    }

    @Test("failures of OTP users block as OCRA users' do: 10 in 24 hours, then even a good code is refused")
    func lockout() throws {
        let (state, gen, _) = try Self.user("TOTP-SHA1-6-30")
        for i in 0..<10 {
            #expect(try state.verifyCode("bob", code: "000000", now: Self.t0 + Int64(i)) != .accepted(counter: nil))
        }
        let good = try gen.code(at: Self.t0 + 20)
        #expect(throws: IBKeyError.issuerUserBlocked(name: "bob", untilUnix: Self.t0 + 9 + IssuerPolicy.blockDuration)) {
            _ = try state.verifyCode("bob", code: good, now: Self.t0 + 20)
        }
    }

    @Test("OTP users take no challenge and no activation; OCRA users no code")
    func kinds() throws {
        let (state, _, s) = try Self.user("HOTP-SHA1-6")
        #expect(throws: IBKeyError.noChallengeForCodes(name: "bob", suite: s)) { _ = try state.challenge("bob", ttl: 300, now: 0) }
        #expect(throws: IBKeyError.noChallengeForCodes(name: "bob", suite: s)) {
            _ = try state.verify("bob", response: "123456", challenge: nil, window: 20, now: 0)
        }
        #expect(throws: IBKeyError.alreadyActive("bob")) { try state.activate("bob", registrationCode: "AAAA") }
        _ = try state.addUser("alice", suite: .ibKeySHA1, now: 0)
        #expect(throws: IBKeyError.self) { _ = try state.verifyCode("alice", code: "12345678", now: 0) }
        #expect(throws: IBKeyError.userExists("alice")) {
            _ = try state.addOTPUser("alice", suite: s, issuer: "ibkey", now: 0)
        }
        for bad in ["", "a:b", "tab\there", " lead"] {
            #expect(throws: IBKeyError.self, "issuer '\(bad)'") { _ = try state.addOTPUser("carol", suite: s, issuer: bad, now: 0) }
        }
        #expect(state.users.map(\.name) == ["bob", "alice"], "a refused user is not added")
    }

    // MARK: store format 3

    static let key = SecureBytes(copying: [UInt8](repeating: 7, count: 32))

    @Test("format 3 round trip: OCRA, TOTP and HOTP users with their counters, failures, blocks and challenges")
    func roundTrip() throws {
        let t = Self.t0
        var alice = IssuerUser(name: "alice", kind: .ocra(.ibKeySHA1), state: .active, counter: 9, createdAt: 5,
                               key: SecureBytes(copying: Random.bytes(20)), pinHash: SecureBytes(copying: Random.bytes(20)))
        alice.failureTimes = [t, t + 1]
        alice.challenges = [.init(value: "012345", issuedAt: t, expiresAt: t + 300)]
        var bob = IssuerUser(name: "bob ü", kind: .otp(try OTPSuite("TOTP-SHA256-8-60")), state: .active,
                             counter: IssuerStoreCodec.maxTOTPStep(period: 60), createdAt: 6, key: SecureBytes(copying: Random.bytes(32)))
        bob.failureTimes = [t]
        bob.blockedUntil = t + 86_400
        let carol = IssuerUser(name: "carol", kind: .otp(try OTPSuite("HOTP-SHA512-8")), state: .active, counter: .max,
                               createdAt: 7, key: SecureBytes(copying: Random.bytes(64)))
        let file = IssuerStoreCodec.encode(IssuerState(users: [alice, bob, carol]), key: Self.key)
        #expect(file[8] == 0 && file[9] == 3, "format 3 is written")
        let back = try IssuerStoreCodec.decode(file, key: Self.key).users
        try #require(back.count == 3)
        for (a, b) in zip([alice, bob, carol], back) {
            #expect(a.name == b.name && a.kind == b.kind && a.state == b.state && a.counter == b.counter && a.createdAt == b.createdAt)
            #expect(a.key.constantTimeEquals(b.key))
            #expect(a.pinHash?.unprotectedCopy() == b.pinHash?.unprotectedCopy())
            #expect(a.failureTimes == b.failureTimes && a.blockedUntil == b.blockedUntil && a.challenges == b.challenges)
        }
    }

    /// A format-3 body of one user, laid out from Docs/ISSUER.md.
    static func body(version: UInt8 = 3, suiteID: UInt8 = 0, suite: String = "TOTP-SHA1-6-30", state: UInt8 = 1,
                     counter: UInt64 = 0, keyLength: Int = 20, pinLength: Int = 0, challenges: [String] = []) -> [UInt8] {
        var w: [UInt8] = [version, 0, 0, 0, 1]
        func u64(_ v: UInt64) { for i in 0..<8 { w.append(UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64(i)))) } }
        w += [3] + Array("bob".utf8) + [suiteID]
        if suiteID == 0 { w += [UInt8(suite.utf8.count)] + Array(suite.utf8) }
        w += [state]; u64(counter); u64(1_800_000_000)
        w += [UInt8(keyLength)] + [UInt8](repeating: 1, count: keyLength)
        w += [UInt8(pinLength)] + [UInt8](repeating: 2, count: pinLength)
        w += [0]; u64(0)
        w += [0, 0, 0, UInt8(challenges.count)]
        for c in challenges { w += [UInt8(c.utf8.count)] + Array(c.utf8); u64(1_800_000_000); u64(1_800_000_300) }
        return w
    }

    static func decode(_ body: [UInt8], version: UInt16 = 3) throws -> IssuerState {
        try IssuerStoreCodec.decode(IssuerStoreCodec.seal(body: SecureBytes(copying: body), version: version, key: key,
                                                          nonce: Random.bytes(XChaCha20Poly1305.nonceBytes)), key: key)
    }

    @Test("the crafted body the strict decoder takes: a TOTP user at the highest step a time in range reaches, an HOTP user at 2⁶⁴ − 1")
    func craftedValid() throws {
        let max = IssuerStoreCodec.maxTOTPStep(period: 30)
        #expect(max == 253_402_300_799 / 30 + 2)
        #expect(try Self.decode(Self.body(counter: max)).users.first?.counter == max)
        let hotp = try Self.decode(Self.body(suite: "HOTP-SHA256-8", counter: .max, keyLength: 32))
        #expect(hotp.users.first?.kind == .otp(try OTPSuite("HOTP-SHA256-8")))
    }

    @Test("what format 3 refuses for TOTP/HOTP users is damage, never a crash", arguments: [
        ("a pending TOTP user", body(state: 0)),
        ("an unknown state", body(state: 2)),
        ("a P hash", body(pinLength: 20)),
        ("a challenge", body(challenges: ["123456"])),
        ("a key shorter than the hash", body(suite: "TOTP-SHA256-6-30", keyLength: 20)),
        ("a key longer than the hash", body(keyLength: 32)),
        ("a step beyond any time in range", body(counter: IssuerStoreCodec.maxTOTPStep(period: 30) + 1)),
        ("a suite in lower case", body(suite: "totp-sha1-6-30")),
        ("a period with a leading zero", body(suite: "TOTP-SHA1-6-030")),
        ("an HOTP suite with a period", body(suite: "HOTP-SHA1-6-30")),
        ("an OCRA suite as text", body(suite: "OCRA-1:HOTP-SHA1-6:QN06")),
        ("an empty suite", body(suite: "")),
        ("5 digits", body(suite: "TOTP-SHA1-5-30")),
        ("suite id 5", body(suiteID: 5)),
    ])
    func refused(_ what: String, _ body: [UInt8]) {
        do {
            _ = try Self.decode(body)
            Issue.record("\(what): accepted")
        } catch let e as IBKeyError {
            guard case .damaged = e else { Issue.record("\(what): \(e)"); return }
        } catch {
            Issue.record("\(what): \(error)")
        }
    }

    @Test("a TOTP/HOTP user in a format-1 or -2 file is damage: those formats never held one", arguments: [1, 2] as [UInt8])
    func olderFormatsHoldNoOTPUser(_ version: UInt8) {
        #expect(throws: IBKeyError.self) { _ = try Self.decode(Self.body(version: version), version: UInt16(version)) }
    }

    @Test("the format-2 store written before format 3 (Fixtures/issuer-v2.store) opens whole, and is written back as format 3")
    func formatTwoFixture() throws {
        let dir = try #require(Bundle.module.url(forResource: "issuer-v2", withExtension: "store", subdirectory: "Fixtures"))
        let bytes = [UInt8](try Data(contentsOf: dir))
        let key = SecureBytes(copying: [UInt8](try Data(contentsOf: dir.appendingPathExtension("key"))))
        #expect(bytes[9] == 2)
        let state = try IssuerStoreCodec.decode(bytes, key: key)
        try #require(state.users.count == 2)
        let alice = state.users[0], bob = state.users[1]
        #expect(alice.name == "alice" && alice.kind == .ocra(.ibKeySHA1) && alice.state == .active && alice.counter == 1)
        #expect(alice.pinHash?.count == 20 && alice.failureTimes == [1_800_000_200])
        #expect(alice.challenges == [.init(value: "439924", issuedAt: 1_800_000_300, expiresAt: 1_800_000_600)])
        // The key the fixture's activation code carries (Fixtures/README.md).
        let code = try ActivationCode.parse(SecureBytes(copying: Array("AEAQ-AAAA-ADUG-NO7D-CTVO-PIHQ-E5DO-7GF5-PJRV-CRSF-SLJ6-MJ3K".utf8)))
        #expect(alice.key.constantTimeEquals(code.key))
        #expect(bob.name == "bob" && bob.kind == .ocra(.sha256NoCounter) && bob.state == .pending && bob.pinHash == nil)
        // It gains a TOTP user and is written as format 3, the OCRA users unchanged.
        _ = try state.addOTPUser("carol", suite: try OTPSuite("TOTP-SHA1-6-30"), issuer: "ibkey", now: 1_800_000_400)
        let again = IssuerStoreCodec.encode(state, key: key)
        #expect(again[9] == 3)
        let reread = try IssuerStoreCodec.decode(again, key: key)
        #expect(reread.users.map(\.name) == ["alice", "bob", "carol"])
        #expect(reread.users[0].challenges == alice.challenges && reread.users[0].key.constantTimeEquals(alice.key))
    }
}
