import Foundation
import Testing
@testable import IBKeyCore

/// The JSON key file of IB Key automation (ib-gateway-service):
/// `{"pin": "1234", "ocra": "<40 hex digits>", "counter": 2, "attempts": 0}`.
@Suite("IB Key data files")
struct IBKeyDataFileTests {
    typealias S = ImportTestSupport

    struct Vector: Sendable, CustomTestStringConvertible {
        let key: String
        let counter: UInt64
        let challenge: String
        let expected: String
        var testDescription: String { "\(key.prefix(8))… C=\(counter) Q=\(challenge)" }
    }

    /// The four published IB Key vectors: suite OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1, PIN 1234.
    static let vectors = [
        Vector(key: "ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da", counter: 1, challenge: "708362", expected: "15632646"),
        Vector(key: "f187d2608a56467df1cb17b123ce2cef5428fc70", counter: 1, challenge: "174838", expected: "73566858"),
        Vector(key: "6574bf9b3cd79698e346fbb499d1213ea05ebc44", counter: 1, challenge: "133449", expected: "77445017"),
        Vector(key: "6574bf9b3cd79698e346fbb499d1213ea05ebc44", counter: 3, challenge: "654321", expected: "84748978"),
    ]

    static func parse(_ json: String, counter: UInt64? = nil) throws -> IBKeyDataFile {
        try IBKeyDataFile.parse(S.secure(json), counter: counter)
    }

    static func parse(bytes: [UInt8], counter: UInt64? = nil) throws -> IBKeyDataFile {
        try IBKeyDataFile.parse(SecureBytes(copying: bytes), counter: counter)
    }

    /// The response the imported key gives, computed as `respond` does: the
    /// vault record (P = SHA1 of the PIN), then the OCRA engine at the record's counter.
    static func response(_ f: IBKeyDataFile, _ challenge: String) throws -> String {
        let (entry, secret) = try f.key.record(name: "ib", tokenPIN: nil, now: 0)
        let suite = try #require(entry.suite.ocra)
        let question = try Challenge.normalize(challenge, suite: suite)
        return try OCRA(suite: suite, key: secret.key).response(OCRAInput(counter: secret.counter, question: question, pinHash: secret.pinHash))
    }

    static func json(pin: String = "\"1234\"", ocra: String, counter: String) -> String {
        "{\"pin\": \(pin), \"ocra\": \(ocra), \"counter\": \(counter), \"attempts\": 0}"
    }

    @Test("the published IB Key vectors, through a data file", arguments: vectors)
    func publishedVectors(_ v: Vector) throws {
        // As the set-up script writes it: JSON.stringify(authData, null, 2).
        let pretty = "{\n  \"pin\": \"1234\",\n  \"ocra\": \"\(v.key)\",\n  \"counter\": \(v.counter),\n  \"attempts\": 0\n}"
        let f = try Self.parse(pretty)
        #expect(f.key.suite == .ocra(.ibKey))
        #expect(S.hex(f.key.secret) == v.key)
        #expect(f.key.counter == v.counter)
        #expect(f.key.keyID == nil)
        guard case .pin(let pin)? = f.key.pInput else { Issue.record("the PIN should be the P input"); return }
        #expect(S.hex(pin) == "31323334")
        #expect(!f.key.needsTokenPIN)
        #expect(f.counterAsSentByGatewayService == nil) // below 10 both readings agree
        #expect(try Self.response(f, v.challenge) == v.expected)
        // P is SHA1("1234").
        let (_, secret) = try f.key.record(name: "ib", tokenPIN: nil, now: 0)
        #expect(S.hex(secret.pinHash) == "7110eda4d09e062aa5e4a390b0a572ac0d2c0220")
        // As the service rewrites it: compact.
        let compact = try Self.parse("{\"pin\":\"1234\",\"ocra\":\"\(v.key)\",\"counter\":\(v.counter),\"attempts\":0}")
        #expect(try Self.response(compact, v.challenge) == v.expected)
    }

