import Foundation
import Testing
@testable import IBKeyCore

/// QR codes read from PNG and JPEG images: each comes back as exactly the
/// bytes encoded, whatever the encoder, size, error-correction level, pixel
/// format or background.
@Suite("QR codes from images", .enabled(if: QRFixture.available, "qrencode or python3 missing: make test-deps"))
struct QRImageTests {
    @Test("qrencode's own PNGs decode to exactly the text, every level and module size",
          arguments: [("L", 2), ("M", 3), ("Q", 5), ("H", 8)], [QRTexts.totp, QRTexts.hotp, QRTexts.migration])
    func qrencodePNG(level: (String, Int), text: String) throws {
        let png = try QRFixture.qrencode(text, ["-l", level.0, "-s", "\(level.1)"])
        #expect(try QRFixture.texts(png) == [text])
    }

    @Test("a qrencode PNG32 drawn on a transparent background: composited on white, not black")
    func transparentBackground() throws {
        let png = try QRFixture.qrencode(QRTexts.totp, ["-t", "PNG32", "--background=00000000", "-s", "4"])
        #expect(try QRFixture.texts(png) == [QRTexts.totp])
    }

    @Test("PNG pixel formats: 8-bit gray, 16-bit gray, RGB, RGBA with transparency",
          arguments: ["gray", "gray16", "rgb", "rgba"])
    func pngFormats(format: String) throws {
        let png = try QRFixture.scene("png", ["codes": [QRFixture.code(QRTexts.totp)], "png": format])
        #expect(try QRFixture.texts(png) == [QRTexts.totp])
    }

    @Test("JPEGs: gray, colour 4:2:0 at quality 75, colour 4:4:4, progressive",
          arguments: [("gray", 90, false), ("420", 75, false), ("444", 95, false), ("420", 85, true)])
    func jpegs(subsampling: String, quality: Int, progressive: Bool) throws {
        let options: [String: Any] = ["subsampling": subsampling, "quality": quality, "progressive": progressive]
        let jpeg = try QRFixture.scene("jpg", ["codes": [QRFixture.code(QRTexts.hotp, scale: 5)], "jpeg": options])
        #expect(jpeg.starts(with: [0xFF, 0xD8, 0xFF]))
        #expect(try QRFixture.texts(jpeg) == [QRTexts.hotp])
    }

    @Test("the raw bytes of the code: UTF-8 text comes back unchanged, not re-encoded")
    func rawBytes() throws {
        let png = try QRFixture.qrencode(QRTexts.utf8, ["-s", "4"])
        let found = try QRImage.payloads(in: SecureBytes(copying: png))
        #expect(found.map { $0.unprotectedCopy() } == [Array(QRTexts.utf8.utf8)])
    }

    @Test("a small code in a large screenshot: 3000x2000, the code at an offset, on white, grey and noise",
          arguments: ["white", "grey", "noise"])
    func smallCodeInLargeImage(background: String) throws {
        let spec: [String: Any] = ["width": 3000, "height": 2000, "background": background,
                                   "codes": [QRFixture.code(QRTexts.totp, scale: 4, x: 2210, y: 1333)]]
        #expect(try QRFixture.texts(QRFixture.scene("png", spec)) == [QRTexts.totp])
    }

    @Test("a small code in a large JPEG photo-like screenshot (noise, 4:2:0)")
    func smallCodeInLargeJPEG() throws {
        let spec: [String: Any] = ["width": 3000, "height": 2000, "background": "noise",
                                   "codes": [QRFixture.code(QRTexts.totp, scale: 5, x: 517, y: 1290)],
                                   "jpeg": ["subsampling": "420", "quality": 85]]
        #expect(try QRFixture.texts(QRFixture.scene("jpg", spec)) == [QRTexts.totp])
    }

    @Test("two codes in one image: both are returned")
    func twoCodes() throws {
        let spec: [String: Any] = ["width": 900, "height": 500,
                                   "codes": [QRFixture.code(QRTexts.totp, x: 20, y: 40), QRFixture.code(QRTexts.hotp, x: 480, y: 60)]]
        for ext in ["png", "jpg"] {
            let found = try QRFixture.texts(QRFixture.scene(ext, spec))
            #expect(found.count == 2 && Set(found) == [QRTexts.totp, QRTexts.hotp], "\(ext): \(found)")
        }
    }

    @Test("isImage: every known signature, supported or not; key files and text are not images")
    func sniffer() throws {
        let png = try QRFixture.qrencode(QRTexts.totp)
        let bmp: [UInt8] = Array("BM".utf8) + [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0, 1, 0, 0, 0]
        let images: [(String, [UInt8])] = [
            ("PNG", png), ("JPEG", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), ("GIF", Array("GIF89a\u{1}\0\u{1}\0".utf8)),
            ("BMP", bmp), ("WebP", Array("RIFF\0\0\0\0WEBPVP8 ".utf8)), ("TIFF", [0x49, 0x49, 0x2A, 0, 8, 0, 0, 0]),
            ("HEIF", [0, 0, 0, 0x18] + Array("ftypheic".utf8)), ("AVIF", [0, 0, 0, 0x1C] + Array("ftypavif".utf8)),
        ]
        for (name, bytes) in images {
            #expect(QRImage.isImage(SecureBytes(copying: bytes)), "\(name)")
            #expect(bytes.withUnsafeBytes { ImageFormat.of($0)?.rawValue } == name)
        }
        let others: [[UInt8]] = ["<?xml version=\"1.0\"?><KeyContainer/>", "{\"ocra\": \"00\"}", "", "BM hello, a text file",
                                 "GIF8", "RIFF\0\0\0\0WAVEfmt "].map { Array($0.utf8) } + [Array(png.prefix(7)), [0xFF, 0xD8]]
        for bytes in others {
            #expect(!QRImage.isImage(SecureBytes(copying: bytes)), "\(bytes)")
        }
    }
}
