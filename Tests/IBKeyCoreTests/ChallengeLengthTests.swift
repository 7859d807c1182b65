import Testing
@testable import IBKeyCore

/// Challenge lengths (Docs/PROTOCOL.md, "Challenges"): N and H exactly xx,
/// separators dropped; A from 4 to xx, taken as typed.
@Suite("Challenge lengths and normalisation")
struct ChallengeLengthTests {
    static func suite(_ q: String) throws -> OCRASuite { try OCRASuite("OCRA-1:HOTP-SHA1-6:\(q)") }

    static func normalize(_ raw: String, _ q: String) throws -> String {
        try Challenge.normalize(raw, suite: try suite(q))
    }

    @Test("lengths(for:): N and H exactly xx, A 4…xx", arguments: [4, 5, 6, 8, 10, 20, 40, 63, 64])
    func lengths(_ xx: Int) throws {
        let digits = xx < 10 ? "0\(xx)" : "\(xx)"
        #expect(Challenge.lengths(for: try Self.suite("QN\(digits)")) == xx...xx)
        #expect(Challenge.lengths(for: try Self.suite("QH\(digits)")) == xx...xx)
        #expect(Challenge.lengths(for: try Self.suite("QA\(digits)")) == 4...xx)
        #expect(Challenge.lengths(for: try OCRASuite("OCRA-1:HOTP-SHA512-8:C-QA\(digits)-PSHA256-S064-T1M")) == 4...xx)
    }

    @Test("property: a challenge is accepted exactly when its length is allowed")
    func lengthProperty() throws {
        var g = SystemRandomNumberGenerator()
        let alphabets: [Character: [Character]] = ["N": Array("0123456789"), "H": Array("0123456789abcdefABCDEF"),
                                                   "A": Array("!\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~")]
        for _ in 0..<2000 {
            let format = Character(["N", "H", "A"].randomElement(using: &g)!)
            let xx = Int.random(in: 4...64, using: &g)
            let suite = try Self.suite("Q\(format)\(xx < 10 ? "0" : "")\(xx)")
            let n = Int.random(in: 1...70, using: &g)
            let text = String((0..<n).map { _ in alphabets[format]!.randomElement(using: &g)! })
            let allowed = Challenge.lengths(for: suite).contains(n)
            do {
                let normalized = try Challenge.normalize(text, suite: suite)
                #expect(allowed, "\(suite) accepted \(n) characters")
                #expect(normalized == text)
            } catch let e as IBKeyError {
                #expect(!allowed, "\(suite) refused \(n) characters: \(e.message)")
                #expect(ErrorKind(e) == .badChallenge)
                #expect(!e.message.contains("\n"))
            }
        }
    }

    @Test("N: spaces, tabs and '-' between digits are dropped; exactly xx digits")
    func numeric() throws {
        #expect(try Self.normalize("708362", "QN06") == "708362")
        #expect(try Self.normalize("708 362", "QN06") == "708362")
        #expect(try Self.normalize("70-83-62", "QN06") == "708362")
        #expect(try Self.normalize("\t708\t362 ", "QN06") == "708362")
        #expect(try Self.normalize("000000", "QN06") == "000000") // leading zeros count
        #expect(try Self.normalize("1234 5678", "QN08") == "12345678")
        expectRefusal(.badChallenge, containing: ["6 digits", "got 5"]) { _ = try Self.normalize("70836", "QN06") }
        expectRefusal(.badChallenge, containing: ["6 digits", "got 7"]) { _ = try Self.normalize("7083620", "QN06") }
        expectRefusal(.badChallenge, containing: ["8 digits", "got 6"]) { _ = try Self.normalize("708 362", "QN08") }
        expectRefusal(.badChallenge, containing: ["6 digits"]) { _ = try Self.normalize("70836a", "QN06") }
        expectRefusal(.badChallenge, containing: ["6 digits"]) { _ = try Self.normalize("７０８３６２", "QN06") } // full-width digits
        expectRefusal(.badChallenge, containing: ["6 digits"]) { _ = try Self.normalize("708_362", "QN06") }
        expectRefusal(.badChallenge, containing: ["empty", "6-digit"]) { _ = try Self.normalize("", "QN06") }
        expectRefusal(.badChallenge, containing: ["empty"]) { _ = try Self.normalize(" - \t", "QN06") }
    }

