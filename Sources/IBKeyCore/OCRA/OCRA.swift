/// An OCRA generator bound to one suite and one key. The HMAC context is keyed
/// once; the message lives in one guarded buffer laid out once, and only its
/// variable fields are rewritten per response (raw stores, no allocation), so a
/// batch costs little more than one HMAC per response.
public final class OCRA {
    /// The suite this generator answers; the message layout follows from it.
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

    /// Keyed from a whole guarded buffer.
    /// - Parameters:
    ///   - suite: the suite to answer.
    ///   - key: the shared secret.
    public convenience init(suite: OCRASuite, key: SecureBytes) {
        self.init(suite: suite, key: SecretRef(key))
    }

    /// Keyed from a range of a guarded buffer (a vault record's), without a
    /// copy: each guarded allocation costs ~20 µs of system calls at start-up.
    /// - Parameters:
    ///   - suite: the suite to answer.
    ///   - key: the shared secret, read in place.
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
    /// The P field is wiped once the HMAC is computed.
    /// - Parameter input: the data inputs the suite names.
    /// - Returns: the response.
    /// - Throws: `.badInput` when `input` lacks the counter, the PIN hash (of the
    ///   suite's length) or the time the suite needs, or holds more session
    ///   information than its S (a missing S counts as empty: `Responder`
    ///   requires it); `.badChallenge` for a question that does not fit the
    ///   suite's format or the 128-byte Q field.
    public func response(_ input: OCRAInput) throws -> String {
        try fill(input)
        defer { wipeVariableFields() } // the P field is secret
        return compute()
    }

    /// The exact bytes fed to HMAC (for tests and the docs).
    /// - Parameter input: the data inputs the suite names.
    /// - Returns: suite ‖ 0x00 ‖ C ‖ Q ‖ P ‖ S ‖ T, as present; it holds P in ordinary memory.
    /// - Throws: as `response`.
    public func dataInput(_ input: OCRAInput) throws -> [UInt8] {
        try fill(input)
        defer { wipeVariableFields() }
        return message.unprotectedCopy()
    }

    private func fill(_ input: OCRAInput) throws {
        if suite.usesCounter {
            guard let c = input.counter else { throw IBKeyError.badInput("suite \(suite) needs a counter") }
            storeBigEndian(c, at: counterOffset)
        }
        try Self.encodeQuestion(input.question, format: suite.challengeFormat, into: base + questionOffset)
        if let ph = suite.pinHash {
            guard let p = input.pinHash, p.count == ph.digestLength else {
                throw IBKeyError.badInput("suite \(suite) needs a \(ph.rawValue) PIN hash of \(ph.digestLength) bytes")
            }
            p.storage.withBytes { (base + pinOffset).copyMemory(from: $0.baseAddress! + p.range.lowerBound, byteCount: p.count) }
        }
        if let sl = suite.sessionLength {
            let s = input.session ?? []
            guard s.count <= sl else { throw IBKeyError.badInput("session information longer than \(sl) bytes") }
            (base + sessionOffset).initializeMemory(as: UInt8.self, repeating: 0, count: sl - s.count)
            (base + sessionOffset + sl - s.count).copyMemory(from: s, byteCount: s.count)
        }
        if suite.timeStep != nil {
            guard let t = input.timeSteps else { throw IBKeyError.badInput("suite \(suite) needs a timestamp") }
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
            let text = suite.digits == 0 ? Hex.encode(bytes) : Self.truncate(bytes, digits: suite.digits)
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
}
