import Foundation
import Testing
@testable import IBKeyCore

/// Images that give no QR code, each with its own `ImageError` case and a
/// one-line message that never quotes the code's secret.
@Suite("QR images refused", .enabled(if: QRFixture.available, "qrencode or python3 missing: make test-deps"))
struct QRImageErrorTests {
    static var oneCode: [String: Any] { ["codes": [QRFixture.code(QRTexts.totp)]] }

    @Test("an image without a QR code: noQRCode (white page, noise, a code cut in half)")
    func noCode() throws {
        let white = try QRFixture.scene("png", ["width": 400, "height": 300, "codes": [[String: Any]]()])
        let noise = try QRFixture.scene("jpg", ["width": 640, "height": 480, "background": "noise", "codes": [[String: Any]]()])
        // The code drawn half off the canvas: finder patterns on one side only.
        let cut = try QRFixture.scene("png", ["width": 300, "height": 120, "codes": [QRFixture.code(QRTexts.totp, x: 0, y: 0)]])
        for image in [white, noise, cut] {
            #expect(QRFixture.refusal(image) == .noQRCode)
        }
    }

    @Test("a truncated PNG: corrupt, with libpng's message")
    func truncatedPNG() throws {
        let png = try QRFixture.scene("png", Self.oneCode)
        for cut in [png.count / 2, 40, png.count - 13] {
            guard case .corrupt(let format, let detail)? = QRFixture.refusal(Array(png.prefix(cut))) else {
                Issue.record("cut at \(cut): not corrupt"); continue
            }
            #expect(format == "PNG" && !detail.isEmpty, "\(detail)")
        }
    }

