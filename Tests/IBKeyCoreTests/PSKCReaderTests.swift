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
        // The linked PIN key is not a key of its own: only the HOTP key is named in the refusal.
        let e = expectRefusal(.usage, containing: ["12345678", "HOTP"]) { _ = try PSKCKey.importable(keys, keyID: nil) }
        #expect(e?.message.contains("123456781") == false)
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

    @Test("HOTP keys are refused by importable, naming HOTP and the key",
          arguments: [("figure2.pskcxml", "12345678", nil), ("figure3.pskcxml", "12345678", nil),
                      ("figure5.pskcxml", "12345678", nil), ("figure6.pskcxml", "12345678", "12345678901234567890123456789012"),
                      ("figure7.pskcxml", "123456", "qwerty"), ("figure9.pskcxml", "123", nil),
                      ("figure10.pskcxml", "1", nil)] as [(String, String, String?)])
    func hotpRefused(_ file: String, _ id: String, _ credential: String?) throws {
        let key: PSKCDocument.DecryptionKey? = credential.map { $0 == "qwerty" ? Self.password($0) : Self.preShared($0) }
        let keys = try Self.decrypted("rfc6030", file, key)
        expectRefusal(.usage, containing: ["HOTP", "key \(id)", "OCRA"]) { _ = try PSKCKey.importable(keys, keyID: nil) }
        expectRefusal(.usage, containing: ["HOTP"]) { _ = try PSKCKey.importable(keys, keyID: id) }
    }

    // MARK: - Files from other tools

    @Test("NagraID (via python-pskc): three OCRA keys under a pre-shared key")
    func nagraID() throws {
        let keys = try Self.decrypted("peers", "nagraid-ocra.pskcxml", Self.preShared("4A057F6AB6FCB57AB5408E46A9835E68"))
        let expected = [("880479B6A2CA2080", "306EUO4-00960", "ec63936268e7e86637e72c81d0a54e3b649754c8"),
                        ("880489CFA2CA2080", "306EUO4-00954", "e2d7878fd48a9940411745c8f640a3dfc6ae6f03"),
                        ("880497B3A2CA2080", "306EUO4-00958", "be7b913e564d58b0fb9f7471e2d2e3095a139c9a")]
        #expect(keys.map(\.id) == expected.map(\.0))
        for (k, e) in zip(keys, expected) {
            #expect(k.isOCRA)
            #expect(k.suite == "OCRA-1:HOTP-SHA1-6:C-QN08-PSHA1")
            #expect(k.serialNumber == e.1)
            #expect(S.hex(k.secret) == e.2)
            #expect(k.counter == 0)
            #expect(k.pInput == nil)
        }
        let imported = try PSKCKey.importable(keys, keyID: nil)
        #expect(imported.map(\.defaultName) == expected.map(\.1))
        #expect(imported.map(\.keyID) == expected.map(\.0))
        #expect(imported.allSatisfy { $0.suite.text == "OCRA-1:HOTP-SHA1-6:C-QN08-PSHA1" && $0.counter == 0 && $0.needsTokenPIN })
        #expect(imported.map { S.hex($0.secret) } == expected.map(\.2))
        // --key-id picks one.
        let one = try PSKCKey.importable(keys, keyID: "880489CFA2CA2080")
        #expect(one.map { S.hex($0.secret) } == ["e2d7878fd48a9940411745c8f640a3dfc6ae6f03"])
        expectRefusal(.usage, containing: ["nope", "880479B6A2CA2080"]) { _ = try PSKCKey.importable(keys, keyID: "nope") }
        // The wrong pre-shared key (figure 6's) does not open it.
        expectRefusal(.damaged) { _ = try Self.decrypted("peers", "nagraid-ocra.pskcxml", Self.preShared(Self.psk)) }
    }

    /// multiOTP's tokens_ocra_aes.pskc: Id, suite, secret, counter, P hash (from the linked BINARY PIN key).
    static let multiOTP: [(String, String, String, UInt64?, String?)] = [
        ("ZZ9000000001", "OCRA-1:HOTP-SHA1-8:QN08", "e65f2c66247355fda360acdf3390972c16a1a164", nil, nil),
        ("ZZ9000000002", "OCRA-1:HOTP-SHA256-8:QA08", "9214abb2074fd0172b4893881ae54901cc9b94a5135861eabbd7a76d76d933a7", nil, nil),
        ("ZZ9000000003", "OCRA-1:HOTP-SHA1-6:QA06-PSHA1", "26351011d19005ca8083d1ff01c3f7f993003299", nil, "7c4a8d09ca3762af61e59520943dc26494f8941b"),
        ("ZZ9000000004", "OCRA-1:HOTP-SHA1-6:C-QA06", "e2bdc627a21a13cf430e4f029b339992c3cde70c", 15352630567228462, nil),
        ("ZZ9000000005", "OCRA-1:HOTP-SHA1-8:C-QN08", "bb840fa74c83f02bb129637194380b93c5e32089", 1907660506610578, nil),
        ("ZZ9000000006", "OCRA-1:HOTP-SHA256-8:C-QA08", "b228a81001bb877712d86f13b7ac898b944cc1dcffe6dbad56c95171a8fe83a6", 25014851490146730, nil),
        ("ZZ9000000007", "OCRA-1:HOTP-SHA256-8:C-QA08-PSHA256", "c6270d97bc43fcd391318536a6e9c146bd20b0a1d3074191be6909b44dda3e75", 70211464618997096, "ef797c8118f02dfb649607dd5d3f8c7623048c9c063d532cc95c5ed7a898a64f"),
        ("ZZ9000000008", "OCRA-1:HOTP-SHA1-6:QA06-T30S", "d9be0a2fa40242eef5738d57b4e778af6a430076", nil, nil),
        ("ZZ9000000009", "OCRA-1:HOTP-SHA1-8:QN08-T30S", "874c1856c109eb1d59e7ebbe9f3c28d227668b6c", nil, nil),
        ("ZZ9000000010", "OCRA-1:HOTP-SHA256-6:QA06-T30S", "bb111b809dbe7cdea1cf2ba0598bce89103d56854e41de1e15c9a579fc091eb0", nil, nil),
        ("ZZ9000000011", "OCRA-1:HOTP-SHA256-8:QA08-T30S", "df0563b201fb2392a730322125f026fdec8bf4a01f3252f53b5ea6eaf6aa6e41", nil, nil),
        ("ZZ9000000012", "OCRA-1:HOTP-SHA1-8:QN08-PSHA1-T30S", "e17e750c69f4961f84aec1d0c22f84f796f6650e", nil, "7c222fb2927d828af22f592134e8932480637c0d"),
        ("ZZ9000000013", "OCRA-1:HOTP-SHA256-8:QA08-PSHA256-T30S", "4e31f0073d5f32befe0e98f2368d403c8623f290d3f2d328d36a6c08cbaafde3", nil, "ef797c8118f02dfb649607dd5d3f8c7623048c9c063d532cc95c5ed7a898a64f"),
        ("ZZ9000000014", "OCRA-1:HOTP-SHA1-6:QA06", "f02fa0703be77659ccb79836c320237b4c97f573", nil, nil),
        ("ZZ9000000015", "OCRA-1:HOTP-SHA1-8:QA08", "06e8ffa30095e7cbb113525b1938955a60b24f17", nil, nil),
        ("ZZ9000000016", "OCRA-1:HOTP-SHA256-8:QA08", "ac268861fc35a2173525b52b66da9480936db5f47c53a75a17f6674d4ad21e49", nil, nil),
        ("ZZ9000000017", "OCRA-1:HOTP-SHA1-6:QA06-T30S", "96229798947b111b212d297c54f99ea8125af6bb", nil, nil),
        ("ZZ9000000018", "OCRA-1:HOTP-SHA1-8:QA08-T30S", "ec88d1ed0ad9a76138abd6d917ce65ef1a33e843", nil, nil),
        ("ZZ9000000019", "OCRA-1:HOTP-SHA256-6:QA06-T30S", "c3fd5d8d360abefb2fc2449022bd144109fe453a5077303fdce9a04cc5db418c", nil, nil),
        ("ZZ9000000020", "OCRA-1:HOTP-SHA256-8:QA08-T30S", "8867d4fe7e48b5b47531d0b1c3390e7d7c8b99f915c25f80aa4b3546d395a227", nil, nil),
        ("ZZ9000000021", "OCRA-1:HOTP-SHA1-6:QH40", "20eddd4fae4e8440fdffb00590bf5f7cec255d5b", nil, nil),
        ("ZZ9000000022", "OCRA-1:HOTP-SHA1-8:QA32", "f4b4007b3b99aca3cc33bf7f5584887e80ca03c7", nil, nil),
        ("ZZ9000000023", "OCRA-1:HOTP-SHA1-8:QH40", "3a46d3c60e03d7db99418175caabb1bac971f11d", nil, nil),
        ("ZZ9000000024", "OCRA-1:HOTP-SHA256-8:QA32", "697b8acc3b3ef089f7f7d19876ccae63d1c5bca476b4d55de216307b23881da3", nil, nil),
        ("ZZ9000000025", "OCRA-1:HOTP-SHA256-8:QH64", "ca602b7666ad58f4f3f7d732becd76e3013eed33500def1826b9a1942facc539", nil, nil),
        ("ZZ9000000026", "OCRA-1:HOTP-SHA1-6:QA32-T30S", "437db167727afdd24ecfc978f1ce235cbbce6c10", nil, nil),
        ("ZZ9000000027", "OCRA-1:HOTP-SHA1-6:QH40-T30S", "dbc96391dbbfbb676a8165146c2c69d2fb331bbe", nil, nil),
        ("ZZ9000000028", "OCRA-1:HOTP-SHA1-8:QA32-T30S", "36741fe8cc270c3bbb8029feb5a1f0142e55c3f5", nil, nil),
        ("ZZ9000000029", "OCRA-1:HOTP-SHA1-8:QH40-T30S", "142ce7a3a9060b21e2af2d4539df4a85e09cd96e", nil, nil),
        ("ZZ9000000030", "OCRA-1:HOTP-SHA256-6:QH64-T30S", "e8620cbd4924416bc876f06a3be9bee81ad3ac34711e9582d291cf56b402ed30", nil, nil),
        ("ZZ9000000031", "OCRA-1:HOTP-SHA256-8:QA32-T30S", "6781788723355d5e69bc19d916beb2a3f6e1795117e404a03aa64cc5d73990d8", nil, nil),
        ("ZZ9000000032", "OCRA-1:HOTP-SHA256-8:QH64-T30S", "f9f68821e6b54639c1296e6a8172371ea00c5b8e7b03ec365a9a21591bc02159", nil, nil),
    ]

    @Test("multiOTP AES: 32 OCRA keys of many suites; BINARY PIN keys give the P hash")
    func multiOTPAES() throws {
        let keys = try Self.decrypted("peers", "multiotp-ocra-aes.pskcxml", Self.preShared(Self.psk))
        #expect(keys.count == 36)
        #expect(keys.filter(\.isPIN).map(\.id) == ["ZZ9900000003", "ZZ9900000007", "ZZ9900000012", "ZZ9900000013"])
        let imported = try PSKCKey.importable(keys, keyID: nil)
        try #require(imported.count == Self.multiOTP.count)
        for (k, e) in zip(imported, Self.multiOTP) {
            #expect(k.keyID == e.0)
            #expect(k.defaultName == e.0) // the serial number, which multiOTP makes equal to the Id
            #expect(k.suite.text == e.1)
            #expect(S.hex(k.secret) == e.2, "\(e.0)")
            #expect(k.counter == (k.suite.usesCounter ? try #require(e.3) : 0), "\(e.0)")
            switch (k.pInput, e.4) {
            case (nil, nil): break
            case (.hash(let h)?, let expected?): #expect(S.hex(h) == expected, "\(e.0)")
            default: Issue.record("\(e.0): P input \(String(describing: k.pInput)), expected the hash \(e.4 ?? "none")")
            }
            #expect(k.needsTokenPIN == false)
        }
        // The P hashes are those of the PINs the notes name.
        #expect(Hex.encode(HashAlgorithm.sha1.hash(Array("123456".utf8))) == Self.multiOTP[2].4)
        #expect(Hex.encode(HashAlgorithm.sha256.hash(Array("12345678".utf8))) == Self.multiOTP[6].4)
        #expect(Hex.encode(HashAlgorithm.sha1.hash(Array("12345678".utf8))) == Self.multiOTP[11].4)
        // The vault record carries that hash as P, no token PIN needed.
        let (entry, secret) = try imported[2].record(name: "zz3", tokenPIN: nil, now: 1)
        #expect(entry.suite == "OCRA-1:HOTP-SHA1-6:QA06-PSHA1")
        #expect(S.hex(secret.pinHash) == "7c4a8d09ca3762af61e59520943dc26494f8941b")
        // The PSKCKey counters, also for the keys whose suite has no C.
        for (k, e) in zip(keys.filter { !$0.isPIN }, Self.multiOTP) { #expect(k.counter == e.3, "\(e.0)") }
    }

    @Test("multiOTP AES: --key-id of a linked PIN key refuses it as a PIN key, not OCRA")
    func multiOTPPINKey() throws {
        let keys = try Self.decrypted("peers", "multiotp-ocra-aes.pskcxml", Self.preShared(Self.psk))
        expectRefusal(.usage, containing: ["ZZ9900000003", "PIN", "OCRA"]) { _ = try PSKCKey.importable(keys, keyID: "ZZ9900000003") }
        let one = try PSKCKey.importable(keys, keyID: "ZZ9000000007")
        #expect(one.map(\.suite.text) == ["OCRA-1:HOTP-SHA256-8:C-QA08-PSHA256"])
    }

    @Test("multiOTP PBE: OCRA key under password \"qwerty\" (pkcs5 PBKDF2-params, empty PRF)")
    func multiOTPPBE() throws {
        let keys = try Self.decrypted("peers", "multiotp-ocra-pbe.pskcxml", Self.password("qwerty"))
        let k = try #require(try PSKCKey.importable(keys, keyID: nil).only)
        #expect(k.keyID == "ZZ9000000000")
        #expect(k.defaultName == "ZZ9000000000")
        #expect(k.suite.text == "OCRA-1:HOTP-SHA1-6:QA06")
        #expect(S.hex(k.secret) == "4f40e1c6a7436e84620b170ceddfe110083cbd6d")
        #expect(k.counter == 0 && k.pInput == nil)
        expectRefusal(.wrongPassword) { _ = try Self.decrypted("peers", "multiotp-ocra-pbe.pskcxml", Self.password("QWERTY")) }
    }

    @Test("fully qualified namespaces and a byte-order mark: xenc11-qualified PBKDF2 parameters")
    func fullyQualifiedNS() throws {
        let bytes = try S.fixture("peers", "fully-qualified-ns.pskcxml")
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(try KeyFileFormat.of(SecureBytes(copying: bytes)) == .pskc)
        let doc = try PSKCDocument.parse(SecureBytes(copying: bytes))
        #expect(doc.protection == .password)
        #expect(doc.pbkdf2?.iterations == 249)
        let keys = try doc.decrypted(with: Self.password("3FCA3158035072D6"))
        #expect(keys.map(\.id) == ["XXXX0000001F#1", "XXXX0000001F#2"])
        let secret = "09fbecfd0bf47910839e2eb05ffa10b95cd0390950ce32ab790583ed134171e0"
        #expect(keys.allSatisfy { S.hex($0.secret) == secret })
        #expect(keys[0].suite == nil) // "HMAC-SHA256" is not an OCRA suite
        #expect(keys[1].suite == "OCRA-1:HOTP-SHA256-9:QN02-T2H")
        #expect(keys.allSatisfy { $0.defaultName == "XXXX0000001F" })
        // The TOTP key is refused by name; the OCRA key's QN02 is not a suite ibkey answers (Q is 04–64).
        expectRefusal(.usage, containing: ["XXXX0000001F#1", "TOTP"]) { _ = try PSKCKey.importable(keys, keyID: nil) }
        expectRefusal(.usage, containing: ["XXXX0000001F#2", "QN02"]) { _ = try PSKCKey.importable(keys, keyID: "XXXX0000001F#2") }
        expectRefusal(.wrongPassword) { _ = try doc.decrypted(with: Self.password("3fca3158035072d6")) }
    }

    @Test("odd namespace prefix (foo: bound to the PSKC namespace)")
    func oddNamespace() throws {
        let k = try #require(try Self.decrypted("peers", "odd-namespace.pskcxml", nil).only)
        #expect(k.id == "12345678")
        #expect(S.hex(k.secret) == "31323334")
        expectRefusal(.usage, containing: ["HOTP"]) { _ = try PSKCKey.importable([k], keyID: nil) }
    }

    @Test("oath-toolkit: the OCRA suite after '#' in the algorithm URI")
    func oathToolkitOCRA() throws {
        let keys = try Self.decrypted("peers", "oath-toolkit-ocra.pskcxml", nil)
        let k = try #require(keys.only)
        #expect(k.algorithm == "urn:ietf:params:xml:ns:keyprov:pskc#OCRA-1:HOTP-SHA512-8:C-QN08")
        #expect(k.suite == "OCRA-1:HOTP-SHA512-8:C-QN08")
        #expect(k.isOCRA)
        #expect(S.hex(k.secret) == Self.ascii20)
        let i = try #require(try PSKCKey.importable(keys, keyID: nil).only)
        #expect(i.suite.text == "OCRA-1:HOTP-SHA512-8:C-QN08")
        #expect(i.counter == 0)
        #expect(i.keyID == "12345678")
        #expect(i.defaultName == "987654322")
        #expect(i.pInput == nil && !i.needsTokenPIN)
    }

    @Test("generated by python-pskc: PBKDF2 password, secret and counter (42) encrypted")
    func ocraPBKDF2() throws {
        let keys = try Self.decrypted("peers", "ocra-pbkdf2.pskcxml", Self.password("qwerty"))
        let k = try #require(keys.only)
        #expect(k.id == "ibkey-1" && k.userID == "UID=jsmith" && k.serialNumber == "IBKEY-0001")
        #expect(k.counter == 42) // python-pskc writes the single byte 0x2a
        let i = try #require(try PSKCKey.importable(keys, keyID: nil).only)
        #expect(i.suite.text == "OCRA-1:HOTP-SHA1-8:C-QN08-PSHA1")
        #expect(S.hex(i.secret) == Self.ascii20)
        #expect(i.counter == 42)
        #expect(i.defaultName == "UID=jsmith")
        #expect(i.needsTokenPIN)
        expectRefusal(.usage, containing: ["PIN"]) { _ = try i.record(name: "jsmith", tokenPIN: nil, now: 0) }
        let (_, secret) = try i.record(name: "jsmith", tokenPIN: S.secure("1234"), now: 0)
        #expect(S.hex(secret.pinHash) == "7110eda4d09e062aa5e4a390b0a572ac0d2c0220") // SHA1("1234")
        expectRefusal(.wrongPassword) { _ = try Self.decrypted("peers", "ocra-pbkdf2.pskcxml", Self.password("wrong")) }
    }

    @Test("generated by python-pskc: pre-shared key, counter 42 as PlainValue")
    func ocraPSK() throws {
        let keys = try Self.decrypted("peers", "ocra-psk.pskcxml", Self.preShared(Self.psk))
        let i = try #require(try PSKCKey.importable(keys, keyID: nil).only)
        #expect(i.keyID == "ibkey-1")
        #expect(i.suite.text == "OCRA-1:HOTP-SHA1-8:C-QN08-PSHA1")
        #expect(S.hex(i.secret) == Self.ascii20)
        #expect(i.counter == 42)
        #expect(i.defaultName == "UID=jsmith")
    }

    @Test("PBKDF2-HMAC-SHA256, AES-256-CBC, HMAC-SHA256: 32-byte secret, counter 7")
    func pbkdf2SHA256() throws {
        let doc = try S.document("peers", "pbkdf2-hmac-sha256-aes256-cbc-hmac-sha256.pskcxml")
        #expect(doc.pbkdf2?.prf == .sha256 && doc.pbkdf2?.keyLength == 32 && doc.pbkdf2?.iterations == 2000)
        let keys = try doc.decrypted(with: Self.password("qwerty"))
        let k = try #require(keys.only)
        #expect(S.hex(k.secret) == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        #expect(k.counter == 7)
        let i = try #require(try PSKCKey.importable(keys, keyID: nil).only)
        #expect(i.suite.text == "OCRA-1:HOTP-SHA256-8:QN08")
        #expect(i.counter == 0) // the suite has no C
        #expect(i.defaultName == "k1")
        expectRefusal(.wrongPassword) { _ = try doc.decrypted(with: Self.password("qwerty1")) }
    }

    @Test("figure 6 with XML Encryption's arbitrary padding (python-pskc refuses it; the MAC is valid)")
    func arbitraryPadding() throws {
        let k = try #require(try Self.decrypted("peers", "figure6-xmlenc-arbitrary-padding.pskcxml", Self.preShared(Self.psk)).only)
        #expect(S.hex(k.secret) == Self.ascii20)
    }

    // python-pskc's aes256-cbc, no-mac-key and integers files have Keys without an Id
    // attribute. The first two tests give their keys an Id, to check the cryptography
    // apart from that; `keysWithoutID` reads the files as they are.

    /// A fixture's text with `Id="k1"`, `Id="k2"`… added to each `<Key>` that has no attributes.
    static func withIDs(_ dir: String, _ name: String) throws -> String {
        var text = try S.fixtureText(dir, name)
        var n = 0
        while let r = text.range(of: "<Key>") {
            n += 1
            text.replaceSubrange(r, with: "<Key Id=\"k\(n)\">")
        }
        return text
    }

    @Test("AES-256-CBC with HMAC-SHA384")
    func aes256HMACSHA384() throws {
        let key = Self.preShared("1234567890123456789012345678901234567890123456789012345678901234")
        let doc = try S.document(try Self.withIDs("peers", "aes256-cbc.pskcxml"))
        #expect(doc.mac?.digest == .sha384)
        let k = try #require(try doc.decrypted(with: key).only)
        #expect(S.hex(k.secret) == Self.ascii20)
        expectRefusal(.usage, containing: ["32"]) { _ = try doc.decrypted(with: Self.preShared(Self.psk)) } // an AES-128-sized key
        expectRefusal(.damaged) { _ = try doc.decrypted(with: Self.preShared(String(repeating: "ab", count: 32))) }
    }

    @Test("MACMethod without MACKey: the encryption key is the MAC key")
    func noMACKey() throws {
        let text = try Self.withIDs("peers", "no-mac-key.pskcxml")
        let k = try #require(try S.document(text).decrypted(with: Self.preShared(Self.psk)).only)
        #expect(S.hex(k.secret) == Self.ascii20)
        // The MAC is checked: a different ValueMAC is refused.
        let changed = text.replacingOccurrences(of: "N8Agsfe5A7WQFswmdvL/MHdd3y0=", with: "M8Agsfe5A7WQFswmdvL/MHdd3y0=")
        expectRefusal(.damaged) { _ = try S.document(changed).decrypted(with: Self.preShared(Self.psk)) }
    }

    @Test("Keys without an Id attribute (python-pskc's test files) are read")
    func keysWithoutID() throws {
        let psk = Self.preShared(Self.psk)
        let aes256 = try S.document("peers", "aes256-cbc.pskcxml")
        let k = try #require(try aes256.decrypted(with: Self.preShared("1234567890123456789012345678901234567890123456789012345678901234")).only)
        #expect(S.hex(k.secret) == Self.ascii20)
        let noMACKey = try S.document("peers", "no-mac-key.pskcxml")
        #expect(try noMACKey.decrypted(with: psk).map { S.hex($0.secret) } == [Self.ascii20])
        // Without an Id, a key is known by its place in the file.
        #expect(aes256.keys.map(\.id) == ["#1"])
    }

    /// integers.pskcxml's five counters, each given an Id and a secret so that
    /// the file decrypts, and (since ibkey requires a MAC on every encrypted
    /// value, RFC 6030 §6.1.1) a MACMethod without MACKey and a ValueMAC under
    /// the pre-shared key for each encrypted counter.
    static func integersWithSecrets() throws -> String {
        var text = try S.fixtureText("peers", "integers.pskcxml")
        var n = 0
        while let r = text.range(of: "<KeyPackage><Key><Data>") {
            n += 1
            text.replaceSubrange(r, with: "<KeyPackage><Key Id=\"k\(n)\" Algorithm=\"urn:ietf:params:xml:ns:keyprov:pskc#OCRA-1:HOTP-SHA1-6:C-QN08\"><Data><Secret>@SECRET@</Secret>")
        }
        text = text.replacingOccurrences(of: " </EncryptionKey>", with: " </EncryptionKey>\n <MACMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#hmac-sha1\"/>")
        let key = SecureBytes(copying: Hex.decode(psk)!)
        // The secret encrypted and MACed too: a key in the clear is refused in an encrypted file.
        while let r = text.range(of: "@SECRET@") {
            let sealed = AESCBC.encrypt(SecureBytes(copying: Array("12345678901234567890".utf8)), key: key)
            text.replaceSubrange(r, with: "<EncryptedValue><xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#aes128-cbc\"/><xenc:CipherData><xenc:CipherValue>\(Base64.encode(sealed))</xenc:CipherValue></xenc:CipherData></EncryptedValue><ValueMAC>\(Base64.encode(Digest.sha1.hmac(key: key, sealed)))</ValueMAC>")
        }
        for cipher in ["I9Ro0yqZSyNhPY43+fZue7JvyPxbAqtNPuFiu3HprxY=", "juW3FkXwJwOoyJJ24vfY+ug/J3qAnaEMrhDeJgAMWMg="] {
            let mac = Base64.encode(Digest.sha1.hmac(key: key, Base64.decode(cipher)!))
            let at = try #require(text.range(of: cipher))
            let end = try #require(text.range(of: "</EncryptedValue>", range: at.upperBound..<text.endIndex))
            text.replaceSubrange(end, with: "</EncryptedValue><ValueMAC>\(mac)</ValueMAC>")
        }
        return text
    }

    @Test("integers.pskcxml as published: encrypted values without a MAC are refused (RFC 6030 §6.1.1)")
    func integersWithoutMAC() throws {
        expectRefusal(.usage, containing: ["MACMethod"]) { _ = try S.document("peers", "integers.pskcxml") }
    }

    @Test("integers.pskcxml counters: decimal PlainValue, encrypted ASCII digits, encrypted big-endian")
    func integerEncodings() throws {
        // The two base64 PlainValues are not decimal: keep the other three.
        var packages = try Self.integersWithSecrets().components(separatedBy: "<KeyPackage>")
        packages.remove(at: 3); packages.remove(at: 2)
        let keys = try S.document(packages.joined(separator: "<KeyPackage>")).decrypted(with: Self.preShared(Self.psk))
        #expect(keys.map(\.id) == ["k1", "k4", "k5"])
        #expect(keys[0].counter == 831791)
        #expect(keys[1].counter == 298507) // encrypted "298507"
        #expect(keys[2].counter == 961392) // encrypted 00 0e ab 70
    }

    @Test("integers.pskcxml counters: a base64 PlainValue is read as python-pskc reads it, or refused — never as other bytes")
    func integerBase64PlainValues() throws {
        let text = try Self.integersWithSecrets()
        // Keep one key at a time, so that a refusal of one does not hide the other.
        for (index, expected) in [(1, UInt64(709791)), (2, UInt64(405834))] {
            var packages = text.components(separatedBy: "<KeyPackage>")
            let head = packages.removeFirst()
            let tail = packages.last!.components(separatedBy: "</KeyPackage>").last!
            let one = head + "<KeyPackage>" + packages[index].components(separatedBy: "</KeyPackage>")[0] + "</KeyPackage>" + tail
            do {
                let k = try #require(try S.document(one).decrypted(with: Self.preShared(Self.psk)).only)
                #expect(k.counter == expected, "PlainValue of key k\(index + 1) read as \(k.counter.map(String.init) ?? "nil")")
            } catch let e as IBKeyError {
                #expect(ErrorKind(e) == .usage, "\(e)")
            }
        }
    }

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
