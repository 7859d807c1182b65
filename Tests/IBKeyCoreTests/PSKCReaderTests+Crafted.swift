import Foundation
import Testing
@testable import IBKeyCore

/// More crafted documents: each refused with its error, on one line.
extension PSKCReaderTests {
    @Test("billion laughs is refused at once")
    func billionLaughs() {
        var dtd = "<!DOCTYPE KeyContainer [\n<!ENTITY lol0 \"lol\">\n"
        for i in 1...9 { dtd += "<!ENTITY lol\(i) \"\(String(repeating: "&lol\(i - 1);", count: 10))\">\n" }
        dtd += "]>\n"
        let text = Self.plainOCRA(id: "&lol9;").replacingOccurrences(of: "<KeyContainer ", with: dtd + "<KeyContainer ")
        let start = ContinuousClock.now
        expectRefusal(.usage, containing: ["not allowed"]) { _ = try S.document(text) }
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test("nesting: 32 levels are read, 33 refused")
    func nesting() throws {
        // KeyContainer, KeyPackage, Key: 3 levels, then n more.
        func nested(_ n: Int) -> String {
            Self.plainOCRA(inside: "\n<Extensions>" + String(repeating: "<x>", count: n - 1) + String(repeating: "</x>", count: n - 1) + "</Extensions>")
        }
        #expect(try S.document(nested(29)).keys.count == 1)
        expectRefusal(.usage, containing: ["32"]) { _ = try S.document(nested(30)) }
        expectRefusal(.usage, containing: ["32"]) { _ = try S.document(nested(5000)) }
    }

    @Test("more than 20 000 elements are refused")
    func tooManyElements() throws {
        // 4 elements of the container and key, AlgorithmParameters/Suite, Data, Secret/PlainValue, Counter/PlainValue: 10.
        #expect(try S.document(Self.plainOCRA(inside: String(repeating: "<x/>", count: 19_000))).keys.count == 1)
        expectRefusal(.usage, containing: ["20000"]) { _ = try S.document(Self.plainOCRA(inside: String(repeating: "<x/>", count: 20_000))) }
    }

    @Test("a removed ValueMAC is refused, not silently accepted")
    func removedValueMAC() throws {
        let fig6 = try S.fixtureText("rfc6030", "figure6.pskcxml")
        let noMAC = try #require(fig6.removing(between: "<ValueMAC>", and: "</ValueMAC>"))
        expectRefusal(.damaged, containing: ["ValueMAC"]) { _ = try S.document(noMAC).decrypted(with: Self.preShared(Self.psk)) }
        let fig7 = try S.fixtureText("rfc6030", "figure7.pskcxml")
        let noMAC7 = try #require(fig7.removing(between: "<pskc:ValueMAC>", and: "</pskc:ValueMAC>"))
        expectRefusal(.damaged, containing: ["ValueMAC"]) { _ = try S.document(noMAC7).decrypted(with: Self.password("qwerty")) }
    }

    @Test("a ValueMAC without a MACMethod is refused (python-pskc invalid/no-mac-method), not ignored")
    func valueMACWithoutMACMethod() throws {
        let fig6 = try S.fixtureText("rfc6030", "figure6.pskcxml")
        let noMethod = try #require(fig6.removing(between: "<MACMethod", and: "</MACMethod>"))
        #expect(noMethod.contains("<ValueMAC>"))
        expectRefusal(.damaged) { _ = try S.document(noMethod).decrypted(with: Self.preShared(Self.psk)) }
    }

    @Test("an altered CipherValue fails its MAC: damage under a pre-shared key, a wrong password under a password")
    func alteredCipherValue() throws {
        let fig6 = try S.fixtureText("rfc6030", "figure6.pskcxml")
        // The secret's CipherValue starts with the IV 000102…: flip one bit of it (the MAC key's CipherValue starts otherwise).
        let iv = "AAECAwQFBgcICQoLDA0OD+"
        try #require(fig6.components(separatedBy: iv).count == 2)
        let altered6 = fig6.replacingOccurrences(of: iv, with: "AAECAwQFBgcICQoLDA0OD/")
        expectRefusal(.damaged) { _ = try S.document(altered6).decrypted(with: Self.preShared(Self.psk)) }
        let fig7 = try S.fixtureText("rfc6030", "figure7.pskcxml")
        let secret7 = "oTvo+S22nsmS2Z/RtcoF8Hfh+jzMe0RkiafpoDpnoZTjPYZu6V+A4aEn032yCr4f"
        try #require(fig7.contains(secret7))
        let altered7 = fig7.replacingOccurrences(of: secret7, with: "oTvo+S22nsmS2Z/RtcoF8Hfh+jzMe0RkiafpoDpnoZTjPYZu6V+A4aEn032yCr4g")
        expectRefusal(.wrongPassword) { _ = try S.document(altered7).decrypted(with: Self.password("qwerty")) }
    }

    @Test("key sizes: 16 and 128 bytes are imported, 10, 15 and 129 refused")
    func keySizes() throws {
        for n in [16, 20, 32, 64, 128] {
            let keys = try S.document(Self.plainOCRA(secret: Random.bytes(n))).decrypted(with: nil)
            #expect(try PSKCKey.importable(keys, keyID: nil).only?.secret.count == n)
        }
        for n in [10, 15, 129] {
            let keys = try S.document(Self.plainOCRA(secret: Random.bytes(n))).decrypted(with: nil)
            expectRefusal(.usage, containing: ["k1", "\(n) bytes", "16", "128"]) { _ = try PSKCKey.importable(keys, keyID: nil) }
        }
        // ImportedKey itself refuses it, whatever the source.
        expectRefusal(.usage, containing: ["10 bytes"]) {
            _ = try ImportedKey(defaultName: "x", keyID: nil, suite: .ibKey, secret: SecureBytes(copying: Random.bytes(10)), counter: 0, pInput: nil)
        }
    }

    @Test("a suite the OCRA parser refuses is refused, naming the key",
          arguments: ["OCRA-1:HOTP-SHA1-3:QN08", "OCRA-1:HOTP-MD5-6:QN08", "OCRA-1:HOTP-SHA1-6:QN03", "OCRA-1:HOTP-SHA1-6:QN08-T0S"])
    func badSuite(_ suite: String) throws {
        let keys = try S.document(Self.plainOCRA(suite: suite)).decrypted(with: nil)
        expectRefusal(.usage, containing: ["k1"]) { _ = try PSKCKey.importable(keys, keyID: nil) }
    }

    @Test("an OCRA algorithm without a suite is refused")
    func noSuite() throws {
        let text = Self.plainOCRA().replacingOccurrences(of: "<AlgorithmParameters><Suite>OCRA-1:HOTP-SHA1-6:C-QN08</Suite></AlgorithmParameters>", with: "")
        let keys = try S.document(text).decrypted(with: nil)
        expectRefusal(.usage, containing: ["k1", "suite"]) { _ = try PSKCKey.importable(keys, keyID: nil) }
    }

    @Test("PBKDF2 iteration counts outside 1…10 000 000 are refused before any work")
    func iterationBound() throws {
        let fig7 = try S.fixtureText("rfc6030", "figure7.pskcxml")
        let tag = "<IterationCount>1000</IterationCount>"
        try #require(fig7.contains(tag))
        for n in ["10000001", "0", "4294967296", "-1", "1e6"] {
            let start = ContinuousClock.now
            expectRefusal(.usage, containing: ["PBKDF2"], "IterationCount \(n)") {
                _ = try S.document(fig7.replacingOccurrences(of: tag, with: "<IterationCount>\(n)</IterationCount>"))
            }
            #expect(ContinuousClock.now - start < .seconds(1))
        }
        // The bound itself parses (not decrypted here: that would take seconds).
        let atBound = try S.document(fig7.replacingOccurrences(of: tag, with: "<IterationCount>10000000</IterationCount>"))
        #expect(atBound.pbkdf2?.iterations == 10_000_000)
    }

    @Test("files over 1 MiB are refused before they are parsed")
    func tooLarge() throws {
        let base = Array(Self.plainOCRA().utf8)
        let exact = base + [UInt8](repeating: 0x20, count: (1 << 20) - base.count)
        #expect(try KeyFileFormat.of(SecureBytes(copying: exact)) == .pskc)
        #expect(try PSKCDocument.parse(SecureBytes(copying: exact)).keys.count == 1)
        let over = SecureBytes(copying: exact + [0x20])
        expectRefusal(.usage, containing: ["1 MiB"]) { _ = try KeyFileFormat.of(over) }
        expectRefusal(.usage, containing: ["1 MiB"]) { _ = try PSKCDocument.parse(over) }
    }

    @Test("KeyFileFormat: '<' is PSKC, '{' an IB Key data file, after a BOM and white space")
    func keyFileFormat() throws {
        func of(_ s: [UInt8]) throws -> KeyFileFormat { try KeyFileFormat.of(SecureBytes(copying: s)) }
        #expect(try of(Array("<?xml".utf8)) == .pskc)
        #expect(try of([0xEF, 0xBB, 0xBF] + Array(" \n\t<x/>".utf8)) == .pskc)
        #expect(try of(Array("{}".utf8)) == .ibKeyData)
        #expect(try of([0xEF, 0xBB, 0xBF] + Array("\r\n {\"ocra\":1}".utf8)) == .ibKeyData)
        expectRefusal(.usage, containing: ["empty"]) { _ = try of([]) }
        expectRefusal(.usage, containing: ["empty"]) { _ = try of([0xEF, 0xBB, 0xBF, 0x20, 0x0A]) }
        let secret = "JBSWY3DPEHPK3PXP"
        let e = expectRefusal(.usage, containing: ["PSKC"]) { _ = try of(Array(secret.utf8)) }
        #expect(e?.message.contains(secret) == false)
        expectRefusal(.usage) { _ = try of(Array("[1]".utf8)) }
    }

    @Test("messages stay on one line when the file puts line breaks (&#10;, &#13;) in names and URIs",
          arguments: ["&#10;", "&#13;", "&#x0A;&#x0D;"])
    func lineBreaksInFileText(_ br: String) throws {
        let base = Self.plainOCRA()
        func refusedWhenParsed(_ text: String, _ what: String) {
            expectRefusal(.usage, Comment(rawValue: what)) { _ = try S.document(text) }
        }
        refusedWhenParsed(base.replacingOccurrences(of: "xmlns=\"urn:ietf:params:xml:ns:keyprov:pskc\"",
                                                    with: "xmlns=\"urn:ietf:params:xml:ns:keyprov:pskc\(br)x\""), "root namespace")
        refusedWhenParsed(base.replacingOccurrences(of: "Version=\"1.0\"", with: "Version=\"1\(br).0\""), "Version")
        let fig6 = try S.fixtureText("rfc6030", "figure6.pskcxml")
        refusedWhenParsed(fig6.replacingOccurrences(of: "xmldsig#hmac-sha1", with: "xmldsig#hmac-sha1\(br)x"), "MAC algorithm")
        refusedWhenParsed(fig6.replacingOccurrences(of: "xmlenc#aes128-cbc", with: "xmlenc#aes128-cbc\(br)x"), "encryption algorithm")
        let fig7 = try S.fixtureText("rfc6030", "figure7.pskcxml")
        refusedWhenParsed(fig7.replacingOccurrences(of: "<PRF/>", with: "<PRF Algorithm=\"http://x#hmac-md4\(br)x\"/>"), "PRF")
        refusedWhenParsed(fig7.replacingOccurrences(of: "pkcs-5v2-0#pbkdf2\"", with: "pkcs-5v2-0#scrypt\(br)\""), "key derivation")
        // Key Ids and algorithms in the refusals of importable.
        let hotp = base.replacingOccurrences(of: "Id=\"k1\" Algorithm=\"urn:ietf:params:xml:ns:keyprov:pskc:ocra\"",
                                             with: "Id=\"k\(br)1\" Algorithm=\"urn:ietf:params:xml:ns:keyprov:pskc:hotp\"")
        let hotpKeys = try S.document(hotp).decrypted(with: nil)
        expectRefusal(.usage, "HOTP key with a line break in its Id") { _ = try PSKCKey.importable(hotpKeys, keyID: nil) }
        expectRefusal(.usage, "--key-id listing Ids") { _ = try PSKCKey.importable(hotpKeys, keyID: "other") }
        let odd = base.replacingOccurrences(of: "urn:ietf:params:xml:ns:keyprov:pskc:ocra\"", with: "urn:example:a\(br)b\"")
        let oddKeys = try S.document(odd).decrypted(with: nil)
        expectRefusal(.usage, "algorithm with a line break") { _ = try PSKCKey.importable(oddKeys, keyID: nil) }
        let badSuite = try S.document(Self.plainOCRA(id: "k\(br)1", suite: "OCRA-1:HOTP-SHA1-3:QN08")).decrypted(with: nil)
        expectRefusal(.usage, "bad suite, Id with a line break") { _ = try PSKCKey.importable(badSuite, keyID: nil) }
        let suiteBreak = try S.document(Self.plainOCRA(suite: "OCRA-1:HOTP\(br)-SHA1-6:QN08")).decrypted(with: nil) // (around the text, white space is trimmed)
        expectRefusal(.usage, "suite with a line break") { _ = try PSKCKey.importable(suiteBreak, keyID: nil) }
        let noSecret = Self.plainOCRA(id: "k\(br)1").replacingOccurrences(of: "<Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue></Secret>", with: "")
        expectRefusal(.usage, "no secret, Id with a line break") { _ = try S.document(noSecret).decrypted(with: nil) }
        let tiny = try S.document(Self.plainOCRA(id: "k\(br)1", secret: [1, 2, 3])).decrypted(with: nil)
        expectRefusal(.usage, "3-byte key, Id with a line break") { _ = try PSKCKey.importable(tiny, keyID: nil) }
    }

    @Test("a PSKC file with no key is refused")
    func noKeys() {
        let empty = Self.containerOpen + "\n</KeyContainer>"
        expectRefusal(.usage, containing: ["no key"]) { _ = try S.document(empty) }
    }}