    @Test("random bytes after a PNG signature: corrupt")
    func pngSignatureThenNoise() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<1000).map { _ in UInt8.random(in: 0...255, using: &rng) }
            guard case .corrupt(format: "PNG", _)? = QRFixture.refusal(bytes) else { Issue.record("not corrupt: \(bytes.prefix(40))"); continue }
        }
    }

    @Test("a truncated JPEG: corrupt, whether cut in the data (a warning stops it) or in the header")
    func truncatedJPEG() throws {
        let jpeg = try QRFixture.scene("jpg", ["codes": [QRFixture.code(QRTexts.totp, scale: 6)], "jpeg": ["subsampling": "420"]])
        for cut in [jpeg.count * 2 / 3, jpeg.count - 2, 120] {
            guard case .corrupt(let format, let detail)? = QRFixture.refusal(Array(jpeg.prefix(cut))) else {
                Issue.record("cut at \(cut) of \(jpeg.count): not corrupt"); continue
            }
            #expect(format == "JPEG" && !detail.isEmpty && !detail.contains("()"), "\(detail)")
        }
    }

    @Test("a PNG header claiming 100000x100000: tooLarge, from the header alone, at once")
    func hugePNGHeader() throws {
        let png = try QRFixture.pngHeader(width: 100_000, height: 100_000)
        _ = try QRFixture.texts(QRFixture.scene("png", Self.oneCode)) // the libraries loaded before the clock starts
        let clock = ContinuousClock()
        var error: ImageError?
        let took = clock.measure { error = QRFixture.refusal(png) }
        #expect(error == .tooLarge(width: 100_000, height: 100_000))
        #expect(took < .milliseconds(100), "\(took)")
    }

    @Test("the bounds: 16385 a side or over 50 million pixels is tooLarge; 16384 x 3051 is decoded (and found short)",
          arguments: [(16_385, 1, true), (1, 16_385, true), (10_000, 5_001, true), (16_384, 3_051, false)])
    func bounds(width: Int, height: Int, refused: Bool) throws {
        let error = QRFixture.refusal(try QRFixture.pngHeader(width: width, height: height))
        if refused {
            #expect(error == .tooLarge(width: width, height: height))
        } else {
            guard case .corrupt(format: "PNG", _)? = error else { Issue.record("\(String(describing: error))"); return }
        }
    }

    @Test("a JPEG frame header claiming 65000x65000: tooLarge before decoding")
    func hugeJPEGHeader() throws {
        let jpeg = try QRFixture.scene("jpg", Self.oneCode)
        #expect(QRFixture.refusal(try QRFixture.jpeg(jpeg, claiming: 65_000, 65_000)) == .tooLarge(width: 65_000, height: 65_000))
    }

    @Test("a CMYK JPEG: unsupportedFormat (libjpeg has no CMYK to gray)")
    func cmykJPEG() throws {
        let jpeg = try QRFixture.scene("jpg", ["codes": [QRFixture.code(QRTexts.totp)], "jpeg": ["subsampling": "cmyk"]])
        #expect(QRFixture.refusal(jpeg) == .unsupportedFormat("CMYK JPEG"))
    }

    @Test("GIF, BMP, WebP, TIFF, HEIF: unsupportedFormat naming the format")
    func otherFormats() {
        let cases: [(String, [UInt8])] = [
            ("GIF", Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3B]),
            ("BMP", Array("BM".utf8) + [0x3A, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 24, 0]
                + [UInt8](repeating: 0, count: 28)),
            ("WebP", Array("RIFF\u{1A}\0\0\0WEBPVP8L".utf8) + [UInt8](repeating: 0, count: 20)),
            ("TIFF", [0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8] + [UInt8](repeating: 0, count: 20)),
            ("HEIF", [0, 0, 0, 0x18] + Array("ftypmif1".utf8) + [UInt8](repeating: 0, count: 12)),
        ]
        for (name, bytes) in cases {
            #expect(QRFixture.refusal(bytes) == .unsupportedFormat(name), "\(name)")
        }
    }

    @Test("not an image: text, a PSKC file, a JSON key file, nothing")
    func notAnImage() {
        for text in ["otpauth://totp/x?secret=\(QRTexts.secret)", "<?xml version=\"1.0\"?><KeyContainer/>", "{\"ocra\": \"00\"}", ""] {
            #expect(QRFixture.refusal(Array(text.utf8)) == .notAnImage, "\(text)")
        }
    }

    @Test("a file over 16 MiB: fileTooLarge, before it is sniffed")
    func fileTooLarge() {
        let bytes = SecureBytes(count: QRImage.maxFileSize + 1)
        #expect(throws: ImageError.fileTooLarge(size: QRImage.maxFileSize + 1)) { try QRImage.payloads(in: bytes) }
    }

    @Test("a library that is not there: libraryMissing naming the package; a missing function: libraryFailed")
    func libraries() throws {
        #expect(throws: ImageError.libraryMissing(library: "libibkey-none.so.0", package: "ibkey-none")) {
            try ImageLibrary("libibkey-none.so.0", package: "ibkey-none")
        }
        let png = try ImageLibrary("libpng16.so.16", package: "libpng16-16")
        #expect(throws: ImageError.libraryFailed("libpng16.so.16 lacks png_no_such_function; the library is too old")) {
            try png.function("png_no_such_function", as: UnsafeRawPointer.self)
        }
        let missing = ImageError.libraryMissing(library: "libzbar.so.0", package: "libzbar0")
        #expect(missing.message == "cannot load libzbar.so.0 to read QR code images (install the package libzbar0)")
    }

    @Test("every message is one lowercase line without the secret")
    func messages() {
        let all: [ImageError] = [.notAnImage, .unsupportedFormat("GIF"), .corrupt(format: "PNG", detail: "IHDR: CRC error"),
                                 .fileTooLarge(size: 20_000_000), .tooLarge(width: 100_000, height: 100_000), .noQRCode,
                                 .libraryMissing(library: "libpng16.so.16", package: "libpng16-16"), .libraryFailed("zbar could not scan the image")]
        for e in all { QRFixture.expectOneLine(e) }
        #expect(ImageError.tooLarge(width: 100_000, height: 100_000).message
                == "the image is 100000x100000 pixels, more than 16384 a side or 50 million in all")
    }

    @Test("library messages are cleaned: prefix, control characters, final period, length, capital", arguments: [
        ("tjDecompress2(): Premature end of JPEG file.", "premature end of JPEG file"),
        ("IHDR: CRC error", "IHDR: CRC error"),
        ("Not a PNG file", "not a PNG file"),
        ("bad\n\u{1B}[31mthing\u{7F}", "bad  [31mthing"),
        (String(repeating: "x", count: 300), String(repeating: "x", count: 80)),
        ("", "unknown error"),
    ])
    func libraryText(raw: String, clean: String) {
        #expect(raw.withCString { ImageError.libraryText($0) } == clean)
    }
}
