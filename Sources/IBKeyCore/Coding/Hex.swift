/// Hexadecimal (RFC 4648 §8, "base16"), either case on input.
public enum Hex {
    /// The value of one hex digit, or nil.
    @inline(__always) static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// Strict decoding of non-secret text: hex digits only, an even number of
    /// them; nil otherwise.
    /// - Parameter text: hex digits, either case, nothing else.
    /// - Returns: the bytes, or nil.
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = value(chars[i]), let lo = value(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// Decodes secret text held in guarded memory into guarded memory,
    /// skipping the characters in `ignoring` (spaces, say). Nil when a
    /// character is not a hex digit or the digits are odd in number.
    /// - Parameters:
    ///   - text: the secret's text, read in place.
    ///   - ignoring: bytes to skip wherever they appear.
    /// - Returns: the bytes, or nil.
    public static func decodeSecret(_ text: UnsafeRawBufferPointer, ignoring: Set<UInt8> = []) -> SecureBytes? {
        var digits = 0
        for c in text where !ignoring.contains(c) {
            guard value(c) != nil else { return nil }
            digits += 1
        }
        guard digits % 2 == 0 else { return nil }
        let out = SecureBytes(count: digits / 2)
        out.withMutableBytes { o in
            var n = 0
            var high: UInt8?
            for c in text where !ignoring.contains(c) {
                let v = value(c)!
                if let h = high { o[n] = h << 4 | v; n += 1; high = nil } else { high = v }
            }
        }
        return out
    }

    /// Lower-case hex of `bytes`.
    /// - Parameter bytes: the bytes to encode (not secret: they end up in a `String`).
    /// - Returns: two digits per byte.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](); out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-case hex of `bytes`, as `encode(_:)` of a buffer.
    /// - Parameter bytes: the bytes to encode (not secret).
    /// - Returns: two digits per byte.
    public static func encode(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { encode($0) } }
}
