/// Why an activation code was refused. Each case is one thing a person can fix.
public enum ActivationCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing but blanks and `-` was given.
    case empty
    /// A character outside `A–Z 2–7` (shown escaped when not printable), at
    /// its position in the text as typed, from 1.
    case badCharacter(String, position: Int)
    /// Not the suite's length, in characters without separators.
    case wrongLength(expected: Int, got: Int)
    /// Fewer than 4 characters: too few to carry the version and suite id.
    case tooShort(got: Int)
    /// A version other than 1.
    case unknownVersion(UInt8)
    /// A suite id an activation code cannot name (`SuiteID`).
    case unknownSuite(UInt8)
    /// The check bytes do not match, or the last character has unused bits
    /// set: a character mistyped or two swapped.
    case checkFailed

    /// The reason, as `enroll` shows it after "activation code mistyped:".
    public var description: String {
        switch self {
        case .empty: "no code given"
        case .badCharacter(let c, let p): "bad character '\(c)' at position \(p) (only A–Z and 2–7)"
        case .wrongLength(let e, let g): "wrong length: \(g) characters, expected \(e)"
        case .tooShort(let g): "wrong length: \(g) characters"
        case .unknownVersion(let v): "unknown version \(v)"
        case .unknownSuite(let s): "unknown suite id \(s)"
        case .checkFailed: "check failed"
        }
    }
}

/// Activation code v1 (Docs/PROTOCOL.md §2), byte-exact:
/// version(1) ‖ suite id(1) ‖ counter(4, big-endian) ‖ key(20|32|64) ‖ check(4)
/// where check = SHA-256(all the bytes before)[0..<4]. Text: base32, groups of 4.
public struct ActivationCode {
    /// The version byte this build writes and reads.
    public static let version: UInt8 = 1
    /// The suite the issuer chose; it fixes the key length.
    public let suiteID: SuiteID
    /// The counter of the first response (0 for suites without C).
    public let counter: UInt32
    /// The shared secret, in guarded memory: whoever has the code has the key.
    public let key: SecureBytes

    /// A code for `key`; traps when its length is not the suite's.
    /// - Parameters:
    ///   - suiteID: the suite.
    ///   - counter: the counter of the first response.
    ///   - key: the shared secret, `suiteID.keyLength` bytes.
    public init(suiteID: SuiteID, counter: UInt32, key: SecureBytes) {
        precondition(key.count == suiteID.keyLength, "key length must match the suite")
        self.suiteID = suiteID
        self.counter = counter
        self.key = key
    }

    /// Number of base32 characters (without dashes) of a code for this suite.
    /// - Parameter suite: the suite.
    /// - Returns: 48, 68 or 119 (Docs/PROTOCOL.md §2).
    public static func characterCount(for suite: SuiteID) -> Int {
        ((2 + 4 + suite.keyLength + 4) * 8 + 4) / 5
    }

    /// The raw bytes, in guarded memory: they contain the key.
    /// - Returns: version ‖ suite id ‖ counter ‖ key ‖ check.
    public func bytes() -> SecureBytes {
        let n = 2 + 4 + key.count + 4
        let out = SecureBytes(count: n)
        out.withMutableBytes { o in
            o[0] = Self.version
            o[1] = suiteID.rawValue
            for i in 0..<4 { o[2 + i] = UInt8(truncatingIfNeeded: counter >> (24 - 8 * UInt32(i))) }
            key.withBytes { k in o.baseAddress!.advanced(by: 6).copyMemory(from: k.baseAddress!, byteCount: k.count) }
            let check = Self.check(UnsafeRawBufferPointer(rebasing: o[0..<(n - 4)]))
            for i in 0..<4 { o[n - 4 + i] = check[i] }
        }
        return out
    }

    /// The text form, in guarded memory: `AEAQ-AAAA-…`.
    /// - Returns: base32 in groups of 4; the intermediate copies are wiped.
    public func text() -> SecureBytes {
        let raw = bytes()
        var chars = raw.withBytes { Base32.encode($0) }
        var grouped = Base32.grouped(chars)
        defer {
            for i in chars.indices { chars[i] = 0 }
            for i in grouped.indices { grouped[i] = 0 }
        }
        return SecureBytes(copying: grouped)
    }

