import Foundation
import Testing
@testable import IBKeyCore

/// `ibkey export`'s PSKC writer, read back by the PSKC reader.
@Suite("PSKC writer (export), read back")
struct PSKCWriterTests {
    typealias S = ImportTestSupport

    /// Few PBKDF2 iterations: the tests check the format, not the cost.
    static let iterations: UInt32 = 1000

    /// Valid suites covering every element: SHA1/256/512, 0 and 4–10 digits,
    /// with and without C, QA/QN/QH of several lengths, P SHA1/256/512,
    /// S064/S128, T30S/T1M/T1H.
    static func randomSuite<G: RandomNumberGenerator>(_ g: inout G) -> String {
        let hash = ["SHA1", "SHA256", "SHA512"].randomElement(using: &g)!
        let digits = [0, 4, 5, 6, 7, 8, 9, 10].randomElement(using: &g)!
        var items: [String] = []
        if Bool.random(using: &g) { items.append("C") }
        let q = ["A", "N", "H"].randomElement(using: &g)!
        let length = [4, 5, 6, 8, 10, 16, 20, 32, 40, 63, 64].randomElement(using: &g)!
        items.append("Q\(q)\(length < 10 ? "0" : "")\(length)")
        if let p = [nil, "PSHA1", "PSHA256", "PSHA512"].randomElement(using: &g)! { items.append(p) }
        if let s = [nil, "S064", "S128"].randomElement(using: &g)! { items.append(s) }
        if let t = [nil, "T30S", "T1M", "T1H"].randomElement(using: &g)! { items.append(t) }
        return "OCRA-1:HOTP-\(hash)-\(digits):\(items.joined(separator: "-"))"
    }

    struct Written {
        let token: PSKCWriter.Token
        let password: SecureBytes
        let xml: String
    }

    static func write(name: String = "alice", suite: OCRASuite, secret: SecureBytes, counter: UInt64,
                      pInput: SecureBytes? = nil, password: String = "correct horse") -> Written {
        let p = pInput ?? suite.pinHash.map { SecureBytes(copying: Random.bytes($0.digestLength)) }
        let token = PSKCWriter.Token(name: name, suite: suite, secret: SecretRef(secret), counter: counter, pInput: p.map { SecretRef($0) })
        let pw = S.secure(password)
        return Written(token: token, password: pw, xml: PSKCWriter.document(for: token, password: pw, iterations: iterations))
    }

    /// The written file read back as `ibkey import` reads it.
    static func readBack(_ w: Written, password: SecureBytes? = nil) throws -> ImportedKey {
        let doc = try S.document(w.xml)
        #expect(doc.protection == .password)
        let keys = try doc.decrypted(with: .password(password ?? w.password))
        return try #require(try PSKCKey.importable(keys, keyID: nil).only)
    }

    static func expectSame(_ i: ImportedKey, _ w: Written, sourceLocation: SourceLocation = #_sourceLocation) {
        let t = w.token
        #expect(i.suite.text == t.suite.text, sourceLocation: sourceLocation)
        #expect(i.secret.constantTimeEquals(t.secret.materialize()), "secret of \(t.suite)", sourceLocation: sourceLocation)
        #expect(i.counter == (t.suite.usesCounter ? t.counter : 0), "counter \(t.counter) of \(t.suite)", sourceLocation: sourceLocation)
        #expect(i.defaultName == t.name, sourceLocation: sourceLocation)
        #expect(i.keyID == t.name, sourceLocation: sourceLocation)
        switch (i.pInput, t.pInput) {
        case (nil, nil): break
        case (.hash(let h)?, let p?): #expect(S.hex(h) == S.hex(p.materialize()), "P of \(t.suite)", sourceLocation: sourceLocation)
        default: Issue.record("P input \(String(describing: i.pInput)) for \(t.suite), written \(t.pInput == nil ? "none" : "a hash")",
                              sourceLocation: sourceLocation)
        }
        #expect(!i.needsTokenPIN, sourceLocation: sourceLocation)
    }

    @Test("the suite generator covers every element, and every suite it makes parses")
    func generator() throws {
        var g = SystemRandomNumberGenerator()
        var seen = Set<String>()
        for _ in 0..<2000 {
            let text = Self.randomSuite(&g)
            let s = try OCRASuite(text)
            seen.insert(s.hash.rawValue)
            seen.insert("d\(s.digits)")
            seen.insert("Q\(s.challengeFormat.rawValue)")
            seen.insert(s.usesCounter ? "C" : "noC")
            seen.insert(s.pinHash.map { "P\($0.rawValue)" } ?? "noP")
            seen.insert(s.sessionLength.map { "S\($0)" } ?? "noS")
            seen.insert(s.timeStep.map { "T\($0)" } ?? "noT")
        }
        let wanted: Set<String> = ["SHA1", "SHA256", "SHA512", "d0", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "QA", "QN", "QH",
                                   "C", "noC", "PSHA1", "PSHA256", "PSHA512", "noP", "S64", "S128", "noS", "T30", "T60", "T3600", "noT"]
        #expect(wanted.isSubset(of: seen), "missing \(wanted.subtracting(seen))")
    }

