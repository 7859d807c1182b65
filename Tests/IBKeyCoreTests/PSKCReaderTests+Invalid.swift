import Foundation
import Testing
@testable import IBKeyCore

/// Invalid files, and documents crafted here to be refused.
extension PSKCReaderTests {
    // MARK: - Invalid files

    @Test("invalid files are refused as unreadable PSKC (exit 2)",
          arguments: ["notxml.pskcxml", "wrongelement.pskcxml", "wrongversion.pskcxml", "mac-algorithm.pskcxml",
                      "unknown-encryption.pskcxml", "incomplete-derivation.pskcxml"])
    func invalidFiles(_ name: String) throws {
        let hint = ["wrongversion.pskcxml": "1.2", "mac-algorithm.pskcxml": "hmac-zha9",
                    "unknown-encryption.pskcxml": "xmlenc#unknown", "incomplete-derivation.pskcxml": "PBKDF2",
                    "wrongelement.pskcxml": "KeyContainer"][name]
        expectRefusal(.usage, containing: ["not a PSKC file"] + (hint.map { [$0] } ?? [])) {
            _ = try S.document("invalid", name)
        }
    }

    @Test("a changed ValueMAC: damage under a pre-shared key, a wrong password under a password")
    func macValue() throws {
        let doc = try S.document("invalid", "mac-value.pskcxml")
        expectRefusal(.damaged, containing: ["MACs do not check"]) { _ = try doc.decrypted(with: Self.preShared(Self.psk)) }
        // The same change in figure 7 (password-protected).
        let fig7 = try S.fixtureText("rfc6030", "figure7.pskcxml")
        let mac = "LP6xMvjtypbfT9PdkJhBZ+D6O4w="
        try #require(fig7.contains(mac))
        let changed = fig7.replacingOccurrences(of: mac, with: "MP6xMvjtypbfT9PdkJhBZ+D6O4w=")
        expectRefusal(.wrongPassword) { _ = try S.document(changed).decrypted(with: Self.password("qwerty")) }
    }

    // MARK: - Crafted documents

    static let containerOpen = """
        <?xml version="1.0" encoding="UTF-8"?>
        <KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc" \
        xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">
        """

    /// A plain document with one OCRA key.
    static func plainOCRA(id: String = "k1", suite: String = "OCRA-1:HOTP-SHA1-6:C-QN08", secret: [UInt8] = Array("12345678901234567890".utf8),
                          counter: String? = "3", inside: String = "", prolog: String = "") -> String {
        """
        \(prolog)\(containerOpen)
          <KeyPackage>
            <Key Id="\(id)" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:ocra">
              <AlgorithmParameters><Suite>\(suite)</Suite></AlgorithmParameters>
              <Data>
                <Secret><PlainValue>\(Base64.encode(secret))</PlainValue></Secret>\(counter.map { "\n        <Counter><PlainValue>\($0)</PlainValue></Counter>" } ?? "")
              </Data>\(inside)
            </Key>
          </KeyPackage>
        </KeyContainer>
        """
    }

    /// `<EncryptedValue>` and `<ValueMAC>` for `plain` under `key`, MACed with `macKey`.
    static func sealed(_ plain: [UInt8], key: SecureBytes, macKey: SecureBytes?) -> String {
        let c = AESCBC.encrypt(SecureBytes(copying: plain), key: key)
        let mac = macKey.map { "<ValueMAC>\(Base64.encode(Digest.sha1.hmac(key: $0, c)))</ValueMAC>" } ?? ""
        return """
        <EncryptedValue><xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>\
        <xenc:CipherData><xenc:CipherValue>\(Base64.encode(c))</xenc:CipherValue></xenc:CipherData></EncryptedValue>\(mac)
        """
    }

    /// A document under `psk` (AES-128-CBC, HMAC-SHA1 with an encrypted MAC key) with one OCRA key whose counter is `counter` encrypted.
    static func encryptedCounter(_ counter: [UInt8], psk: SecureBytes) -> String {
        let macKey = SecureBytes(copying: Random.bytes(20))
        return """
        \(containerOpen)
          <EncryptionKey><ds:KeyName>test</ds:KeyName></EncryptionKey>
          <MACMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1">
            <MACKey><xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>\
        <xenc:CipherData><xenc:CipherValue>\(Base64.encode(AESCBC.encrypt(macKey, key: psk)))</xenc:CipherValue></xenc:CipherData></MACKey>
          </MACMethod>
          <KeyPackage>
            <Key Id="k1" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:ocra">
              <AlgorithmParameters><Suite>OCRA-1:HOTP-SHA1-6:C-QN08</Suite></AlgorithmParameters>
              <Data>
                <Secret>\(sealed(Array("12345678901234567890".utf8), key: psk, macKey: macKey))</Secret>
                <Counter>\(sealed(counter, key: psk, macKey: macKey))</Counter>
              </Data>
            </Key>
          </KeyPackage>
        </KeyContainer>
        """
    }

    @Test("the crafted plain document is read (the base of the refusals below)")
    func craftedBase() throws {
        let keys = try S.document(Self.plainOCRA()).decrypted(with: nil)
        let i = try #require(try PSKCKey.importable(keys, keyID: nil).only)
        #expect(i.suite.text == "OCRA-1:HOTP-SHA1-6:C-QN08" && i.counter == 3 && S.hex(i.secret) == Self.ascii20)
    }