    @Test("H: either case, separators dropped; exactly xx hex digits")
    func hex() throws {
        #expect(try Self.normalize("deadBEEF", "QH08") == "deadBEEF")
        #expect(try Self.normalize("dead beef", "QH08") == "deadbeef")
        #expect(try Self.normalize("DE-AD-BE-EF", "QH08") == "DEADBEEF")
        let forty = String(repeating: "0123456789", count: 4)
        #expect(try Self.normalize(forty, "QH40") == forty)
        expectRefusal(.badChallenge, containing: ["8 hex digits", "got 7"]) { _ = try Self.normalize("deadbee", "QH08") }
        expectRefusal(.badChallenge, containing: ["8 hex digits", "got 9"]) { _ = try Self.normalize("deadbeef0", "QH08") }
        expectRefusal(.badChallenge, containing: ["40 hex digits", "got 39"]) { _ = try Self.normalize(String(forty.dropLast()), "QH40") }
        expectRefusal(.badChallenge, containing: ["8 hex digits"]) { _ = try Self.normalize("deadbeeg", "QH08") }
        expectRefusal(.badChallenge, containing: ["8 hex digits"]) { _ = try Self.normalize("0xdeadbe", "QH08") }
    }

    @Test("A: 4 to xx printable ASCII characters, taken exactly as typed ('-' is part of it)")
    func alphanumeric() throws {
        #expect(try Self.normalize("abcd", "QA10") == "abcd")
        #expect(try Self.normalize("ab-cd", "QA10") == "ab-cd")
        #expect(try Self.normalize("SRV11110", "QA08") == "SRV11110")
        #expect(try Self.normalize("!~#$", "QA04") == "!~#$")
        #expect(try Self.normalize("0123456789", "QA10") == "0123456789")
        expectRefusal(.badChallenge, containing: ["4 to 10 characters", "got 3"]) { _ = try Self.normalize("abc", "QA10") }
        expectRefusal(.badChallenge, containing: ["4 to 10 characters", "got 11"]) { _ = try Self.normalize("abcdefghijk", "QA10") }
        expectRefusal(.badChallenge, containing: ["4 to 10 characters", "got 11"]) { _ = try Self.normalize("abcde-fghij", "QA10") }
        expectRefusal(.badChallenge, containing: ["4 to 8", "printable ASCII"]) { _ = try Self.normalize("ab cd", "QA08") }
        expectRefusal(.badChallenge, containing: ["4 to 8", "printable ASCII"]) { _ = try Self.normalize("abcé", "QA08") }
        expectRefusal(.badChallenge, containing: ["4 to 8"]) { _ = try Self.normalize("ab\tcd", "QA08") }
        expectRefusal(.badChallenge, containing: ["empty"]) { _ = try Self.normalize("", "QA08") }
        // QA04: only 4.
        expectRefusal(.badChallenge, containing: ["4 characters", "got 5"]) { _ = try Self.normalize("abcde", "QA04") }
    }

    @Test("errors are one line, control characters shown escaped, long text cut short")
    func printable() {
        let e = expectRefusal(.badChallenge) { _ = try Self.normalize("12\n456\u{7F}", "QN06") }
        #expect(e?.message.contains("\\u{a}") == true)
        #expect(e?.message.contains("\\u{7f}") == true)
        let a = expectRefusal(.badChallenge) { _ = try Self.normalize("ab\r\ncd\u{1B}[2J", "QA10") }
        #expect(a?.message.contains("\u{1B}") == false)
        let long = expectRefusal(.badChallenge) { _ = try Self.normalize(String(repeating: "x", count: 500), "QN08") }
        #expect((long?.message.count ?? 0) < 120)
        #expect(long?.message.contains("…") == true)
    }

    @Test("the IB Key vector answers the challenge as IB shows it, with a space")
    func ibKey() throws {
        let q = try Challenge.normalize("708 362", suite: .ibKey)
        let r = try OCRA(suite: .ibKey, key: ImportTestSupport.secure(hex: "ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da"))
            .response(OCRAInput(counter: 1, question: q, pinHash: HashAlgorithm.sha1.hash(ImportTestSupport.secure("1234"))))
        #expect(r == "15632646")
    }
}
