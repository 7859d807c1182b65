import Testing
@testable import IBKeyCore

/// Reading otpauth:// URIs as the Key Uri Format writes them, and as they are
/// written in the wild.
@Suite("otpauth URIs: reading")
struct OTPAuthURITests {
    typealias S = OTPTestSupport

    @Test("the Key Uri Format's own examples")
    func googleExamples() throws {
        let a = try S.parse("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example")
        #expect(a.suite.text == "TOTP-SHA1-6-30" && a.name == "alice@google.com" && a.issuer == "Example" && a.counter == nil)
        #expect(S.hex(a.secret) == "48656c6c6f21deadbeef")
        #expect(a.label == "Example:alice@google.com")
        let b = try S.parse("otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30")
        #expect(b.suite.text == "TOTP-SHA1-6-30" && b.name == "john.doe@email.com" && b.issuer == "ACME Co")
        #expect(S.hex(b.secret) == Hex.encode(try Base32.decode("HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ")))
    }

    @Test("every parameter: algorithm, digits, period, counter")
    func parameters() throws {
        let t = try S.parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&digits=8&period=60")
        #expect(t.suite.text == "TOTP-SHA512-8-60" && t.counter == nil && t.issuer == nil && t.name == "x")
        let h = try S.parse("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=7&counter=42")
        #expect(h.suite.text == "HOTP-SHA256-7" && h.counter == 42)
        #expect(try S.parse("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=0").counter == 0)
        #expect(try S.parse("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551614").counter == UInt64.max - 1)
        // A counter on a TOTP URI, a period on an HOTP one: checked, then not used.
        #expect(try S.parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&counter=9").counter == nil)
        #expect(try S.parse("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&period=60&counter=1").suite.text == "HOTP-SHA1-6")
    }

    /// (URI, suite, issuer, name): accepted forms seen in the wild or allowed by the format.
    static let liberal: [(String, String, String?, String)] = [
        ("OTPAUTH://TOTP/Example:alice?secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", "Example", "alice"),
        ("otpauth://Hotp/Example:alice?secret=JBSWY3DPEHPK3PXP&Counter=3", "HOTP-SHA1-6", "Example", "alice"),
        ("otpauth://totp/x?SECRET=jbswy3dpehpk3pxp&Algorithm=sha256", "TOTP-SHA256-6-30", nil, "x"),
        ("otpauth://totp/Example%3Aalice?secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", "Example", "alice"),
        ("otpauth://totp/Example%3aalice?secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", "Example", "alice"),
        ("otpauth://totp/Example:%20%20alice?secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", "Example", "alice"),
        ("otpauth://totp/Example Co: alice smith?secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", "Example Co", "alice smith"),
        ("otpauth://totp/Other:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example", "TOTP-SHA1-6-30", "Example", "alice"),
        ("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=Example", "TOTP-SHA1-6-30", "Example", "alice"),
        ("otpauth://totp/Label:alice?secret=JBSWY3DPEHPK3PXP&issuer=", "TOTP-SHA1-6-30", "Label", "alice"),
        ("otpauth://totp/:alice?secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", nil, "alice"),
        ("otpauth://totp/:a:b?secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", nil, "a:b"),
        ("otpauth://totp/Example:?secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", "Example", ""),
        ("otpauth://totp/?secret=JBSWY3DPEHPK3PXP&issuer=Example", "TOTP-SHA1-6-30", "Example", ""),
        ("otpauth://totp?secret=JBSWY3DPEHPK3PXP&issuer=Example", "TOTP-SHA1-6-30", "Example", ""),
        // pyotp keeps an issuer's colon as %3A and splits at the literal one.
        ("otpauth://totp/Ex%3ACo:alice?secret=JBSWY3DPEHPK3PXP&issuer=Ex%3ACo", "TOTP-SHA1-6-30", "Ex:Co", "alice"),
        ("otpauth://totp/Ex%3ACo:alice?secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", "Ex:Co", "alice"),
        ("otpauth://totp/Ex:Co:alice?secret=JBSWY3DPEHPK3PXP&issuer=Ex%3ACo", "TOTP-SHA1-6-30", "Ex:Co", "alice"),
        ("otpauth://totp/Example:a%3Ab?secret=JBSWY3DPEHPK3PXP&issuer=Example", "TOTP-SHA1-6-30", "Example", "a:b"),
        // '+' is a space in query values, itself in the label.
        ("otpauth://totp/a+b?secret=JBSWY3DPEHPK3PXP&issuer=ACME+Co", "TOTP-SHA1-6-30", "ACME Co", "a+b"),
        ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&issuer=C%2B%2B", "TOTP-SHA1-6-30", "C++", "x"),
        ("otpauth://totp/a/b:c%2Fd?secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", "a/b", "c/d"),
        ("otpauth://totp/%C3%89cole:j%C3%BCrgen?secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", "École", "jürgen"),
        ("otpauth://totp/École:jürgen?secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", "École", "jürgen"),
        // Unknown parameters, empty pieces, a fragment, white space around.
        ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&image=https%3A%2F%2Fx.example%2Fa.png&color=red&foo&&=bar", "TOTP-SHA1-6-30", nil, "x"),
        ("otpauth://totp/x?image=a&image=b&secret=JBSWY3DPEHPK3PXP", "TOTP-SHA1-6-30", nil, "x"),
        ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP#digits=9", "TOTP-SHA1-6-30", nil, "x"),
        ("  otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=8\r\n", "TOTP-SHA1-8-30", nil, "x"),
        ("otpauth://totp/x?s%65cret=JBSWY3DPEHPK3PXP&digits=0%36", "TOTP-SHA1-6-30", nil, "x"),
    ]

