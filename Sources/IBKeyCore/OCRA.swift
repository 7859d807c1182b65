/// The data inputs of one OCRA computation (RFC 6287 §5.1).
public struct OCRAInput {
    public var counter: UInt64?
    /// As the user gives it: decimal digits (N), text (A) or hex digits (H).
    public var question: String
    /// The P input: the hash of the PIN, `suite.pinHash.digestLength` bytes
    /// (a range of a guarded buffer: a vault record's, without a copy).
    public var pinHash: SecretRef?
    /// The S input: at most `suite.sessionLength` bytes, left-padded with zeros.
    public var session: [UInt8]?
    /// The T input: a count of time steps (Unix seconds / step).
    public var timeSteps: UInt64?

    public init(counter: UInt64? = nil, question: String, pinHash: SecureBytes? = nil,
                session: [UInt8]? = nil, timeSteps: UInt64? = nil) {
        self.init(counter: counter, question: question, pinHash: pinHash.map { SecretRef($0) }, session: session, timeSteps: timeSteps)
    }

    public init(counter: UInt64? = nil, question: String, pinHash: SecretRef?,
                session: [UInt8]? = nil, timeSteps: UInt64? = nil) {
        self.counter = counter
        self.question = question
        self.pinHash = pinHash
        self.session = session
        self.timeSteps = timeSteps
    }
}

/// An OCRA generator bound to one suite and one key. The HMAC context is keyed
/// once; the message lives in one guarded buffer laid out once, and only its
/// variable fields are rewritten per response (raw stores, no allocation), so a
/// batch costs little more than one HMAC per response.
public final class OCRA {
    public let suite: OCRASuite
    private let hmac: KeyedHMAC
    /// The HMAC input, in guarded memory because its P field is secret.
    private let message: SecureBytes
    private let base: UnsafeMutableRawPointer
    private let counterOffset: Int
    private let questionOffset: Int
    private let pinOffset: Int
    private let sessionOffset: Int
    private let timeOffset: Int

    /// The Q field is always 128 bytes: questions up to 128 bytes, or 256 hex digits.
    public static let questionFieldBytes = 128

    public convenience init(suite: OCRASuite, key: SecureBytes) {
        self.init(suite: suite, key: SecretRef(key))
    }

    /// Keyed from a range of a guarded buffer (a vault record's), without a
    /// copy: each guarded allocation costs ~20 µs of system calls at start-up.
    public init(suite: OCRASuite, key: SecretRef) {
        self.suite = suite
        self.hmac = KeyedHMAC(algorithm: suite.hash, key: key)
        let suiteBytes = Array(suite.text.utf8)
        counterOffset = suiteBytes.count + 1 // suite, then a 0x00 separator
        questionOffset = counterOffset + (suite.usesCounter ? 8 : 0)
        pinOffset = questionOffset + Self.questionFieldBytes
        sessionOffset = pinOffset + (suite.pinHash?.digestLength ?? 0)
        timeOffset = sessionOffset + (suite.sessionLength ?? 0)
        message = SecureBytes(count: timeOffset + (suite.timeStep == nil ? 0 : 8))
        base = message.withMutableBytes { $0.baseAddress! } // stable: sodium_malloc'd, owned by `message`
        base.copyMemory(from: suiteBytes, byteCount: suiteBytes.count)
    }

    /// The response as the user types it: `digits` decimal digits, or the full
    /// HMAC in lower-case hex for suites with 0 digits (no truncation).
    public func response(_ input: OCRAInput) throws -> String {
        try fill(input)
        defer { wipeVariableFields() } // the P field is secret
        return compute()
    }

    /// The exact bytes fed to HMAC (for tests and the docs).
    public func dataInput(_ input: OCRAInput) throws -> [UInt8] {
        try fill(input)
        defer { wipeVariableFields() }
        return message.unprotectedCopy()
    }

    private func fill(_ input: OCRAInput) throws {
        if suite.usesCounter {
            guard let c = input.counter else { throw IBKeyError.usage("suite \(suite) needs a counter") }
            storeBigEndian(c, at: counterOffset)
        }
        try Self.encodeQuestion(input.question, format: suite.challengeFormat, into: base + questionOffset)
        if let ph = suite.pinHash {
            guard let p = input.pinHash, p.count == ph.digestLength else {
                throw IBKeyError.usage("suite \(suite) needs a \(ph.rawValue) PIN hash of \(ph.digestLength) bytes")
            }
            p.storage.withBytes { (base + pinOffset).copyMemory(from: $0.baseAddress! + p.range.lowerBound, byteCount: p.count) }
        }
        if let sl = suite.sessionLength {
            let s = input.session ?? []
            guard s.count <= sl else { throw IBKeyError.usage("session information longer than \(sl) bytes") }
            (base + sessionOffset).initializeMemory(as: UInt8.self, repeating: 0, count: sl - s.count)
            (base + sessionOffset + sl - s.count).copyMemory(from: s, byteCount: s.count)
        }
        if suite.timeStep != nil {
            guard let t = input.timeSteps else { throw IBKeyError.usage("suite \(suite) needs a timestamp") }
            storeBigEndian(t, at: timeOffset)
        }
    }

