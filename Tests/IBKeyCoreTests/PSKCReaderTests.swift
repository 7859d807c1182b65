import Foundation
import Testing
@testable import IBKeyCore

/// The PSKC reader (RFC 6030) on the published examples, files from other
/// tools (Fixtures/pskc/README.md says where each comes from and what it
/// holds) and documents crafted here to be refused.
@Suite("PSKC reader (RFC 6030)")
struct PSKCReaderTests {
    typealias S = ImportTestSupport

    /// "12345678901234567890" in ASCII: the secret of RFC 6030's examples.
    static let ascii20 = "3132333435363738393031323334353637383930"
    /// The pre-shared key of RFC 6030 figure 6 and python-pskc's test files.
    static let psk = "12345678901234567890123456789012"

    static func decrypted(_ dir: String, _ name: String, _ key: PSKCDocument.DecryptionKey?) throws -> [PSKCKey] {
        try S.document(dir, name).decrypted(with: key)
    }

    static func password(_ p: String) -> PSKCDocument.DecryptionKey { .password(S.secure(p)) }
    static func preShared(_ hex: String) -> PSKCDocument.DecryptionKey { .preShared(S.secure(hex: hex)) }

    // MARK: - RFC 6030 figures 2–10

    @Test("figure 2: a plain HOTP key, secret \"1234\"")
    func figure2() throws {
        let doc = try S.document("rfc6030", "figure2.pskcxml")
        #expect(doc.protection == .none)
        let keys = try doc.decrypted(with: nil)
        let k = try #require(keys.only)
        #expect(k.id == "12345678")
        #expect(k.algorithm == "urn:ietf:params:xml:ns:keyprov:pskc:hotp")
        #expect(S.hex(k.secret) == "31323334")
        #expect(k.counter == nil)
        #expect(k.suite == nil)
        #expect(!k.isOCRA)
        #expect(k.defaultName == "12345678") // no UserId, no SerialNo: the Id
    }

    @Test("figure 3: Key/UserId comes before DeviceInfo/UserId and the serial number")
    func figure3() throws {
        let k = try #require(try Self.decrypted("rfc6030", "figure3.pskcxml", nil).only)
        #expect(k.id == "12345678")
        #expect(S.hex(k.secret) == Self.ascii20)
        #expect(k.counter == 0)
        #expect(k.userID == "UID=jsmith,DC=example-bank,DC=net")
        #expect(k.serialNumber == "987654321")
        #expect(k.defaultName == "UID=jsmith,DC=example-bank,DC=net")
    }

    @Test("figure 3 without Key/UserId: the device's UserId")
    func figure3DeviceUserID() throws {
        let text = try S.fixtureText("rfc6030", "figure3.pskcxml")
            .replacingOccurrences(of: "<UserId>UID=jsmith,DC=example-bank,DC=net</UserId>", with: "")
        let k = try #require(try S.document(text).decrypted(with: nil).only)
        #expect(k.defaultName == "DC=example-bank,DC=net")
    }

    @Test("figure 4: a key without a secret (a reference to a master key) is refused when decrypted")
    func figure4() throws {
        let doc = try S.document("rfc6030", "figure4.pskcxml")
        expectRefusal(.usage, containing: ["12345678", "no secret"]) { _ = try doc.decrypted(with: nil) }
    }

    @Test("figure 5: the PIN key its PIN policy names becomes the HOTP key's P input")
    func figure5() throws {
        let keys = try Self.decrypted("rfc6030", "figure5.pskcxml", nil)
        #expect(keys.map(\.id) == ["12345678", "123456781"])
        let hotp = keys[0], pin = keys[1]
        #expect(S.hex(hotp.secret) == Self.ascii20)
        #expect(hotp.counter == 0)
        #expect(pin.isPIN && !hotp.isPIN)
        #expect(S.hex(pin.secret) == "31323334")
        guard case .pin(let p)? = hotp.pInput else {
            Issue.record("expected the PIN \"1234\" as P input, got \(String(describing: hotp.pInput))")
            return
        }
        #expect(S.hex(p) == "31323334") // PINEncoding DECIMAL: the PIN itself, hashed on import
        #expect(pin.pInput == nil)
        // The linked PIN key is not a key of its own, and an HOTP account has
        // no P input: the device's local PIN is the vault PIN's job.
        let imported = try #require(try PSKCKey.importable(keys, keyID: nil).only)
        #expect(imported.suite.text == "HOTP-SHA1-8" && imported.pInput == nil && !imported.needsTokenPIN)
    }

    @Test("figure 6: pre-shared AES-128 key, HMAC-SHA1 MAC")
    func figure6() throws {
        let doc = try S.document("rfc6030", "figure6.pskcxml")
        #expect(doc.protection == .preSharedKey(name: "Pre-shared-key"))
        let k = try #require(try doc.decrypted(with: Self.preShared(Self.psk)).only)
        #expect(k.id == "12345678")
        #expect(S.hex(k.secret) == Self.ascii20)
        #expect(k.counter == 0)
        #expect(k.serialNumber == "987654321")
        #expect(k.defaultName == "987654321")
    }