    @Test("liberal where peers are", arguments: liberal.indices)
    func liberalForms(_ i: Int) throws {
        let (uri, suite, issuer, name) = Self.liberal[i]
        let a = try S.parse(uri)
        #expect(a.suite.text == suite && a.issuer == issuer && a.name == name, "\(uri)")
        #expect(S.hex(a.secret) == "48656c6c6f21deadbeef")
    }

    @Test("secrets: either case, spaces, padding and unused trailing bits as apps take them")
    func secrets() throws {
        let key = (0..<16).map { UInt8($0 * 7) }
        let b32 = Base32.encode(key) // 26 characters: 2 unused bits at the end
        let head = String(b32.prefix(4)), rest = String(b32.dropFirst(4))
        let texts: [String] = [b32, b32.lowercased(), b32 + "======", b32 + "%3D%3D%3D%3D%3D%3D", "  \(head) \(rest) ",
                               "\(head)%20\(rest)", "\(head)+\(rest)", b32 + "== ==  =="]
        for text in texts {
            #expect(S.hex(try S.parse("otpauth://totp/x?secret=\(text)").secret) == Hex.encode(key), "\(text)")
        }
        // The last character with its unused low bits set decodes to the same bytes.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
        var chars = Array(b32.utf8)
        chars[25] = alphabet[alphabet.firstIndex(of: chars[25])! | 3]
        #expect(S.hex(try S.parse("otpauth://totp/x?secret=\(String(decoding: chars, as: UTF8.self))").secret) == Hex.encode(key))
        // The sizes at the limits.
        for n in [10, 128] {
            let k = Random.bytes(n)
            #expect(S.hex(try S.parse("otpauth://totp/x?secret=\(Base32.encode(k))").secret) == Hex.encode(k))
        }
    }

    @Test("a secret made only of hex digits is base32 here, never hex")
    func neverHex() throws {
        let a = try S.parse("otpauth://totp/x?secret=ABCDEF2345ABCDEF")
        #expect(S.hex(a.secret) == Hex.encode(try Base32.decode("ABCDEF2345ABCDEF")))
    }
}

/// Shared by the OTP tests: parsing from text, hex, error shapes, python3.
enum OTPTestSupport {
    static func parse(_ uri: String) throws -> OTPAccount { try OTPAuthURI.parse(SecureBytes(copying: Array(uri.utf8))) }
    static func parse(bytes: [UInt8]) throws -> OTPAccount { try OTPAuthURI.parse(SecureBytes(copying: bytes)) }
    static func migration(_ link: String) throws -> MigrationPayload { try MigrationPayload.parse(SecureBytes(copying: Array(link.utf8))) }
    static func hex(_ s: SecureBytes) -> String { s.withBytes { Hex.encode($0) } }
    static func text(_ s: SecureBytes) -> String { String(decoding: s.unprotectedCopy(), as: UTF8.self) }

    /// The `OTPAuthError` `body` throws; an issue when it throws nothing or something else.
    @discardableResult
    static func refusal(_ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> OTPAuthError? {
        do {
            try body()
            Issue.record("expected an OTPAuthError, nothing was thrown: \(comment)", sourceLocation: sourceLocation)
        } catch let e as OTPAuthError {
            let d = e.description
            #expect(!d.isEmpty && !d.contains("\n") && d.first!.isLowercase, "not one lowercase line: \(d)", sourceLocation: sourceLocation)
            return e
        } catch {
            Issue.record("expected an OTPAuthError, got \(error): \(comment)", sourceLocation: sourceLocation)
        }
        return nil
    }
}

extension OTPAuthError {
    /// The case and the parameter, without the wording: what the tests compare.
    var shape: String {
        switch self {
        case .tooLong: "tooLong"
        case .wrongScheme: "wrongScheme"
        case .malformed: "malformed"
        case .missing(let p): "missing \(p)"
        case .duplicate(let p): "duplicate \(p)"
        case .invalid(let p, _): "invalid \(p)"
        case .damagedPayload: "damagedPayload"
        case .tooManyAccounts: "tooManyAccounts"
        case .noAccounts: "noAccounts"
        case .account(let i, let e): "account \(i): \(e.shape)"
        case .line(let n, let e): "line \(n): \(e.shape)"
        case .qrCode(let i, let e): "QR code \(i): \(e.shape)"
        case .tooManyInInput: "tooManyInInput"
        }
    }
}
