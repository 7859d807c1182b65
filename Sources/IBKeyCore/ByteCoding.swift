/// Big-endian writer for the file formats (not for secrets: see `SecretWriter`).
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes.append(UInt8(v >> 8)); bytes.append(UInt8(v & 0xFF)) }
    mutating func u32(_ v: UInt32) { for s in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    mutating func u64(_ v: UInt64) { for s in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) } }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    mutating func raw(_ b: ArraySlice<UInt8>) { bytes.append(contentsOf: b) }
    /// u8 length then the bytes.
    mutating func short(_ b: [UInt8]) { precondition(b.count <= 255); u8(UInt8(b.count)); raw(b) }
}

/// Big-endian reader that never reads past the end: a short file is reported
/// as damage (`TruncatedInput`), not a crash.
struct ByteReader {
    struct TruncatedInput: Error {}
    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) { self.bytes = bytes; self.offset = offset }

    var remaining: Int { bytes.count - offset }

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= remaining else { throw TruncatedInput() }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }
    mutating func u8() throws -> UInt8 { try take(1).first! }
    mutating func u16() throws -> UInt16 { try take(2).reduce(0) { $0 << 8 | UInt16($1) } }
    mutating func u32() throws -> UInt32 { try take(4).reduce(0) { $0 << 8 | UInt32($1) } }
    mutating func u64() throws -> UInt64 { try take(8).reduce(0) { $0 << 8 | UInt64($1) } }
    mutating func i64() throws -> Int64 { Int64(bitPattern: try u64()) }
}

/// Writes into a guarded buffer of a size computed beforehand (secrets only).
struct SecretWriter {
    let target: SecureBytes
    private(set) var offset = 0

    init(count: Int) { target = SecureBytes(count: count) }

    mutating func u8(_ v: UInt8) { store(v) }
    mutating func u32(_ v: UInt32) { store(v.bigEndian) }
    mutating func u64(_ v: UInt64) { store(v.bigEndian) }

    private mutating func store<T: FixedWidthInteger>(_ v: T) {
        let n = MemoryLayout<T>.size
        precondition(offset + n <= target.count)
        let at = offset
        target.withMutableBytes { $0.storeBytes(of: v, toByteOffset: at, as: T.self) }
        offset += n
    }
    /// Copies a range of another guarded buffer, without an intermediate allocation.
    mutating func secret(_ r: SecretRef) {
        precondition(offset + r.count <= target.count)
        let at = offset
        target.withMutableBytes { dst in r.storage.withBytes { src in
            if r.count > 0 { dst.baseAddress!.advanced(by: at).copyMemory(from: src.baseAddress! + r.range.lowerBound, byteCount: r.count) }
        } }
        offset += r.count
    }

    mutating func secret(_ s: SecureBytes) { secret(SecretRef(s)) }

    /// u8 length then the bytes (names and challenges: not secret, but they
    /// live inside a secret body).
    mutating func short(_ b: [UInt8]) {
        precondition(b.count <= 255 && offset + 1 + b.count <= target.count)
        u8(UInt8(b.count))
        let at = offset
        target.withMutableBytes { dst in b.withUnsafeBytes { src in
            if !b.isEmpty { dst.baseAddress!.advanced(by: at).copyMemory(from: src.baseAddress!, byteCount: b.count) }
        } }
        offset += b.count
    }
}

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
