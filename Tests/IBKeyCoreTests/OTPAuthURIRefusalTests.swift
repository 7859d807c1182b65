import Testing
@testable import IBKeyCore

/// Every refusal of the otpauth:// reader, by case and parameter.
@Suite("otpauth URIs: refusals")
struct OTPAuthURIRefusalTests {
    typealias S = OTPTestSupport
    static let secret = "JBSWY3DPEHPK3PXP"
    static let base = "otpauth://totp/Example:alice?secret=\(secret)"

    /// (URI, the error's shape).
    static let refused: [(String, String)] = [
        ("", "wrongScheme"), ("   ", "wrongScheme"), ("otpauth", "wrongScheme"), ("otpauth:/totp/x?secret=\(secret)", "wrongScheme"),
        ("http://totp/x?secret=\(secret)", "wrongScheme"), ("otpauth-migration://offline?data=CgA", "wrongScheme"),
        ("otpauth://", "invalid type"), ("otpauth:///x?secret=\(secret)", "invalid type"),
        ("otpauth://xotp/x?secret=\(secret)", "invalid type"), ("otpauth://steam/x?secret=\(secret)", "invalid type"),
        ("otpauth://totp /x?secret=\(secret)", "invalid type"), ("otpauth://totp%20/x?secret=\(secret)", "invalid type"),
        ("otpauth://totp/x\u{01}y?secret=\(secret)", "malformed"), ("otpauth://totp/x?secret=\(secret)\n&digits=8", "malformed"),
        ("otpauth://totp/x?secret=\(secret)\u{7F}", "malformed"), ("otpauth://totp/x\t?secret=\(secret)", "malformed"),
        // The secret.
        ("otpauth://totp/x", "missing secret"), ("otpauth://totp/x?issuer=Example", "missing secret"),
        ("otpauth://totp/x?Secret", "invalid secret"), ("otpauth://totp/x?secret=", "invalid secret"),
        ("otpauth://totp/x?secret=%20%20", "invalid secret"), ("otpauth://totp/x?secret=====", "invalid secret"),
        ("otpauth://totp/x?secret=JBSWY3DPEHPK3PX1", "invalid secret"), ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXPA", "invalid secret"),
        ("otpauth://totp/x?secret=JBSWY3DP=EHPK3PXP", "invalid secret"), ("otpauth://totp/x?secret=JBSWY3DPEHPK3PX-", "invalid secret"),
        ("otpauth://totp/x?secret=JBSWY3DP", "invalid secret"), ("otpauth://totp/x?secret=JBSWY3DPEHPK3P==", "invalid secret"),
        ("otpauth://totp/x?secret=\(String(repeating: "A", count: 208))", "invalid secret"),
        ("otpauth://totp/x?secret=JBSW%G3DPEHPK3PXP", "invalid secret"), ("otpauth://totp/x?secret=JBSWY3DPEHPK3PX%", "invalid secret"),
        ("otpauth://totp/x?secret=3132333435363738393031323334353637383930", "invalid secret"),
        // Supported parameters with unsupported values.
        ("\(base)&algorithm=MD5", "invalid algorithm"), ("\(base)&algorithm=SHA-1", "invalid algorithm"),
        ("\(base)&algorithm=SHA384", "invalid algorithm"), ("\(base)&algorithm=", "invalid algorithm"),
        ("\(base)&digits=5", "invalid digits"), ("\(base)&digits=9", "invalid digits"), ("\(base)&digits=0", "invalid digits"),
        ("\(base)&digits=six", "invalid digits"), ("\(base)&digits=", "invalid digits"), ("\(base)&digits=-6", "invalid digits"),
        ("\(base)&digits=%2B6", "invalid digits"), ("\(base)&digits=6.0", "invalid digits"), ("\(base)&digits=99999999999999999999999", "invalid digits"),
        ("\(base)&period=0", "invalid period"), ("\(base)&period=301", "invalid period"), ("\(base)&period=30s", "invalid period"),
        ("\(base)&period=", "invalid period"), ("\(base)&period=-30", "invalid period"),
        ("otpauth://hotp/x?secret=\(secret)&counter=abc", "invalid counter"), ("otpauth://hotp/x?secret=\(secret)&counter=-1", "invalid counter"),
        ("otpauth://hotp/x?secret=\(secret)&counter=", "invalid counter"),
        ("otpauth://hotp/x?secret=\(secret)&counter=18446744073709551616", "invalid counter"),
        ("otpauth://hotp/x?secret=\(secret)&counter=18446744073709551615", "invalid counter"),
        ("otpauth://totp/x?secret=\(secret)&counter=x1", "invalid counter"),
        ("otpauth://hotp/x?secret=\(secret)", "missing counter"), ("otpauth://hotp/x?secret=\(secret)&period=30", "missing counter"),
        // Duplicates, in any case or encoding of the name.
        ("\(base)&secret=\(secret)", "duplicate secret"), ("\(base)&SECRET=\(secret)", "duplicate secret"),
        ("\(base)&digits=6&digits=6", "duplicate digits"), ("\(base)&issuer=A&issuer=A", "duplicate issuer"),
        ("\(base)&algorithm=SHA1&%61lgorithm=SHA1", "duplicate algorithm"), ("\(base)&period=30&period=60", "duplicate period"),
        ("otpauth://hotp/x?counter=1&secret=\(secret)&counter=1", "duplicate counter"),
        // The label and the issuer: escapes, UTF-8, control and format characters.
        ("otpauth://totp/a%zz?secret=\(secret)", "invalid label"), ("otpauth://totp/a%4?secret=\(secret)", "invalid label"),
        ("otpauth://totp/%FF?secret=\(secret)", "invalid label"), ("otpauth://totp/%C3?secret=\(secret)", "invalid label"),
        ("otpauth://totp/x:%C3?secret=\(secret)", "invalid label"),
        ("\(base)&issuer=%ZZ", "invalid issuer"), ("\(base)&issuer=%FE%FF", "invalid issuer"),
        ("otpauth://totp/a%0Ab?secret=\(secret)", "invalid name"), ("otpauth://totp/a%E2%80%AEb?secret=\(secret)", "invalid name"),
        ("otpauth://totp/a%7Fb?secret=\(secret)", "invalid name"),
        ("\(base)&issuer=Ex%0Dample", "invalid issuer"), ("otpauth://totp/Ex%00:alice?secret=\(secret)", "invalid issuer"),
        ("otpauth://totp/Ex%E2%80%8B:alice?secret=\(secret)", "invalid issuer"),
        ("otpauth://totp/?secret=\(secret)", "missing account name"), ("otpauth://totp/:?secret=\(secret)", "missing account name"),
        ("otpauth://totp/%20%20?secret=\(secret)", "missing account name"), ("otpauth://totp?secret=\(secret)&issuer=", "missing account name"),
    ]