    @inline(__always) private func wipeVariableFields() {
        (base + counterOffset).initializeMemory(as: UInt8.self, repeating: 0, count: message.count - counterOffset)
    }

    @inline(__always) private func storeBigEndian(_ v: UInt64, at offset: Int) {
        (base + offset).storeBytes(of: v.bigEndian, as: UInt64.self)
    }

    private func compute() -> String {
        var mac: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &mac) { out in
            hmac.mac(UnsafeRawBufferPointer(start: base, count: message.count), into: out)
            let bytes = UnsafeRawBufferPointer(rebasing: out[0..<suite.hash.digestLength])
            let text = suite.digits == 0 ? Self.hex(bytes) : Self.truncate(bytes, digits: suite.digits)
            out.initializeMemory(as: UInt8.self, repeating: 0)
            return text
        }
    }

    /// Dynamic truncation (RFC 4226 §5.3), then the low `digits` decimal digits.
    static func truncate(_ mac: UnsafeRawBufferPointer, digits: Int) -> String {
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let bin = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
                | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt64 = 1
        for _ in 0..<digits { modulus *= 10 }
        var value = UInt64(bin) % modulus
        // At most 10 ASCII digits: built on the stack, and Swift keeps a
        // string this short inline (no heap allocation).
        var chars: (UInt64, UInt64) = (0x3030_3030_3030_3030, 0x3030_3030_3030_3030)
        return withUnsafeMutableBytes(of: &chars) { buf in
            var i = digits - 1
            while value > 0 && i >= 0 { buf[i] = 0x30 + UInt8(value % 10); value /= 10; i -= 1 }
            return String(decoding: UnsafeRawBufferPointer(rebasing: buf[0..<digits]), as: UTF8.self)
        }
    }

    static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](); out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the 128-byte Q field exactly as RFC 6287's reference code does:
    /// N: the decimal number converted to hex digits (no leading zeros; "0" for
    /// zero), A: the text bytes, H: the hex digits as given; then right-padded
    /// with zeros. An odd number of hex digits leaves the last one in a high
    /// nibble (`"A98AC7"` → a9 8a c7, `"ABC"` → ab c0).
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
                    switch c {
                    case 0x30...0x39: return c - 0x30
                    case 0x41...0x46: return c - 0x41 + 10
                    case 0x61...0x66: return c - 0x61 + 10
                    default: throw IBKeyError.badChallenge("challenge must be hex digits")
                    }
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
    public static func encodeQuestion(_ q: String, format: OCRASuite.ChallengeFormat,
                                      into message: inout [UInt8], at offset: Int) throws {
        precondition(message.count >= offset + questionFieldBytes)
        try message.withUnsafeMutableBytes { try encodeQuestion(q, format: format, into: $0.baseAddress! + offset) }
    }

    /// Base conversion of a decimal digit string of any length to hex digits,
    /// most significant first, without leading zeros ([0] for zero).
    static func decimalToHexNibbles(_ decimal: [UInt8]) -> [UInt8] {
        // Fast path: up to 19 digits fits in a UInt64.
        if decimal.count <= 19 {
            var v: UInt64 = 0
            for d in decimal { v = v * 10 + UInt64(d) }
            if v == 0 { return [0] }
            var out: [UInt8] = []
            while v > 0 { out.append(UInt8(v & 0xF)); v >>= 4 }
            return out.reversed()
        }
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

/// HOTP (RFC 4226): OCRA's base, HMAC-SHA-1 over an 8-byte counter, truncated.
public enum HOTP {
    public static func generate(key: SecureBytes, counter: UInt64, digits: Int) -> String {
        let mac = KeyedHMAC(algorithm: .sha1, key: key)
        var msg = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { msg[i] = UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64(i))) }
        let out = mac.mac(msg)
        return out.withUnsafeBytes { OCRA.truncate($0, digits: digits) }
    }
}
