import Foundation
import Testing
@testable import IBKeyCore

/// What `import` reads for TOTP and HOTP accounts, in process: the content
/// sniffing of `KeyFileFormat`, texts of links (`OTPAuthText`), HOTP and
/// TOTP keys of PSKC files, and `ImportedKey` for accounts. The CLI tests
/// run the same inputs through the binary, written by independent peers.
@Suite("TOTP and HOTP imports")
struct OTPImportTests {
    typealias S = ImportTestSupport

    static let ascii20 = PSKCReaderTests.ascii20

    /// One plain key, RFC 6030 style, with what a test puts around it.
    static func otpKey(algorithm: String = "urn:ietf:params:xml:ns:keyprov:pskc:totp", suite: String? = nil,
                       response: String? = #"<ResponseFormat Encoding="DECIMAL" Length="6"/>"#,
                       data: String = "", issuer: String? = nil) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">
          <KeyPackage>
            <Key Id="t1" Algorithm="\(algorithm)">
              \(issuer.map { "<Issuer>\($0)</Issuer>" } ?? "")
              <AlgorithmParameters>\(suite.map { "<Suite>\($0)</Suite>" } ?? "")\(response ?? "")</AlgorithmParameters>
              <Data><Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue></Secret>\(data)</Data>
              <UserId>tina</UserId>
            </Key>
          </KeyPackage>
        </KeyContainer>
        """
    }

    static func imported(_ text: String) throws -> ImportedKey {
        try #require(try PSKCKey.importable(try S.document(text).decrypted(with: nil), keyID: nil).only)
    }

    static func plain(_ n: UInt64) -> String { "<PlainValue>\(n)</PlainValue>" }

    // MARK: PSKC

    @Test("PSKC TOTP and HOTP keys: defaults SHA1, 6 digits, 30 s, counter 0; every algorithm URI; Suite names the hash")
    func pskcAccepted() throws {
        let defaults = try Self.imported(Self.otpKey(response: nil))
        #expect(defaults.suite.text == "TOTP-SHA1-6-30" && defaults.defaultName == "tina" && defaults.keyID == "t1")
        #expect(S.hex(defaults.secret) == Self.ascii20 && defaults.counter == 0 && defaults.pInput == nil && defaults.issuer == nil)
        for uri in ["urn:ietf:params:xml:ns:keyprov:pskc#totp", "urn:ietf:params:xml:ns:keyprov:pskc:totp", "URN:IETF:PARAMS:XML:NS:KEYPROV:PSKC#TOTP"] {
            #expect(try Self.imported(Self.otpKey(algorithm: uri)).suite.text == "TOTP-SHA1-6-30", "\(uri)")
        }
        for (suite, hash) in [("HMAC-SHA256", "SHA256"), ("hmac-sha512", "SHA512"), ("SHA-256", "SHA256"), ("SHA1", "SHA1"), ("HMAC-SHA-512", "SHA512")] {
            #expect(try Self.imported(Self.otpKey(suite: suite)).suite.text == "TOTP-\(hash)-6-30", "\(suite)")
        }
        let full = try Self.imported(Self.otpKey(suite: "HMAC-SHA512", response: #"<ResponseFormat Encoding="DECIMAL" Length="8" CheckDigits="false"/>"#,
                                                 data: "<Time>\(Self.plain(0))</Time><TimeInterval>\(Self.plain(60))</TimeInterval>", issuer: "Acme Co"))
        #expect(full.suite.text == "TOTP-SHA512-8-60" && full.issuer == "Acme Co")
        // ibkey's own suite text gives everything, and agrees with what the file says twice.
        #expect(try Self.imported(Self.otpKey(suite: "TOTP-SHA256-7-45", response: nil)).suite.text == "TOTP-SHA256-7-45")
        #expect(try Self.imported(Self.otpKey(suite: "TOTP-SHA256-6-45", data: "<TimeInterval>\(Self.plain(45))</TimeInterval>")).suite.text == "TOTP-SHA256-6-45")
        let hotp = try Self.imported(Self.otpKey(algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:hotp", response: #"<ResponseFormat Encoding="DECIMAL" Length="7"/>"#,
                                                 data: "<Counter>\(Self.plain(42))</Counter><Time>\(Self.plain(9))</Time>"))
        #expect(hotp.suite.text == "HOTP-SHA1-7" && hotp.counter == 42)
        #expect(try Self.imported(Self.otpKey(algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:hotp", suite: "HOTP-SHA256-8", response: nil)).suite.text == "HOTP-SHA256-8")
        // A TOTP key's counter is the clock.
        #expect(try Self.imported(Self.otpKey(data: "<Counter>\(Self.plain(7))</Counter>")).counter == 0)
    }

    @Test("PSKC TOTP and HOTP parameters ibkey cannot honour are refused, naming the key and the parameter",
          arguments: [
            (otpKey(suite: "HMAC-MD5"), "HMAC-MD5"), (otpKey(suite: "OCRA-1:HOTP-SHA1-6:QN08"), "Suite"),
            (otpKey(response: #"<ResponseFormat Encoding="DECIMAL" Length="5"/>"#), "Length 5"),
            (otpKey(response: #"<ResponseFormat Encoding="DECIMAL" Length="9"/>"#), "Length 9"),
            (otpKey(response: #"<ResponseFormat Encoding="DECIMAL" Length="six"/>"#), "Length six"),
            (otpKey(response: #"<ResponseFormat Encoding="HEXADECIMAL" Length="6"/>"#), "HEXADECIMAL"),
            (otpKey(response: #"<ResponseFormat Encoding="DECIMAL" Length="6" CheckDigits="true"/>"#), "CheckDigits"),
            (otpKey(data: "<TimeInterval>\(plain(0))</TimeInterval>"), "TimeInterval 0"),
            (otpKey(data: "<TimeInterval>\(plain(301))</TimeInterval>"), "TimeInterval 301"),
            (otpKey(data: "<Time>\(plain(5))</Time>"), "Time is 5"),
            (otpKey(suite: "TOTP-SHA1-8-30"), "8 digits"),
            (otpKey(suite: "TOTP-SHA1-6-60", data: "<TimeInterval>\(plain(30))</TimeInterval>"), "period"),
            (otpKey(suite: "HOTP-SHA1-6"), "other kind"),
            (otpKey(suite: "TOTP-SHA1-9-30"), "digits"),
            (otpKey(algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:pin"), "PIN"),
            (otpKey(algorithm: "urn:example:securid"), "SECURID"),
          ] as [(String, String)])
    func pskcRefused(_ text: String, _ named: String) throws {
        let keys = try S.document(text).decrypted(with: nil)
        expectRefusal(.usage, containing: ["t1", named]) { _ = try PSKCKey.importable(keys, keyID: nil) }
    }

    @Test("PSKC TOTP keys: 10-byte secrets are taken (OCRA's floor is 16), 9 and 129 are not")
    func pskcSizes() throws {
        for n in [10, 64, 128] {
            let text = Self.otpKey().replacingOccurrences(of: "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=", with: Data(Random.bytes(n)).base64EncodedString())
            #expect(try Self.imported(text).secret.count == n)
        }
        for n in [9, 129] {
            let text = Self.otpKey().replacingOccurrences(of: "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=", with: Data(Random.bytes(n)).base64EncodedString())
            expectRefusal(.usage, containing: ["t1", "\(n) bytes", "10 to 128"]) { _ = try Self.imported(text) }
        }
    }

    @Test("python-pskc's fully-qualified sample: its TOTP key (HMAC-SHA256) is refused for a period of 172800 s")
    func fullyQualifiedSample() throws {
        let doc = try S.document("peers", "fully-qualified-ns.pskcxml")
        let keys = try doc.decrypted(with: .password(S.secure("3FCA3158035072D6")))
        let totp = try #require(keys.first { $0.id == "XXXX0000001F#1" })
        #expect(totp.isTOTP && totp.parameterSuite == "HMAC-SHA256" && totp.timeInterval == 172800 && totp.time == 0)
        expectRefusal(.usage, containing: ["XXXX0000001F#1", "TimeInterval 172800"]) { _ = try PSKCKey.importable(keys, keyID: "XXXX0000001F#1") }
    }

    // MARK: texts of links

    static let uri = "otpauth://totp/Acme:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme"

    @Test("a text of links: blank lines, CR LF, a byte-order mark, any case of scheme; each account with its line")
    func linesRead() throws {
        let text = "\u{FEFF}\r\n  " + Self.uri + "  \r\n\n\t\n" + "OTPAUTH-MIGRATION://OFFLINE?DATA=" + Self.migrationData
            + "\nOTPAUTH://HOTP/bob?secret=GEZDGNBVGY3TQOJQ&counter=5\n"
        let entries = try OTPAuthText.accounts(in: S.secure(text))
        #expect(entries.map(\.line) == [2, 5, 5, 6])
        #expect(entries.map(\.place) == ["line 2", "line 5, account 1", "line 5, account 2", "line 6"])
        #expect(entries.map(\.account.name) == ["alice", "carol", "dave", "bob"])
        #expect(entries[3].account.counter == 5 && entries[3].account.suite.text == "HOTP-SHA1-6")
        // One link: no line numbers.
        let one = try OTPAuthText.accounts(in: S.secure(Self.uri + "\n"))
        #expect(one.map(\.place) == ["the account"])
        let key = try ImportedKey(account: one[0].account, origin: one[0].place)
        #expect(key.defaultName == "alice" && key.issuer == "Acme" && key.suite.text == "TOTP-SHA1-6-30" && key.origin == "the account")
        // An account with only an issuer is named after it.
        let issuerOnly = try OTPAuthText.accounts(in: S.secure("otpauth://totp/Acme:?secret=GEZDGNBVGY3TQOJQ&issuer=Acme"))
        #expect(try ImportedKey(account: issuerOnly[0].account, origin: nil).defaultName == "Acme")
    }

    /// Two accounts (carol TOTP, dave HOTP counter 3), written by
    /// Fixtures/migration_link.py in the CLI tests' folder.
    static let migrationData = "CiAKCkhlbGxvId6tvu8SCkFjbWU6Y2Fyb2waBEFjbWUwAgoiChQxMjM0NTY3ODkwMTIzNDU2Nzg5MBIEZGF2ZSADMAE4Aw%3D%3D"

    @Test("a text of links is refused whole, saying which line: a line that is no link, a bad link; none at all")
    func linesRefused() throws {
        func refusal(_ text: String) -> OTPAuthError? {
            do { _ = try OTPAuthText.accounts(in: S.secure(text)); return nil } catch let e as OTPAuthError { return e } catch { return nil }
        }
        #expect(refusal(Self.uri + "\nhttps://example.com/\n")?.shape == "line 2: wrongScheme")
        #expect(refusal(Self.uri + "\n\n" + Self.uri.replacingOccurrences(of: "secret=", with: "s=") + "\n")?.shape == "line 3: missing secret")
        #expect(refusal("otpauth-migration://offline?data=CgA%3D\n" + Self.uri)?.shape.hasPrefix("line 1: account 1: ") == true)
        #expect(refusal(Self.uri.replacingOccurrences(of: "issuer=Acme", with: "digits=9"))?.shape == "invalid digits")
        #expect(refusal(" \n\t\r\n")?.shape == "missing link")
        #expect(refusal("")?.shape == "missing link")
        // Bounded: a thousand accounts, not one more.
        let many = Array(repeating: "otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ", count: OTPAuthText.maxAccounts).joined(separator: "\n")
        #expect(try OTPAuthText.accounts(in: S.secure(many)).count == OTPAuthText.maxAccounts)
        #expect(refusal(many + "\notpauth://totp/a?secret=GEZDGNBVGY3TQOJQ")?.shape == "tooManyInInput")
    }

    // MARK: sniffing

    @Test("KeyFileFormat: images by signature (16 MiB), text by its first character (1 MiB), links in any case")
    func formats() throws {
        func format(_ bytes: [UInt8]) throws -> KeyFileFormat { try KeyFileFormat.of(SecureBytes(copying: bytes)) }
        #expect(try format(Array("  <KeyContainer/>".utf8)) == .pskc)
        #expect(try format([0xEF, 0xBB, 0xBF] + Array("{}".utf8)) == .ibKeyData)
        for text in ["otpauth://totp/a", "\n\t OTPAUTH:x", "Otpauth-Migration://offline", "otpauth-migration:"] {
            #expect(try format(Array(text.utf8)) == .otpauthLinks, "\(text)")
        }
        for text in ["otpauthx://", "https://example.com", "JBSWY3DPEHPK3PXP", "otpauth"] {
            expectRefusal(.usage, containing: ["not a key file", "otpauth"]) { _ = try format(Array(text.utf8)) }
        }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        #expect(try format(png) == .qrImage)
        #expect(try format(Array("GIF89a".utf8)) == .qrImage) // QRImage says why it is refused
        #expect(try format(png + [UInt8](repeating: 0, count: QRImage.maxFileSize - png.count)) == .qrImage)
        #expect(throws: IBKeyError.image(.fileTooLarge(size: QRImage.maxFileSize + 1))) {
            _ = try format(png + [UInt8](repeating: 0, count: QRImage.maxFileSize + 1 - png.count))
        }
        let links = Array("otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ\n".utf8)
        #expect(try format(links + [UInt8](repeating: 0x20, count: KeyFileFormat.maxSize - links.count)) == .otpauthLinks)
        expectRefusal(.usage, containing: ["1 MiB"]) { _ = try format(links + [UInt8](repeating: 0x20, count: KeyFileFormat.maxSize + 1 - links.count)) }
    }

    @Test("RawSecret.decodeBase32: as websites print it; never hex; errors never quote the secret")
    func rawBase32() throws {
        for text in ["JBSWY3DPEHPK3PXP", "jbsw y3dp ehpk 3pxp", "JBSWY3DPEHPK3PXP======", "JbSw Y3dP EhPk 3PxP"] {
            #expect(S.hex(try RawSecret.decodeBase32(S.secure(text))) == "48656c6c6f21deadbeef", "\(text)")
        }
        // Digits and A–F only: base32 (3132… would be hex to RawSecret.decode).
        #expect(try RawSecret.decodeBase32(S.secure("ABCDEF2345672345")).count == 10)
        for text in ["JBSWY3DPEHPK3PX1", "JBSW=Y3DPEHPK3PXP", "", "JBSWY3DPEHPK3P"] {
            let e = expectRefusal(.usage, containing: ["secret"]) { _ = try RawSecret.decodeBase32(S.secure(text)) }
            #expect(text.isEmpty || e?.message.contains(text) == false)
        }
    }
}