    @Test("the PIN as a JSON number, the key in upper case, a byte-order mark: same response", arguments: vectors)
    func variants(_ v: Vector) throws {
        let number = try Self.parse(Self.json(pin: "1234", ocra: "\"\(v.key)\"", counter: "\(v.counter)"))
        #expect(try Self.response(number, v.challenge) == v.expected)
        let upper = try Self.parse(Self.json(ocra: "\"\(v.key.uppercased())\"", counter: "\(v.counter)"))
        #expect(try Self.response(upper, v.challenge) == v.expected)
        let mixed = String(v.key.enumerated().map { $0.offset % 2 == 0 ? Character($0.element.uppercased()) : $0.element })
        #expect(try Self.response(try Self.parse(Self.json(ocra: "\"\(mixed)\"", counter: "\(v.counter)")), v.challenge) == v.expected)
        let bom = try Self.parse(bytes: [0xEF, 0xBB, 0xBF] + Array(Self.json(ocra: "\"\(v.key)\"", counter: "\(v.counter)").utf8))
        #expect(try Self.response(bom, v.challenge) == v.expected)
        // The challenge as IB shows it, with a space.
        let plain = try Self.parse(Self.json(ocra: "\"\(v.key)\"", counter: "\(v.counter)"))
        #expect(try Self.response(plain, String(v.challenge.prefix(3)) + " " + String(v.challenge.dropFirst(3))) == v.expected)
    }

    @Test("members other than ocra, pin and counter are ignored, whatever they hold")
    func extraMembers() throws {
        let v = Self.vectors[0]
        let json = """
            {"attempts": 3, "note": "x\\u00e9\\n", "nested": {"a": [1, 2.5e-3, {"b": null}], "c": []}, "flag": true,
             "none": null, "n": -1.5E+3, "ocra": "\(v.key)", "pin": "1234", "counter": 1, "z": false}
            """
        #expect(try Self.response(try Self.parse(json), v.challenge) == v.expected)
        // Member order does not matter, nor white space.
        let reordered = "\t{ \"counter\" :1 ,\r\n\"ocra\":\"\(v.key)\" , \"pin\":\"1234\" }\n "
        #expect(try Self.response(try Self.parse(reordered), v.challenge) == v.expected)
    }

    @Test("counterAsSentByGatewayService: the decimal counter read as hex, from 10 on; nil with --counter",
          arguments: [(2, nil), (9, nil), (10, 16), (13, 19), (19, 25), (95, 149), (99, 153), (100, 256)] as [(UInt64, UInt64?)])
    func gatewayCounter(_ counter: UInt64, _ asSent: UInt64?) throws {
        let json = Self.json(ocra: "\"\(Self.vectors[0].key)\"", counter: "\(counter)")
        let f = try Self.parse(json)
        #expect(f.counterAsSentByGatewayService == asSent)
        #expect(f.key.counter == counter)
        let overridden = try Self.parse(json, counter: 500)
        #expect(overridden.counterAsSentByGatewayService == nil)
        #expect(overridden.key.counter == 500)
    }

    @Test("--counter replaces the file's counter, also 0")
    func counterOverride() throws {
        let v = Self.vectors[3]
        let f = try Self.parse(Self.json(ocra: "\"\(v.key)\"", counter: "57"), counter: 3)
        #expect(f.key.counter == 3)
        #expect(try Self.response(f, v.challenge) == v.expected)
        #expect(try Self.parse(Self.json(ocra: "\"\(v.key)\"", counter: "57"), counter: 0).key.counter == 0)
    }

    @Test("counter bounds: 0 and 2^64 − 2 are read")
    func counterBounds() throws {
        let key = "\"\(Self.vectors[0].key)\""
        #expect(try Self.parse(Self.json(ocra: key, counter: "0")).key.counter == 0)
        #expect(try Self.parse(Self.json(ocra: key, counter: "18446744073709551614")).key.counter == UInt64.max - 1)
    }