    @Test("figure 6: a wrong pre-shared key is damage (exit 6), a password or nothing is a usage error")
    func figure6WrongKey() throws {
        let doc = try S.document("rfc6030", "figure6.pskcxml")
        expectRefusal(.damaged) { _ = try doc.decrypted(with: Self.preShared("12345678901234567890123456789013")) }
        expectRefusal(.damaged) { _ = try doc.decrypted(with: Self.preShared("00000000000000000000000000000000")) }
        expectRefusal(.usage, containing: ["pre-shared key"]) { _ = try doc.decrypted(with: Self.password("qwerty")) }
        expectRefusal(.usage, containing: ["pre-shared key"]) { _ = try doc.decrypted(with: nil) }
        // A key of the wrong size for AES-128.
        expectRefusal(.usage, containing: ["16"]) { _ = try doc.decrypted(with: Self.preShared(Self.psk + Self.psk)) }
    }

    @Test("figure 7: password \"qwerty\", PBKDF2-HMAC-SHA1, all elements prefixed")
    func figure7() throws {
        let doc = try S.document("rfc6030", "figure7.pskcxml")
        #expect(doc.protection == .password)
        let p = try #require(doc.pbkdf2)
        #expect(p.iterations == 1000 && p.keyLength == 16 && p.prf == .sha1)
        #expect(Hex.encode(p.salt) == "123eff3c4a72129c")
        let k = try #require(try doc.decrypted(with: Self.password("qwerty")).only)
        #expect(k.id == "123456")
        #expect(S.hex(k.secret) == Self.ascii20)
        #expect(k.counter == nil)
    }

    @Test("figure 7: a wrong password is .wrongPassword (exit 3); a pre-shared key is a usage error")
    func figure7WrongPassword() throws {
        let doc = try S.document("rfc6030", "figure7.pskcxml")
        for wrong in ["qwertz", "Qwerty", "", "qwerty "] {
            expectRefusal(.wrongPassword, containing: ["password"]) { _ = try doc.decrypted(with: Self.password(wrong)) }
        }
        expectRefusal(.usage, containing: ["password"]) { _ = try doc.decrypted(with: Self.preShared(Self.psk)) }
        expectRefusal(.usage, containing: ["password"]) { _ = try doc.decrypted(with: nil) }
    }

    @Test("figure 8: RSA key transport is refused as a file ibkey cannot read")
    func figure8() {
        expectRefusal(.usage, containing: ["PSKC"]) { _ = try S.document("rfc6030", "figure8.pskcxml") }
    }

    @Test("figure 9: a signed plain file is read (the signature is not checked)")
    func figure9() throws {
        let k = try #require(try Self.decrypted("rfc6030", "figure9.pskcxml", nil).only)
        #expect(k.id == "123")
        #expect(S.hex(k.secret) == Self.ascii20)
        #expect(k.counter == 0)
        #expect(k.serialNumber == "0755225266")
    }

    @Test("figure 10: four key packages, in file order")
    func figure10() throws {
        let keys = try Self.decrypted("rfc6030", "figure10.pskcxml", nil)
        #expect(keys.map(\.id) == ["1", "2", "3", "4"])
        #expect(keys.map(\.serialNumber) == ["654321", "123456", "9999999", "9999999"])
        #expect(keys.allSatisfy { S.hex($0.secret) == Self.ascii20 && $0.counter == 0 })
    }

    @Test("the HOTP keys of RFC 6030's figures are HOTP accounts: SHA1, ResponseFormat's digits, counter 0",
          arguments: [("figure3.pskcxml", "12345678", nil, 8), ("figure5.pskcxml", "12345678", nil, 8),
                      ("figure6.pskcxml", "12345678", "12345678901234567890123456789012", 8),
                      ("figure7.pskcxml", "123456", "qwerty", 8), ("figure9.pskcxml", "123", nil, 6),
                      ("figure10.pskcxml", "1", nil, 8)] as [(String, String, String?, Int)])
    func hotpFigures(_ file: String, _ id: String, _ credential: String?, _ digits: Int) throws {
        let issuers = ["figure7.pskcxml": "Example-Issuer", "figure9.pskcxml": "Example-Issuer"]
        let key: PSKCDocument.DecryptionKey? = credential.map { $0 == "qwerty" ? Self.password($0) : Self.preShared($0) }
        let keys = try Self.decrypted("rfc6030", file, key)
        let imported = try PSKCKey.importable(keys, keyID: id)
        let k = try #require(imported.only)
        #expect(k.suite == .otp(try OTPSuite(kind: .hotp, hash: .sha1, digits: digits)))
        #expect(S.hex(k.secret) == Self.ascii20 && k.counter == 0 && k.keyID == id && k.issuer == issuers[file, default: "Issuer"])
    }

    @Test("figure 2's HOTP key is refused for its 4-byte secret, naming the key and the sizes")
    func figure2Short() throws {
        let keys = try Self.decrypted("rfc6030", "figure2.pskcxml", nil)
        expectRefusal(.usage, containing: ["key 12345678", "4 bytes", "10 to 128"]) { _ = try PSKCKey.importable(keys, keyID: nil) }
    }

}
extension Array {
    /// The one element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}

extension String {
    /// This text without the first `start`…`end` (both included); nil when absent.
    func removing(between start: String, and end: String) -> String? {
        guard let a = range(of: start), let b = range(of: end, range: a.upperBound..<endIndex) else { return nil }
        var s = self
        s.removeSubrange(a.lowerBound..<b.upperBound)
        return s
    }
}
