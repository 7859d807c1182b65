import Testing
@testable import IBKeyCore

/// Google Authenticator's export links, with payloads built here by a small
/// protobuf writer of the tests' own (the Python helper is checked in
/// OTPMigrationScriptTests).
@Suite("otpauth-migration links")
struct OTPMigrationTests {
    typealias S = OTPTestSupport

    @Test("published links: dim13/otpauth's README, and one with a negative batch id")
    func published() throws {
        let p = try S.migration("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC")
        #expect(p.accounts.count == 1)
        let a = p.accounts[0]
        #expect(a.suite.text == "TOTP-SHA1-6-30" && a.issuer == "Example" && a.name == "alice@google.com" && a.counter == nil)
        #expect(S.hex(a.secret) == "48656c6c6f21deadbeef")
        let q = try S.migration("otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B")
        #expect(q.accounts.count == 1 && q.version == 1 && q.batchSize == 1 && q.batchIndex == 0 && q.batchID == -1_320_898_453)
        #expect(q.accounts[0].issuer == "raspberrypi" && q.accounts[0].name == "pi@raspberrypi")
        #expect(Base32.encode(q.accounts[0].secret.unprotectedCopy()) == "7KSQL2JTUDIS5EF65KLMRQIIGY")
    }

    @Test("every kind, hash and digit count; defaults for absent or zero fields; unknown fields skipped")
    func fields() throws {
        let key = Array(1...20).map(UInt8.init)
        let payload = PB.account(secret: key, name: "Example:alice", issuer: "Example", algorithm: 2, digits: 2, type: 2)
            + PB.account(secret: key, name: "bob", algorithm: 3, digits: 1, type: 1, counter: 41)
            + PB.account(secret: key, name: "carol", type: 1) // no counter: 0
            + PB.account(secret: key, name: "dave", algorithm: 0, digits: 0, type: 2, counter: 0) // explicit zeros
            + PB.account(secret: key, name: "erin", type: 2, counter: 5, // a TOTP counter is not kept
                         extra: PB.field(9, 1) + [0x51] + [UInt8](repeating: 0, count: 8) + PB.field(10, bytes: [1, 2]) + [0x5D, 1, 2, 3, 4])
            + PB.field(2, 1) + PB.field(3, 2) + PB.field(4, 1) + PB.field(5, 77)
            + PB.field(6, 1) + [0x39] + [UInt8](repeating: 0xFF, count: 8) + PB.field(99, bytes: [0xFF]) + [0x7D, 0, 0, 0, 0]
        let p = try S.migration(PB.link(payload))
        #expect(p.accounts.map(\.suite.text) == ["TOTP-SHA256-8-30", "HOTP-SHA512-6", "HOTP-SHA1-6", "TOTP-SHA1-6-30", "TOTP-SHA1-6-30"])
        #expect(p.accounts.map(\.counter) == [nil, 41, 0, nil, nil])
        #expect(p.accounts.map(\.name) == ["alice", "bob", "carol", "dave", "erin"])
        #expect(p.accounts.map(\.issuer) == ["Example", nil, nil, nil, nil])
        #expect(p.accounts.allSatisfy { S.hex($0.secret) == Hex.encode(key) })
        #expect(p.version == 1 && p.batchSize == 2 && p.batchIndex == 1 && p.batchID == 77)
    }

    @Test("names split like labels; the issuer field wins over the prefix")
    func names() throws {
        let cases: [(String?, String?, String?, String)] = [
            ("Example:alice", nil, "Example", "alice"), ("Example: alice", "Example", "Example", "alice"),
            ("Other:alice", "Example", "Example", "alice"), ("Ex:Co:alice", "Ex:Co", "Ex:Co", "alice"),
            (":a:b", nil, nil, "a:b"), ("alice", "", nil, "alice"), (nil, "Example", "Example", ""), ("日本:😀", nil, "日本", "😀"),
        ]
        for (name, issuer, expectedIssuer, expectedName) in cases {
            let a = try S.migration(PB.link(PB.account(name: name, issuer: issuer))).accounts[0]
            #expect(a.issuer == expectedIssuer && a.name == expectedName, "\(String(describing: name)) \(String(describing: issuer))")
        }
    }

