/// The Q field of the OCRA message (RFC 6287 §5.1): how a challenge, as the
/// user types it, becomes the 128 bytes fed to HMAC.
extension OCRA {
    /// Writes the 128-byte Q field exactly as RFC 6287's reference code does:
    /// N: the decimal number converted to hex digits (no leading zeros; "0" for
    /// zero), A: the text bytes, H: the hex digits as given; then right-padded
    /// with zeros. An odd number of hex digits leaves the last one in a high
    /// nibble (`"A98AC7"` → a9 8a c7, `"ABC"` → ab c0).
    /// The length is not checked against the suite here: `Challenge.normalize` does that.
    /// - Parameters:
    ///   - q: the challenge as the user gives it.
    ///   - format: the suite's N, A or H.
    ///   - field: 128 writable bytes.
    /// - Throws: `.badChallenge` for an empty challenge, a character
    ///   the format does not allow, or more than the field holds.
    public static func encodeQuestion(_ q: String, format: OCRASuite.ChallengeFormat,
                                      into field: UnsafeMutableRawPointer) throws {
        var q = q
        try q.withUTF8 { utf8 in
            guard !utf8.isEmpty else { throw IBKeyError.badChallenge("challenge is empty") }
            field.initializeMemory(as: UInt8.self, repeating: 0, count: questionFieldBytes)
            if format == .numeric, utf8.count <= 19 {
                // Fast path: the number fits in 64 bits.
                var v: UInt64 = 0
                for c in utf8 {
                    guard c >= 0x30 && c <= 0x39 else { throw IBKeyError.badChallenge("challenge must be decimal digits") }
                    v = v &* 10 &+ UInt64(c &- 0x30)
                }
                let nibbles = v == 0 ? 1 : (64 - v.leadingZeroBitCount + 3) / 4
                // Left-align the hex digits: shift so the first nibble is the top one.
                let aligned = v << UInt64(64 - 4 * nibbles)
                field.storeBytes(of: aligned.bigEndian, as: UInt64.self)
                return
            }
            var nibbles: [UInt8]
            switch format {
            case .numeric:
                guard utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                    throw IBKeyError.badChallenge("challenge must be decimal digits")
                }
                nibbles = decimalToHexNibbles(utf8.map { $0 - 0x30 })
            case .hex:
                nibbles = try utf8.map { c -> UInt8 in
                    guard let v = Hex.value(c) else { throw IBKeyError.badChallenge("challenge must be hex digits") }
                    return v
                }
            case .alphanumeric:
                guard utf8.allSatisfy({ $0 >= 0x21 && $0 < 0x7F }) else {
                    throw IBKeyError.badChallenge("challenge must be printable ASCII")
                }
                nibbles = utf8.flatMap { [$0 >> 4, $0 & 0xF] }
            }
            guard nibbles.count <= 2 * questionFieldBytes else {
                throw IBKeyError.badChallenge("challenge is longer than the 128-byte Q field")
            }
            for i in 0..<questionFieldBytes {
                let hi = 2 * i < nibbles.count ? nibbles[2 * i] : 0
                let lo = 2 * i + 1 < nibbles.count ? nibbles[2 * i + 1] : 0
                field.storeBytes(of: hi << 4 | lo, toByteOffset: i, as: UInt8.self)
            }
        }
    }

    /// The same, into an array at `offset` (tests and fuzzing).
    /// - Parameters:
    ///   - q: the challenge as the user gives it.
    ///   - format: the suite's N, A or H.
    ///   - message: an array with 128 bytes from `offset` (fewer traps).
    ///   - offset: where the Q field starts.
    /// - Throws: `.badChallenge`, as above.
    public static func encodeQuestion(_ q: String, format: OCRASuite.ChallengeFormat,
                                      into message: inout [UInt8], at offset: Int) throws {
        precondition(message.count >= offset + questionFieldBytes)
        try message.withUnsafeMutableBytes { try encodeQuestion(q, format: format, into: $0.baseAddress! + offset) }
    }

    /// Base conversion of a decimal digit string of any length to hex digits,
    /// most significant first, without leading zeros ([0] for zero).
    static func decimalToHexNibbles(_ decimal: [UInt8]) -> [UInt8] {
        // Long division of the decimal digits by 16, collecting remainders.
        var digits = decimal
        var out: [UInt8] = []
        while let first = digits.firstIndex(where: { $0 != 0 }) {
            digits.removeFirst(first)
            var rem = 0
            var next: [UInt8] = []
            next.reserveCapacity(digits.count)
            for d in digits {
                let cur = rem * 10 + Int(d)
                next.append(UInt8(cur / 16))
                rem = cur % 16
            }
            out.append(UInt8(rem))
            digits = next
        }
        return out.isEmpty ? [0] : out.reversed()
    }
}
