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
