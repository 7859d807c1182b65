/// RFC 4648 base32 (`A–Z`, `2–7`), upper case, no padding. The decoder is
/// strict: unused trailing bits must be zero, so every character counts and a
/// substituted last character cannot decode to the same bytes.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Why base32 text does not decode. Callers turn it into their own
    /// message, since only they know what the text was (a code, a secret).
    public enum DecodeError: Error, Equatable {
        /// A byte outside the alphabet, at `position` as the caller counts positions.
        case badCharacter(UInt8, position: Int)
        /// The number of characters cannot come from whole bytes.
        case impossibleLength(Int)
        /// The unused low bits of the last character are not zero.
        case nonCanonicalEnd
    }

    /// The base32 characters of `bytes`, as ASCII bytes rather than a `String`,
    /// so that the text of a code holding a key can be wiped after use.
    /// - Parameter bytes: the bytes to encode.
    /// - Returns: upper-case characters, no padding, not grouped.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for b in bytes {
            buffer = (buffer << 8) | UInt32(b)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        buffer = 0
        return out
    }

    /// The base32 text of bytes that are not secret.
    /// - Parameter bytes: the bytes to encode.
    /// - Returns: upper-case text, no padding, not grouped.
    public static func encode(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.withUnsafeBytes { encode($0) }, as: UTF8.self)
    }

    /// The value of one base32 character, either case; nil if not in the alphabet.
    @inline(__always) static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x41...0x5A: return c - 0x41
        case 0x61...0x7A: return c - 0x61
        case 0x32...0x37: return c - 0x32 + 26
        default: return nil
        }
    }

    /// Decodes `chars` (alphabet only: callers strip separators first) into `out`.
    /// Returns the number of bytes written.
    /// - Parameters:
    ///   - chars: the characters, either case.
    ///   - positions: each character's position as the caller reports it (in
    ///     the text as typed, say), for `badCharacter`.
    ///   - out: where the bytes go; at least `chars.count * 5 / 8` bytes.
    /// - Throws: `DecodeError`: a character outside the alphabet, a length no
    ///   whole number of bytes gives (or more bytes than `out` holds), or
    ///   non-zero unused bits in the last character.
    public static func decode<C: Collection>(_ chars: C, positions: [Int], into out: UnsafeMutableRawBufferPointer) throws -> Int where C.Element == UInt8 {
        switch chars.count % 8 {
        case 1, 3, 6: throw DecodeError.impossibleLength(chars.count)
        default: break
        }
        var buffer: UInt32 = 0
        var bits = 0
        var n = 0
        for (i, c) in chars.enumerated() {
            guard let v = value(c) else { throw DecodeError.badCharacter(c, position: positions[i]) }
            buffer = (buffer << 5) | UInt32(v)
            bits += 5
            if bits >= 8 {
                guard n < out.count else { throw DecodeError.impossibleLength(chars.count) }
                out[n] = UInt8(truncatingIfNeeded: buffer >> UInt32(bits - 8))
                n += 1
                bits -= 8
            }
        }
        let leftover = buffer & ((1 << UInt32(bits)) - 1)
        buffer = 0
        guard leftover == 0 else { throw DecodeError.nonCanonicalEnd }
        return n
    }

    /// Decodes base32 text that is not secret and has no separators.
    /// - Parameter text: the characters, either case; positions in errors count from 1.
    /// - Returns: the bytes.
    /// - Throws: `DecodeError`, as `decode(_:positions:into:)`.
    public static func decode(_ text: String) throws -> [UInt8] {
        let chars = Array(text.utf8)
        var out = [UInt8](repeating: 0, count: chars.count * 5 / 8 + 1)
        let n = try out.withUnsafeMutableBytes { o in
            try decode(chars, positions: Array(1...max(chars.count, 1)), into: o)
        }
        return Array(out.prefix(n))
    }

    /// Groups of `size` characters joined by `-`.
    /// - Parameters:
    ///   - chars: the characters to group (ASCII bytes, as `encode` makes them).
    ///   - size: characters per group; codes use 4.
    /// - Returns: the grouped characters, such as `AEAQ-AAAA-…`.
    public static func grouped(_ chars: [UInt8], size: Int = 4) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chars.count + chars.count / size)
        for (i, c) in chars.enumerated() {
            if i > 0 && i % size == 0 { out.append(0x2D) }
            out.append(c)
        }
        return out
    }
}
