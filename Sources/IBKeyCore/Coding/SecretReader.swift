/// Reads from a guarded buffer; secrets come out as ranges, not copies.
struct SecretReader {
    let source: SecureBytes
    private(set) var offset = 0

    init(_ source: SecureBytes) { self.source = source }

    var remaining: Int { source.count - offset }

    mutating func range(_ n: Int) throws -> Range<Int> {
        guard n >= 0, n <= remaining else { throw ByteReader.TruncatedInput() }
        defer { offset += n }
        return offset..<(offset + n)
    }
    mutating func u8() throws -> UInt8 { source[try range(1).lowerBound] }
    mutating func u32() throws -> UInt32 { try range(4).reduce(0) { $0 << 8 | UInt32(source[$1]) } }
    mutating func u64() throws -> UInt64 { try range(8).reduce(0) { $0 << 8 | UInt64(source[$1]) } }
}