    @Test("encrypted counters: big-endian bytes, or ASCII digits read as decimal")
    func encryptedCounters() throws {
        let psk = S.secure(hex: Self.psk)
        let cases: [([UInt8], UInt64)] = [([0x2A], 42), ([0, 0, 0, 0, 0, 0, 0, 7], 7), ([0x00], 0),
                                          (Array("298507".utf8), 298507), ([0x01, 0, 0, 0, 0, 0], 1 << 40),
                                          ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE], UInt64.max - 1)]
        for (bytes, value) in cases {
            let k = try #require(try S.document(Self.encryptedCounter(bytes, psk: psk)).decrypted(with: .preShared(psk)).only)
            #expect(k.counter == value, "\(Hex.encode(bytes))")
        }
        // Nine bytes do not fit 64 bits; an empty counter says nothing.
        expectRefusal(.usage, containing: ["counter"]) {
            _ = try S.document(Self.encryptedCounter([1, 0, 0, 0, 0, 0, 0, 0, 0], psk: psk)).decrypted(with: .preShared(psk))
        }
        expectRefusal(.usage, containing: ["counter"]) {
            _ = try S.document(Self.encryptedCounter([], psk: psk)).decrypted(with: .preShared(psk))
        }
    }

    @Test("plain counters: decimal text; whitespace around it is allowed (xs:long)")
    func plainCounters() throws {
        for (text, value) in [("0", UInt64(0)), ("42", 42), ("\n   42\n  ", 42), (" 7 ", 7),
                              ("9999999999999999999", 9_999_999_999_999_999_999)] {
            do {
                let k = try #require(try S.document(Self.plainOCRA(counter: text)).decrypted(with: nil).only)
                #expect(k.counter == value, "PlainValue '\(text)' read as \(k.counter.map(String.init) ?? "nil")")
            } catch {
                Issue.record("PlainValue '\(text)': \(error)")
            }
        }
    }

    @Test("plain counters that are not decimal text are refused, not read as bytes",
          arguments: ["abc", "-1", "4 2", "0x2a", "1e3", "18446744073709551616", "99999999999999999999"])
    func plainCounterRefused(_ text: String) throws {
        expectRefusal(.usage, containing: ["counter"], "PlainValue '\(text)'") {
            let keys = try S.document(Self.plainOCRA(counter: text)).decrypted(with: nil)
            _ = try PSKCKey.importable(keys, keyID: nil)
        }
    }

    @Test("truncated XML is refused")
    func truncated() throws {
        let full = Self.plainOCRA()
        for cut in [10, full.utf8.count / 2, full.utf8.count - 3] {
            let text = String(decoding: Array(full.utf8).prefix(cut), as: UTF8.self)
            expectRefusal(.usage, containing: ["not a PSKC file"]) { _ = try S.document(text) }
        }
        expectRefusal(.usage) { _ = try S.document("") }
    }

    @Test("a KeyContainer outside the PSKC namespace is refused")
    func wrongNamespace() {
        for ns in ["urn:ietf:params:xml:ns:keyprov:pskc:1.0", "urn:ietf:params:xml:ns:keyprov:pskc#", ""] {
            let text = Self.plainOCRA().replacingOccurrences(of: "xmlns=\"urn:ietf:params:xml:ns:keyprov:pskc\"", with: ns.isEmpty ? "" : "xmlns=\"\(ns)\"")
            expectRefusal(.usage, containing: ["KeyContainer"], "namespace '\(ns)'") { _ = try S.document(text) }
        }
        // Version missing.
        expectRefusal(.usage, containing: ["version"]) {
            _ = try S.document(Self.plainOCRA().replacingOccurrences(of: "Version=\"1.0\" ", with: ""))
        }
    }

    @Test("a DOCTYPE is refused, with or without an internal subset or external DTD",
          arguments: ["<!DOCTYPE KeyContainer>\n",
                      "<!DOCTYPE KeyContainer [ ]>\n",
                      "<!DOCTYPE KeyContainer SYSTEM \"http://example.invalid/pskc.dtd\">\n",
                      "<!DOCTYPE KeyContainer PUBLIC \"-//x//y\" \"file:///etc/passwd\">\n"])
    func doctype(_ prolog: String) {
        let text = Self.plainOCRA().replacingOccurrences(of: "<KeyContainer ", with: prolog + "<KeyContainer ")
        expectRefusal(.usage, containing: ["DOCTYPE"]) { _ = try S.document(text) }
    }

    @Test("an internal entity is refused, not expanded")
    func internalEntity() {
        let text = Self.plainOCRA(suite: "&suite;")
            .replacingOccurrences(of: "<KeyContainer ", with: "<!DOCTYPE KeyContainer [<!ENTITY suite \"OCRA-1:HOTP-SHA1-6:QN08\">]>\n<KeyContainer ")
        expectRefusal(.usage, containing: ["not allowed"]) { _ = try S.document(text) }
    }

    @Test("an external entity (SYSTEM) and a parameter entity are refused; nothing is fetched")
    func externalEntity() {
        let xxe = Self.plainOCRA(id: "&xxe;")
            .replacingOccurrences(of: "<KeyContainer ", with: "<!DOCTYPE KeyContainer [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n<KeyContainer ")
        expectRefusal(.usage, containing: ["not allowed"]) { _ = try S.document(xxe) }
        let pe = Self.plainOCRA()
            .replacingOccurrences(of: "<KeyContainer ", with: "<!DOCTYPE KeyContainer [<!ENTITY % p SYSTEM \"http://example.invalid/p.dtd\"> %p;]>\n<KeyContainer ")
        expectRefusal(.usage, containing: ["not allowed"]) { _ = try S.document(pe) }
        // Without a DTD an entity reference is simply undefined.
        expectRefusal(.usage) { _ = try S.document(Self.plainOCRA(id: "&undefined;")) }
        // The five predefined entities and character references work.
        let k = try? S.document(Self.plainOCRA(id: "a&amp;b&lt;&#x41;")).decrypted(with: nil).only
        #expect(k?.id == "a&b<A")
    }
}
