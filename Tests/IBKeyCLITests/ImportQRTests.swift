import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `ibkey import` of screenshots: QR codes drawn by `qrencode` (its own PNG,
/// or its modules drawn into PNG and JPEG by Tests/IBKeyCoreTests/Fixtures/
/// qr_images.py), holding links written by pyotp and migration_link.py.
/// Few images, small ones, so that the suite stays fast; the decoder's own
/// cases are QRImageTests'.
@Suite("import: QR code images")
struct ImportQRTests {
    static func sorted(_ users: [StoredUser]) -> [StoredUser] { users.sorted { $0.name < $1.name } }

    @Test("a PNG written by qrencode, and a JPEG of a migration link: the accounts the links hold, stored as written")
    func pngAndJPEG() throws {
        var g = SeededGenerator()
        let s = Sandbox()
        let totp = OTPSpec(secretHex: Coding.hex(g.bytes(20)), name: "shot@example.com", issuer: "Screen Co", algorithm: "SHA256", digits: 8, period: 60)
        let png = OTPPeers.qrencode(s, "qr.png", OTPPeers.pyotpURIs(s, [totp])[0])
        ImportOTPTests.importAndCheck(s, Fixture.kdf + [png], expected: [OTPPeers.expected(totp)])
        let exported = [OTPSpec(secretHex: Coding.hex(g.bytes(10)), name: "j1", issuer: "JPEG"),
                        OTPSpec(type: "hotp", secretHex: Coding.hex(g.bytes(32)), name: "j2", algorithm: "SHA512", digits: 8, counter: 77)]
        let jpeg = OTPPeers.scene(s, "export.jpg", ["codes": [["text": OTPPeers.migrationLink(s, exported), "scale": 4]],
                                                   "jpeg": ["quality": 90, "subsampling": "420"]])
        ImportOTPTests.importAndCheck(s, [jpeg], expected: exported.map { OTPPeers.expected($0) })
    }

    @Test("a small QR code in a large screenshot, and two QR codes in one image: every account, all in one write")
    func screenshots() throws {
        var g = SeededGenerator()
        let s = Sandbox()
        let small = OTPSpec(secretHex: Coding.hex(g.bytes(20)), name: "small", issuer: "Corner")
        let big = OTPPeers.scene(s, "screen.png", ["width": 1600, "height": 1000, "background": "grey",
                                                   "codes": [["text": OTPPeers.pyotpURIs(s, [small])[0], "scale": 3, "x": 1250, "y": 700]]])
        ImportOTPTests.importAndCheck(s, Fixture.kdf + [big], expected: [OTPPeers.expected(small)])
        let pair = [OTPSpec(secretHex: Coding.hex(g.bytes(20)), name: "left", issuer: "Two"),
                    OTPSpec(type: "hotp", secretHex: Coding.hex(g.bytes(20)), name: "right", counter: 9)]
        let uris = OTPPeers.pyotpURIs(s, pair)
        let two = OTPPeers.scene(s, "two.png", ["width": 640, "height": 320,
                                                "codes": [["text": uris[0], "scale": 4, "x": 10, "y": 10], ["text": uris[1], "scale": 4, "x": 330, "y": 10]]])
        let r = s.run(["import", "--json", two], env: s.secrets)
        #expect(r.status == 0, "\(r.stderr)")
        // zbar's order is its own: the set of accounts is what counts.
        #expect(Self.sorted(OTPPeers.stored(s).filter { $0.name != "small" }) == Self.sorted(pair.map { OTPPeers.expected($0) }))
    }

    @Test("images that hold no key are refused (2) with the vault unchanged byte for byte: no QR code, a QR of other text, a bad link, damaged or truncated PNG, GIF")
    func refusals() throws {
        let s = ImportOTPRefusalTests.sandbox()
        let blank = OTPPeers.scene(s, "blank.png", ["width": 300, "height": 200, "codes": [[String: Any]]()])
        expectRefused(s, ["import", blank], status: 2, contains: "no QR code found in the image")
        expectRefused(s, ["import", "-"], stdin: nil, status: 2, contains: "empty") // nothing at all on standard input
        let url = OTPPeers.qrencode(s, "url.png", "https://example.com/login")
        expectRefused(s, ["import", url], status: 2, contains: "QR code 1 holds no key ibkey reads")
        let digits = OTPPeers.qrencode(s, "digits.png", "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=9")
        expectRefused(s, ["import", digits], status: 2, contains: "QR code 1: digits must be 6, 7 or 8, got 9", secrets: ["GEZDGNBV"])
        let png = s.bytes(OTPPeers.qrencode(s, "good.png", ImportOTPRefusalTests.good))
        let truncated = s.path("truncated.png")
        _ = FileManager.default.createFile(atPath: truncated, contents: Data(png.prefix(png.count / 2)))
        chmod(truncated, 0o600)
        expectRefused(s, ["import", truncated], status: 2, contains: "damaged PNG image")
        var flipped = png
        let idat = try #require(png.firstRange(of: Array("IDAT".utf8)))
        flipped[idat.upperBound + 10] ^= 0x40
        let corrupt = s.path("corrupt.png")
        _ = FileManager.default.createFile(atPath: corrupt, contents: Data(flipped))
        chmod(corrupt, 0o600)
        expectRefused(s, ["import", corrupt], status: 2, contains: "damaged PNG image")
        expectRefused(s, ["import", s.file("x.gif", "GIF89a\u{1}\u{0}\u{1}\u{0}")], status: 2, contains: "unsupported image format GIF")
        // Two codes, one good and one not: nothing goes in.
        let mixed = OTPPeers.scene(s, "mixed.png", ["width": 640, "height": 320, "codes": [
            ["text": ImportOTPRefusalTests.good, "scale": 4, "x": 10, "y": 10], ["text": "hello", "scale": 4, "x": 330, "y": 10]]])
        expectRefused(s, ["import", mixed], status: 2, contains: "holds no key ibkey reads")
        #expect(s.userNames() == ["alice", "taken"])
    }

    @Test("a screenshot others can read is imported, then warned about: it holds the key", .enabled(if: PTY.python != nil))
    func readableScreenshot() throws {
        let s = Sandbox()
        let png = OTPPeers.qrencode(s, "open.png", ImportOTPRefusalTests.good)
        chmod(png, 0o644)
        let r = try PTY.session(s, args: ["import", png] + Fixture.kdf, steps: [], env: s.secrets)
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(r.screen.contains("imported 'alice' (TOTP-SHA1-6-30, issuer Acme)"), "\(r.screen)")
        #expect(r.screen.contains("open.png holds keys in the clear and other users can read it; now that they are imported, delete it"), "\(r.screen)")
    }
}
