/// Reads the protocol buffer wire format (protobuf.dev, "Encoding") from a
/// range of a guarded buffer: only what Google Authenticator's migration
/// payload needs. Values are returned as numbers or as ranges of the buffer,
/// so a secret is copied once, by its reader, into its own guarded buffer.
/// Every length is checked against the range before it is used, and a
/// nested message is read by a reader of its own range.
struct ProtobufReader {
    /// A field's value, by wire type.
    enum Value {
        /// Wire type 0: an integer, enum or bool.
        case varint(UInt64)
        /// Wire type 2: bytes, a string or a nested message, as its range.
        case bytes(Range<Int>)
        /// Wire types 1 and 5 (fixed 64 and 32 bits): skipped, none is used.
        case fixed
    }

    let source: SecureBytes
    private(set) var offset: Int
    let end: Int

    init(_ source: SecureBytes, _ range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= source.count)
        self.source = source
        offset = range.lowerBound
        end = range.upperBound
    }

    var atEnd: Bool { offset >= end }

    /// The next field: its number and value.
    /// - Throws: `OTPAuthError.damagedPayload`: a field number of 0 or above
    ///   2^29 − 1, groups (wire types 3 and 4, long deprecated and never in
    ///   this schema), an unknown wire type, or anything running past the range.
    mutating func field() throws -> (number: UInt32, value: Value) {
        let tag = try varint()
        guard tag >> 3 >= 1, tag >> 3 <= 0x1FFF_FFFF else { throw OTPAuthError.damagedPayload("a field number is out of range") }
        let number = UInt32(tag >> 3)
        switch tag & 7 {
        case 0: return (number, .varint(try varint()))
        case 1: try skip(8); return (number, .fixed)
        case 2:
            let length = try varint()
            guard length <= UInt64(end - offset) else { throw OTPAuthError.damagedPayload("a length runs past the end") }
            let start = offset
            offset += Int(length)
            return (number, .bytes(start..<offset))
        case 5: try skip(4); return (number, .fixed)
        case 3, 4: throw OTPAuthError.damagedPayload("groups are not supported")
        default: throw OTPAuthError.damagedPayload("unknown wire type \(tag & 7)")
        }
    }

    /// A base-128 varint: at most 10 bytes, and no bits beyond the 64th (the
    /// 10th byte holds only the top bit).
    private mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw OTPAuthError.damagedPayload("a number runs past the end") }
            let byte = source[offset]
            offset += 1
            guard shift < 63 || byte <= 1 else { throw OTPAuthError.damagedPayload("a number is longer than 10 bytes (64 bits)") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    private mutating func skip(_ n: Int) throws {
        guard n <= end - offset else { throw OTPAuthError.damagedPayload("a fixed-size value runs past the end") }
        offset += n
    }
}
