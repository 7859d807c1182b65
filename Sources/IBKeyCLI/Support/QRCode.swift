import CQREncode
import IBKeyCore

/// Renders text as a QR code for a terminal: two modules per character cell
/// with Unicode half blocks, the 4-module quiet zone the standard asks for,
/// and the colours forced (black on white, as `qrencode -t ANSIUTF8` does),
/// so that it scans on dark and light terminal themes alike. Uses libqrencode.
enum QRCode {
    /// Black foreground on a white background, then back to normal.
    static let colours = "\u{1B}[30;47m", reset = "\u{1B}[0m"

    static func terminalText(_ text: String) throws -> String {
        guard let qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            throw IBKeyError.internalError("libqrencode could not encode the code")
        }
        defer { QRcode_free(qr) }
        let width = Int(qr.pointee.width)
        let data = qr.pointee.data!
        let quiet = 4
        let size = width + 2 * quiet
        func dark(_ x: Int, _ y: Int) -> Bool {
            let mx = x - quiet, my = y - quiet
            guard mx >= 0, my >= 0, mx < width, my < width else { return false }
            return data[my * width + mx] & 1 == 1
        }
        var out = ""
        var y = 0
        while y < size {
            out += colours
            for x in 0..<size {
                let top = dark(x, y), bottom = y + 1 < size ? dark(x, y + 1) : false
                switch (top, bottom) {
                case (false, false): out += " "
                case (true, false): out += "▀"
                case (false, true): out += "▄"
                case (true, true): out += "█"
                }
            }
            out += reset + "\n"
            y += 2
        }
        return out
    }
}
