import Testing
@testable import IBKeyCore

/// Writing otpauth:// URIs, round trips, and hostile input.
@Suite("otpauth URIs: writing, round trips, hostile input")
struct OTPAuthURIWriterTests {
    typealias S = OTPTestSupport
    static let hello = SecureBytes(copying: Array("Hello!".utf8) + [0xDE, 0xAD, 0xBE, 0xEF])

    @Test("the canonical form: issuer in the label and as a parameter, every parameter written")
    func canonical() throws {
        let totp = try OTPAccount(suite: try OTPSuite(), secret: Self.hello, counter: nil, name: "alice@google.com", issuer: "Example")
        #expect(S.text(OTPAuthURI.uri(for: totp))
                == "otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30")
        let hotp = try OTPAccount(suite: try OTPSuite("HOTP-SHA512-8"), secret: Self.hello, counter: 7, name: "bob", issuer: "ACME Co")
        #expect(S.text(OTPAuthURI.uri(for: hotp))
                == "otpauth://hotp/ACME%20Co:bob?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA512&digits=8&counter=7")
        let bare = try OTPAccount(suite: try OTPSuite("TOTP-SHA256-7-60"), secret: Self.hello, counter: nil, name: "a+b&c", issuer: nil)
        #expect(S.text(OTPAuthURI.uri(for: bare)) == "otpauth://totp/a%2Bb%26c?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=7&period=60")
        // A colon in a name without an issuer: an empty prefix keeps it in the name.
        let colon = try OTPAccount(suite: try OTPSuite(), secret: Self.hello, counter: nil, name: "a:b", issuer: nil)
        #expect(S.text(OTPAuthURI.uri(for: colon)) == "otpauth://totp/:a%3Ab?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30")
        for a in [totp, hotp, bare, colon] { #expect(try S.parse(S.text(OTPAuthURI.uri(for: a))) == a) }
    }

    @Test("the account's own rules: leading spaces dropped, an empty issuer is none, a counter only for HOTP")
    func accountRules() throws {
        let a = try OTPAccount(suite: try OTPSuite(), secret: Self.hello, counter: nil, name: "  alice ", issuer: "")
        #expect(a.name == "alice " && a.issuer == nil && a.label == "alice ")
        #expect(S.refusal { _ = try OTPAccount(suite: try OTPSuite(), secret: Self.hello, counter: 0, name: "a", issuer: nil) }?.shape == "invalid counter")
        #expect(S.refusal { _ = try OTPAccount(suite: try OTPSuite(kind: .hotp), secret: Self.hello, counter: nil, name: "a", issuer: nil) }?.shape == "missing counter")
        #expect(S.refusal { _ = try OTPAccount(suite: try OTPSuite(kind: .hotp), secret: Self.hello, counter: .max, name: "a", issuer: nil) }?.shape == "invalid counter")
        for n in [0, 9, 129] {
            #expect(S.refusal { _ = try OTPAccount(suite: try OTPSuite(), secret: Random.secret(n), counter: nil, name: "a", issuer: nil) }?.shape == "invalid secret")
        }
        #expect(S.refusal { _ = try OTPAccount(suite: try OTPSuite(), secret: Self.hello, counter: nil, name: " ", issuer: nil) }?.shape == "missing account name")
        let other = try OTPAccount(suite: try OTPSuite(), secret: SecureBytes(copying: Self.hello.unprotectedCopy().reversed()), counter: nil, name: "alice ", issuer: nil)
        #expect(a != other) // the same but for the secret
    }

    /// Text made to trip a writer: URI delimiters, percent signs, colons, spaces, non-ASCII.
    static let pieces = ["a", "Z", "0", " ", ":", "%", "%3A", "+", "&", "=", "?", "#", "/", "@", ".", "-", "_", "~", "é", "e\u{301}",
                         "日本", "😀", "\"", "'", "<", "\\", "[", "]", "!", "$", ";", ",", "*", "(", ")", "ß", "İ", "ﬁ"]

    static func randomText(_ max: Int, _ g: inout some RandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...max, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
    }

    static func randomAccount(_ g: inout some RandomNumberGenerator) throws -> OTPAccount {
        let kind: OTPSuite.Kind = Bool.random(using: &g) ? .hotp : .totp(period: Int.random(in: OTPSuite.periods, using: &g))
        let suite = try OTPSuite(kind: kind, hash: HashAlgorithm.allCases.randomElement(using: &g)!, digits: Int.random(in: 6...8, using: &g))
        var issuer: String? = Bool.random(using: &g) ? randomText(12, &g) : nil
        var name = randomText(16, &g)
        if name.drop(while: { $0 == " " }).isEmpty && (issuer ?? "").isEmpty { name += "x"; issuer = nil }
        let counter: UInt64? = suite.usesCounter ? [0, 1, UInt64.max - 1, UInt64.random(in: 0..<UInt64.max, using: &g)].randomElement(using: &g) : nil
        return try OTPAccount(suite: suite, secret: Random.secret(Int.random(in: OTPSuite.keySizes, using: &g)),
                              counter: counter, name: name, issuer: issuer)
    }

    @Test("property: parse(uri(for: a)) == a for random suites, secrets, names and issuers")
    func roundTrip() throws {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<1500 {
            let a = try Self.randomAccount(&g)
            let uri = OTPAuthURI.uri(for: a)
            let b = try OTPAuthURI.parse(uri)
            #expect(b == a, "\(S.text(uri))")
            #expect(b.name.utf8.elementsEqual(a.name.utf8) && b.issuer?.utf8.elementsEqual((a.issuer ?? "").utf8) != false)
            // Only unreserved characters, '%', and the URI's own delimiters.
            #expect(uri.unprotectedCopy().allSatisfy { $0 > 0x20 && $0 < 0x7F })
        }
    }

    @Test("property: random bytes never crash the reader (it throws or reads)")
    func randomBytes() {
        var g = SystemRandomNumberGenerator()
        let prefixes = [[UInt8](), Array("otpauth://".utf8), Array("otpauth://totp/".utf8), Array("otpauth://hotp/a:b?".utf8),
                        Array("otpauth://totp/x?secret=".utf8)]
        let alphabet = Array("otpauth:/?&=%3A:+#sécretissueralgorithmdigitsperiodcounterSHA1256JBSWY3DP0123456789 \t\n".utf8) + [0, 0xFF, 0xC3, 0x80]
        for i in 0..<4000 {
            var bytes = prefixes.randomElement(using: &g)!
            let n = Int.random(in: 0...120, using: &g)
            bytes += (0..<n).map { _ in i % 2 == 0 ? UInt8.random(in: 0...255, using: &g) : alphabet.randomElement(using: &g)! }
            _ = try? S.parse(bytes: bytes)
        }
    }

    @Test("property: valid URIs cut, mutated or extended never crash the reader")
    func mutations() throws {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var bytes = try OTPAuthURI.uri(for: Self.randomAccount(&g)).unprotectedCopy()
            for _ in 0..<Int.random(in: 1...4, using: &g) {
                let at = Int.random(in: 0..<bytes.count, using: &g)
                switch Int.random(in: 0..<4, using: &g) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &g)
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(Array("%:&=#?+ ".utf8).randomElement(using: &g)!, at: at)
                default: bytes = Array(bytes.prefix(at))
                }
                if bytes.isEmpty { break }
            }
            _ = try? S.parse(bytes: bytes)
        }
    }
}
