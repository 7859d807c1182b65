import Testing
@testable import IBKeyCore

@Suite("TOTP (RFC 6238) and HOTP (RFC 4226) codes")
struct OTPGeneratorTests {
    static let key20 = SecureBytes(copying: Array("12345678901234567890".utf8))
    static let key32 = SecureBytes(copying: Array("12345678901234567890123456789012".utf8))
    static let key64 = SecureBytes(copying: Array("1234567890123456789012345678901234567890123456789012345678901234".utf8))

    @Test("RFC 4226 Appendix D: HOTP, SHA-1, 6 digits, counters 0 to 9")
    func rfc4226() throws {
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        let hotp = OTPGenerator(suite: try OTPSuite("HOTP-SHA1-6"), key: Self.key20)
        for (counter, code) in expected.enumerated() {
            #expect(hotp.code(counter: UInt64(counter)) == code, "counter \(counter)")
        }
    }

    /// RFC 6238 Appendix B: time, SHA1, SHA256, SHA512 (8 digits, 30 seconds).
    static let appendixB: [(Int64, UInt64, String, String, String)] = [
        (59, 0x1, "94287082", "46119246", "90693936"),
        (1_111_111_109, 0x23523EC, "07081804", "68084774", "25091201"),
        (1_111_111_111, 0x23523ED, "14050471", "67062674", "99943326"),
        (1_234_567_890, 0x273EF07, "89005924", "91819424", "93441116"),
        (2_000_000_000, 0x3F940AA, "69279037", "90698825", "38618901"),
        (20_000_000_000, 0x27BC86AA, "65353130", "77737706", "47863826"),
    ]

    @Test("RFC 6238 Appendix B: SHA1, SHA256, SHA512 keys of 20, 32, 64 bytes, 8 digits", arguments: appendixB.indices)
    func rfc6238(_ i: Int) throws {
        let (time, step, sha1, sha256, sha512) = Self.appendixB[i]
        for (hash, key, code) in [(HashAlgorithm.sha1, Self.key20, sha1), (.sha256, Self.key32, sha256), (.sha512, Self.key64, sha512)] {
            let totp = OTPGenerator(suite: try OTPSuite(kind: .totp(period: 30), hash: hash, digits: 8), key: key)
            #expect(try totp.timeStep(at: time).counter == step)
            #expect(try totp.code(at: time) == code, "\(hash) at \(time)")
            #expect(totp.code(counter: step) == code)
        }
    }

    @Test("fewer digits are the low digits of the same value, zero-padded")
    func digits() throws {
        // RFC 6238's 07081804 at 1111111109: 6 digits 081804, 7 digits 7081804.
        for (digits, code) in [(6, "081804"), (7, "7081804"), (8, "07081804")] {
            let totp = OTPGenerator(suite: try OTPSuite(kind: .totp(period: 30), digits: digits), key: Self.key20)
            #expect(try totp.code(at: 1_111_111_109) == code)
        }
    }

    @Test("a key read in place from a larger buffer gives the same codes")
    func secretRef() throws {
        let buffer = SecureBytes(copying: [0xAA, 0xBB] + Array("12345678901234567890".utf8) + [0xCC])
        let hotp = OTPGenerator(suite: try OTPSuite("HOTP-SHA1-6"), key: SecretRef(buffer, 2..<22))
        #expect(hotp.code(counter: 0) == "755224")
    }

    @Test("time steps: floor(t / period), and period − t mod period seconds left")
    func timeSteps() throws {
        for (t, period, step, left) in [(0, 30, 0, 30), (29, 30, 0, 1), (30, 30, 1, 30), (59, 30, 1, 1), (61, 60, 1, 59),
                                        (1_111_111_109, 30, 37_037_036, 1), (299, 300, 0, 1), (300, 300, 1, 300), (7, 1, 7, 1),
                                        (Int64.max, 30, Int64.max / 30, 30 - Int(Int64.max % 30))] as [(Int64, Int, Int64, Int)] {
            let s = try TOTPTimeStep(unixTime: t, period: period)
            #expect(s.counter == UInt64(step) && s.secondsLeft == left, "t=\(t) period=\(period)")
        }
        let totp = OTPGenerator(suite: try OTPSuite(kind: .totp(period: 60)), key: Self.key20)
        #expect(try totp.timeStep(at: 125) == TOTPTimeStep(unixTime: 125, period: 60))
        #expect(try totp.timeStep(at: 125).secondsLeft == 55)
    }

    @Test("a time before 1970 is refused, not clamped")
    func negativeTime() throws {
        let totp = OTPGenerator(suite: try OTPSuite(), key: Self.key20)
        for t: Int64 in [-1, -30, Int64.min] {
            expectRefusal(.usage, containing: ["before 1970"]) { _ = try totp.code(at: t) }
            expectRefusal(.usage, containing: ["before 1970"]) { _ = try TOTPTimeStep(unixTime: t, period: 30) }
        }
    }

    @Test("an HOTP suite has no code for a time")
    func hotpHasNoClock() throws {
        let hotp = OTPGenerator(suite: try OTPSuite("HOTP-SHA256-8"), key: Self.key32)
        expectRefusal(.usage, containing: ["HOTP-SHA256-8", "no code for a time"]) { _ = try hotp.code(at: 59) }
        expectRefusal(.usage, containing: ["no code for a time"]) { _ = try hotp.timeStep(at: 59) }
    }

    @Test("property: codes agree with the existing HOTP routine for SHA-1, and always have the suite's digits")
    func agreesWithHOTP() throws {
        for _ in 0..<200 {
            let key = Random.secret(Int.random(in: 10...128))
            let counter = UInt64.random(in: 0...UInt64.max)
            let digits = Int.random(in: 6...8)
            let hotp = OTPGenerator(suite: try OTPSuite(kind: .hotp, hash: .sha1, digits: digits), key: key)
            let code = hotp.code(counter: counter)
            #expect(code == HOTP.generate(key: key, counter: counter, digits: digits))
            for hash in HashAlgorithm.allCases {
                let c = OTPGenerator(suite: try OTPSuite(kind: .hotp, hash: hash, digits: digits), key: key).code(counter: counter)
                #expect(c.count == digits && c.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 })
            }
        }
    }
}
