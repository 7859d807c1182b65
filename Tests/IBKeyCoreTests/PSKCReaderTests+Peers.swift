import Foundation
import Testing
@testable import IBKeyCore

/// Files written by other tools: python-pskc, multiOTP, NagraID, oath-toolkit.
extension PSKCReaderTests {
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
        #expect(entry.suite.text == "OCRA-1:HOTP-SHA1-6:QA06-PSHA1")
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
}
