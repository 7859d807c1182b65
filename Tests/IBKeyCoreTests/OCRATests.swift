import Testing
@testable import IBKeyCore

@Suite("OCRA engine (RFC 6287) and HOTP (RFC 4226)")
struct OCRATests {
    @Test("RFC 4226 Appendix D vectors", arguments: KnownAnswers.rfc4226)
    func hotp(_ v: HOTPVector) {
        let key = SecureBytes(copying: Hex.decode(v.keyHex)!)
        #expect(HOTP.generate(key: key, counter: v.counter, digits: v.digits) == v.expected)
    }

    @Test("RFC 6287 Appendix C vectors", arguments: KnownAnswers.rfc6287)
    func rfc6287(_ v: OCRAVector) throws {
        #expect(try SelfTest.compute(v) == v.expected, "\(v.name)")
    }

    @Test("published IB Key vectors (Docs/PROTOCOL.md §1)", arguments: KnownAnswers.ibKey)
    func ibKey(_ v: OCRAVector) throws {
        #expect(v.suite == "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1")
        #expect(try SelfTest.compute(v) == v.expected)
    }

    @Test("the vector tables are complete")
    func counts() {
        #expect(KnownAnswers.rfc4226.count == 10)
        #expect(KnownAnswers.ibKey.count == 4)
        // C.1 one-way (40+), C.2 mutual (16), C.3 signature (10): at least 60.
        #expect(KnownAnswers.rfc6287.count >= 60)
    }

    /// Q field bytes for a numeric suite, as the RFC reference code builds them.
    func questionField(_ q: String, format: OCRASuite.ChallengeFormat = .numeric) throws -> [UInt8] {
        var msg = [UInt8](repeating: 0xEE, count: 128)
        try OCRA.encodeQuestion(q, format: format, into: &msg, at: 0)
        return msg
    }

    @Test("numeric challenges: decimal → hex digits, left-aligned, zero-padded")
    func numericConversion() throws {
        #expect(try questionField("00000000") == [UInt8](repeating: 0, count: 128))
        #expect(try questionField("11111111").prefix(4) == [0xA9, 0x8A, 0xC7, 0x00])
        // leading zero: 012345 = 0x3039
        #expect(try questionField("012345").prefix(3) == [0x30, 0x39, 0x00])
        // odd number of hex digits: 1 = "1" → high nibble
        #expect(try questionField("1").prefix(2) == [0x10, 0x00])
        #expect(try questionField("708362").prefix(3) == [0xAC, 0xF0, 0xA0]) // 0xacf0a
        // beyond 64 bits: 10^24 = 0xd3c21bcecceda1000000
        #expect(try questionField("1" + String(repeating: "0", count: 24)).prefix(11)
                == [0xD3, 0xC2, 0x1B, 0xCE, 0xCC, 0xED, 0xA1, 0x00, 0x00, 0x00, 0x00])
        #expect(try questionField("ABC", format: .hex).prefix(3) == [0xAB, 0xC0, 0x00])
        #expect(try questionField("SRV11110", format: .alphanumeric).prefix(9) == Array("SRV11110".utf8) + [0])
    }

    @Test("long decimal conversion agrees with the 64-bit fast path")
    func decimalToHexProperty() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let v = UInt64.random(in: 0...UInt64(Int64.max), using: &rng)
            let digits = Array(String(v).utf8).map { $0 - 0x30 }
            let expected = Array(String(v, radix: 16).utf8).map { c -> UInt8 in c <= 0x39 ? c - 0x30 : c - 0x61 + 10 }
            #expect(OCRA.decimalToHexNibbles(digits) == expected)
            // Leading zeros do not change the value; the slow path (> 19 digits) agrees.
            #expect(OCRA.decimalToHexNibbles([UInt8](repeating: 0, count: 25) + digits) == expected)
        }
    }

    @Test("bad challenges are refused by the engine")
    func badChallenges() {
        for (q, f) in [("12a4", OCRASuite.ChallengeFormat.numeric), ("", .numeric), ("XYZ", .hex),
                       (String(repeating: "9", count: 400), .numeric), (String(repeating: "A", count: 129), .alphanumeric)] {
            #expect(throws: IBKeyError.self) { _ = try questionField(q, format: f) }
        }
    }

    @Test("the P field is wiped after each response")
    func pinFieldWiped() throws {
        let suite = OCRASuite.ibKey
        let ocra = OCRA(suite: suite, key: SecureBytes(copying: [UInt8](repeating: 1, count: 20)))
        let ph = HashAlgorithm.sha1.hash(SecureBytes(copying: Array("1234".utf8)))
        let msg = try ocra.dataInput(OCRAInput(counter: 1, question: "123456", pinHash: ph))
        // suite ‖ 00 ‖ counter(8) ‖ Q(128) ‖ P(20)
        #expect(msg.count == suite.text.utf8.count + 1 + 8 + 128 + 20)
        #expect(Array(msg.suffix(20)) == ph.unprotectedCopy())
        _ = try ocra.response(OCRAInput(counter: 1, question: "123456", pinHash: ph))
    }
}

extension OCRAVector: CustomTestStringConvertible {
    public var testDescription: String { name }
}

extension HOTPVector: CustomTestStringConvertible {
    public var testDescription: String { "RFC 4226 counter \(counter)" }
}
