/// Percent-encoding (RFC 3986 §2.1) for the text of otpauth links.
enum PercentCoding {
    /// Decodes `text` into `out` (at least `text.count` bytes: decoding never
    /// lengthens). With `plusIsSpace`, `+` is a space, as in HTML form
    /// encoding, which Android's query decoding (Google Authenticator's)
    /// follows and many link writers use for spaces.
    /// - Returns: the number of bytes written; nil for a `%` not followed by two hex digits.
    static func decode(_ text: Slice<UnsafeRawBufferPointer>, plusIsSpace: Bool, into out: UnsafeMutableRawBufferPointer) -> Int? {
        var n = 0
        var i = text.startIndex
        while i < text.endIndex {
            var c = text[i]
            if c == 0x25 { // '%'
                guard i + 2 < text.endIndex, let hi = Hex.value(text[i + 1]), let lo = Hex.value(text[i + 2]) else { return nil }
                c = hi << 4 | lo
                i += 2
            } else if c == 0x2B && plusIsSpace {
                c = 0x20
            }
            out[n] = c
            n += 1
            i += 1
        }
        return n
    }

    /// Decodes text that is not secret (a label, a parameter's name or value).
    /// - Returns: the bytes; nil for a bad escape.
    static func decode(_ text: Slice<UnsafeRawBufferPointer>, plusIsSpace: Bool) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: text.count)
        guard let n = out.withUnsafeMutableBytes({ decode(text, plusIsSpace: plusIsSpace, into: $0) }) else { return nil }
        return Array(out.prefix(n))
    }

    /// The UTF-8 of `text` with every byte but the unreserved ones
    /// (`A–Z a–z 0–9 - . _ ~`) written `%XX`: safe in a path and in a query
    /// value alike, whatever the reader makes of `:`, `+`, `&` or `@`.
    static func encode(_ text: String) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for c in text.utf8 {
            switch c {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: out.append(c)
            default: out += [0x25, digits[Int(c >> 4)], digits[Int(c & 0xF)]]
            }
        }
        return out
    }
}
