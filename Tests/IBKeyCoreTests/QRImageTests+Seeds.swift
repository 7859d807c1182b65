import Foundation
import Testing
@testable import IBKeyCore

/// Writes the qr-image fuzz seeds (Fuzz/corpus/qr-image), only when asked;
/// `--filter writeSeeds` runs it with the other seeds:
/// IBKEY_WRITE_SEEDS=Fuzz/corpus swift test --filter writeSeedsQRImage
@Suite("Fuzz seeds: QR images")
struct QRImageSeedTests {
    @Test("write the qr-image seeds: tiny PNGs and JPEGs that hold a code",
          .enabled(if: ProcessInfo.processInfo.environment["IBKEY_WRITE_SEEDS"] != nil && QRFixture.available))
    func writeSeedsQRImage() throws {
        let root = ProcessInfo.processInfo.environment["IBKEY_WRITE_SEEDS"]! + "/qr-image"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let text = "otpauth://totp/fuzz?secret=\(QRTexts.secret)"
        let code = QRFixture.code(text, level: "L", scale: 2)
        let seeds: [(String, [UInt8])] = [
            ("gray.png", try QRFixture.scene("png", ["codes": [code]])),
            ("rgba.png", try QRFixture.scene("png", ["codes": [code], "png": "rgba"])),
            ("qrencode-palette.png", try QRFixture.qrencode(text, ["-l", "L", "-s", "2"])),
            ("gray.jpg", try QRFixture.scene("jpg", ["codes": [code], "jpeg": ["quality": 50]])),
            ("progressive-420.jpg", try QRFixture.scene("jpg", ["codes": [code], "jpeg": ["subsampling": "420", "quality": 60, "progressive": true]])),
        ]
        for (name, bytes) in seeds {
            // Every seed reaches zbar and gives the text back (the fuzzer's
            // libFuzzer run takes inputs up to 4 KiB).
            #expect(try QRFixture.texts(bytes) == [text], "\(name)")
            #expect(bytes.count <= 4096, "\(name): \(bytes.count) bytes")
            try Data(bytes).write(to: URL(fileURLWithPath: "\(root)/\(name)"))
        }
    }
}