    @Test("refused, by case and parameter, in one lowercase line that never quotes the secret", arguments: refused.indices)
    func refusal(_ i: Int) {
        let (uri, shape) = Self.refused[i]
        let e = S.refusal(uri.debugDescription) { _ = try S.parse(uri) }
        #expect(e?.shape == shape, "\(uri.debugDescription): \(e.map { "\($0)" } ?? "nil")")
        guard let d = e?.description else { return }
        for start in 0...(Self.secret.count - 4) {
            let piece = String(Array(Self.secret)[start..<(start + 4)])
            #expect(!d.uppercased().contains(piece), "quotes '\(piece)': \(d)")
        }
        #expect(!d.contains("3132"), "\(d)")
    }

    @Test("the wording names the parameter and the rule")
    func wording() {
        func text(_ uri: String) -> String { S.refusal { _ = try S.parse(uri) }?.description ?? "" }
        #expect(text("\(Self.base)&algorithm=MD5") == "algorithm must be SHA1, SHA256 or SHA512")
        #expect(text("\(Self.base)&digits=9") == "digits must be 6, 7 or 8, got 9")
        #expect(text("\(Self.base)&period=301") == "period must be 1 to 300 seconds, got 301")
        #expect(text("\(Self.base)&period=x") == "period must be 1 to 300 seconds")
        #expect(text("otpauth://hotp/x?secret=\(Self.secret)") == "counter is missing")
        #expect(text("otpauth://totp/x") == "secret is missing")
        #expect(text("otpauth://totp/x?secret=") == "secret is empty")
        #expect(text("otpauth://totp/x?secret=JBSWY3DP") == "secret is 5 bytes; 10 to 128 are accepted")
        #expect(text("otpauth://totp/x?secret=JBSWY3DPEHPK3PX1") == "secret is not base32: character 16 is outside A–Z and 2–7")
        #expect(text("\(Self.base)&digits=6&digits=6") == "digits is given more than once")
        #expect(text("http://x") == "not an otpauth:// link")
        #expect(text("otpauth://xotp/x") == "type must be totp or hotp")
    }

    @Test("links longer than 64 KiB are refused before they are read; 64 KiB is read")
    func length() throws {
        let head = "\(Self.base)&image="
        let fits = head + String(repeating: "a", count: OTPAuthURI.maxBytes - head.utf8.count)
        #expect(try S.parse(fits).name == "alice")
        #expect(S.refusal { _ = try S.parse(fits + "a") }?.shape == "tooLong")
        #expect(OTPAuthURI.maxBytes == 65_536)
    }
}