    static func check(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        Array(HashAlgorithm.sha256.hash(bytes).prefix(4))
    }

    /// Parses the text form. Case, spaces (and other blanks) and `-` are ignored.
    /// Throws `IBKeyError.badActivationCode` naming what is wrong.
    /// - Parameter text: the code as typed, read in place.
    /// - Returns: the code, its key copied into guarded memory.
    public static func parse(_ text: UnsafeRawBufferPointer) throws -> ActivationCode {
        do { return try parseStrict(text) } catch let e as ActivationCodeError { throw IBKeyError.badActivationCode(e) }
    }

    /// Checks in the order a person can act on: a bad character, then the
    /// version and suite (from the first 4 characters), then the length, then
    /// the check bytes.
    private static func parseStrict(_ text: UnsafeRawBufferPointer) throws -> ActivationCode {
        var chars: [UInt8] = []
        var positions: [Int] = []
        chars.reserveCapacity(text.count)
        defer { for i in chars.indices { chars[i] = 0 } }
        for (i, c) in text.enumerated() {
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D, 0x2D: continue
            default: chars.append(c); positions.append(i + 1)
            }
        }
        guard !chars.isEmpty else { throw ActivationCodeError.empty }
        if let bad = chars.firstIndex(where: { Base32.value($0) == nil }) {
            let c = chars[bad]
            let shown = (0x21..<0x7F).contains(c) ? String(UnicodeScalar(c)) : "\\u{\(String(c, radix: 16))}"
            throw ActivationCodeError.badCharacter(shown, position: positions[bad])
        }
        guard chars.count >= 4 else { throw ActivationCodeError.tooShort(got: chars.count) }
        // The first 4 characters carry 20 bits: version (8), suite id (8), 4 more.
        let prefix = chars.prefix(4).reduce(UInt32(0)) { $0 << 5 | UInt32(Base32.value($1)!) }
        let version = UInt8(prefix >> 12), suiteByte = UInt8((prefix >> 4) & 0xFF)
        guard version == Self.version else { throw ActivationCodeError.unknownVersion(version) }
        guard let suite = SuiteID(rawValue: suiteByte) else { throw ActivationCodeError.unknownSuite(suiteByte) }
        guard chars.count == characterCount(for: suite) else {
            throw ActivationCodeError.wrongLength(expected: characterCount(for: suite), got: chars.count)
        }
        let n = 2 + 4 + suite.keyLength + 4
        let raw = SecureBytes(count: n)
        do {
            _ = try raw.withMutableBytes { o in try Base32.decode(chars, positions: positions, into: o) }
        } catch {
            throw ActivationCodeError.checkFailed // non-zero trailing bits: a mistyped last character
        }
        let ok = raw.withBytes { r in
            ConstantTime.equals(check(UnsafeRawBufferPointer(rebasing: r[0..<(n - 4)])),
                                      Array(r[(n - 4)..<n]))
        }
        guard ok else { throw ActivationCodeError.checkFailed }
        let counter = (2..<6).reduce(UInt32(0)) { $0 << 8 | UInt32(raw[$1]) }
        return ActivationCode(suiteID: suite, counter: counter, key: SecureBytes(copying: raw, range: 6..<(6 + suite.keyLength)))
    }

    /// Parses a code given as a `String` (tests, and `selftest`'s round trip).
    /// - Parameter text: the code as typed.
    /// - Returns: the code.
    /// - Throws: `.badActivationCode`.
    public static func parse(_ text: String) throws -> ActivationCode {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { try parse($0) }
    }

    /// Parses a code read into guarded memory (from stdin or a prompt).
    /// - Parameter text: the code as typed.
    /// - Returns: the code.
    /// - Throws: `.badActivationCode`.
    public static func parse(_ text: SecureBytes) throws -> ActivationCode {
        try text.withBytes { try parse($0) }
    }
}
