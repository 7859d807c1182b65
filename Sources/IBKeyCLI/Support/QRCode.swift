import CQREncode
import IBKeyCore

/// Renders text as a QR code for a terminal: two modules per character cell
/// with Unicode half blocks, the 4-module quiet zone the standard asks for,
/// and the colours forced (black on white, as `qrencode -t ANSIUTF8` does),
/// so that it scans on dark and light terminal themes alike. Uses libqrencode.
enum QRCode {
    /// Black foreground on a white background, then back to normal.
    static let colours = "\u{1B}[30;47m", reset = "\u{1B}[0m"

    /// An activation code's QR code, as text.
    static func terminalText(_ text: String) throws -> String {
        guard let qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            throw IBKeyError.internalError("libqrencode could not encode the code")
        }
        defer { QRcode_free(qr) }
        var bytes: [UInt8] = []
        render(qr.pointee) { bytes.append($0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The QR code of a secret (an otpauth URI holds the key), drawn into
    /// guarded memory: whoever reads the modules reads the secret, so the
    /// drawing gets the secret's care. libqrencode's module grid is wiped
    /// before it is freed (its working buffers cannot be).
    /// - Parameter data: the bytes to encode, in 8-bit mode.
    /// - Returns: the terminal text, UTF-8, in guarded memory.
    /// - Throws: `.internalError` when libqrencode cannot encode it (too long).
    static func terminalBytes(_ data: SecureBytes) throws -> SecureBytes {
        let encoded = data.withBytes { b -> UnsafeMutablePointer<QRcode>? in
            guard let base = b.baseAddress, !b.isEmpty else { return nil }
            return QRcode_encodeData(Int32(b.count), base.assumingMemoryBound(to: UInt8.self), 0, QR_ECLEVEL_M)
        }
        guard let qr = encoded else { throw IBKeyError.internalError("libqrencode could not encode the data") }
        defer {
            let width = Int(qr.pointee.width)
            qr.pointee.data.update(repeating: 0, count: width * width)
            QRcode_free(qr)
        }
        var size = 0
        render(qr.pointee) { _ in size += 1 }
        let out = SecureBytes(count: size)
        out.withMutableBytes { o in
            var i = 0
            render(qr.pointee) { o[i] = $0; i += 1 }
        }
        return out
    }

    /// Emits the drawing byte by byte (twice for a secret: once to count, once to write).
    private static func render(_ qr: QRcode, _ emit: (UInt8) -> Void) {
        let width = Int(qr.width)
        let data = qr.data!
        let quiet = 4
        let size = width + 2 * quiet
        func dark(_ x: Int, _ y: Int) -> Bool {
            let mx = x - quiet, my = y - quiet
            guard mx >= 0, my >= 0, mx < width, my < width else { return false }
            return data[my * width + mx] & 1 == 1
        }
        func text(_ s: String) { for b in s.utf8 { emit(b) } }
        var y = 0
        while y < size {
            text(colours)
            for x in 0..<size {
                let top = dark(x, y), bottom = y + 1 < size ? dark(x, y + 1) : false
                switch (top, bottom) {
                case (false, false): emit(0x20)
                case (true, false): text("▀")
                case (false, true): text("▄")
                case (true, true): text("█")
                }
            }
            text(reset + "\n")
            y += 2
        }
    }
}

extension QRCode {
    /// Says what the code is (one line), then draws it, on `fd`, a terminal:
    /// a QR code is for a person with a phone, and a secret's should not
    /// appear without a word of what it holds.
    /// - Parameters:
    ///   - data: what the code holds (an otpauth URI).
    ///   - fd: the terminal to draw on.
    ///   - caption: what it is, without the `ibkey: ` prefix.
    /// - Throws: `.internalError` when libqrencode cannot encode it; `.io`.
    static func show(_ data: SecureBytes, on fd: Int32, saying caption: String) throws {
        let drawing = try terminalBytes(data)
        Console.write(fd, "ibkey: \(caption)\n")
        try Console.writeAll(fd, secret: drawing, what: "the terminal")
    }
}