    @Test("the data in every base64 form: standard or URL-safe, padded or not, percent-encoded or not")
    func base64Forms() throws {
        // Payload lengths 0, 1 and 2 mod 3, so that padding of 0, 2 and 1 characters comes up.
        for name in ["a", "ab", "abc"] {
            let payload = PB.account(secret: [0xFB, 0xFF, 0xBF, 0xFE, 0xEF, 0xFF, 0x3E, 0xFF, 0xFF, 0xFC], name: name)
            let b64 = Base64.encode(payload)
            let urlSafe = String(b64.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
            for data in [b64, PB.percent(b64), urlSafe, String(urlSafe.filter { $0 != "=" }), String(b64.filter { $0 != "=" })] {
                let p = try S.migration("otpauth-migration://offline?data=\(data)")
                #expect(p.accounts[0].name == name && S.hex(p.accounts[0].secret) == "fbffbffeefff3efffffc", "\(data)")
            }
        }
        #expect(try S.migration("OTPAUTH-MIGRATION://Offline?Data=\(Base64.encode(PB.account()))&x=1#y\n").accounts.count == 1)
    }

    @Test("1000 accounts are read; 1001 are refused")
    func accountLimit() throws {
        let one = PB.account(secret: [UInt8](repeating: 7, count: 10), name: "a")
        let thousand = [UInt8]((0..<1000).map { _ in one }.joined())
        #expect(try S.migration(PB.link(thousand)).accounts.count == MigrationPayload.maxAccounts)
        #expect(S.refusal { _ = try S.migration(PB.link(thousand + one)) }?.shape == "tooManyAccounts")
    }

    @Test("links longer than 64 KiB are refused first")
    func length() {
        let link = PB.link(PB.account()) + "&pad=" + String(repeating: "a", count: MigrationPayload.maxLinkBytes)
        #expect(S.refusal { _ = try S.migration(link) }?.shape == "tooLong")
    }

    /// A 10-byte varint of -1, as protobuf writes negative int32 and int64 values.
    static let minusOne = [UInt8](repeating: 0xFF, count: 9) + [0x01]

    static let refused: [(String, String)] = [
        ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", "wrongScheme"), ("otpauth-migration:/offline?data=CgA", "wrongScheme"),
        ("otpauth-migration://online?data=\(Base64.encode(PB.account()))", "malformed"),
        ("otpauth-migration://offline?data=\(Base64.encode(PB.account()))\u{0}", "malformed"),
        ("otpauth-migration://offline", "missing data"), ("otpauth-migration://offline?dat=CgA", "missing data"),
        ("otpauth-migration://offline?data=", "invalid data"), ("otpauth-migration://offline?data=!!!!", "invalid data"),
        ("otpauth-migration://offline?data=Cg%", "invalid data"), ("otpauth-migration://offline?data=C", "invalid data"),
        ("otpauth-migration://offline?data=Cg=A", "invalid data"), ("otpauth-migration://offline?data=Ch==", "invalid data"),
        ("otpauth-migration://offline?data=CgA&data=CgA", "duplicate data"),
        // The payload's wire format.
        (PB.link([0x0A, 0x05, 0x01]), "damagedPayload"), (PB.link([0x10]), "damagedPayload"),
        (PB.link([0x10] + [UInt8](repeating: 0xFF, count: 10) + [0x01]), "damagedPayload"),
        (PB.link([0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x02]), "damagedPayload"),
        (PB.link(PB.account() + [0x0B]), "damagedPayload"), (PB.link(PB.account() + [0x0C]), "damagedPayload"),
        (PB.link(PB.account() + [0x0E]), "damagedPayload"), (PB.link(PB.account() + [0x0F]), "damagedPayload"),
        (PB.link(PB.account() + [0x02, 0x00]), "damagedPayload"), (PB.link(PB.account() + [0x08, 0x01]), "damagedPayload"),
        (PB.link(PB.account() + [0x12, 0x00]), "damagedPayload"), (PB.link(PB.account() + [0x19, 1, 2, 3]), "damagedPayload"),
        (PB.link(PB.account() + [0x1D, 1, 2, 3]), "damagedPayload"),
        (PB.link(PB.account() + [0xF8, 0xFF, 0xFF, 0xFF, 0x7F, 0x00]), "damagedPayload"), // field number 2^32 - 1
        (PB.link([0x10, 0x01]), "noAccounts"), (PB.link([0x98, 0x06, 0x01]), "noAccounts"),
        (PB.link(PB.account() + PB.field(2, 1) + PB.field(2, 1)), "duplicate version"),
        (PB.link(PB.account() + PB.field(5, 1) + PB.field(5, 2)), "duplicate batch_id"),
        // One account: every refusal is wrapped with its number, and none is partial.
        (PB.link(PB.account(secret: nil)), "account 1: missing secret"), (PB.link(PB.account(secret: [])), "account 1: invalid secret"),
        (PB.link(PB.account(secret: [UInt8](repeating: 1, count: 9))), "account 1: invalid secret"),
        (PB.link(PB.account(secret: [UInt8](repeating: 1, count: 129))), "account 1: invalid secret"),
        (PB.link(PB.account(algorithm: 4)), "account 1: invalid algorithm"), (PB.link(PB.account(algorithm: 5)), "account 1: invalid algorithm"),
        (PB.link(PB.account(extra: [0x20] + minusOne)), "account 1: invalid algorithm"),
        (PB.link(PB.account(digits: 3)), "account 1: invalid digits"), (PB.link(PB.account(extra: [0x28] + minusOne)), "account 1: invalid digits"),
        (PB.link(PB.account(type: nil)), "account 1: invalid type"), (PB.link(PB.account(type: 0)), "account 1: invalid type"),
        (PB.link(PB.account(type: 3)), "account 1: invalid type"),
        (PB.link(PB.account(type: 1, extra: [0x38] + minusOne)), "account 1: invalid counter"),
        (PB.link(PB.account(type: 1, counter: UInt64(Int64.max) + 1)), "account 1: invalid counter"),
        (PB.link(PB.account(extra: PB.field(1, bytes: [1]))), "account 1: duplicate secret"),
        (PB.link(PB.account(extra: PB.field(6, 2))), "account 1: duplicate type"),
        (PB.link(PB.account(extra: PB.field(2, bytes: [0x61]))), "account 1: duplicate name"),
        (PB.link(PB.account(secret: nil, extra: PB.field(1, 5))), "account 1: damagedPayload"),
        (PB.link(PB.account(type: nil, extra: PB.field(6, bytes: [2]))), "account 1: damagedPayload"),
        (PB.link(PB.account(extra: [0x1A, 0x05, 0x61])), "account 1: damagedPayload"),
        (PB.link(PB.account(extra: [0x1B])), "account 1: damagedPayload"),
        (PB.link(PB.account(name: nil, extra: PB.field(2, bytes: [0x61, 0xFF]))), "account 1: invalid name"),
        (PB.link(PB.account(extra: PB.field(3, bytes: [0xC3]))), "account 1: invalid issuer"),
        (PB.link(PB.account(name: "a\nb")), "account 1: invalid name"), (PB.link(PB.account(name: "Ex\u{7}:a")), "account 1: invalid issuer"),
        (PB.link(PB.account(name: "", issuer: nil)), "account 1: missing account name"),
        (PB.link(PB.account(name: nil, issuer: nil)), "account 1: missing account name"),
        (PB.link(PB.account(name: "a") + PB.account(algorithm: 4)), "account 2: invalid algorithm"),
        (PB.link(PB.account(name: "a") + PB.account(name: "b") + PB.account(type: 0)), "account 3: invalid type"),
    ]

    @Test("refused, by case and field, in one lowercase line", arguments: refused.indices)
    func refusal(_ i: Int) {
        let (link, shape) = Self.refused[i]
        let e = S.refusal(link) { _ = try S.migration(link) }
        #expect(e?.shape == shape, "\(link.debugDescription): \(e.map { "\($0)" } ?? "nil")")
    }

    @Test("the wording of a refusal inside an account")
    func wording() {
        let e = S.refusal { _ = try S.migration(PB.link(PB.account(name: "a") + PB.account(algorithm: 4))) }
        #expect(e?.description == "account 2: algorithm MD5 is not supported (SHA1, SHA256 or SHA512 are)")
        let d = S.refusal { _ = try S.migration(PB.link([0x0A, 0x05, 0x01])) }
        #expect(d?.description == "the migration data is damaged: a length runs past the end")
    }

    @Test("property: random payloads and mutated valid ones never crash the reader")
    func hostile() throws {
        var g = SystemRandomNumberGenerator()
        let valid = PB.account(secret: Array(1...20), name: "Example:alice", issuer: "Example", algorithm: 2, digits: 2, type: 1, counter: 300)
            + PB.account(name: "b") + PB.field(2, 1) + PB.field(3, 1)
        for i in 0..<6000 {
            var bytes: [UInt8]
            if i % 2 == 0 {
                bytes = (0..<Int.random(in: 0...64, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...3, using: &g) {
                    let at = Int.random(in: 0..<bytes.count, using: &g)
                    switch Int.random(in: 0..<3, using: &g) {
                    case 0: bytes[at] = UInt8.random(in: 0...255, using: &g)
                    case 1: bytes.remove(at: at)
                    default: bytes.insert([0x00, 0x01, 0x7F, 0x80, 0xFF].randomElement(using: &g)!, at: at)
                    }
                    if bytes.isEmpty { break }
                }
            }
            _ = try? MigrationPayload.decode(SecureBytes(copying: bytes))
            if i % 20 == 0 { _ = try? S.migration(PB.link(bytes)) }
        }
    }
}

/// A protobuf writer for the tests, from the schema in `MigrationPayload`.
enum PB {
    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value, out: [UInt8] = []
        repeat { out.append(UInt8(v & 0x7F) | (v > 0x7F ? 0x80 : 0)); v >>= 7 } while v > 0
        return out
    }
    static func field(_ n: UInt64, _ v: UInt64) -> [UInt8] { varint(n << 3) + varint(v) }
    static func field(_ n: UInt64, bytes: [UInt8]) -> [UInt8] { varint(n << 3 | 2) + varint(UInt64(bytes.count)) + bytes }

    /// One `otp_parameters` entry; a nil leaves the field out.
    static func account(secret: [UInt8]? = [UInt8](repeating: 1, count: 10), name: String? = "a", issuer: String? = nil,
                        algorithm: UInt64? = nil, digits: UInt64? = nil, type: UInt64? = 2, counter: UInt64? = nil,
                        extra: [UInt8] = []) -> [UInt8] {
        var m: [UInt8] = []
        if let secret { m += field(1, bytes: secret) }
        if let name { m += field(2, bytes: Array(name.utf8)) }
        if let issuer { m += field(3, bytes: Array(issuer.utf8)) }
        for (n, v) in [(4, algorithm), (5, digits), (6, type), (7, counter)] as [(UInt64, UInt64?)] { if let v { m += field(n, v) } }
        return field(1, bytes: m + extra)
    }

    static func percent(_ base64: String) -> String {
        var out = ""
        for c in base64 {
            switch c {
            case "+": out += "%2B"
            case "/": out += "%2F"
            case "=": out += "%3D"
            default: out.append(c)
            }
        }
        return out
    }
    static func link(_ payload: [UInt8]) -> String { "otpauth-migration://offline?data=" + percent(Base64.encode(payload)) }
}