    @Test("property: random suites, keys of 16–128 bytes, counters and P hashes survive writer → reader")
    func roundTrip() throws {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let suite = try OCRASuite(Self.randomSuite(&g))
            let secret = SecureBytes(copying: Random.bytes(Int.random(in: 16...128, using: &g)))
            let counter: UInt64 = switch Int.random(in: 0..<4, using: &g) {
            case 0: UInt64.random(in: 0...1000, using: &g)
            case 1: UInt64.random(in: 0...UInt64(UInt32.max), using: &g)
            default: UInt64.random(in: 0..<(UInt64.max - 1), using: &g)
            }
            let w = Self.write(suite: suite, secret: secret, counter: counter, password: "pw-\(UInt32.random(in: 0...UInt32.max, using: &g))")
            Self.expectSame(try Self.readBack(w), w)
        }
    }

    @Test("edge counters survive writer → reader",
          arguments: [0, 1, 9, 10, 42, 255, 256, 1 << 32, 1 << 56, UInt64.max - 1] as [UInt64])
    func edgeCounters(_ counter: UInt64) throws {
        let w = Self.write(suite: .ibKey, secret: SecureBytes(copying: Random.bytes(20)), counter: counter)
        Self.expectSame(try Self.readBack(w), w)
    }

    @Test("counters whose eight big-endian bytes are all ASCII digits survive writer → reader",
          arguments: [0x3030_3030_3030_3030, 0x3132_3334_3536_3738, 0x3939_3939_3939_3939] as [UInt64])
    func digitByteCounters(_ counter: UInt64) throws {
        // The writer stores 8 big-endian bytes; the reader takes all-digit bytes as
        // decimal text (python-pskc's rule). These counters must not come back as
        // 0, 12345678 or 99999999: a smaller counter repeats responses.
        let w = Self.write(suite: .ibKey, secret: SecureBytes(copying: Random.bytes(20)), counter: counter)
        let i = try Self.readBack(w)
        #expect(i.counter == counter)
    }

    @Test("the IB Key token: same response before and after export")
    func ibKeyResponse() throws {
        let key = S.secure(hex: "ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da")
        let pinHash = HashAlgorithm.sha1.hash(S.secure("1234"))
        let w = Self.write(name: "alice", suite: .ibKey, secret: key, counter: 1, pInput: pinHash)
        let i = try Self.readBack(w)
        let (_, secret) = try i.record(name: "alice", tokenPIN: nil, now: 0)
        let r = try OCRA(suite: try #require(i.suite.ocra), key: secret.key).response(OCRAInput(counter: secret.counter, question: "708362", pinHash: secret.pinHash))
        #expect(r == "15632646")
    }

    @Test("a wrong password is .wrongPassword (exit 3), one line")
    func wrongPassword() throws {
        let w = Self.write(suite: .ibKey, secret: SecureBytes(copying: Random.bytes(20)), counter: 5)
        // Several tries: a wrong key gives valid-looking padding on the MAC key now and then; the MAC still fails.
        for n in 0..<40 {
            expectRefusal(.wrongPassword, containing: ["password"]) { _ = try Self.readBack(w, password: S.secure("wrong \(n)")) }
        }
        expectRefusal(.usage) { _ = try S.document(w.xml).decrypted(with: .preShared(SecureBytes(copying: Random.bytes(32)))) }
        expectRefusal(.usage) { _ = try S.document(w.xml).decrypted(with: nil) }
    }

    @Test("names with XML markup characters and non-ASCII letters survive",
          arguments: ["a&b", "<alice>", "\"quoted\"", "it's", "&amp;", "]]>", "x<!--y-->", "Zoë", "名前", "a & b < c > d \" e ' f"])
    func names(_ name: String) throws {
        let w = Self.write(name: name, suite: try OCRASuite("OCRA-1:HOTP-SHA256-8:QA10"), secret: SecureBytes(copying: Random.bytes(32)), counter: 0)
        let i = try Self.readBack(w)
        #expect(i.defaultName == name)
        #expect(i.keyID == name)
    }

    @Test("the file holds no key or P hash in hex, base64 or base32")
    func noPlaintext() throws {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<30 {
            let suite = try OCRASuite(Self.randomSuite(&g))
            let secret = Random.bytes(Int.random(in: 16...128, using: &g))
            let w = Self.write(suite: suite, secret: SecureBytes(copying: secret), counter: 7)
            var forbidden = [Hex.encode(secret), Base64.encode(secret), Base32.encode(secret)]
            if let p = w.token.pInput?.materialize().unprotectedCopy() {
                forbidden += [Hex.encode(p), Base64.encode(p), Base32.encode(p)]
            }
            let flat = w.xml.filter { !$0.isWhitespace }
            for f in forbidden {
                #expect(!flat.lowercased().contains(f.lowercased()), "the file contains a plaintext value")
                #expect(!flat.contains(String(f.prefix(24))), "the file contains the start of a plaintext value")
            }
            #expect(!w.xml.contains("PlainValue"))
        }
    }

    @Test("what the file says: AES-256-CBC, PBKDF2-HMAC-SHA256, HMAC-SHA256, the suite twice, challenge and response formats")
    func structure() throws {
        for (text, encoding, min, max) in [("OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1", "DECIMAL", 6, 6), ("OCRA-1:HOTP-SHA256-6:QA10-T1M", "ALPHANUMERIC", 4, 10),
                                           ("OCRA-1:HOTP-SHA512-0:QH40-S064", "HEXADECIMAL", 40, 40)] {
            let suite = try OCRASuite(text)
            let w = Self.write(suite: suite, secret: SecureBytes(copying: Random.bytes(20)), counter: 3)
            let xml = w.xml
            #expect(xml.contains("<pskc:Suite>\(text)</pskc:Suite>"))
            #expect(xml.contains("Algorithm=\"urn:ietf:params:xml:ns:keyprov:pskc#\(text)\""))
            #expect(xml.contains("<pskc:ChallengeFormat Encoding=\"\(encoding)\" Min=\"\(min)\" Max=\"\(max)\"/>"))
            // Digits 0: no truncation, the whole HMAC in hex, as respond prints it.
            let response = suite.digits == 0 ? "Encoding=\"HEXADECIMAL\" Length=\"\(2 * suite.hash.digestLength)\"" : "Encoding=\"DECIMAL\" Length=\"\(suite.digits)\""
            #expect(xml.contains("<pskc:ResponseFormat \(response)/>"))
            #expect(xml.contains("<IterationCount>\(Self.iterations)</IterationCount>"))
            #expect(xml.contains("#hmac-sha256"))
            #expect(xml.contains("xmlenc#aes256-cbc"))
            #expect(xml.contains("<pskc:Counter>") == suite.usesCounter)
            #expect(xml.contains("PInput") == (suite.pinHash != nil))
            let doc = try S.document(xml)
            #expect(doc.pbkdf2?.prf == .sha256 && doc.pbkdf2?.keyLength == 32 && doc.pbkdf2?.salt.count == 16)
            #expect(doc.mac?.digest == .sha256)
            // Every encrypted value carries its own ValueMAC.
            #expect(xml.components(separatedBy: "<pskc:EncryptedValue>").count == xml.components(separatedBy: "<pskc:ValueMAC>").count)
        }
    }

    @Test("two exports of the same token differ (salt, MAC key and IVs are fresh)")
    func fresh() throws {
        let secret = SecureBytes(copying: Random.bytes(20))
        let a = Self.write(suite: .ibKey, secret: secret, counter: 1, pInput: HashAlgorithm.sha1.hash(S.secure("1234")))
        let b = Self.write(suite: .ibKey, secret: secret, counter: 1, pInput: HashAlgorithm.sha1.hash(S.secure("1234")))
        #expect(a.xml != b.xml)
        func values(_ xml: String) -> Set<String> {
            Set(xml.components(separatedBy: "<xenc:CipherValue>").dropFirst().map { $0.components(separatedBy: "<")[0] })
        }
        #expect(values(a.xml).isDisjoint(with: values(b.xml)))
    }

    @Test("an export changed after writing is refused when read back")
    func tampered() throws {
        let w = Self.write(suite: .ibKey, secret: SecureBytes(copying: Random.bytes(20)), counter: 9,
                           pInput: HashAlgorithm.sha1.hash(S.secure("1234")))
        // Remove the P input's ValueMAC (the last one in the file).
        let parts = w.xml.components(separatedBy: "<pskc:ValueMAC>")
        let last = parts.last!.components(separatedBy: "</pskc:ValueMAC>")
        let stripped = parts.dropLast().joined(separator: "<pskc:ValueMAC>") + last.dropFirst().joined(separator: "</pskc:ValueMAC>")
        #expect(stripped.components(separatedBy: "<pskc:ValueMAC>").count == parts.count - 1)
        expectRefusal(.damaged) { _ = try S.document(stripped).decrypted(with: .password(w.password)) }
    }

    @Test("the default iteration count is written (600 000)")
    func defaultIterations() throws {
        #expect(PSKCWriter.defaultIterations == 600_000)
        let token = PSKCWriter.Token(name: "a", suite: .ibKey, secret: SecretRef(SecureBytes(copying: Random.bytes(20))), counter: 1,
                                     pInput: SecretRef(HashAlgorithm.sha1.hash(S.secure("1234"))))
        let xml = PSKCWriter.document(for: token, password: S.secure("pw"))
        #expect(try S.document(xml).pbkdf2?.iterations == 600_000)
    }
}
