import Foundation
import Testing
@testable import IBKeyCore

@Suite("Activation code v1 (Docs/PROTOCOL.md §2)")
struct ActivationCodeTests {
    /// Worked examples, computed independently (Python hashlib + base64) and
    /// repeated in Docs/PROTOCOL.md.
    static let examples: [(SuiteID, UInt32, String, String)] = [
        (.ibKeySHA1, 1, "ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da",
         "AEAQ-AAAA-AGXH-5JME-5R6P-V76M-ZIVE-EOHY-6H5Y-4JWV-3K2X-77JX"),
        (.sha256, 0, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
         "AEBA-AAAA-AAAA-CAQD-AQCQ-MBYI-BEFA-WDAN-BYHR-AEIS-CMKB-KFQX-DAMR-UGY4-DUPB-73BJ-BKEQ"),
        (.sha256NoCounter, 0, String(repeating: "ff", count: 32),
         "AECA-AAAA-AD77-7777-7777-7777-7777-7777-7777-7777-7777-7777-7777-7777-7777-6GDS-CDNQ"),
        (.sha512, 5, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
         "AEBQ-AAAA-AUAA-CAQD-AQCQ-MBYI-BEFA-WDAN-BYHR-AEIS-CMKB-KFQX-DAMR-UGY4-DUPB-6IBB-EIRS-IJJG-E4UC-SKRL-FQWS-4LZQ-GEZD-GNBV-GY3T-QOJ2-HM6D-2PR7-H7G6-4QQ"),
    ]

    func text(_ c: ActivationCode) -> String { c.text().withBytes { String(decoding: $0, as: UTF8.self) } }

    @Test("worked examples encode byte-exactly", arguments: 0..<4)
    func encodeExample(_ i: Int) {
        let (id, counter, keyHex, expected) = Self.examples[i]
        let code = ActivationCode(suiteID: id, counter: counter, key: SecureBytes(copying: Hex.decode(keyHex)!))
        #expect(text(code) == expected)
    }

    @Test("worked examples decode, ignoring case, spaces and dashes", arguments: 0..<4)
    func decodeExample(_ i: Int) throws {
        let (id, counter, keyHex, expected) = Self.examples[i]
        for variant in [expected, expected.lowercased(), expected.replacingOccurrences(of: "-", with: " "),
                        expected.replacingOccurrences(of: "-", with: "")] {
            let c = try ActivationCode.parse(variant)
            #expect(c.suiteID == id && c.counter == counter)
            #expect(c.key.unprotectedCopy() == Hex.decode(keyHex)!)
        }
    }

    @Test("random round trips for every suite id", arguments: SuiteID.allCases)
    func roundTrip(_ id: SuiteID) throws {
        for _ in 0..<100 {
            let key = Random.secret(id.keyLength)
            let counter = UInt32.random(in: 0...UInt32.max)
            let t = text(ActivationCode(suiteID: id, counter: counter, key: key))
            #expect(t.replacingOccurrences(of: "-", with: "").count == ActivationCode.characterCount(for: id))
            let groups: [Substring] = t.split(separator: "-")
            #expect(groups.dropLast().allSatisfy { $0.count == 4 })
            let back = try ActivationCode.parse(t)
            #expect(back.suiteID == id && back.counter == counter && back.key.constantTimeEquals(key))
        }
    }

    /// Every single-character substitution and every adjacent transposition of
    /// a valid code is refused (by the check, or earlier by structure).
    @Test("every substitution and adjacent transposition is detected", arguments: SuiteID.allCases)
    func typosDetected(_ id: SuiteID) {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        for _ in 0..<3 {
            let chars = Array(text(ActivationCode(suiteID: id, counter: UInt32.random(in: 0...1000), key: Random.secret(id.keyLength)))
                .replacingOccurrences(of: "-", with: ""))
            for i in chars.indices {
                for a in alphabet where a != chars[i] {
                    var typo = chars; typo[i] = a
                    #expect(throws: IBKeyError.self, "substitution at \(i)") { _ = try ActivationCode.parse(String(typo)) }
                }
                if i + 1 < chars.count && chars[i] != chars[i + 1] {
                    var typo = chars; typo.swapAt(i, i + 1)
                    #expect(throws: IBKeyError.self, "transposition at \(i)") { _ = try ActivationCode.parse(String(typo)) }
                }
            }
        }
    }

    func error(_ text: String) -> ActivationCodeError? {
        do { _ = try ActivationCode.parse(text); return nil } catch let IBKeyError.badActivationCode(e) { return e } catch { return nil }
    }

    @Test("each kind of mistake gets its own precise error")
    func preciseErrors() {
        let good = Self.examples[0].3
        #expect(error("") == .empty)
        #expect(error("  - ") == .empty)
        #expect(error(good.replacingOccurrences(of: "AGXH", with: "AGX1")) == .badCharacter("1", position: 14))
        #expect(error(good + "AAAA") == .wrongLength(expected: 48, got: 52))
        #expect(error(String(good.dropLast(5))) == .wrongLength(expected: 48, got: 44))
        #expect(error(String(good.dropLast(1))) == .wrongLength(expected: 48, got: 47))
        #expect(error(good.replacingOccurrences(of: "77JX", with: "77JY")) == .checkFailed)
        // version 2: first byte 0x02 → "AI"
        let v2 = text(ActivationCode(suiteID: .ibKeySHA1, counter: 0, key: SecureBytes(count: 20)))
        var chars = Array(v2); chars[1] = "I"
        #expect(error(String(chars)) == .unknownVersion(2))
        // suite id 9: bytes 01 09 → "AEEQ"
        chars = Array(v2); chars[2] = "E"; chars[3] = "Q"
        #expect(error(String(chars)) == .unknownSuite(9))
        #expect(error("AEAQ-AAAA-AGXH-5JME-5R6P-V76M-ZIVE-EOHY-6H5Y-4JWV-3K2X-77J\u{00C9}") == .badCharacter("\\u{c3}", position: 59))
    }

    @Test("error messages say what to fix")
    func messages() {
        #expect(IBKeyError.badActivationCode(.checkFailed).message == "activation code mistyped: check failed")
        #expect(IBKeyError.badActivationCode(.unknownSuite(9)).message == "activation code mistyped: unknown suite id 9")
    }
}
