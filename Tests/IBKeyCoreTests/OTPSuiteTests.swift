import Testing
@testable import IBKeyCore

@Suite("OTP suites (TOTP-SHA1-6-30, HOTP-SHA256-8)")
struct OTPSuiteTests {
    @Test("every valid suite has one text, and the text parses back to it")
    func canonicalText() throws {
        var seen = Set<String>()
        for hash in HashAlgorithm.allCases {
            for digits in OTPSuite.digitCounts {
                for kind in [OTPSuite.Kind.hotp] + OTPSuite.periods.map({ .totp(period: $0) }) {
                    let suite = try OTPSuite(kind: kind, hash: hash, digits: digits)
                    #expect(try OTPSuite(suite.text) == suite)
                    #expect(seen.insert(suite.text).inserted)
                    #expect(suite.usesCounter == (kind == .hotp))
                }
            }
        }
        #expect(seen.count == 3 * 3 * 301)
    }

    @Test("texts and parts", arguments: [
        ("TOTP-SHA1-6-30", OTPSuite.Kind.totp(period: 30), HashAlgorithm.sha1, 6),
        ("TOTP-SHA512-8-60", .totp(period: 60), .sha512, 8),
        ("TOTP-SHA256-7-1", .totp(period: 1), .sha256, 7),
        ("TOTP-SHA1-6-300", .totp(period: 300), .sha1, 6),
        ("HOTP-SHA256-8", .hotp, .sha256, 8),
        ("HOTP-SHA1-6", .hotp, .sha1, 6),
    ])
    func parts(_ text: String, _ kind: OTPSuite.Kind, _ hash: HashAlgorithm, _ digits: Int) throws {
        let suite = try OTPSuite(text)
        #expect(suite.kind == kind && suite.hash == hash && suite.digits == digits)
        #expect(suite.text == text && suite.description == text)
        #expect(suite.period == (kind == .hotp ? nil : Int(text.split(separator: "-").last!)))
    }

    @Test("defaults: TOTP, SHA1, 6 digits, 30 seconds")
    func defaults() throws {
        #expect(try OTPSuite().text == "TOTP-SHA1-6-30")
        #expect(try OTPSuite(kind: .hotp).text == "HOTP-SHA1-6")
    }

    static let refusedTexts: [(String, String)] = [
        ("", "expected"), ("OCRA-1:HOTP-SHA1-6:QN08", "expected"), ("totp-sha1-6-30", "expected"),
        ("TOTP-SHA1-6", "expected TOTP"), ("HOTP-SHA1-6-30", "expected HOTP"), ("TOTP-SHA1-6-30-1", "expected TOTP"),
        ("TOTP-sha1-6-30", "hash"), ("TOTP-MD5-6-30", "hash"), ("HOTP-SHA384-6", "hash"), ("TOTP--6-30", "hash"),
        ("TOTP-SHA1-5-30", "digits"), ("TOTP-SHA1-9-30", "digits"), ("HOTP-SHA1-06", "digits"), ("HOTP-SHA1-", "digits"),
        ("HOTP-SHA1-+6", "digits"), ("TOTP-SHA1-6-0", "period"), ("TOTP-SHA1-6-301", "period"), ("TOTP-SHA1-6-030", "period"),
        ("TOTP-SHA1-6-", "period"), ("TOTP-SHA1-6-3O", "period"), ("TOTP-SHA1-6-30 ", "period"), (" TOTP-SHA1-6-30", "expected"),
        ("TOTP-SHA1-6-\n30", "period"),
    ]

    @Test("malformed texts are refused, naming the part", arguments: refusedTexts.indices)
    func refusedText(_ i: Int) {
        let (text, part) = Self.refusedTexts[i]
        let e = expectRefusal(.usage, containing: ["invalid TOTP/HOTP suite", part], "\(text.debugDescription)") { _ = try OTPSuite(text) }
        #expect(e?.message.contains("\n") == false)
    }

    @Test("the memberwise initializer checks digits and the period")
    func memberwiseRefusals() {
        for digits in [0, 5, 9, 10, -6] {
            expectRefusal(.usage, containing: ["digits must be 6, 7 or 8, got \(digits)"]) { _ = try OTPSuite(kind: .hotp, digits: digits) }
        }
        for period in [0, -30, 301, 3600] {
            expectRefusal(.usage, containing: ["period must be 1 to 300 seconds, got \(period)"]) { _ = try OTPSuite(kind: .totp(period: period)) }
        }
    }

    @Test("key sizes: 10 to 128 bytes")
    func keySizes() {
        #expect(OTPSuite.keySizes == 10...128)
        #expect(OTPSuite.keySizes.contains(10) && !OTPSuite.keySizes.contains(9) && !OTPSuite.keySizes.contains(129))
    }
}
