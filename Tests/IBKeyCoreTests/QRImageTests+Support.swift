import Foundation
import Testing
@testable import IBKeyCore

/// Images for the QR tests, made at test time in a scratch folder: by
/// `qrencode` itself, or by Fixtures/qr_images.py (scenes drawn from
/// `qrencode -t ASCII`, PNGs written with zlib, JPEGs by libturbojpeg's
/// `tjCompress2`). `make test-deps` installs qrencode.
enum QRFixture {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/qr_images.py").path

    /// Whether qrencode and python3 are there; without them the suites are skipped.
    static let available: Bool = ["/usr/bin/qrencode", "/usr/bin/python3"].allSatisfy {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A fresh scratch folder.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ibkey-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a tool; it must succeed.
    static func run(_ tool: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let err = Pipe()
        p.standardError = err
        try p.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "\(tool) \(args.joined(separator: " ")): \(String(decoding: message, as: UTF8.self))")
    }

    /// The file `make(path)` writes in a scratch folder, read back.
    static func file(_ ext: String, _ make: (String) throws -> Void) throws -> [UInt8] {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("image.\(ext)").path
        try make(path)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// `qrencode -o f.png ARGS TEXT`: the encoder's own PNG.
    static func qrencode(_ text: String, _ args: [String] = []) throws -> [UInt8] {
        try file("png") { try run("/usr/bin/qrencode", ["-o", $0] + args + ["--", text]) }
    }

    /// A scene drawn by qr_images.py (see its SPEC); `ext` is png or jpg.
    static func scene(_ ext: String, _ spec: [String: Any]) throws -> [UInt8] {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        return try file(ext) { try run("/usr/bin/python3", [script, "scene", $0, json]) }
    }

    /// One code of a scene.
    static func code(_ text: String, level: String = "M", scale: Int = 4, x: Int = 0, y: Int = 0) -> [String: Any] {
        ["text": text, "level": level, "scale": scale, "x": x, "y": y]
    }

    /// A PNG whose header claims `width` x `height` (valid CRC), with a tiny IDAT.
    static func pngHeader(width: Int, height: Int) throws -> [UInt8] {
        try file("png") { try run("/usr/bin/python3", [script, "png-header", $0, "\(width)", "\(height)"]) }
    }

    /// `jpeg` with its frame header saying `width` x `height`.
    static func jpeg(_ jpeg: [UInt8], claiming width: Int, _ height: Int) throws -> [UInt8] {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.jpg")
        try Data(jpeg).write(to: input)
        return try file("jpg") { try run("/usr/bin/python3", [script, "jpeg-dims", input.path, $0, "\(width)", "\(height)"]) }
    }

    /// The payloads `QRImage` reads from `bytes`, as text.
    static func texts(_ bytes: [UInt8]) throws -> [String] {
        try QRImage.payloads(in: SecureBytes(copying: bytes)).map { String(decoding: $0.unprotectedCopy(), as: UTF8.self) }
    }

    /// The `ImageError` that reading `bytes` throws (recorded as an issue if
    /// it throws nothing or something else). Its message must be one
    /// printable line starting in lowercase, and must not quote `secret`.
    static func refusal(_ bytes: [UInt8], secret: String = QRTexts.secret,
                        sourceLocation: SourceLocation = #_sourceLocation) -> ImageError? {
        do {
            let found = try QRImage.payloads(in: SecureBytes(copying: bytes))
            Issue.record("expected an ImageError, got \(found.count) payloads", sourceLocation: sourceLocation)
            return nil
        } catch let e as ImageError {
            expectOneLine(e, secret: secret, sourceLocation: sourceLocation)
            return e
        } catch {
            Issue.record("expected an ImageError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    static func expectOneLine(_ e: ImageError, secret: String = QRTexts.secret, sourceLocation: SourceLocation = #_sourceLocation) {
        let m = e.message
        #expect(!m.isEmpty && m.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }, "\(m.debugDescription)",
                sourceLocation: sourceLocation)
        #expect(m.first?.isLowercase == true, "\(m)", sourceLocation: sourceLocation)
        #expect(!m.contains(secret), "\(m)", sourceLocation: sourceLocation)
    }
}

/// Texts the QR codes carry.
enum QRTexts {
    static let secret = "JBSWY3DPEHPK3PXP"
    static let totp = "otpauth://totp/Example:alice@example.com?secret=\(secret)&issuer=Example"
    static let hotp = "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=42&digits=8&algorithm=SHA256"
    /// Google Authenticator's export: a long base64 protobuf (a larger QR version).
    static let migration = "otpauth-migration://offline?data=" + String(repeating: "CjMKCkhlbGxvId6tvu8SGGFsaWNlQGV4YW1wbGUuY29tGgdFeGFtcGxlIAEoATACEAEYASAA", count: 3)
    /// Non-ASCII UTF-8 as some sites write it: the bytes must come back as they are.
    static let utf8 = "otpauth://totp/Bäckerei Müller:jörg?secret=\(secret)"
}
