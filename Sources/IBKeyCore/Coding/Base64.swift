/// Base64 (RFC 4648 §4), as PSKC files carry binary values. Decoding skips
/// whitespace (PSKC wraps long values) and requires canonical padding.
public enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    @inline(__always) static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x41...0x5A: return c - 0x41
        case 0x61...0x7A: return c - 0x61 + 26
        case 0x30...0x39: return c - 0x30 + 52
        case 0x2B: return 62
        case 0x2F: return 63
        default: return nil
        }
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { ASCIISpace.contains(c) }

    /// The length `text` decodes to; nil when it is not base64 (a bad
    /// character, a wrong length, padding in the wrong place).
    static func decodedLength(_ text: UnsafeRawBufferPointer) -> Int? {
        var count = 0, padding = 0
        for c in text where !isSpace(c) {
            if c == 0x3D { padding += 1; continue } // '='
            guard padding == 0, value(c) != nil else { return nil }
            count += 1
        }
        guard (count + padding) % 4 == 0, padding <= 2, count % 4 != 1,
              padding == 0 || padding == (4 - count % 4) % 4 else { return nil }
        return count * 6 / 8
    }

    /// Decodes `text`, already checked by `decodedLength`, into `out` (that
    /// many bytes); false when the unused bits of the last character are not zero.
    static func decode(_ text: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Bool {
        var buffer: UInt32 = 0, bits = 0, n = 0
        for c in text where !isSpace(c) && c != 0x3D {
            buffer = buffer << 6 | UInt32(value(c)!)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out[n] = UInt8(truncatingIfNeeded: buffer >> UInt32(bits))
                n += 1
            }
        }
        return buffer & ((1 << UInt32(bits)) - 1) == 0 // unused bits must be zero
    }

    /// Decodes into guarded memory (for secrets); nil when the text is not
    /// base64 (a bad character, a wrong length, non-zero unused bits).
    /// - Parameter text: base64 text, possibly wrapped over lines, in guarded memory.
    /// - Returns: the decoded bytes, or nil.
    public static func decodeSecret(_ text: UnsafeRawBufferPointer) -> SecureBytes? {
        guard let length = decodedLength(text) else { return nil }
        let out = SecureBytes(count: length)
        return out.withMutableBytes { decode(text, into: $0) } ? out : nil
    }

    /// Decodes non-secret text (ciphertexts, salts, MACs) into ordinary memory.
    /// - Parameter text: base64 text; white space is skipped.
    /// - Returns: the bytes, or nil when the text is not base64.
    public static func decode(_ text: String) -> [UInt8]? {
        var t = text
        return t.withUTF8 { utf8 -> [UInt8]? in
            let raw = UnsafeRawBufferPointer(utf8)
            guard let length = decodedLength(raw) else { return nil }
            var out = [UInt8](repeating: 0, count: length)
            return out.withUnsafeMutableBytes { decode(raw, into: $0) } ? out : nil
        }
    }

    /// Base64 with padding, no line breaks.
    /// - Parameter bytes: the bytes to encode (not secret: they are copied into a `String`).
    /// - Returns: the text.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var chunk: UInt32 = 0
            for k in 0..<3 { chunk = chunk << 8 | (k < n ? UInt32(bytes[i + k]) : 0) }
            for k in 0..<4 {
                out.append(k <= n ? alphabet[Int((chunk >> UInt32(18 - 6 * k)) & 63)] : 0x3D)
            }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
