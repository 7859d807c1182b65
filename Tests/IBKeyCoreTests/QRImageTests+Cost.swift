import Foundation
import Testing
@testable import IBKeyCore
#if canImport(Glibc)
import Glibc
#endif

/// What reading a screenshot costs, phase by phase, for Docs/IMPORT.md. Only
/// when asked, alone (the libraries must not be loaded yet):
/// IBKEY_IMAGE_COST=1 swift test --skip-build --filter QRImageCostTests
/// (the C libraries are the distribution's optimised builds; the Swift part
/// is a few calls, so a debug build measures the same).
@Suite("QR image cost")
struct QRImageCostTests {
    /// Peak resident memory of this process so far, in MB.
    static func peakMB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }

    /// Milliseconds `body` takes, and what it returns.
    static func time<T>(_ body: () throws -> T) rethrows -> (Double, T) {
        let start = ContinuousClock.now
        let value = try body()
        let d = ContinuousClock.now - start
        return (Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15, value)
    }

    @Test("a 4000x3000 screenshot (PNG RGB, JPEG 4:2:0, PNG of noise) and a 50-million-pixel progressive JPEG",
          .enabled(if: ProcessInfo.processInfo.environment["IBKEY_IMAGE_COST"] != nil && QRFixture.available))
    func cost() throws {
        let code = QRFixture.code(QRTexts.totp, scale: 6, x: 1700, y: 1200)
        let screenshot: [String: Any] = ["width": 4000, "height": 3000, "background": "grey", "codes": [code]]
        var spec = screenshot
        spec["png"] = "rgb"
        let png = try QRFixture.scene("png", spec)
        spec["jpeg"] = ["subsampling": "420", "quality": 90]
        let jpeg = try QRFixture.scene("jpg", spec)
        // A busy screen, for zbar: every pixel random (its worst case; 11 MiB as PNG).
        let noise = try QRFixture.scene("png", ["width": 4000, "height": 3000, "background": "noise", "codes": [code]])
        let worst = try QRFixture.scene("jpg", ["width": 16_384, "height": 3_051, "background": "grey", "codes": [code],
                                                "jpeg": ["subsampling": "444", "quality": 90, "progressive": true]])
        var lines = ["| step | ms | peak RSS MB |", "|---|---|---|"]
        func row(_ what: String, _ ms: Double) { lines.append("| \(what) | \(String(format: "%.1f", ms)) | \(Self.peakMB()) |") }
        row("before", 0)
        row("dlopen + dlsym libpng16.so.16", Self.time { _ = LibPNG.shared }.0)
        row("dlopen + dlsym libturbojpeg.so.0", Self.time { _ = TurboJPEG.shared }.0)
        row("dlopen + dlsym libzbar.so.0 (and its 19 dependencies)", Self.time { _ = ZBar.shared }.0)
        for (name, bytes) in [("PNG RGB 4000x3000, \(png.count / 1024) KiB", png), ("JPEG 4:2:0 4000x3000, \(jpeg.count / 1024) KiB", jpeg),
                              ("PNG gray noise 4000x3000, \(noise.count / 1024) KiB", noise),
                              ("JPEG progressive 4:4:4 16384x3051, \(worst.count / 1024) KiB", worst)] {
            let secure = SecureBytes(copying: bytes)
            let (decode, gray) = try Self.time {
                try secure.withBytes { ImageFormat.of($0) == .png ? try LibPNG.decode($0) : try TurboJPEG.decode($0) }
            }
            row("\(name): decode to gray", decode)
            let (scan, found) = try Self.time { try ZBar.qrCodes(in: gray) }
            row("\(name): zbar scan", scan)
            #expect(found.map { String(decoding: $0.unprotectedCopy(), as: UTF8.self) } == [QRTexts.totp], "\(name)")
            row("\(name): QRImage.payloads, whole", try Self.time { try QRImage.payloads(in: secure) }.0)
        }
        print(lines.joined(separator: "\n"))
    }
}
