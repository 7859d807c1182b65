import Testing
@testable import IBKeyCore

@Suite("Base32 (RFC 4648)")
struct Base32Tests {
    @Test("RFC 4648 §10 vectors, unpadded, decoded in either case")
    func vectors() throws {
        let cases = [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
                     ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")]
        for (plain, encoded) in cases {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(try Base32.decode(encoded) == Array(plain.utf8))
            #expect(try Base32.decode(encoded.lowercased()) == Array(plain.utf8))
        }
    }

    @Test("random round trips of every length up to 80 bytes")
    func roundTrip() throws {
        for n in 0..<80 {
            let b = Random.bytes(n)
            let text = Base32.encode(b)
            #expect(text.count == (n * 8 + 4) / 5)
            #expect(try Base32.decode(text) == b)
        }
    }

    @Test("non-canonical trailing bits are refused: every character counts")
    func canonical() throws {
        #expect(throws: Base32.DecodeError.nonCanonicalEnd) { _ = try Base32.decode("MZ") }
        // For random inputs, changing only the unused low bits of the last
        // character is always refused.
        for n in [1, 2, 3, 4, 6, 7, 8, 9] {
            let text = Array(Base32.encode(Random.bytes(n)).utf8)
            let unused = (5 - (n * 8) % 5) % 5
            guard unused > 0 else { continue }
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
            let last = alphabet.firstIndex(of: text.last!)!
            var changed = text
            changed[changed.count - 1] = alphabet[last ^ 1] // the lowest bit is always unused here
            #expect(throws: Base32.DecodeError.nonCanonicalEnd) { _ = try Base32.decode(String(decoding: changed, as: UTF8.self)) }
        }
    }

    @Test("a bad character is reported with its 1-based position")
    func badCharacter() {
        #expect(throws: Base32.DecodeError.badCharacter(UInt8(ascii: "1"), position: 3)) { _ = try Base32.decode("MZ1W6") }
        #expect(throws: Base32.DecodeError.badCharacter(UInt8(ascii: "="), position: 3)) { _ = try Base32.decode("MY======") }
    }

    @Test("lengths that no whole number of bytes gives are refused", arguments: [1, 3, 6, 9, 11, 14])
    func impossibleLengths(_ n: Int) {
        #expect(throws: Base32.DecodeError.impossibleLength(n)) { _ = try Base32.decode(String(repeating: "A", count: n)) }
    }

    @Test("grouping joins groups of 4 with dashes")
    func grouped() {
        #expect(String(decoding: Base32.grouped(Array("ABCDEFGHIJ".utf8)), as: UTF8.self) == "ABCD-EFGH-IJ")
        #expect(Base32.grouped([]).isEmpty)
        #expect(String(decoding: Base32.grouped(Array("ABCD".utf8)), as: UTF8.self) == "ABCD")
    }
}
