import Testing
@testable import IBKeyCore

@Suite("OCRA suite parsing")
struct OCRASuiteTests {
    static let valid: [String] = [
        "OCRA-1:HOTP-SHA1-6:QN08",
        "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1",
        "OCRA-1:HOTP-SHA256-8:QN08-PSHA1",
        "OCRA-1:HOTP-SHA512-8:QN08",
        "OCRA-1:HOTP-SHA512-8:C-QN08",
        "OCRA-1:HOTP-SHA512-8:QN08-T1M",
        "OCRA-1:HOTP-SHA256-8:QA08",
        "OCRA-1:HOTP-SHA512-8:QA08",
        "OCRA-1:HOTP-SHA256-8:QA08-PSHA1",
        "OCRA-1:HOTP-SHA512-8:QA08-PSHA512",
        "OCRA-1:HOTP-SHA256-8:QA08",
        "OCRA-1:HOTP-SHA512-8:QA10-T1M",
        "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1",
        "OCRA-1:HOTP-SHA256-8:C-QN06-PSHA256",
        "OCRA-1:HOTP-SHA512-8:C-QN06-PSHA512",
        "OCRA-1:HOTP-SHA256-8:QN06",
        "OCRA-1:HOTP-SHA1-0:QH64",
        "OCRA-1:HOTP-SHA1-4:QN04",
        "OCRA-1:HOTP-SHA1-10:QH40-S064",
        "OCRA-1:HOTP-SHA1-6:QN08-S512-T30S",
        "OCRA-1:HOTP-SHA1-6:C-QA64-PSHA256-S128-T48H",
        "OCRA-1:HOTP-SHA256-6:QN10-T59S",
    ]

    static let invalid: [(String, String)] = [
        ("OCRA-1:HOTP-SHA1-3:QN06", "digits must be 0 or 4–10"),
        ("OCRA-1:HOTP-SHA1-11:QN06", "digits must be 0 or 4–10"),
        ("OCRA-1:HOTP-SHA1-06:QN06", "digits must be 0 or 4–10"),
        ("OCRA-2:HOTP-SHA1-6:QN06", "algorithm must be OCRA-1"),
        ("OCRA-1:TOTP-SHA1-6:QN06", "crypto function"),
        ("OCRA-1:HOTP-MD5-6:QN06", "hash must be SHA1, SHA256 or SHA512"),
        ("OCRA-1:HOTP-SHA1-6:QN03", "challenge length must be 04–64"),
        ("OCRA-1:HOTP-SHA1-6:QN65", "challenge length must be 04–64"),
        ("OCRA-1:HOTP-SHA1-6:QX08", "challenge must be Q<A|N|H>"),
        ("OCRA-1:HOTP-SHA1-6:QN8", "challenge must be Q<A|N|H>"),
        ("OCRA-1:HOTP-SHA1-6:C", "data input needs a challenge"),
        ("OCRA-1:HOTP-SHA1-6:QN08-C", "counter C must come first"),
        ("OCRA-1:HOTP-SHA1-6:QN08-PMD5", "PIN hash must be"),
        ("OCRA-1:HOTP-SHA1-6:QN08-S64", "session information must be S<001–512>"),
        ("OCRA-1:HOTP-SHA1-6:QN08-S513", "session information must be S<001–512>"),
        ("OCRA-1:HOTP-SHA1-6:QN08-T0M", "time step must be"),
        ("OCRA-1:HOTP-SHA1-6:QN08-T60S", "time step must be"),
        ("OCRA-1:HOTP-SHA1-6:QN08-T49H", "time step must be"),
        ("OCRA-1:HOTP-SHA1-6:QN08-T1X", "time step must be"),
        ("OCRA-1:HOTP-SHA1-6:QN08-T1M-PSHA1", "out of order"),
        ("OCRA-1:HOTP-SHA1-6:QN08-PSHA1-PSHA1", "out of order or repeated"),
        ("OCRA-1:HOTP-SHA1-6:QN08-", "empty data input"),
        ("OCRA-1:HOTP-SHA1-6", "three parts"),
        ("OCRA-1:HOTP-SHA1-6:QN08:X", "three parts"),
        ("ocra-1:hotp-sha1-6:qn08", "algorithm must be OCRA-1"),
        ("OCRA-1:HOTP-SHA1-6:QN08-X1", "unknown data input"),
        ("OCRA-1:HOTP-SHA1-6: QN08", "printable ASCII"),
        ("", "three parts"),
    ]

    @Test("valid suites parse and keep their text", arguments: valid)
    func parses(_ text: String) throws {
        let s = try OCRASuite(text)
        #expect(s.text == text)
    }

    @Test("malformed suites are refused with a precise reason", arguments: invalid)
    func refuses(_ c: (String, String)) {
        do {
            _ = try OCRASuite(c.0)
            Issue.record("accepted \(c.0)")
        } catch let e as IBKeyError {
            #expect(e.message.contains(c.1), "\(c.0): \(e.message)")
        } catch { Issue.record("\(error)") }
    }

    @Test("the IB Key suite's fields")
    func ibKeyFields() {
        let s = OCRASuite.ibKey
        #expect(s.hash == .sha1 && s.digits == 8 && s.usesCounter)
        #expect(s.challengeFormat == .numeric && s.challengeLength == 6 && s.pinHash == .sha1)
        #expect(s.sessionLength == nil && s.timeStep == nil)
        let t = try! OCRASuite("OCRA-1:HOTP-SHA1-6:QN08-S128-T2H")
        #expect(t.sessionLength == 128 && t.timeStep == 7200)
    }
}
