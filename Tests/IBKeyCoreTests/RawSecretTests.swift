import Testing
@testable import IBKeyCore

/// Raw secrets as other tools show them: hex or base32.
@Suite("Raw secrets (hex or base32)")
struct RawSecretTests {
    typealias S = ImportTestSupport

    static func decode(_ text: String) throws -> String {
        S.hex(try RawSecret.decode(S.secure(text)))
    }

    /// "12345678901234567890" (RFC 4226's key).
    static let hex20 = "3132333435363738393031323334353637383930"

    @Test("hex and base32 of the same key decode to the same bytes, however they are written",
          arguments: ["3132333435363738393031323334353637383930",
                      "3132333435363738393031323334353637383930".uppercased(),
                      "31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30",
                      "3132-3334-3536-3738-3930-3132-3334-3536-3738-3930",
                      "\t3132333435363738393031323334353637383930 \t",
                      "313233343536373839303132333435363738393 0",
                      "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
                      "gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
                      "GeZdGnBvGy3TqOjQgEzDgNbVgY3tQoJq",
                      "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ",
                      "gezd-gnbv-gy3t-qojq-gezd-gnbv-gy3t-qojq",
                      " \tGEZDGNBVGY3TQOJQ-GEZDGNBVGY3TQOJQ\t "])
    func sameBytes(_ text: String) throws {
        #expect(try Self.decode(text) == Self.hex20)
    }

    @Test("base32 padding: accepted at the end, with or without separators around it")
    func padding() throws {
        // 16 bytes: 26 characters, 6 of padding.
        let key = Array(0..<16).map(UInt8.init)
        let b32 = Base32.encode(key)
        #expect(b32.count == 26)
        for text in [b32, b32 + "======", b32.lowercased() + "======", b32 + " ======", b32 + "== == ==", b32 + "======  "] {
            #expect(try Self.decode(text) == Hex.encode(key), "\(text)")
        }
        // 10 bytes: 16 characters, no padding needed.
        #expect(try Self.decode("MZXW6YTBOI======") == Hex.encode(Array("foobar".utf8)))
    }

    @Test("property: random keys → hex / base32 text, decorated at random → the same bytes")
    func roundTrip() throws {
        var g = SystemRandomNumberGenerator()
        let hexAlphabet = Set("0123456789abcdefABCDEF".utf8)
        for _ in 0..<500 {
            let key = Random.bytes(Int.random(in: 16...128, using: &g))
            for base32 in [false, true] {
                var chars = Array(base32 ? Base32.encode(key).utf8 : Hex.encode(key).utf8)
                // Random case.
                chars = chars.map { c in Bool.random(using: &g) ? Array(String(UnicodeScalar(c)).uppercased().utf8)[0]
                                                               : Array(String(UnicodeScalar(c)).lowercased().utf8)[0] }
                // Random separators between characters.
                var out: [UInt8] = []
                for c in chars {
                    if Int.random(in: 0..<6, using: &g) == 0 { out.append([0x20, 0x09, 0x2D].randomElement(using: &g)!) }
                    out.append(c)
                }
                // Padding for base32, now and then.
                if base32, Bool.random(using: &g) {
                    out += [UInt8](repeating: 0x3D, count: (8 - chars.count % 8) % 8)
                }
                let text = String(decoding: out, as: UTF8.self)
                let decoded = try RawSecret.decode(SecureBytes(copying: out))
                if base32 && chars.allSatisfy({ hexAlphabet.contains($0) }) && !out.contains(0x3D) {
                    // Base32 made only of A–F and 2–7 reads as hex (documented): practically never for 16+ bytes.
                    continue
                }
                #expect(S.hex(decoded) == Hex.encode(key), "\(base32 ? "base32" : "hex") \(text)")
            }
        }
    }

    @Test("text that is all hex digits is hex, even when it would also be base32")
    func hexFirst() throws {
        // "AAAAAAAA" is 5 zero bytes in base32, but 4 bytes 0xAA in hex.
        #expect(try Self.decode("AAAAAAAA") == "aaaaaaaa")
        #expect(try Self.decode("AAAAAAAA========") == "0000000000") // '=' is not hex: base32
    }

    /// Refused texts: none of them may be quoted in the message.
    static let refused: [(String, String)] = [
        ("", "empty"),
        ("   \t - ", "empty"),
        ("========", "empty"), // padding alone holds no key
        ("== -- ==", "empty"),
        ("abc", "odd"),
        ("31323 3343", "odd"),
        ("0", "odd"),
        ("GEZD=GNBVGY3TQOJQ", "middle"),
        ("GEZDGNBV=GEZDGNBV", "middle"),
        ("=GEZDGNBV", "middle"),
        ("GEZDGNBV==X=", "middle"),
        ("GEZDGNBV!Y3TQOJQ", "character 9"),
        ("0x3132333435363738", "character 1"),
        ("GEZDGNBVGY3TQOJ1", "character 16"),
        ("GEZDGNBVGY3TQOJ\n", "character 16"),
        ("GEZDGNBVGY3TQOé", "character 15"),
        ("GEZDGNBVGY3TQOJQGEZ", "length"),
        ("GEZDGNBVGY3TQOJQG", "length"),
        ("MZ", "length"), // non-canonical trailing bits
        ("3132333435363738393031323334353637383930_", "neither"),
        ("ключ-ключ", "neither"),
    ]

    @Test("refused with .usage, one line, never quoting the text", arguments: refused.indices)
    func refusals(_ index: Int) {
        let (text, mention) = Self.refused[index]
        let e = expectRefusal(.usage, containing: ["secret", mention], "\(text.debugDescription)") { _ = try Self.decode(text) }
        guard let message = e?.message else { return }
        let kept = text.filter { !" \t-\n".contains($0) }
        if kept.count >= 4 {
            for start in 0...(kept.count - 4) {
                let piece = String(Array(kept)[start..<(start + 4)])
                #expect(!message.contains(piece), "the message quotes '\(piece)': \(message)")
            }
        }
    }
}