    static let key = "ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da"

    /// Files to refuse, each with what the message should name.
    static let refused: [(String, String, String)] = [
        ("39 hex digits", json(ocra: "\"\(key.dropLast())\"", counter: "1"), "ocra"),
        ("41 hex digits", json(ocra: "\"\(key)0\"", counter: "1"), "ocra"),
        ("40 characters, not hex", json(ocra: "\"\(key.dropLast())g\"", counter: "1"), "ocra"),
        ("hex with spaces", json(ocra: "\"\(key.prefix(20)) \(key.dropFirst(21))\"", counter: "1"), "ocra"),
        ("empty key", json(ocra: "\"\"", counter: "1"), "ocra"),
        ("ocra null", json(ocra: "null", counter: "1"), "null"),
        ("ocra a number", json(ocra: "1234", counter: "1"), "ocra"),
        ("ocra an array", json(ocra: "[\"\(key)\"]", counter: "1"), "ocra"),
        ("no ocra", "{\"pin\": \"1234\", \"counter\": 1}", "ocra"),
        ("no pin", "{\"ocra\": \"\(key)\", \"counter\": 1}", "pin"),
        ("pin empty", json(pin: "\"\"", ocra: "\"\(key)\"", counter: "1"), "pin"),
        ("pin null", json(pin: "null", ocra: "\"\(key)\"", counter: "1"), "pin"),
        ("pin negative", json(pin: "-1234", ocra: "\"\(key)\"", counter: "1"), "pin"),
        ("pin fractional", json(pin: "12.34", ocra: "\"\(key)\"", counter: "1"), "pin"),
        ("pin with exponent", json(pin: "1e4", ocra: "\"\(key)\"", counter: "1"), "pin"),
        ("pin true", json(pin: "true", ocra: "\"\(key)\"", counter: "1"), "pin"),
        ("no counter", "{\"ocra\": \"\(key)\", \"pin\": \"1234\"}", "counter"),
        ("counter negative", json(ocra: "\"\(key)\"", counter: "-1"), "counter"),
        ("counter fractional", json(ocra: "\"\(key)\"", counter: "1.5"), "counter"),
        ("counter 1.0", json(ocra: "\"\(key)\"", counter: "1.0"), "counter"),
        ("counter with exponent", json(ocra: "\"\(key)\"", counter: "1e2"), "counter"),
        ("counter 2^64 − 1", json(ocra: "\"\(key)\"", counter: "18446744073709551615"), "counter"),
        ("counter 2^64", json(ocra: "\"\(key)\"", counter: "18446744073709551616"), "counter"),
        ("counter huge", json(ocra: "\"\(key)\"", counter: "1" + String(repeating: "0", count: 40)), "counter"),
        ("counter null", json(ocra: "\"\(key)\"", counter: "null"), "counter"),
        ("counter true", json(ocra: "\"\(key)\"", counter: "true"), "counter"),
        ("counter an object", json(ocra: "\"\(key)\"", counter: "{}"), "counter"),
        ("duplicate counter", "{\"ocra\": \"\(key)\", \"pin\": \"1234\", \"counter\": 1, \"counter\": 2}", "twice"),
        ("duplicate ocra", "{\"ocra\": \"\(key)\", \"pin\": \"1234\", \"counter\": 1, \"ocra\": \"\(key)\"}", "twice"),
        ("trailing text", json(ocra: "\"\(key)\"", counter: "1") + " x", "after"),
        ("a second object", json(ocra: "\"\(key)\"", counter: "1") + "{}", "after"),
        ("trailing comma", "{\"ocra\": \"\(key)\", \"pin\": \"1234\", \"counter\": 1,}", "not an IB Key data file"),
        ("nested too deep", "{\"ocra\": \"\(key)\", \"pin\": \"1234\", \"counter\": 1, \"x\": "
            + String(repeating: "[", count: 16) + String(repeating: "]", count: 16) + "}", "nested"),
        ("nested very deep", "{\"x\": " + String(repeating: "[", count: 100_000) + "}", "nested"),
        ("invalid UTF-8 in a string", "{\"ocra\": \"\(key)\", \"pin\": \"12\u{FFFD}34\", \"counter\": 1}", "UTF-8"),
        ("a raw tab in a string", json(pin: "\"12\t34\"", ocra: "\"\(key)\"", counter: "1"), "control"),
        ("a raw newline in a string", json(pin: "\"12\n34\"", ocra: "\"\(key)\"", counter: "1"), "control"),
        ("a bad escape", json(pin: "\"12\\x34\"", ocra: "\"\(key)\"", counter: "1"), "escape"),
        ("a short \\u escape", json(pin: "\"12\\u12\"", ocra: "\"\(key)\"", counter: "1"), "escape"),
        ("a lone surrogate", json(pin: "\"\\ud800\"", ocra: "\"\(key)\"", counter: "1"), "escape"),
        ("a lone low surrogate", json(pin: "\"\\udc00\"", ocra: "\"\(key)\"", counter: "1"), "surrogate"),
        ("a high surrogate and no low one", json(pin: "\"\\ud800\\u0041\"", ocra: "\"\(key)\"", counter: "1"), "surrogate"),
        ("an unclosed string", "{\"ocra\": \"\(key)", "not closed"),
        ("an array", "[\"\(key)\"]", "object"),
        ("single quotes", "{'ocra': '\(key)', 'pin': '1234', 'counter': 1}", "not an IB Key data file"),
        ("empty", "", "object"),
    ]

