import Foundation
import Testing
@testable import IBKeyCore

@Suite("Registration code and issuer state")
struct IssuerTests {
    let pin = SecureBytes(copying: Array("9137".utf8))

    /// A token side enrolled from the issuer's activation code.
    func enroll(_ state: IssuerState, _ name: String, suite: SuiteID) throws -> (Responder, String) {
        let code = try state.addUser(name, suite: suite, now: 0)
        let parsed = try ActivationCode.parse(code.text())
        let made = Enrollment(name: name, code: parsed, pin: pin, now: 0)
        let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: SecureBytes(copying: Array("r7#Kq".utf8)))
        try v.addUser(made.entry, secret: made.secret)
        return (try Responder(vault: v, index: 0), made.registrationCode)
    }

    @Test("registration codes round-trip and carry the PIN hash", arguments: SuiteID.allCases)
    func registration(_ id: SuiteID) throws {
        let key = Random.secret(id.keyLength)
        let ph = id.suite.pinHash?.hash(pin)
        let text = RegistrationCode.make(user: "alice", suiteID: id, tokenKey: key, pinHash: ph)
        let reg = try RegistrationCode.open(text, user: "alice", expectedSuite: id, tokenKey: key)
        #expect(reg.pinHash?.unprotectedCopy() == ph?.unprotectedCopy())
        // Another key, another user, or any flipped character: refused.
        #expect(throws: IBKeyError.self) { _ = try RegistrationCode.open(text, user: "alice", expectedSuite: id, tokenKey: Random.secret(id.keyLength)) }
        #expect(throws: IBKeyError.self) { _ = try RegistrationCode.open(text, user: "bob", expectedSuite: id, tokenKey: key) }
        let chars = Array(text.replacingOccurrences(of: "-", with: ""))
        for i in stride(from: 0, to: chars.count, by: 3) {
            var t = chars; t[i] = t[i] == "A" ? "B" : "A"
            #expect(throws: IBKeyError.self) { _ = try RegistrationCode.open(String(t), user: "alice", expectedSuite: id, tokenKey: key) }
        }
    }

    /// The worked example of Docs/PROTOCOL.md. The HKDF output was checked
    /// independently (Python hmac/hashlib); the rest pins the byte layout.
    @Test("registration code worked example")
    func registrationExample() throws {
        let key = SecureBytes(copying: Hex.decode("ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da")!)
        #expect(RegistrationCode.sealingKey(tokenKey: key, user: "alice").unprotectedCopy()
                == Hex.decode("8a0ae0f41f4b252cb1bd910fef7770c748442ad26c913c84321cb4a6a57b6784")!)
        let ph = HashAlgorithm.sha1.hash(SecureBytes(copying: Array("1234".utf8)))
        let text = RegistrationCode.make(user: "alice", suiteID: .ibKeySHA1, tokenKey: key, pinHash: ph, nonce: Array(0..<24))
        #expect(text == "AEAQ-AAIC-AMCA-KBQH-BAEQ-UCYM-BUHA-6EAR-CIJR-IFIW-C4I5-5DVT-X3GF-JKSZ-3HFI-BCWU-GPIO-NQVV-TQK4-MHTG-AIGZ-F66L-YLUI-XAW5-OO4Q")
        let reg = try RegistrationCode.open(text, user: "alice", expectedSuite: .ibKeySHA1, tokenKey: key)
        #expect(reg.pinHash?.unprotectedCopy() == Hex.decode("7110eda4d09e062aa5e4a390b0a572ac0d2c0220")!)
    }

    @Test("the whole flow verifies for every suite; a replay is rejected", arguments: SuiteID.allCases)
    func flow(_ id: SuiteID) throws {
        let state = IssuerState()
        let (token, reg) = try enroll(state, "alice", suite: id)
        try state.activate("alice", registrationCode: reg)
        #expect(throws: IBKeyError.alreadyActive("alice")) { try state.activate("alice", registrationCode: reg) }
        let q = try state.challenge("alice", ttl: 300, now: 10)
        #expect(q.count == 6 && q.allSatisfy(\.isNumber))
        let r = try token.respond(to: q)
        #expect(try state.verify("alice", response: r, challenge: nil, window: 20, now: 20) != .rejected(.wrongResponse))
        // The same response again: the challenge is used up.
        if case .accepted = try state.verify("alice", response: r, challenge: q, window: 20, now: 21) { Issue.record("replay accepted") }
    }

    @Test("counter window and resynchronisation")
    func window() throws {
        let state = IssuerState()
        let (token, reg) = try enroll(state, "alice", suite: .ibKeySHA1)
        try state.activate("alice", registrationCode: reg)
        for _ in 0..<20 { _ = try token.respond(to: "000000") } // never verified
        var q = try state.challenge("alice", ttl: 300, now: 0)
        #expect(try state.verify("alice", response: try token.respond(to: q), challenge: q, window: 20, now: 1) == .accepted(counter: 20))
        for _ in 0..<21 { _ = try token.respond(to: "000000") } // one beyond the window
        q = try state.challenge("alice", ttl: 300, now: 2)
        #expect(try state.verify("alice", response: try token.respond(to: q), challenge: q, window: 20, now: 3) == .rejected(.wrongResponse))
    }

    @Test("expired challenges are rejected")
    func expiry() throws {
        let state = IssuerState()
        let (token, reg) = try enroll(state, "alice", suite: .sha256NoCounter)
        try state.activate("alice", registrationCode: reg)
        let q = try state.challenge("alice", ttl: 300, now: 1000)
        let r = try token.respond(to: q)
        guard case .rejected(let why) = try state.verify("alice", response: r, challenge: q, window: 20, now: 1300) else {
            Issue.record("expired challenge accepted"); return
        }
        #expect(why == .challengeExpired(challenge: q, at: 1300))
    }

    @Test("10 failures block for 24 hours, then it works again")
    func lockout() throws {
        let state = IssuerState()
        let (token, reg) = try enroll(state, "alice", suite: .sha256NoCounter)
        try state.activate("alice", registrationCode: reg)
        var now: Int64 = 5000
        for _ in 0..<10 {
            _ = try state.challenge("alice", ttl: 300, now: now)
            #expect(try state.verify("alice", response: "00000000", challenge: nil, window: 20, now: now) == .rejected(.wrongResponse))
            now += 1
        }
        #expect(throws: IBKeyError.self) { _ = try state.challenge("alice", ttl: 300, now: now) }
        #expect(throws: IBKeyError.self) { _ = try state.verify("alice", response: "1", challenge: nil, window: 20, now: now) }
        now += 24 * 3600
        let q = try state.challenge("alice", ttl: 300, now: now)
        #expect(try state.verify("alice", response: try token.respond(to: q), challenge: q, window: 20, now: now) == .accepted(counter: nil))
    }

    @Test("failures older than 24 hours do not count")
    func failureWindow() throws {
        let state = IssuerState()
        let (_, reg) = try enroll(state, "alice", suite: .sha256NoCounter)
        try state.activate("alice", registrationCode: reg)
        var now: Int64 = 0
        for _ in 0..<9 { _ = try state.challenge("alice", ttl: 300, now: now); _ = try state.verify("alice", response: "0", challenge: nil, window: 0, now: now); now += 1 }
        now += 24 * 3600
        _ = try state.challenge("alice", ttl: 300, now: now)
        _ = try state.verify("alice", response: "0", challenge: nil, window: 0, now: now)
        #expect(try state.user("alice").recentFailures(now: now) == 1)
        #expect(try !state.user("alice").isBlocked(now: now))
    }

    /// A fixed window starting at the first failure let 17 failures in two
    /// seconds across its edge pass; the last 24 hours is what counts.
    @Test("any 10 failures within 24 hours block, however they straddle a window edge")
    func slidingWindow() throws {
        let state = IssuerState()
        let (_, reg) = try enroll(state, "alice", suite: .sha256NoCounter)
        try state.activate("alice", registrationCode: reg)
        func fail(at t: Int64) throws {
            _ = try state.challenge("alice", ttl: 300, now: t)
            _ = try state.verify("alice", response: "0", challenge: nil, window: 0, now: t)
        }
        let t0: Int64 = 1_000_000
        try fail(at: t0) // the first failure: a fixed window would run from here
        let edge = t0 + 24 * 3600
        for k in 0..<8 { try fail(at: edge - 1 - Int64(k) / 4) } // 8 failures in the window's last second
        #expect(try !state.user("alice").isBlocked(now: edge))
        try fail(at: edge + 1) // past the fixed window's edge, within 24 hours of the 8: 9 recent
        #expect(try state.user("alice").recentFailures(now: edge + 1) == 9)
        #expect(try !state.user("alice").isBlocked(now: edge + 1))
        try fail(at: edge + 2) // the tenth within 24 hours
        #expect(try state.user("alice").isBlocked(now: edge + 2))
        #expect(throws: IBKeyError.issuerUserBlocked(name: "alice", untilUnix: edge + 2 + 24 * 3600)) {
            _ = try state.challenge("alice", ttl: 300, now: edge + 3)
        }
    }

    @Test("challenges are uniform 6-digit strings")
    func challengeDistribution() {
        var firstDigit = [Int](repeating: 0, count: 10)
        for _ in 0..<5000 {
            let d = IssuerState.randomDigits(6)
            #expect(d.count == 6)
            firstDigit[Int(String(d.first!))!] += 1
        }
        // Each leading digit ~500 of 5000; a modulo-biased or broken generator drifts far.
        #expect(firstDigit.allSatisfy { $0 > 380 && $0 < 620 }, "\(firstDigit)")
    }

    @Test("the store round-trips encrypted and refuses another key")
    func storeCodec() throws {
        let state = IssuerState()
        _ = try state.addUser("alice", suite: .sha512, now: 7)
        _ = try state.addUser("bob", suite: .ibKeySHA1, now: 8)
        let key = Random.secret(32)
        let bytes = IssuerStoreCodec.encode(state, key: key)
        let back = try IssuerStoreCodec.decode(bytes, key: key)
        #expect(back.users.map(\.name) == ["alice", "bob"])
        #expect(back.users[0].key.constantTimeEquals(state.users[0].key))
        #expect(throws: IBKeyError.self) { _ = try IssuerStoreCodec.decode(bytes, key: Random.secret(32)) }
        for i in stride(from: 0, to: bytes.count, by: 7) {
            var b = bytes; b[i] ^= 0x80
            #expect(throws: IBKeyError.self) { _ = try IssuerStoreCodec.decode(b, key: key) }
        }
    }

    @Test("the core bounds the look-ahead window itself: over maxWindow is refused, nothing used up")
    func windowBound() throws {
        let state = IssuerState()
        let (token, registration) = try enroll(state, "w", suite: .ibKeySHA1)
        try state.activate("w", registrationCode: registration)
        let q = try state.challenge("w", ttl: 300, now: 0)
        let response = try token.respond(to: q)
        #expect(throws: IBKeyError.self) {
            _ = try state.verify("w", response: response, challenge: q, window: IssuerState.maxWindow + 1, now: 1)
        }
        // The challenge is still open and nothing was counted: the good response passes.
        let verdict = try state.verify("w", response: response, challenge: q, window: IssuerState.maxWindow, now: 1)
        guard case .accepted = verdict else { Issue.record("\(verdict)"); return }
    }
}