    @Test("refused, with .usage and a one-line message that quotes neither key nor PIN",
          arguments: refused.indices)
    func refusals(_ index: Int) throws {
        let (what, json, mention) = Self.refused[index]
        // The invalid UTF-8 case: U+FFFD stands for the byte 0xFF.
        let bytes = Array(json.utf8).replacing([0xEF, 0xBF, 0xBD], with: [0xFF])
        let e = expectRefusal(.usage, containing: ["not an IB Key data file", mention], "\(what)") {
            _ = try Self.parse(bytes: bytes)
        }
        #expect(e?.message.contains(Self.key) == false)
        #expect(e?.message.contains(Self.key.prefix(16)) == false)
        #expect(e?.message.contains("1234") == false)
    }

    @Test("a duplicate member whose name holds a line break or an escape sequence: the message stays one printable line",
          arguments: [#"a\nb"#, #"a\rb"#, #"\u001b[2J"#, #"\u2028"#, #"x\u0000y"#])
    func duplicateNameWithControlCharacters(_ name: String) {
        let json = "{\"\(name)\": 1, \"ocra\": \"\(Self.key)\", \"pin\": \"1234\", \"counter\": 1, \"\(name)\": 2}"
        expectRefusal(.usage, containing: ["twice"], "\(name)") { _ = try Self.parse(json) }
    }

    @Test("invalid UTF-8 in a string is refused whatever the member")
    func invalidUTF8() {
        let cases: [[UInt8]] = [[0xFF], [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80]]
        for bad in cases {
            for member in ["pin", "ocra", "extra"] {
                var obj: [String: [UInt8]] = ["pin": Array("\"1234\"".utf8), "ocra": Array("\"\(Self.key)\"".utf8), "counter": Array("1".utf8)]
                obj[member] = [0x22] + Array("12".utf8) + bad + [0x22]
                let bytes = Array("{".utf8) + obj.map { Array("\"\($0.key)\":".utf8) + $0.value }.joined(separator: Array(",".utf8)) + Array("}".utf8)
                expectRefusal(.usage, containing: ["UTF-8"], "\(member) with \(Hex.encode(bad))") { _ = try Self.parse(bytes: bytes) }
            }
        }
    }
}
